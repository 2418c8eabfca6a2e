import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { openPgliteTestDatabase, openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let practice: PracticeFixture;
let ids: { location: number; poster: number; payer: number; patient: number; charge: number; batch: number };

beforeAll(async () => {
  test = await openTestDatabase();
  practice = await PracticeFixture.create(test.db);
  const location = await practice.location("MESA");
  const poster = await practice.user({ email: "poster@test.example", roles: ["Billing"] });
  const payer = await practice.payer("Aetna");
  const patient = await practice.patient("100234", "Ana", "García");
  const charge = await practice.charge({
    patientId: patient,
    locationId: location,
    dateOfService: "2026-02-20",
    cptCode: "97110",
    billedCents: 10400,
  });
  const batch = await practice.batch({ batchNumber: "B-1", depositDate: "2026-03-02", createdBy: poster });
  ids = { location, poster, payer, patient, charge, batch };
});

afterAll(() => test.close());

async function postCheck(amountCents: number) {
  return practice.payment({
    batchId: ids.batch,
    postedBy: ids.poster,
    locationId: ids.location,
    payerId: ids.payer,
    amountCents,
    postedAt: "2026-03-02T09:00:00-07:00",
    depositDate: "2026-03-02",
    lines: [{ chargeId: ids.charge, paidCents: amountCents }],
  });
}

/** The SQLSTATE of the error a statement raises (drizzle wraps driver errors in `cause`). */
async function errorCode(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
  } catch (error) {
    const withCause = error as { code?: string; cause?: { code?: string } };
    return withCause.code ?? withCause.cause?.code;
  }
  return undefined;
}

describe("ledger schema", () => {
  it("refuses a second batch with the same number in one practice", async () => {
    const code = await errorCode(practice.batch({ batchNumber: "B-1", depositDate: "2026-03-03", createdBy: ids.poster }));
    expect(code).toBe("23505");
  });

  it("allows the same batch number in another practice", async () => {
    const other = await PracticeFixture.create(test.db, "Other PT");
    const otherPoster = await other.user({ email: "other@test.example", roles: ["Billing"] });
    await expect(other.batch({ batchNumber: "B-1", depositDate: "2026-03-03", createdBy: otherPoster })).resolves.toEqual(
      expect.any(Number),
    );
  });

  it("refuses an unknown payment method", async () => {
    const code = await errorCode(
      test.db.execute(sql`insert into payment (practice_id, batch_id, location_id, payer_id, method, amount_cents, deposit_date, posted_by, source)
        values (${practice.practiceId}, ${ids.batch}, ${ids.location}, ${ids.payer}, 'bitcoin', 100, '2026-03-02', ${ids.poster}, 'manual')`),
    );
    expect(code).toBe("22P02");
  });

  it("refuses a payment line whose charge belongs to another practice", async () => {
    const other = await PracticeFixture.create(test.db, "Third PT");
    const otherLocation = await other.location("FLAG");
    const otherPatient = await other.patient("900001", "Bo", "Lee");
    const foreignCharge = await other.charge({
      patientId: otherPatient,
      locationId: otherLocation,
      dateOfService: "2026-02-01",
      cptCode: "97140",
      billedCents: 5000,
    });
    const paymentId = await postCheck(2500);
    const code = await errorCode(
      test.db.execute(sql`insert into payment_line (practice_id, payment_id, charge_id, paid_cents)
        values (${practice.practiceId}, ${paymentId}, ${foreignCharge}, 2500)`),
    );
    expect(code).toBe("23503");
  });

  it("refuses UPDATE and DELETE of posted payments and payment lines", async () => {
    const paymentId = await postCheck(4200);
    expect(await errorCode(test.db.execute(sql`update payment set amount_cents = 1 where id = ${paymentId}`))).toBe("42501");
    expect(await errorCode(test.db.execute(sql`delete from payment where id = ${paymentId}`))).toBe("42501");
    expect(await errorCode(test.db.execute(sql`update payment_line set paid_cents = 1 where payment_id = ${paymentId}`))).toBe(
      "42501",
    );
    expect(await errorCode(test.db.execute(sql`delete from payment_line where payment_id = ${paymentId}`))).toBe("42501");
    const [row] = await queryRows<{ amount_cents: number }>(test.db, sql`select amount_cents from payment where id = ${paymentId}`);
    expect(row!.amount_cents).toBe(4200);
  });

  it("refuses a reversal of a reversal's original twice", async () => {
    const original = await postCheck(3000);
    const reversal = {
      batchId: ids.batch,
      postedBy: ids.poster,
      locationId: ids.location,
      payerId: ids.payer,
      amountCents: -3000,
      postedAt: "2026-03-05T10:00:00-07:00",
      // Into the original's batch, so with its deposit date (migration 0008).
      depositDate: "2026-03-02",
      reversesPaymentId: original,
    };
    await practice.payment(reversal);
    expect(await errorCode(practice.payment(reversal))).toBe("23505");
  });

  it("refuses a negative amount that is not a reversal", async () => {
    expect(await errorCode(postCheck(-100))).toBe("23514");
  });
});

async function appliedRow(database: TestDatabase["db"], paymentId: number) {
  const [row] = await queryRows<{ applied_cents: number; line_count: number; deposit_date: string; posted_at: string }>(
    database,
    sql`select applied_cents, line_count, to_char(deposit_date, 'YYYY-MM-DD') as deposit_date,
               to_char(posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as posted_at
        from payment_applied where payment_id = ${paymentId}`,
  );
  return row;
}

describe("payment_applied", () => {
  it("starts every payment at $0.00 applied, with the payment's dates", async () => {
    const paymentId = await practice.payment({
      batchId: ids.batch,
      postedBy: ids.poster,
      locationId: ids.location,
      payerId: ids.payer,
      amountCents: 5000,
      postedAt: "2026-03-02T23:30:00-07:00",
      depositDate: "2026-03-02",
    });
    expect(await appliedRow(test.db, paymentId)).toEqual({
      applied_cents: 0,
      line_count: 0,
      deposit_date: "2026-03-02",
      posted_at: "2026-03-03T06:30Z",
    });
  });

  it("adds the lines of each statement that posts them, however many at once", async () => {
    const paymentId = await postCheck(10000);
    await test.db.execute(sql`insert into payment_line (practice_id, payment_id, charge_id, paid_cents)
      values (${practice.practiceId}, ${paymentId}, ${ids.charge}, 1234), (${practice.practiceId}, ${paymentId}, ${ids.charge}, -34)`);
    expect(await appliedRow(test.db, paymentId)).toMatchObject({ applied_cents: 11200, line_count: 3 });
  });

  it("refuses writes that do not come from the ledger's triggers", async () => {
    const paymentId = await postCheck(700);
    const refused = [
      sql`update payment_applied set applied_cents = 0 where payment_id = ${paymentId}`,
      sql`delete from payment_applied where payment_id = ${paymentId}`,
      sql`insert into payment_applied (practice_id, payment_id, deposit_date, posted_at) values (${practice.practiceId}, ${paymentId} + 100000, '2026-03-02', now())`,
      sql`truncate payment_applied`,
    ];
    for (const statement of refused) expect(await errorCode(test.db.execute(statement))).toBe("42501");
    expect(await appliedRow(test.db, paymentId)).toMatchObject({ applied_cents: 700, line_count: 1 });
  });
});

describe("both drivers", () => {
  it("migrate an empty database and answer the same query the same way", async () => {
    const embedded = await openPgliteTestDatabase();
    try {
      const answers = [];
      for (const database of [test.db, embedded.db]) {
        const fixture = await PracticeFixture.create(database, "Driver Check PT");
        const location = await fixture.location("TEMPE");
        const poster = await fixture.user({ email: `driver-${answers.length}@test.example`, roles: ["Billing"] });
        const payerId = await fixture.payer("Cigna");
        const patientId = await fixture.patient(`77${answers.length}`, "Eli", "Ruiz");
        const batchId = await fixture.batch({ batchNumber: "D-1", depositDate: "2026-03-31", createdBy: poster });
        for (const [amountCents, postedAt] of [
          [12345, "2026-03-31T23:30:00-07:00"],
          [9007199254740, "2026-03-31T08:00:00-07:00"],
        ] as const) {
          await fixture.payment({
            batchId,
            postedBy: poster,
            locationId: location,
            payerId,
            amountCents,
            postedAt,
            depositDate: "2026-03-31",
            lines: [{ chargeId: await fixture.charge({ patientId, locationId: location, dateOfService: "2026-03-02", cptCode: "97110", billedCents: 20000 }), paidCents: 6000 }],
          });
        }
        const rows = await queryRows<{ posted_total_cents: number; payments: number; local_day: string }>(
          database,
          sql`select sum(amount_cents)::bigint as posted_total_cents, count(*)::int as payments,
                     to_char(max(posted_at at time zone 'America/Phoenix'), 'YYYY-MM-DD') as local_day
              from payment where practice_id = ${fixture.practiceId}`,
        );
        const [applied] = await queryRows<{ applied_cents: number }>(
          database,
          sql`select sum(pa.applied_cents)::bigint as applied_cents from payment_applied pa where pa.practice_id = ${fixture.practiceId}`,
        );
        answers.push({ ...rows[0], ...applied });
      }
      expect(answers[0]).toEqual({ posted_total_cents: 9007199267085, payments: 2, local_day: "2026-03-31", applied_cents: 12000 });
      expect(answers[1]).toEqual(answers[0]);
    } finally {
      await embedded.close();
    }
  });
});
