import { todayIn } from "@/lib/dates";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch } from "@/lib/posting/batch-state";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import { myActivityBatches } from "@/lib/reports/my-activity/batches";
import { myActivityBatchByCheck } from "@/lib/reports/my-activity/by-check";
import { buildWorld, closeWorld, type PostingWorld } from "./world";

/** What the poster posts through lib/posting is what My Payment Activity reports, to the cent. */

let world: PostingWorld;
let checkId: number;

beforeAll(async () => {
  world = await buildWorld();
  const poster = world.viewers.poster1;
  await createBatch(world.test.db, poster, {
    batchNumber: "MA-1",
    depositDate: "2026-03-02",
    locationId: world.mesa,
    controlTotal: "300.00",
  });
  const evaluation = await world.charge(world.ana, 10400, "97110");
  const manual = await world.charge(world.ben, 9600, "97140");
  const neuro = await world.charge(world.ana, 5000, "97112");
  checkId = (
    await postPayment(world.test.db, poster, "MA-1", {
      payerId: world.aetna,
      method: "check",
      referenceNumber: "1001",
      amount: "125.00",
      lines: [
        { chargeId: evaluation, paid: "80.00", adjustment: "20.00", adjustmentReason: "CO-45", patientResp: "4.00" },
        { chargeId: manual, paid: "45.00", adjustment: "51.00", adjustmentReason: "CO-45" },
      ],
    })
  ).paymentId;
  await postPayment(world.test.db, poster, "MA-1", {
    patientId: world.ana,
    method: "cash",
    amount: "30.00",
    lines: [{ chargeId: neuro, paid: "25.00" }],
  });
  await postPayment(world.test.db, poster, "MA-1", {
    payerId: world.medicare,
    method: "eft",
    referenceNumber: "EFT1",
    amount: "100.00",
  });
});

afterAll(() => closeWorld(world));

describe("My Payment Activity over payments posted in the app", () => {
  it("shows the batch with its posted, applied and unapplied totals against the control total", async () => {
    const report = await myActivityBatches(world.test.db, world.viewers.poster1, {
      by: "deposit",
      kind: "range",
      from: "2026-03-02",
      to: "2026-03-02",
    });
    // 125 + 30 + 100 posted; 125 + 25 applied; 300 - 255 = 45 short of the slip.
    expect(report.rows).toEqual([
      expect.objectContaining({
        batchNumber: "MA-1",
        depositDate: "2026-03-02",
        payments: 3,
        postedTotalCents: 25500,
        appliedCents: 15000,
        unappliedCents: 10500,
        controlTotalCents: 30000,
        differenceCents: 4500,
        status: "Out of balance",
      }),
    ]);
    const byCheck = await myActivityBatchByCheck(world.test.db, world.viewers.poster1, "MA-1");
    expect(byCheck!.rows.map((row) => [row.reference, row.amountCents, row.appliedCents, row.unappliedCents])).toEqual([
      ["EFT1", 10000, 0, 10000],
      ["Cash", 3000, 2500, 500],
      ["1001", 12500, 12500, 0],
    ]);
    const other = await myActivityBatches(world.test.db, world.viewers.poster2, {
      by: "deposit",
      kind: "range",
      from: "2026-03-02",
      to: "2026-03-02",
    });
    expect(other.rows).toEqual([]);
  });

  it("shows a void of a closed batch on the day it was made, and leaves the original batch's totals alone", async () => {
    const today = todayIn("America/Phoenix");
    // Closed, the batch keeps its totals: the reversal goes into the voider's batch of today.
    await closeBatch(world.test.db, world.viewers.poster1, "MA-1");
    const voided = await voidPayment(world.test.db, world.viewers.poster1, checkId, "Wrong patient");
    const onVoidDay = await myActivityBatches(world.test.db, world.viewers.poster1, {
      by: "deposit",
      kind: "range",
      from: today,
      to: today,
    });
    expect(onVoidDay.rows).toEqual([
      expect.objectContaining({
        batchNumber: voided.batchNumber,
        depositDate: today,
        payments: 1,
        postedTotalCents: -12500,
        appliedCents: -12500,
        unappliedCents: 0,
      }),
    ]);
    const original = await myActivityBatches(world.test.db, world.viewers.poster1, {
      by: "deposit",
      kind: "batch",
      batch: "MA-1",
    });
    expect(original.rows[0]).toMatchObject({ postedTotalCents: 25500, appliedCents: 15000, batchState: "closed" });
  });
});
