import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "@/db/client";
import { todayIn } from "@/lib/dates";
import { createBatch } from "@/lib/posting/batches";
import { openChargesForPatient, searchPatients } from "@/lib/posting/lookup";
import { postPayment } from "@/lib/posting/payments";
import type { PaymentInput } from "@/lib/posting/schemas";
import { buildWorld, closeWorld, ledgerCounts, refusal, type PostingWorld } from "./world";

let world: PostingWorld;

beforeAll(async () => {
  world = await buildWorld();
});

afterAll(() => closeWorld(world));

let batchSequence = 0;
async function newBatch(viewer = world.viewers.poster1, controlTotal: string | null = null) {
  batchSequence += 1;
  return createBatch(world.test.db, viewer, {
    batchNumber: `T-${batchSequence}`,
    depositDate: "2026-03-02",
    locationId: world.mesa,
    controlTotal,
  });
}

function aetnaCheck(amount: string, lines: PaymentInput["lines"], referenceNumber = "1001"): PaymentInput {
  return { payerId: world.aetna, method: "check", referenceNumber, amount, lines };
}

describe("creating a batch", () => {
  it("suggests B<yymmdd>-U<user>-<n> when no number is given, and records batch_created", async () => {
    const poster = world.viewers.poster2;
    const yymmdd = DateTime.fromISO(todayIn("America/Phoenix")).toFormat("yyMMdd");
    const first = await createBatch(world.test.db, poster, { depositDate: "2026-03-02", locationId: world.tempe });
    const second = await createBatch(world.test.db, poster, {
      depositDate: "2026-03-03",
      locationId: world.tempe,
      controlTotal: "1,250.50",
    });
    expect(first).toMatchObject({
      batchNumber: `B${yymmdd}-U${world.poster2}-1`,
      depositDate: "2026-03-02",
      locationId: world.tempe,
      locationName: "Tempe Clinic",
      controlTotalCents: null,
      postedTotalCents: 0,
    });
    expect(second).toMatchObject({ batchNumber: `B${yymmdd}-U${world.poster2}-2`, controlTotalCents: 125050 });
    const [audit] = await queryRows<{ user_id: number; details: Record<string, unknown> }>(
      world.test.db,
      sql`select user_id, details from audit_event where action = 'batch_created' and details->>'batchNumber' = ${second.batchNumber}`,
    );
    expect(audit).toEqual({
      user_id: world.poster2,
      details: {
        batchId: second.batchId,
        batchNumber: second.batchNumber,
        depositDate: "2026-03-03",
        locationId: world.tempe,
        controlTotalCents: 125050,
      },
    });
  });

  it("keeps a number the poster typed, in capitals, and refuses it twice with 409", async () => {
    const created = await createBatch(world.test.db, world.viewers.poster1, {
      batchNumber: " dep-0302 ",
      depositDate: "2026-03-02",
      locationId: world.mesa,
    });
    expect(created.batchNumber).toBe("DEP-0302");
    const before = await ledgerCounts(world);
    expect(
      await refusal(
        createBatch(world.test.db, world.viewers.poster2, { batchNumber: "DEP-0302", depositDate: "2026-03-02", locationId: world.mesa }),
      ),
    ).toEqual({ status: 409, field: "batchNumber", message: "Batch DEP-0302 already exists; choose another number." });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("refuses bad batches with a message naming the field, and writes nothing", async () => {
    const before = await ledgerCounts(world);
    const poster = world.viewers.poster1;
    const tomorrow = DateTime.fromISO(todayIn("America/Phoenix")).plus({ days: 1 }).toISODate()!;
    const base = { depositDate: "2026-03-02", locationId: world.mesa };
    expect(await refusal(createBatch(world.test.db, poster, { ...base, batchNumber: "VOID-20260302-1" }))).toMatchObject({
      status: 422,
      field: "batchNumber",
    });
    expect(await refusal(createBatch(world.test.db, poster, { ...base, batchNumber: "B 1" }))).toMatchObject({
      status: 422,
      field: "batchNumber",
    });
    const future = await refusal(createBatch(world.test.db, poster, { ...base, depositDate: tomorrow }));
    expect(future).toMatchObject({ status: 422, field: "depositDate" });
    expect(future.message).toMatch(/is in the future/);
    expect(await refusal(createBatch(world.test.db, poster, { ...base, depositDate: "2026-02-30" }))).toEqual({
      status: 422,
      field: "depositDate",
      message: "Deposit date must be a date like 2026-03-02.",
    });
    expect(await refusal(createBatch(world.test.db, poster, { ...base, controlTotal: "-10.00" }))).toEqual({
      status: 422,
      field: "controlTotal",
      message: "Control total cannot be negative.",
    });
    const otherLocation = await world.other.location("PHX");
    expect(await refusal(createBatch(world.test.db, poster, { ...base, locationId: otherLocation }))).toEqual({
      status: 422,
      field: "locationId",
      message: "That location is not in your practice.",
    });
    expect(await refusal(createBatch(world.test.db, world.viewers.auditor, base))).toMatchObject({ status: 403 });
    expect(await ledgerCounts(world)).toEqual(before);
  });
});

describe("posting a payment", () => {
  it("posts a check and a patient payment, and the ledger sums show them right", async () => {
    const batch = await newBatch(world.viewers.poster1, "250.00");
    const anaEval = await world.charge(world.ana, 10400, "97110");
    const benManual = await world.charge(world.ben, 9600, "97140");
    const anaNeuro = await world.charge(world.ana, 5000, "97112");

    const check = await postPayment(
      world.test.db,
      world.viewers.poster1,
      batch.batchNumber,
      aetnaCheck("125.00", [
        { chargeId: anaEval, paid: "80.00", adjustment: "20.00", adjustmentReason: "co-45", patientResp: "4.00" },
        { chargeId: benManual, paid: "45.00", adjustment: "51.00", adjustmentReason: "CO-45" },
      ]),
    );
    expect(check).toMatchObject({
      batchNumber: batch.batchNumber,
      amountCents: 12500,
      appliedCents: 12500,
      unappliedCents: 0,
      depositDate: "2026-03-02",
      lineCount: 2,
    });
    const cash = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, {
      patientId: world.ana,
      method: "cash",
      amount: "30",
      depositDate: "2026-03-02",
      lines: [{ chargeId: anaNeuro, paid: "25.00" }],
    });
    expect(cash).toMatchObject({ amountCents: 3000, appliedCents: 2500, unappliedCents: 500, depositDate: "2026-03-02" });

    const [totals] = await queryRows<Record<string, number | null>>(
      world.test.db,
      sql`select count(*)::int as payments,
                 sum(p.amount_cents)::bigint as posted_total,
                 sum(a.applied)::bigint as applied,
                 (sum(p.amount_cents) - sum(a.applied))::bigint as unapplied,
                 (max(b.control_total_cents) - sum(p.amount_cents))::bigint as difference
            from payment p
            join batch b on b.id = p.batch_id
            cross join lateral (select coalesce(sum(paid_cents), 0) as applied from payment_line where payment_id = p.id) a
           where b.batch_number = ${batch.batchNumber}`,
    );
    expect(totals).toEqual({ payments: 2, posted_total: 15500, applied: 15000, unapplied: 500, difference: 9500 });

    const lines = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select charge_id, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents
            from payment_line where payment_id = ${check.paymentId} order by id`,
    );
    expect(lines).toEqual([
      { charge_id: anaEval, paid_cents: 8000, adjustment_cents: 2000, adjustment_reason: "CO-45", patient_resp_cents: 400 },
      { charge_id: benManual, paid_cents: 4500, adjustment_cents: 5100, adjustment_reason: "CO-45", patient_resp_cents: 0 },
    ]);
    const [row] = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select payer_id, patient_id, method, reference_number, location_id, posted_by, source, deposit_date::text as deposit_date
            from payment where id = ${check.paymentId}`,
    );
    expect(row).toEqual({
      payer_id: world.aetna,
      patient_id: null,
      method: "check",
      reference_number: "1001",
      location_id: world.mesa,
      posted_by: world.poster1,
      source: "manual",
      deposit_date: "2026-03-02",
    });
    const [audit] = await queryRows<{ user_id: number; details: Record<string, unknown> }>(
      world.test.db,
      sql`select user_id, details from audit_event where action = 'payment_posted' and (details->>'paymentId')::int = ${check.paymentId}`,
    );
    expect(audit).toMatchObject({ user_id: world.poster1, details: { amountCents: 12500, appliedCents: 12500, source: "manual" } });
  });

  it("takes a zero-pay check that only adjusts (a denial), and a payment with no lines stays unapplied", async () => {
    const batch = await newBatch();
    const denied = await world.charge(world.ben, 5400);
    const denial = await postPayment(
      world.test.db,
      world.viewers.poster1,
      batch.batchNumber,
      aetnaCheck("0.00", [{ chargeId: denied, adjustment: "54.00", adjustmentReason: "CO-97" }], "D-1"),
    );
    expect(denial).toMatchObject({ amountCents: 0, appliedCents: 0, unappliedCents: 0, lineCount: 1 });
    const onAccount = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, {
      payerId: world.medicare,
      method: "eft",
      referenceNumber: "EFT778",
      amount: "310.25",
    });
    expect(onAccount).toMatchObject({ amountCents: 31025, appliedCents: 0, unappliedCents: 31025, lineCount: 0 });
  });

  it("refuses bad input with a message and field, and leaves the database as it was", async () => {
    const batch = await newBatch();
    const open = await world.charge(world.ana, 10000);
    const bens = await world.charge(world.ben, 10000);
    const poster = world.viewers.poster1;
    const tomorrow = DateTime.fromISO(todayIn("America/Phoenix")).plus({ days: 1 }).toISODate()!;
    const before = await ledgerCounts(world);
    const post = (input: PaymentInput, batchNumber = batch.batchNumber) =>
      refusal(postPayment(world.test.db, poster, batchNumber, input));

    expect(await post(aetnaCheck("-5.00", []))).toEqual({ status: 422, field: "amount", message: "Amount cannot be negative." });
    expect(await post(aetnaCheck("12.3.4", []))).toEqual({
      status: 422,
      field: "amount",
      message: "Amount must be a dollar amount like 125.00.",
    });
    expect(await post({ ...aetnaCheck("", []), amount: 125 as unknown as string })).toMatchObject({ status: 422, field: "amount" });
    expect(await post(aetnaCheck("50.00", [{ chargeId: open, paid: "ten" }]))).toEqual({
      status: 422,
      field: "lines.0.paid",
      message: "Line 1: Paid must be a dollar amount like 125.00.",
    });
    expect(await post(aetnaCheck("50.00", [{ chargeId: open, paid: "60.00" }]))).toEqual({
      status: 422,
      field: "amount",
      message: "The lines apply $60.00, more than the payment amount of $50.00.",
    });
    expect(await post(aetnaCheck("50.00", [{ chargeId: open, paid: "40.00", adjustment: "10.00" }]))).toMatchObject({
      status: 422,
      field: "lines.0.adjustmentReason",
    });
    expect(await post(aetnaCheck("50.00", [{ chargeId: open, paid: "-1.00" }]))).toMatchObject({
      status: 422,
      field: "lines.0.paid",
    });
    expect(await post({ ...aetnaCheck("50.00", []), referenceNumber: "" })).toEqual({
      status: 422,
      field: "referenceNumber",
      message: "Enter the check number.",
    });
    expect(await post({ method: "cash", amount: "5.00" })).toMatchObject({ status: 422, field: "payerId" });
    expect(await post({ ...aetnaCheck("50.00", []), depositDate: tomorrow })).toMatchObject({ status: 422, field: "depositDate" });
    expect(
      await post(aetnaCheck("50.00", [{ chargeId: open, paid: "10.00" }, { chargeId: open, paid: "10.00" }])),
    ).toEqual({ status: 422, field: "lines.1.chargeId", message: "Line 2: This charge is already on line 1." });

    // Rules that need the database.
    expect(
      await post({ patientId: world.ana, method: "cash", amount: "20.00", lines: [{ chargeId: bens, paid: "20.00" }] }),
    ).toEqual({
      status: 422,
      field: "lines.0.chargeId",
      message: "Line 1: charge 97110 on 2/20/2026 belongs to another patient, not to García, Ana (MRN 100234) who made this payment.",
    });
    expect(await post(aetnaCheck("20.00", [{ chargeId: world.otherCharge, paid: "20.00" }]))).toEqual({
      status: 422,
      field: "lines.0.chargeId",
      message: `Line 1: charge ${world.otherCharge} is not in your practice.`,
    });
    expect(await post({ ...aetnaCheck("20.00", []), payerId: world.otherPayer })).toEqual({
      status: 422,
      field: "payerId",
      message: "That payer is not in your practice.",
    });
    expect(await post({ patientId: world.otherPatient, method: "cash", amount: "20.00" })).toEqual({
      status: 422,
      field: "patientId",
      message: "That patient is not in your practice.",
    });
    expect(
      await post(
        aetnaCheck("150.00", [
          { chargeId: open, paid: "50.00" },
          { chargeId: bens, paid: "90.00", adjustment: "15.00", adjustmentReason: "CO-45" },
        ]),
      ),
    ).toEqual({
      status: 422,
      field: "lines.1.paid",
      message:
        "Line 2: charge 97110 on 2/20/2026 has $100.00 open, but the line applies $105.00 (paid + adjustment + patient responsibility).",
    });
    expect(await post(aetnaCheck("1.00", []), "NO-SUCH-BATCH")).toEqual({
      status: 404,
      field: "batchNumber",
      message: "Batch NO-SUCH-BATCH was not found in your practice.",
    });
    const theirs = await newBatch(world.viewers.poster2);
    expect(await post(aetnaCheck("1.00", []), theirs.batchNumber)).toEqual({
      status: 403,
      field: "batchNumber",
      message: `Batch ${theirs.batchNumber} was created by Sam Poster; you can post only into batches you created.`,
    });
    expect(
      await refusal(postPayment(world.test.db, world.viewers.auditor, batch.batchNumber, aetnaCheck("1.00", []))),
    ).toMatchObject({ status: 403 });

    expect(await ledgerCounts(world)).toEqual({ ...before, batches: before.batches + 1, audits: before.audits + 1 });
    const [payments] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from payment where batch_id = ${batch.batchId}`,
    );
    expect(payments!.n).toBe(0);
  });

  it("lists a patient's open charges, net of what is already applied", async () => {
    const patient = await world.practice.patient("200001", "Cora", "Diaz");
    const paidInFull = await world.charge(patient, 5000, "97110", "2026-02-01");
    const partly = await world.charge(patient, 8000, "97140", "2026-02-03");
    const untouched = await world.charge(patient, 2400, "97014", "2026-02-05");
    const batch = await newBatch();
    await postPayment(
      world.test.db,
      world.viewers.poster1,
      batch.batchNumber,
      aetnaCheck("60.00", [
        { chargeId: paidInFull, paid: "40.00", adjustment: "10.00", adjustmentReason: "CO-45" },
        { chargeId: partly, paid: "20.00", patientResp: "15.00" },
      ]),
    );
    const open = await openChargesForPatient(world.test.db, world.viewers.poster1, patient);
    expect(open.map((c) => [c.chargeId, c.cptCode, c.dateOfService, c.billedCents, c.openCents, c.locationCode])).toEqual([
      [partly, "97140", "2026-02-03", 8000, 4500, "MESA"],
      [untouched, "97014", "2026-02-05", 2400, 2400, "MESA"],
    ]);
    expect(await refusal(openChargesForPatient(world.test.db, world.viewers.poster1, world.otherPatient))).toMatchObject({
      status: 404,
    });
  });

  it("finds patients by MRN prefix or by name, only in the viewer's practice", async () => {
    const byMrn = await searchPatients(world.test.db, world.viewers.poster1, "1002");
    expect(byMrn.map((p) => p.mrn)).toEqual(["100234"]);
    const byName = await searchPatients(world.test.db, world.viewers.poster1, "garc ana");
    expect(byName).toEqual([
      { patientId: world.ana, mrn: "100234", firstName: "Ana", lastName: "García", dateOfBirth: null, openChargeCount: expect.any(Number) },
    ]);
    expect(await searchPatients(world.test.db, world.viewers.poster1, "100%")).toEqual([]);
    expect(await searchPatients(world.test.db, world.viewers.poster1, "garc\u0000")).toEqual([]);
  });
});

describe("idempotency and concurrency", () => {
  it("returns the first result for a retried Idempotency-Key, and 422 for the same key with another body", async () => {
    const batch = await newBatch();
    const input = aetnaCheck("75.00", [], "IDEM-1");
    const first = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, input, { idempotencyKey: "k-1" });
    const again = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, { ...input, amount: "75" }, {
      idempotencyKey: "k-1",
    });
    expect(again).toEqual(first);
    expect(
      await refusal(
        postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, aetnaCheck("76.00", [], "IDEM-1"), {
          idempotencyKey: "k-1",
        }),
      ),
    ).toEqual({ status: 422, field: null, message: "This Idempotency-Key was already used for a different request." });
    // Keys belong to their user: another poster's "k-1" is a different key.
    const theirs = await newBatch(world.viewers.poster2);
    const second = await postPayment(world.test.db, world.viewers.poster2, theirs.batchNumber, input, { idempotencyKey: "k-1" });
    expect(second.paymentId).not.toBe(first.paymentId);
    const [count] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from payment where reference_number = 'IDEM-1'`,
    );
    expect(count!.n).toBe(2);
  });

  it("posts once when the same Idempotency-Key arrives twice at once", async () => {
    const batch = await newBatch();
    const charge = await world.charge(world.ana, 10400);
    const input = aetnaCheck("90.00", [{ chargeId: charge, paid: "90.00", adjustment: "14.00", adjustmentReason: "CO-45" }], "RACE-1");
    const [a, b] = await Promise.all([
      postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, input, { idempotencyKey: "race-key" }),
      postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, input, { idempotencyKey: "race-key" }),
    ]);
    expect(a).toEqual(b);
    const [rows] = await queryRows<{ payments: number; lines: number; posted: number }>(
      world.test.db,
      sql`select count(distinct p.id)::int as payments, count(pl.id)::int as lines, sum(pl.paid_cents)::bigint as posted
            from payment p left join payment_line pl on pl.payment_id = p.id where p.reference_number = 'RACE-1'`,
    );
    expect(rows).toEqual({ payments: 1, lines: 1, posted: 9000 });
  });

  it("loses nothing when two posters post into their own batches at the same time", async () => {
    const mine = await newBatch(world.viewers.poster1);
    const theirs = await newBatch(world.viewers.poster2);
    const posts = Array.from({ length: 6 }, (_, i) => [
      postPayment(world.test.db, world.viewers.poster1, mine.batchNumber, aetnaCheck(`${10 + i}.00`, [], `P1-${i}`)),
      postPayment(world.test.db, world.viewers.poster2, theirs.batchNumber, aetnaCheck(`${20 + i}.00`, [], `P2-${i}`)),
    ]).flat();
    await Promise.all(posts);
    const totals = await queryRows<{ batch_number: string; payments: number; posted: number }>(
      world.test.db,
      sql`select b.batch_number, count(p.id)::int as payments, sum(p.amount_cents)::bigint as posted
            from batch b join payment p on p.batch_id = b.id
           where b.id in (${mine.batchId}, ${theirs.batchId}) group by b.id, b.batch_number order by b.id`,
    );
    // 10+11+…+15 = 75 dollars; 20+21+…+25 = 135 dollars.
    expect(totals).toEqual([
      { batch_number: mine.batchNumber, payments: 6, posted: 7500 },
      { batch_number: theirs.batchNumber, payments: 6, posted: 13500 },
    ]);
  });

  it("never applies more than a charge's open balance, even when two posters apply to it at once", async () => {
    const charge = await world.charge(world.ben, 10000);
    const mine = await newBatch(world.viewers.poster1);
    const theirs = await newBatch(world.viewers.poster2);
    const results = await Promise.allSettled([
      postPayment(world.test.db, world.viewers.poster1, mine.batchNumber, aetnaCheck("60.00", [{ chargeId: charge, paid: "60.00" }], "OV-1")),
      postPayment(world.test.db, world.viewers.poster2, theirs.batchNumber, aetnaCheck("60.00", [{ chargeId: charge, paid: "60.00" }], "OV-2")),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 422, field: "lines.0.paid" });
    const [applied] = await queryRows<{ applied: number }>(
      world.test.db,
      sql`select sum(paid_cents)::bigint as applied from payment_line where charge_id = ${charge}`,
    );
    expect(applied!.applied).toBe(6000);
  });
});
