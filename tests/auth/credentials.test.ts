import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { verifyCredentials } from "@/lib/auth/credentials";
import { SIGN_IN_FAILED } from "@/lib/auth/messages";
import { isSafeCallbackUrl, safeCallbackPath } from "@/lib/auth/redirect";
import { sourceAddress } from "@/lib/auth/source-address";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let practice: PracticeFixture;

beforeAll(async () => {
  test = await openTestDatabase();
  practice = await PracticeFixture.create(test.db);
  const passwordHash = await bcrypt.hash("right-password", 4);
  await practice.user({ email: "poster@test.example", roles: ["Billing"], passwordHash });
  await practice.user({ email: "gone@test.example", roles: ["Billing"], passwordHash, disabled: true });
  await practice.user({ email: "locked@test.example", roles: ["Billing"], passwordHash });
  await practice.user({ email: "burst@test.example", roles: ["Billing"], passwordHash });
  await practice.user({ email: "target@test.example", roles: ["Billing"], passwordHash });
  await practice.user({ email: "target2@test.example", roles: ["Billing"], passwordHash });
});

afterAll(() => test.close());

async function auditActions(email: string) {
  const rows = await queryRows<{ action: string }>(
    test.db,
    sql`select action from audit_event where details->>'email' = ${email} order by id`,
  );
  return rows.map((r) => r.action);
}

/** Documentation addresses (RFC 5737): the user's office and a stranger elsewhere. */
const OFFICE = "192.0.2.10";
const STRANGER = "203.0.113.66";

describe("sign-in", () => {
  it("accepts the right password, whatever the email's case, and records it", async () => {
    const result = await verifyCredentials(test.db, "  Poster@Test.Example ", "right-password", OFFICE);
    expect(result).toMatchObject({ ok: true, email: "poster@test.example", practiceId: practice.practiceId });
    expect(await auditActions("poster@test.example")).toEqual(["sign_in"]);
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    expect(await verifyCredentials(test.db, "poster@test.example", "wrong", OFFICE)).toEqual({ ok: false, message: SIGN_IN_FAILED });
    expect(await verifyCredentials(test.db, "nobody@test.example", "wrong", OFFICE)).toEqual({ ok: false, message: SIGN_IN_FAILED });
    expect(await auditActions("nobody@test.example")).toEqual(["sign_in_failed"]);
  });

  it("refuses a disabled user even with the right password", async () => {
    expect(await verifyCredentials(test.db, "gone@test.example", "right-password", OFFICE)).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
  });

  it("slows down an account after five failures in a row, with the message a wrong password gets", async () => {
    for (let i = 0; i < 5; i++) await verifyCredentials(test.db, "locked@test.example", "wrong", OFFICE);
    expect(await verifyCredentials(test.db, "locked@test.example", "right-password", OFFICE)).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    expect((await auditActions("locked@test.example")).slice(-1)).toEqual(["sign_in_throttled"]);
    // An unknown email tried as often reads the same, so the lockout does not tell which emails have accounts.
    for (let i = 0; i < 5; i++) await verifyCredentials(test.db, "stranger@test.example", "wrong", OFFICE);
    expect(await verifyCredentials(test.db, "stranger@test.example", "wrong", OFFICE)).toEqual({ ok: false, message: SIGN_IN_FAILED });
  });

  it("locks out only the source that failed: the owner signs in from the office meanwhile", async () => {
    for (let i = 0; i < 6; i++) await verifyCredentials(test.db, "target@test.example", "wrong", STRANGER);
    expect(await verifyCredentials(test.db, "target@test.example", "right-password", STRANGER)).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    expect(await verifyCredentials(test.db, "target@test.example", "right-password", OFFICE)).toMatchObject({ ok: true });
    expect((await auditActions("target@test.example")).slice(-2)).toEqual(["sign_in_throttled", "sign_in"]);
  });

  it("holds the account once a hundred failures come from invented addresses within fifteen minutes", async () => {
    for (let i = 0; i < 100; i++) await verifyCredentials(test.db, "target2@test.example", "wrong", `198.51.100.${i % 20}:${i}`);
    expect(await verifyCredentials(test.db, "target2@test.example", "right-password", OFFICE)).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
  });

  it("checks only five passwords of a burst of concurrent tries before the account waits", async () => {
    const tries = await Promise.all(Array.from({ length: 12 }, () => verifyCredentials(test.db, "burst@test.example", "wrong", OFFICE)));
    expect(tries.every((result) => !result.ok)).toBe(true);
    const actions = await auditActions("burst@test.example");
    expect(actions.filter((action) => action === "sign_in_failed")).toHaveLength(5);
    expect(actions.filter((action) => action === "sign_in_throttled")).toHaveLength(7);
    expect(await verifyCredentials(test.db, "burst@test.example", "right-password", OFFICE)).toMatchObject({ ok: false });
  });
});

describe("the page to return to after sign-in", () => {
  it.each([
    ["/payments/balancing?from=2026-03-01&group=poster", "/payments/balancing?from=2026-03-01&group=poster"],
    ["http://localhost:3000/payments/my-activity?by=posting", "/payments/my-activity?by=posting"],
    ["https://evil.example/steal", "/"],
    ["//evil.example/steal", "/"],
    ["/\\evil.example", "/"],
    ["/.//evil.example", "/"],
    ["/..//evil.example/steal", "/"],
    ["/%2e//evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
  ])("%s → %s", (candidate, expected) => {
    expect(safeCallbackPath(candidate, "http://localhost:3000")).toBe(expected);
  });

  it.each([
    ["/", true],
    ["/payments/balancing?from=2026-03-01", true],
    ["http://localhost:3000", true],
    ["http://localhost:3000/payments/my-activity", true],
    ["foo", false],
    ["https://evil.example/steal", false],
    ["http://localhost:3000.evil.example/", false],
    ["//evil.example/steal", false],
    ["/.//evil.example", false],
    ["", false],
  ])("%s is kept as given: %s", (candidate, expected) => {
    expect(isSafeCallbackUrl(candidate, "http://localhost:3000")).toBe(expected);
  });
});

describe("the source address of a sign-in", () => {
  it("is the last X-Forwarded-For entry, the one the nearest proxy or Next.js wrote", () => {
    expect(sourceAddress({ "x-forwarded-for": "10.9.9.9, 192.0.2.10" })).toBe("192.0.2.10");
    expect(sourceAddress({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("::ffff:127.0.0.1");
    expect(sourceAddress({})).toBe("unknown");
    expect(sourceAddress(undefined)).toBe("unknown");
  });
});
