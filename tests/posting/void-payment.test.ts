import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { localDateOf, todayIn } from "@/lib/dates";
import { createBatch } from "@/lib/posting/batches";
import { openChargesForPatient } from "@/lib/posting/lookup";
import { postPayment, postingBatch, voidPayment } from "@/lib/posting/payments";
import { buildWorld, closeWorld, ledgerCounts, refusal, type PostingWorld } from "./world";

let world: PostingWorld;
let today: string;
let voidBatchNumber: string;

beforeAll(async () => {
  world = await buildWorld();
  today = todayIn("America/Phoenix");
  voidBatchNumber = `VOID-${today.replaceAll("-", "")}-${world.poster1}`;
});

afterAll(() => closeWorld(world));

let sequence = 0;
/** A batch of poster1 with one Aetna check of $125.00 applied to a fresh $104.00 + $96.00 of charges. */
async function postedCheck(viewer = world.viewers.poster1) {
  sequence += 1;
  const batch = await createBatch(world.test.db, viewer, {
    batchNumber: `V-${sequence}`,
    depositDate: "2026-03-02",
    locationId: world.mesa,
    controlTotal: "125.00",
  });
  const first = await world.charge(world.ana, 10400, "97110");
  const second = await world.charge(world.ana, 9600, "97140");
  const posted = await postPayment(world.test.db, viewer, batch.batchNumber, {
    payerId: world.aetna,
    method: "check",
    referenceNumber: `CHK-${sequence}`,
    amount: "125.00",
    lines: [
      { chargeId: first, paid: "80.00", adjustment: "20.00", adjustmentReason: "CO-45", patientResp: "4.00" },
      { chargeId: second, paid: "45.00", adjustment: "51.00", adjustmentReason: "CO-45" },
    ],
  });
  return { batch, posted, charges: [first, second] };
}

describe("voiding a payment", () => {
  it("posts a reversal into the voider's batch for today and leaves the original untouched", async () => {
    const { batch, posted, charges } = await postedCheck();
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "  Check returned by the bank ");
    expect(voided).toMatchObject({
      voidedPaymentId: posted.paymentId,
      batchNumber: voidBatchNumber,
      amountCents: -12500,
      depositDate: today,
      reason: "Check returned by the bank",
    });
    expect(localDateOf(voided.postedAt, "America/Phoenix")).toBe(today);

    const payments = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select p.id, b.batch_number, p.amount_cents, p.reverses_payment_id, p.note, p.payer_id, p.method,
                 p.reference_number, p.source, p.posted_by, p.deposit_date::text as deposit_date
            from payment p join batch b on b.id = p.batch_id
           where p.id in (${posted.paymentId}, ${voided.reversalPaymentId}) order by p.id`,
    );
    expect(payments).toEqual([
      {
        id: posted.paymentId,
        batch_number: batch.batchNumber,
        amount_cents: 12500,
        reverses_payment_id: null,
        note: null,
        payer_id: world.aetna,
        method: "check",
        reference_number: "CHK-1",
        source: "manual",
        posted_by: world.poster1,
        deposit_date: "2026-03-02",
      },
      {
        id: voided.reversalPaymentId,
        batch_number: voidBatchNumber,
        amount_cents: -12500,
        reverses_payment_id: posted.paymentId,
        note: "Check returned by the bank",
        payer_id: world.aetna,
        method: "check",
        reference_number: "CHK-1",
        source: "manual",
        posted_by: world.poster1,
        deposit_date: today,
      },
    ]);
    const lines = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select charge_id, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents
            from payment_line where payment_id = ${voided.reversalPaymentId} order by id`,
    );
    expect(lines).toEqual([
      { charge_id: charges[0], paid_cents: -8000, adjustment_cents: -2000, adjustment_reason: "CO-45", patient_resp_cents: -400 },
      { charge_id: charges[1], paid_cents: -4500, adjustment_cents: -5100, adjustment_reason: "CO-45", patient_resp_cents: 0 },
    ]);
    // The original batch keeps its total (a closed day stays closed); the net over both is zero.
    const [net] = await queryRows<{ original_batch: number; net_amount: number; net_paid: number }>(
      world.test.db,
      sql`select (select sum(amount_cents)::bigint from payment where batch_id = ${batch.batchId}) as original_batch,
                 (select sum(amount_cents)::bigint from payment where id in (${posted.paymentId}, ${voided.reversalPaymentId})) as net_amount,
                 (select sum(paid_cents)::bigint from payment_line where payment_id in (${posted.paymentId}, ${voided.reversalPaymentId})) as net_paid`,
    );
    expect(net).toEqual({ original_batch: 12500, net_amount: 0, net_paid: 0 });
    const [voidBatch] = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select created_by, deposit_date::text as deposit_date, location_id, control_total_cents from batch where batch_number = ${voidBatchNumber}`,
    );
    expect(voidBatch).toEqual({ created_by: world.poster1, deposit_date: today, location_id: null, control_total_cents: null });
    const [audit] = await queryRows<{ user_id: number; details: Record<string, unknown> }>(
      world.test.db,
      sql`select user_id, details from audit_event where action = 'payment_voided' and (details->>'voidedPaymentId')::int = ${posted.paymentId}`,
    );
    expect(audit).toMatchObject({
      user_id: world.poster1,
      details: { reversalPaymentId: voided.reversalPaymentId, reason: "Check returned by the bank", originalBatchNumber: batch.batchNumber },
    });
    // The charges are open again for the corrected posting.
    const open = await openChargesForPatient(world.test.db, world.viewers.poster1, world.ana);
    expect(open.filter((c) => charges.includes(c.chargeId)).map((c) => c.openCents)).toEqual([10400, 9600]);
    // The batch screen shows the original as voided.
    const screen = await postingBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    expect(screen.payments[0]!.voidedBy).toMatchObject({ reversalPaymentId: voided.reversalPaymentId, reason: "Check returned by the bank" });
  });

  it("refuses a second void with 409, and puts later voids of the day into the same void batch", async () => {
    const { posted } = await postedCheck();
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Duplicate entry");
    expect(voided.batchNumber).toBe(voidBatchNumber);
    const before = await ledgerCounts(world);
    const again = await refusal(voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Again"));
    expect(again).toMatchObject({ status: 409, field: "paymentId" });
    expect(again.message).toMatch(new RegExp(`^Payment ${posted.paymentId} was already voided on .* \\(reversal ${voided.reversalPaymentId} in batch ${voidBatchNumber}\\)\\.$`));
    expect(await refusal(voidPayment(world.test.db, world.viewers.poster1, voided.reversalPaymentId, "Undo"))).toEqual({
      status: 409,
      field: "paymentId",
      message: `Payment ${voided.reversalPaymentId} is itself the void of payment ${posted.paymentId}; it cannot be voided.`,
    });
    expect(await ledgerCounts(world)).toEqual(before);
    const [batches] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from batch where batch_number like 'VOID-%'`,
    );
    expect(batches!.n).toBe(1);
  });

  it("voids once when two voids of one payment arrive at the same time", async () => {
    const { posted } = await postedCheck();
    const results = await Promise.allSettled([
      voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Entered twice"),
      voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Entered twice"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const [reversals] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from payment where reverses_payment_id = ${posted.paymentId}`,
    );
    expect(reversals!.n).toBe(1);
  });

  it("returns the first void for a retried Idempotency-Key instead of 409", async () => {
    const { posted } = await postedCheck();
    const [a, b] = await Promise.all([
      voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Wrong payer", { idempotencyKey: "void-1" }),
      voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Wrong payer", { idempotencyKey: "void-1" }),
    ]);
    expect(b).toEqual(a);
    const c = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Wrong payer", { idempotencyKey: "void-1" });
    expect(c).toEqual(a);
  });

  it("refuses voids of payments the poster may not touch, and empty reasons", async () => {
    const theirs = await postedCheck(world.viewers.poster2);
    const mine = await postedCheck();
    const before = await ledgerCounts(world);
    expect(await refusal(voidPayment(world.test.db, world.viewers.poster1, theirs.posted.paymentId, "Not mine"))).toEqual({
      status: 403,
      field: "paymentId",
      message: `Payment ${theirs.posted.paymentId} is in batch ${theirs.batch.batchNumber}, which you did not create; you can void only payments in your own batches.`,
    });
    expect(await refusal(voidPayment(world.test.db, world.viewers.poster1, 999_999, "Gone"))).toEqual({
      status: 404,
      field: "paymentId",
      message: "Payment 999999 was not found in your practice.",
    });
    expect(await refusal(voidPayment(world.test.db, world.viewers.poster1, mine.posted.paymentId, "   "))).toEqual({
      status: 422,
      field: "reason",
      message: "Say why the payment is voided.",
    });
    expect(await refusal(voidPayment(world.test.db, world.viewers.auditor, mine.posted.paymentId, "Audit"))).toMatchObject({
      status: 403,
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("keeps the void batch for reversals: nothing can be keyed into it", async () => {
    expect(
      await refusal(
        postPayment(world.test.db, world.viewers.poster1, voidBatchNumber, { payerId: world.aetna, method: "eft", referenceNumber: "E1", amount: "1.00" }),
      ),
    ).toEqual({
      status: 422,
      field: "batchNumber",
      message: `Batch ${voidBatchNumber} holds voids only; post into a deposit batch.`,
    });
  });
});
