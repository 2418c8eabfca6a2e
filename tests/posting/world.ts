import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { appUser, practice as practiceTable } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * The practice every posting test starts from: two clinics, two Billing posters, an auditor
 * (who may not post), the Integration Import system user, two payers, patients with charges,
 * and a second practice whose rows must stay out of reach. Amounts are in cents.
 */

export const EMR_TOKEN = "test-emr-token-2026";
export const OTHER_EMR_TOKEN = "other-emr-token-2026";

export interface PostingWorld {
  test: TestDatabase;
  practice: PracticeFixture;
  other: PracticeFixture;
  mesa: number;
  tempe: number;
  poster1: number;
  poster2: number;
  auditor: number;
  integrationUser: number;
  aetna: number;
  medicare: number;
  /** Ana García, MRN 100234; Ben Lee, MRN 100300. */
  ana: number;
  ben: number;
  otherPatient: number;
  otherPayer: number;
  otherCharge: number;
  viewers: { poster1: Viewer; poster2: Viewer; auditor: Viewer };
  /** A fresh charge, so a test's open balances do not depend on other tests. */
  charge(patientId: number, billedCents: number, cptCode?: string, dateOfService?: string): Promise<number>;
}

function sha256(text: string) {
  return createHash("sha256").update(text).digest("hex");
}

async function systemUser(practice: PracticeFixture, email: string): Promise<number> {
  const [row] = await practice.db
    .insert(appUser)
    .values({ practiceId: practice.practiceId, email, name: "Integration Import", isSystem: true })
    .returning({ id: appUser.id });
  return row!.id;
}

export async function buildWorld(): Promise<PostingWorld> {
  const test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "Test Physical Therapy", "America/Phoenix");
  const other = await PracticeFixture.create(test.db, "Other PT", "America/Phoenix");
  await test.db.update(practiceTable).set({ emrTokenHash: sha256(EMR_TOKEN) }).where(eq(practiceTable.id, practice.practiceId));
  await test.db.update(practiceTable).set({ emrTokenHash: sha256(OTHER_EMR_TOKEN) }).where(eq(practiceTable.id, other.practiceId));

  const mesa = await practice.location("MESA", "Mesa Clinic");
  const tempe = await practice.location("TEMPE", "Tempe Clinic");
  const poster1 = await practice.user({ email: "poster1@test.example", name: "Pat Poster", roles: ["Billing"] });
  const poster2 = await practice.user({ email: "poster2@test.example", name: "Sam Poster", roles: ["Billing"] });
  const auditor = await practice.user({ email: "auditor@test.example", name: "Avery Auditor", roles: ["Auditor"] });
  const integrationUser = await systemUser(practice, "integration@test.example");
  const aetna = await practice.payer("Aetna");
  const medicare = await practice.payer("Medicare Part B", "medicare");
  const ana = await practice.patient("100234", "Ana", "García");
  const ben = await practice.patient("100300", "Ben", "Lee");

  const flag = await other.location("FLAG", "Flagstaff Clinic");
  await other.user({ email: "admin@other.example", roles: ["Billing Admin"] });
  await systemUser(other, "integration@other.example");
  const otherPatient = await other.patient("100234", "Olga", "Other");
  const otherPayer = await other.payer("Other Aetna");
  const otherCharge = await other.charge({
    patientId: otherPatient,
    locationId: flag,
    dateOfService: "2026-02-20",
    cptCode: "97110",
    billedCents: 10400,
  });

  return {
    test,
    practice,
    other,
    mesa,
    tempe,
    poster1,
    poster2,
    auditor,
    integrationUser,
    aetna,
    medicare,
    ana,
    ben,
    otherPatient,
    otherPayer,
    otherCharge,
    viewers: {
      poster1: await practice.viewer(poster1),
      poster2: await practice.viewer(poster2),
      auditor: await practice.viewer(auditor),
    },
    charge: (patientId, billedCents, cptCode = "97110", dateOfService = "2026-02-20") =>
      practice.charge({ patientId, locationId: mesa, dateOfService, cptCode, billedCents }),
  };
}

/**
 * Closes the test database. tests/support's close() ends the pool and then drops the
 * database WITH (FORCE); a pool client still finishing its goodbye then gets the server's
 * 57P01 "terminating connection" as an unhandled error event, failing the file after every
 * test passed. Posting tests use several clients at once (the concurrency cases), so they
 * meet it often: that one teardown error is expected and ignored here.
 */
export async function closeWorld(world: PostingWorld): Promise<void> {
  const pool = (world.test.db as unknown as { $client?: { on?: (event: string, listener: () => void) => void } }).$client;
  if (world.test.driver === "pg") pool?.on?.("error", () => {});
  await world.test.close();
}

/** Row counts of the ledger tables: a refused request must leave them all as they were. */
export async function ledgerCounts(world: PostingWorld) {
  const [row] = await queryRows<{ batches: number; payments: number; lines: number; audits: number; keys: number }>(
    world.test.db,
    sql`select (select count(*)::int from batch) as batches, (select count(*)::int from payment) as payments,
               (select count(*)::int from payment_line) as lines, (select count(*)::int from audit_event) as audits,
               (select count(*)::int from idempotency_key) as keys`,
  );
  return row!;
}

/** The status and field of a refused posting, for one-line assertions. */
export async function refusal(promise: Promise<unknown>): Promise<{ status: number; field: string | null; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { status, field, message } = error as { status?: number; field?: string | null; message: string };
    if (typeof status !== "number") throw error;
    return { status, field: field ?? null, message };
  }
  throw new Error("expected the posting to be refused");
}
