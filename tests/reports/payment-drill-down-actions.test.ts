import type { Viewer } from "@/lib/access/viewer";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch } from "@/lib/posting/batch-state";
import { emrPaymentResponse } from "@/lib/posting/http";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import { paymentBalancingPayment } from "@/lib/reports/payment-balancing/drill-down";
import { buildWorld, closeWorld, EMR_TOKEN, type PostingWorld } from "../posting/world";

/* What the Payment Balancing drill-down offers (issue 24): Void and Apply, only to whom the posting layer allows. */

let world: PostingWorld;
let admin: Viewer;

beforeAll(async () => {
  world = await buildWorld();
  admin = await world.practice.viewer(await world.practice.user({ email: "drill-lead@test.example", roles: ["Billing Admin"] }));
});

afterAll(() => closeWorld(world));

const actionsOf = async (viewer: Viewer, paymentId: number) => (await paymentBalancingPayment(world.test.db, viewer, "standard", paymentId))!.actions;

async function unappliedCheck(batchNumber: string) {
  await createBatch(world.test.db, world.viewers.poster1, { batchNumber, depositDate: "2026-03-02", locationId: world.mesa });
  return (await postPayment(world.test.db, world.viewers.poster1, batchNumber, { payerId: world.aetna, method: "check", referenceNumber: batchNumber, amount: "50.00" })).paymentId;
}

describe("the drill-down's actions", () => {
  it("offers Void and Apply to the batch's poster and a Billing Admin, nothing to another poster", async () => {
    const check = await unappliedCheck("DD-1");
    expect(await actionsOf(world.viewers.poster1, check)).toEqual({ voided: null, mayVoid: true, mayApply: true });
    expect(await actionsOf(admin, check)).toEqual({ voided: null, mayVoid: true, mayApply: true });
    expect(await actionsOf(world.viewers.poster2, check)).toEqual({ voided: null, mayVoid: false, mayApply: false });
    expect(await actionsOf(world.viewers.auditor, check)).toEqual({ voided: null, mayVoid: false, mayApply: false });
  });

  it("offers Apply on an EMR collection to any poster, not once its batch is closed, and nothing once voided", async () => {
    const response = await emrPaymentResponse(
      world.test.db,
      new Request("http://localhost/api/integrations/emr/payments", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${EMR_TOKEN}` },
        body: JSON.stringify({ externalId: "FD-DD-1", locationCode: "MESA", patientMrn: "100234", amount: "25.00", method: "cash", collectedAt: "2026-03-03T09:15:00-07:00" }),
      }),
    );
    const { paymentId, batchNumber } = (await response.json()) as { paymentId: number; batchNumber: string };
    expect(await actionsOf(world.viewers.poster2, paymentId)).toEqual({ voided: null, mayVoid: false, mayApply: true });
    await closeBatch(world.test.db, admin, batchNumber);
    expect(await actionsOf(world.viewers.poster2, paymentId)).toEqual({ voided: null, mayVoid: false, mayApply: false });

    const check = await unappliedCheck("DD-2");
    const voided = await voidPayment(world.test.db, admin, check, "Keyed twice");
    expect(await actionsOf(admin, check)).toEqual({
      voided: { reversalPaymentId: voided.reversalPaymentId, postedAt: voided.postedAt, reason: "Keyed twice" },
      mayVoid: false,
      mayApply: false,
    });
    expect(await actionsOf(admin, voided.reversalPaymentId)).toEqual({ voided: null, mayVoid: false, mayApply: false });
  });
});
