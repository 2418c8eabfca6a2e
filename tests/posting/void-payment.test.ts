import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { localDateOf, todayIn } from "@/lib/dates";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch } from "@/lib/posting/batch-state";
import { openChargesForPatient } from "@/lib/posting/lookup";
import { postPayment, postingBatch, voidPayment } from "@/lib/posting/payments";
import { closeMonthDirectly } from "../support/closed-month";
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
async function postedCheck(viewer = world.viewers.poster1, depositDate = "2026-03-02") {
  sequence += 1;
  const batch = await createBatch(world.test.db, viewer, {
    batchNumber: `V-${sequence}`,
    depositDate,
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
  it("posts the reversal of a payment in an open batch into that batch, with its deposit date, and leaves the original untouched", async () => {
    const { batch, posted, charges } = await postedCheck();
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "  Check returned by the bank ");
    expect(voided).toMatchObject({
      voidedPaymentId: posted.paymentId,
      batchNumber: "V-1",
      amountCents: -12500,
      depositDate: "2026-03-02",
      reason: "Check returned by the bank",
    });
    // The posting time is the void's own, whatever the batch's deposit date.
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
        batch_number: "V-1",
        amount_cents: -12500,
        reverses_payment_id: posted.paymentId,
        note: "Check returned by the bank",
        payer_id: world.aetna,
        method: "check",
        reference_number: "CHK-1",
        source: "manual",
        posted_by: world.poster1,
        deposit_date: "2026-03-02",
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
    // The mistake nets out where it was made: the batch's posted total is back to $0.00.
    const [net] = await queryRows<{ original_batch: number; net_amount: number; net_paid: number }>(
      world.test.db,
      sql`select (select sum(amount_cents)::bigint from payment where batch_id = ${batch.batchId}) as original_batch,
                 (select sum(amount_cents)::bigint from payment where id in (${posted.paymentId}, ${voided.reversalPaymentId})) as net_amount,
                 (select sum(paid_cents)::bigint from payment_line where payment_id in (${posted.paymentId}, ${voided.reversalPaymentId})) as net_paid`,
    );
    expect(net).toEqual({ original_batch: 0, net_amount: 0, net_paid: 0 });
    const [voidBatches] = await queryRows<{ n: number }>(world.test.db, sql`select count(*)::int as n from batch where batch_number like 'VOID-%'`);
    expect(voidBatches!.n).toBe(0);
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
    expect(screen.payments.map((p) => [p.paymentId, p.amountCents])).toEqual([
      [voided.reversalPaymentId, -12500],
      [posted.paymentId, 12500],
    ]);
    expect(screen.payments[1]!.voidedBy).toMatchObject({ reversalPaymentId: voided.reversalPaymentId, reason: "Check returned by the bank" });
    expect(screen.batch).toMatchObject({ postedTotalCents: 0, differenceCents: 12500 });
  });

  it("posts the reversal of a payment in a closed batch into the voider's VOID batch of today, leaving the closed batch as it was", async () => {
    const { batch, posted } = await postedCheck();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Check returned by the bank");
    expect(voided).toMatchObject({ batchNumber: voidBatchNumber, amountCents: -12500, depositDate: today });
    const [totals] = await queryRows<{ original_batch: number; void_batch: number }>(
      world.test.db,
      sql`select (select sum(amount_cents)::bigint from payment where batch_id = ${batch.batchId}) as original_batch,
                 (select sum(amount_cents)::bigint from payment p join batch b on b.id = p.batch_id
                   where b.batch_number = ${voidBatchNumber} and p.reverses_payment_id = ${posted.paymentId}) as void_batch`,
    );
    expect(totals).toEqual({ original_batch: 12500, void_batch: -12500 });
    const [voidBatch] = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select created_by, deposit_date::text as deposit_date, location_id, control_total_cents, closed_at from batch where batch_number = ${voidBatchNumber}`,
    );
    expect(voidBatch).toEqual({ created_by: world.poster1, deposit_date: today, location_id: null, control_total_cents: null, closed_at: null });
  });

  it("refuses a second void with 409, and puts later voids of the day into the same void batch", async () => {
    const { batch, posted } = await postedCheck();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
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

  it("posts the reversal into the VOID batch of today when the open batch's month is closed", async () => {
    const { batch, posted } = await postedCheck(world.viewers.poster1, "2026-01-15");
    await closeMonthDirectly(world.test.db, world.practice.practiceId, "2026-01-01", world.poster1);
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Posted to the wrong month");
    expect(voided).toMatchObject({ batchNumber: voidBatchNumber, amountCents: -12500, depositDate: today });
    const [january] = await queryRows<{ total: number }>(
      world.test.db,
      sql`select sum(amount_cents)::bigint as total from payment where deposit_date between '2026-01-01' and '2026-01-31'`,
    );
    expect(january!.total).toBe(12500);
    const [state] = await queryRows<{ closed: boolean }>(world.test.db, sql`select closed_at is not null as closed from batch where id = ${batch.batchId}`);
    expect(state!.closed).toBe(false);
  });

  it("starts VOID-<date>-<user>-2 once the day's void batch is closed, so voids go on", async () => {
    await closeBatch(world.test.db, world.viewers.poster1, voidBatchNumber);
    const { batch, posted } = await postedCheck();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Late return");
    expect(voided).toMatchObject({ batchNumber: `${voidBatchNumber}-2`, amountCents: -12500, depositDate: today });
    const [closedVoidBatch] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from payment p join batch b on b.id = p.batch_id where b.batch_number = ${voidBatchNumber} and p.id = ${voided.reversalPaymentId}`,
    );
    expect(closedVoidBatch!.n).toBe(0);
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
      message: `Payment ${theirs.posted.paymentId} is in batch ${theirs.batch.batchNumber}, which you did not create; you can void only payments in your own batches. A Billing Admin can void any payment.`,
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

describe("voiding any payment (Billing Admin, voidAnyPayment)", () => {
  it("lets a Billing Admin void another poster's payment, with the reversal in that poster's open batch", async () => {
    const lead = await world.practice.viewer(await world.practice.user({ email: "void-lead@test.example", roles: ["Billing Admin"] }));
    const { batch, posted } = await postedCheck(world.viewers.poster2);
    const voided = await voidPayment(world.test.db, lead, posted.paymentId, "Posted to the wrong practice");
    expect(voided).toMatchObject({ voidedPaymentId: posted.paymentId, batchNumber: batch.batchNumber, amountCents: -12500, depositDate: "2026-03-02" });
    const [reversal] = await queryRows<{ posted_by: number; note: string; batch_id: number }>(
      world.test.db,
      sql`select posted_by, note, batch_id from payment where id = ${voided.reversalPaymentId}`,
    );
    expect(reversal).toEqual({ posted_by: lead.userId, note: "Posted to the wrong practice", batch_id: batch.batchId });
    const [audit] = await queryRows<{ user_id: number }>(
      world.test.db,
      sql`select user_id from audit_event where action = 'payment_voided' and (details->>'voidedPaymentId')::int = ${posted.paymentId}`,
    );
    expect(audit).toEqual({ user_id: lead.userId });
  });

  it("keeps a location-restricted holder to their locations, and other practices out", async () => {
    const restrictedLead = await world.practice.viewer(
      await world.practice.user({
        email: "tempe-lead@test.example",
        roles: ["Billing Admin", "Front Office Billing - EMR Access Restriction"],
        locationIds: [world.tempe],
      }),
    );
    const { posted } = await postedCheck(world.viewers.poster2);
    const before = await ledgerCounts(world);
    expect(await refusal(voidPayment(world.test.db, restrictedLead, posted.paymentId, "Not my clinic"))).toEqual({
      status: 403,
      field: "paymentId",
      message: `Payment ${posted.paymentId} is at a location outside yours; you can void only payments of your own locations.`,
    });
    const otherAdmin = await world.other.viewer(await world.other.user({ email: "void-other@other.example", roles: ["Billing Admin"] }));
    expect(await refusal(voidPayment(world.test.db, otherAdmin, posted.paymentId, "Not my practice"))).toMatchObject({ status: 404 });
    expect(await ledgerCounts(world)).toEqual(before);
  });
});
