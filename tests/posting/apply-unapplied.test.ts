import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { answeringFailures } from "@/lib/http/failures";
import { applyUnappliedMoney } from "@/lib/posting/apply-unapplied";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch } from "@/lib/posting/batch-state";
import { applyUnappliedResponse, emrPaymentResponse } from "@/lib/posting/http";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import { closeMonthDirectly } from "../support/closed-month";
import { buildWorld, closeWorld, EMR_TOKEN, ledgerCounts, refusal, type PostingWorld } from "./world";

/*
 * Applying a payment's unapplied money later (issue 24): lines are appended to the posted
 * payment, nothing posted is edited, and every refusal leaves the ledger as it was.
 */

let world: PostingWorld;
let admin: Viewer;
let mesaOnlyFrontDesk: Viewer;
let tempeOnlyFrontDesk: Viewer;

beforeAll(async () => {
  world = await buildWorld();
  admin = await world.practice.viewer(await world.practice.user({ email: "lead@test.example", name: "Lee Lead", roles: ["Billing Admin"] }));
  const restricted = "Front Office Billing - EMR Access Restriction" as const;
  mesaOnlyFrontDesk = await world.practice.viewer(
    await world.practice.user({ email: "mesa-desk@test.example", roles: [restricted], locationIds: [world.mesa] }),
  );
  tempeOnlyFrontDesk = await world.practice.viewer(
    await world.practice.user({ email: "tempe-desk@test.example", roles: [restricted], locationIds: [world.tempe] }),
  );
});

afterAll(() => closeWorld(world));

let sequence = 0;

/** A front-desk collection of $25.00 from Ana at Mesa, as the EMR sends it: unapplied. */
async function emrCollection(amount = "25.00"): Promise<number> {
  sequence += 1;
  const response = await emrPaymentResponse(
    world.test.db,
    new Request("http://localhost/api/integrations/emr/payments", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${EMR_TOKEN}` },
      body: JSON.stringify({
        externalId: `FD-APPLY-${sequence}`,
        locationCode: "MESA",
        patientMrn: "100234",
        amount,
        method: "cash",
        collectedAt: "2026-03-02T09:15:00-07:00",
      }),
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { paymentId: number }).paymentId;
}

/** poster1's Aetna check of $125.00 with $80.00 applied to a $104.00 charge: $45.00 unapplied. */
async function partlyAppliedCheck(viewer = world.viewers.poster1) {
  sequence += 1;
  const batch = await createBatch(world.test.db, viewer, { batchNumber: `AP-${sequence}`, depositDate: "2026-03-02", locationId: world.mesa });
  const charge = await world.charge(world.ana, 10400, "97110");
  const posted = await postPayment(world.test.db, viewer, batch.batchNumber, {
    payerId: world.aetna,
    method: "check",
    referenceNumber: `CHK-AP-${sequence}`,
    amount: "125.00",
    lines: [{ chargeId: charge, paid: "80.00" }],
  });
  return { batchNumber: batch.batchNumber, paymentId: posted.paymentId, charge };
}

function post(paymentId: number | string, body: unknown, viewer: Viewer | null = world.viewers.poster1, headers: Record<string, string> = {}) {
  return applyUnappliedResponse(
    world.test.db,
    viewer,
    new Request(`http://localhost/api/payments/${paymentId}/lines`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    String(paymentId),
  ).then(async (res) => ({ status: res.status, body: await res.json() }));
}

async function linesOf(paymentId: number) {
  return queryRows<Record<string, unknown>>(
    world.test.db,
    sql`select charge_id, paid_cents, adjustment_cents, patient_resp_cents from payment_line where payment_id = ${paymentId} order by id`,
  );
}

describe("applying an EMR collection later", () => {
  it("appends lines to the collection through POST /api/payments/<id>/lines and audits it", async () => {
    const paymentId = await emrCollection();
    const visit = await world.charge(world.ana, 10400, "97110");
    const evaluation = await world.charge(world.ana, 9600, "97161");

    const first = await post(paymentId, { lines: [{ chargeId: visit, paid: "15.00" }] });
    expect(first).toEqual({
      status: 201,
      body: {
        paymentId,
        batchNumber: "EMR-MESA-20260302",
        amount: "25.00",
        applied: "15.00",
        unapplied: "10.00",
        added: "15.00",
        addedLineCount: 1,
        lineCount: 1,
      },
    });
    // The rest later again, by another poster: the system's batch belongs to no one.
    const second = await post(paymentId, { lines: [{ chargeId: evaluation, paid: "10.00" }] }, world.viewers.poster2);
    expect(second.body).toMatchObject({ applied: "25.00", unapplied: "0.00", addedLineCount: 1, lineCount: 2 });

    expect(await linesOf(paymentId)).toEqual([
      { charge_id: visit, paid_cents: 1500, adjustment_cents: 0, patient_resp_cents: 0 },
      { charge_id: evaluation, paid_cents: 1000, adjustment_cents: 0, patient_resp_cents: 0 },
    ]);
    const [applied] = await queryRows<{ applied_cents: number; line_count: number }>(
      world.test.db,
      sql`select applied_cents, line_count from payment_applied where payment_id = ${paymentId}`,
    );
    expect(applied).toEqual({ applied_cents: 2500, line_count: 2 });
    const audits = await queryRows<{ user_id: number; details: { paymentId: number; addedCents: number; chargeIds: number[] } }>(
      world.test.db,
      sql`select user_id, details from audit_event where action = 'unapplied_money_applied' and (details->>'paymentId')::int = ${paymentId} order by id`,
    );
    expect(audits.map((a) => [a.user_id, a.details.addedCents, a.details.chargeIds])).toEqual([
      [world.poster1, 1500, [visit]],
      [world.poster2, 1000, [evaluation]],
    ]);
  });

  it("refuses more than is unapplied, another patient's charge, and more than a charge has open", async () => {
    const paymentId = await emrCollection("25.00");
    const small = await world.charge(world.ana, 1000, "97110");
    const bens = await world.charge(world.ben, 10400, "97110");
    const big = await world.charge(world.ana, 10400, "97140");
    const before = await ledgerCounts(world);
    expect(await post(paymentId, { lines: [{ chargeId: big, paid: "25.01" }] })).toEqual({
      status: 422,
      body: { error: `The lines apply $25.01, but payment ${paymentId} has only $25.00 unapplied.`, field: "lines" },
    });
    expect((await post(paymentId, { lines: [{ chargeId: bens, paid: "5.00" }] })).body).toEqual({
      error: "Line 1: charge 97110 on 2/20/2026 belongs to another patient, not to García, Ana (MRN 100234) who made this payment.",
      field: "lines.0.chargeId",
    });
    expect((await post(paymentId, { lines: [{ chargeId: small, paid: "10.01" }] })).body).toEqual({
      error: "Line 1: charge 97110 on 2/20/2026 has $10.00 open, but the line applies $10.01 (paid + adjustment + patient responsibility).",
      field: "lines.0.paid",
    });
    // The first line is fine, the second is not: neither is written.
    expect((await post(paymentId, { lines: [{ chargeId: small, paid: "5.00" }, { chargeId: 999_999, paid: "1.00" }] })).body).toEqual({
      error: "Line 2: charge 999999 is not in your practice.",
      field: "lines.1.chargeId",
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });
});

describe("who may apply a payment's money", () => {
  it("lets the batch's poster and a Billing Admin apply a check's rest, and no other poster", async () => {
    const { paymentId, batchNumber } = await partlyAppliedCheck();
    const next = await world.charge(world.ben, 5000, "97110");
    const before = await ledgerCounts(world);
    expect(await post(paymentId, { lines: [{ chargeId: next, paid: "20.00" }] }, world.viewers.poster2)).toEqual({
      status: 403,
      body: {
        error: `Payment ${paymentId} is in batch ${batchNumber}, which you did not create; only its poster or a Billing Admin can apply its money.`,
        field: "paymentId",
      },
    });
    expect((await post(paymentId, { lines: [{ chargeId: next, paid: "20.00" }] }, world.viewers.auditor)).status).toBe(403);
    expect((await post(paymentId, { lines: [{ chargeId: next, paid: "20.00" }] }, null)).status).toBe(401);
    expect(await ledgerCounts(world)).toEqual(before);

    // A payer's check pays any patient's charges, as when it was posted.
    expect((await post(paymentId, { lines: [{ chargeId: next, paid: "20.00" }] })).body).toMatchObject({ applied: "100.00", unapplied: "25.00" });
    expect((await post(paymentId, { lines: [{ chargeId: next, paid: "25.00" }] }, admin)).body).toMatchObject({
      applied: "125.00",
      unapplied: "0.00",
      lineCount: 3,
    });
  });

  it("keeps location-restricted posters to their locations: the payment and the charges", async () => {
    const paymentId = await emrCollection();
    const mesaCharge = await world.charge(world.ana, 10400, "97110");
    const tempeCharge = await world.practice.charge({
      patientId: world.ana,
      locationId: world.tempe,
      dateOfService: "2026-02-21",
      cptCode: "97110",
      billedCents: 10400,
    });
    expect(await post(paymentId, { lines: [{ chargeId: mesaCharge, paid: "5.00" }] }, tempeOnlyFrontDesk)).toEqual({
      status: 404,
      body: { error: `Payment ${paymentId} was not found in your practice.`, field: "paymentId" },
    });
    expect((await post(paymentId, { lines: [{ chargeId: tempeCharge, paid: "5.00" }] }, mesaOnlyFrontDesk)).body).toEqual({
      error: "Line 1: that charge is at a location outside yours.",
      field: "lines.0.chargeId",
    });
    expect((await post(paymentId, { lines: [{ chargeId: mesaCharge, paid: "5.00" }] }, mesaOnlyFrontDesk)).body).toMatchObject({
      applied: "5.00",
      unapplied: "20.00",
    });
  });
});

describe("what cannot be applied", () => {
  it("refuses a closed batch, a closed month, a voided payment and a reversal with 422/409", async () => {
    const closed = await partlyAppliedCheck();
    const charge = await world.charge(world.ana, 10400, "97140");
    await closeBatch(world.test.db, world.viewers.poster1, closed.batchNumber);
    expect(await post(closed.paymentId, { lines: [{ chargeId: charge, paid: "1.00" }] })).toEqual({
      status: 422,
      body: {
        error: `Batch ${closed.batchNumber} is closed: the money of its payments cannot be applied while it is closed. Ask a Billing Admin to reopen it.`,
        field: "batchNumber",
      },
    });

    const voided = await partlyAppliedCheck();
    const voiding = await voidPayment(world.test.db, world.viewers.poster1, voided.paymentId, "Wrong payer");
    expect(await post(voided.paymentId, { lines: [{ chargeId: charge, paid: "1.00" }] })).toEqual({
      status: 409,
      body: { error: `Payment ${voided.paymentId} was voided (reversal ${voiding.reversalPaymentId}); its money cannot be applied.`, field: "paymentId" },
    });
    expect((await post(voiding.reversalPaymentId, { lines: [{ chargeId: charge, paid: "1.00" }] })).body).toEqual({
      error: `Payment ${voiding.reversalPaymentId} is the void of payment ${voided.paymentId}; a reversal has nothing to apply.`,
      field: "paymentId",
    });

    const january = await createBatch(world.test.db, world.viewers.poster1, { batchNumber: "AP-JAN", depositDate: "2026-01-15", locationId: world.mesa });
    const posted = await postPayment(world.test.db, world.viewers.poster1, january.batchNumber, {
      payerId: world.aetna,
      method: "eft",
      referenceNumber: "EFT-JAN",
      amount: "30.00",
    });
    await closeMonthDirectly(world.test.db, world.practice.practiceId, "2026-01-01", world.poster1);
    expect(await post(posted.paymentId, { lines: [{ chargeId: charge, paid: "1.00" }] })).toEqual({
      status: 422,
      body: {
        error: `January 2026 is closed: payment ${posted.paymentId}, deposited in it, cannot be applied now. Ask a Billing Admin to reopen the month.`,
        field: "paymentId",
      },
    });
  });

  it("answers bad requests precisely and writes nothing", async () => {
    const paymentId = await emrCollection();
    const charge = await world.charge(world.ana, 10400, "97110");
    const before = await ledgerCounts(world);
    expect(await post(paymentId, '{"lines": [')).toEqual({ status: 400, body: { error: "The request body is not valid JSON.", field: null } });
    expect(await post(paymentId, { lines: [] })).toEqual({
      status: 422,
      body: { error: "Choose at least one charge and the amount to apply to it.", field: "lines" },
    });
    expect(await post(paymentId, { lines: [{ chargeId: charge, paid: "-1.00" }] })).toEqual({
      status: 422,
      body: { error: "Line 1: Paid cannot be negative.", field: "lines.0.paid" },
    });
    expect(await post(paymentId, { lines: [{ chargeId: charge, paid: "1.00" }, { chargeId: charge, paid: "2.00" }] })).toEqual({
      status: 422,
      body: { error: "Line 2: This charge is already on line 1.", field: "lines.1.chargeId" },
    });
    expect(await post("abc", { lines: [{ chargeId: charge, paid: "1.00" }] })).toEqual({
      status: 404,
      body: { error: "Payment abc was not found in your practice.", field: "paymentId" },
    });
    expect(await post(999_999, { lines: [{ chargeId: charge, paid: "1.00" }] })).toEqual({
      status: 404,
      body: { error: "Payment 999999 was not found in your practice.", field: "paymentId" },
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("applies once for a retried Idempotency-Key, and once when two apply the last money at the same time", async () => {
    const paymentId = await emrCollection("10.00");
    const charge = await world.charge(world.ana, 10400, "97110");
    const headers = { "idempotency-key": "apply-retry-1" };
    const first = await post(paymentId, { lines: [{ chargeId: charge, paid: "4.00" }] }, world.viewers.poster1, headers);
    const retry = await post(paymentId, { lines: [{ chargeId: charge, paid: "4.00" }] }, world.viewers.poster1, headers);
    expect(retry).toEqual(first);
    const [a, b] = await Promise.allSettled([
      applyUnappliedMoney(world.test.db, world.viewers.poster1, paymentId, { lines: [{ chargeId: charge, paid: "6.00" }] }),
      applyUnappliedMoney(world.test.db, world.viewers.poster2, paymentId, { lines: [{ chargeId: charge, paid: "6.00" }] }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = (a.status === "rejected" ? a : b) as PromiseRejectedResult;
    expect(await refusal(Promise.reject(rejected.reason))).toMatchObject({ status: 422, field: "lines" });
    expect((await linesOf(paymentId)).map((line) => line.paid_cents)).toEqual([400, 600]);
  });

  it("answers 503 with Retry-After when the database is not answering, as the route wraps it", async () => {
    const down = {
      transaction: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      },
    } as unknown as Database;
    const route = answeringFailures("apply unapplied money", (request: Request) => applyUnappliedResponse(down, world.viewers.poster1, request, "41"));
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    const response = await route(
      new Request("http://localhost/api/payments/41/lines", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lines: [{ chargeId: 1, paid: "1.00" }] }),
      }),
    );
    spy.mockRestore();
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ error: expect.stringMatching(/database/i) });
  });
});
