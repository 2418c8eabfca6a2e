import { sql } from "drizzle-orm";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { DatabaseConnection } from "@/db/client";
import { authOptions } from "@/lib/auth/options";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * The callbacks GET /api/auth/session runs: jwt reloads the user from the database, and
 * session's return value is the endpoint's body. getDb() reads the handles db/app-database.ts
 * keeps on globalThis, so the test database is put there.
 */
const holder = globalThis as typeof globalThis & {
  __paymentBalancingDb?: { primary: Promise<DatabaseConnection>; replica: null };
};

let test: TestDatabase;
let practice: PracticeFixture;
let active: number;
let disabled: number;

beforeAll(async () => {
  test = await openTestDatabase();
  const connection: DatabaseConnection = { db: test.db, driver: test.driver, close: async () => {} };
  holder.__paymentBalancingDb = { primary: Promise.resolve(connection), replica: null };
  practice = await PracticeFixture.create(test.db);
  active = await practice.user({ email: "active@test.example", roles: ["Billing"] });
  disabled = await practice.user({ email: "gone@test.example", roles: ["Billing"] });
});

afterAll(async () => {
  delete holder.__paymentBalancingDb;
  await test.close();
});

/** What the session endpoint answers for a token: its jwt callback, then its session callback. */
async function sessionBody(userId: number, sessionEpoch?: string) {
  const callbacks = authOptions.callbacks!;
  const decoded: JWT = { userId, practiceId: practice.practiceId, name: "x", email: "x@test.example", sessionEpoch };
  const token = (await callbacks.jwt!({ token: decoded } as Parameters<NonNullable<typeof callbacks.jwt>>[0])) as JWT;
  const session: Session = { user: { name: "x", email: "x@test.example" }, expires: "2026-12-31T00:00:00.000Z" };
  const body = await callbacks.session!({ session, token } as Parameters<NonNullable<typeof callbacks.session>>[0]);
  return { token, body };
}

describe("the session endpoint's callbacks", () => {
  it("answer a session for an active user", async () => {
    const { token, body } = await sessionBody(active);
    expect(token.disabled).toBe(false);
    expect(body).toEqual({
      user: { name: "x", email: "x@test.example" },
      expires: "2026-12-31T00:00:00.000Z",
      userId: active,
      practiceId: practice.practiceId,
    });
  });

  it("answer {} (signed out) once the user is disabled, with the token marked so middleware turns them away", async () => {
    expect((await sessionBody(disabled)).body).toMatchObject({ userId: disabled });
    await test.db.execute(sql`update app_user set disabled_at = now() where id = ${disabled}`);
    const { token, body } = await sessionBody(disabled);
    expect(token).toMatchObject({ disabled: true, roles: [], locationIds: [] });
    expect(body).toEqual({});
  });

  it("answer {} for a session signed in before an admin's reset, and a session for one signed in after", async () => {
    const user = await practice.user({ email: "reset@test.example", roles: ["Billing"] });
    expect((await sessionBody(user)).body).toMatchObject({ userId: user });
    await test.db.execute(sql`update app_user set sessions_revoked_at = '2026-12-03 15:00:00.123456+00' where id = ${user}`);
    // A token from before the epoch existed counts as "0"; so does one signed in under no reset.
    expect((await sessionBody(user)).body).toEqual({});
    expect((await sessionBody(user, "0")).token).toMatchObject({ disabled: true });
    // 2026-12-03T15:00:00.123456Z in microseconds since 1970.
    expect((await sessionBody(user, "1796310000123456")).body).toMatchObject({ userId: user });
  });

  it("answer {} for a token whose user no longer exists", async () => {
    expect((await sessionBody(2_000_000)).body).toEqual({});
  });
});
