import { DateTime } from "luxon";
import { createBatch } from "@/lib/posting/batches";
import { findDuplicatePayments } from "@/lib/posting/duplicates";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import { buildWorld, closeWorld, refusal, type PostingWorld } from "./world";

/*
 * The duplicate warning's check (issue 24): earlier payments of the same payer (or patient),
 * reference number and amount, posted in the practice in the last 90 days (practice timezone).
 */

let world: PostingWorld;
let batch: { batchId: number; batchNumber: string };
let today: string;

beforeAll(async () => {
  world = await buildWorld();
  today = DateTime.now().setZone("America/Phoenix").toISODate()!;
  batch = await createBatch(world.test.db, world.viewers.poster1, { batchNumber: "DUP-1", depositDate: today, locationId: world.mesa });
});

afterAll(() => closeWorld(world));

const check = (referenceNumber: string, amount: string, payerId = world.aetna) => ({
  payerId,
  method: "check" as const,
  referenceNumber,
  amount,
});

/** An older payment written straight into its own batch, posted at `postedAt` (Phoenix). */
async function postedEarlier(referenceNumber: string, amountCents: number, postedAt: DateTime): Promise<number> {
  const depositDate = postedAt.toISODate()!;
  const batchId = await world.practice.batch({
    batchNumber: `OLD-${referenceNumber}-${postedAt.toFormat("yyyyMMddHHmm")}`,
    depositDate,
    createdBy: world.poster2,
    locationId: world.mesa,
  });
  return world.practice.payment({
    batchId,
    postedBy: world.poster2,
    locationId: world.mesa,
    payerId: world.aetna,
    referenceNumber,
    amountCents,
    postedAt: postedAt.toISO()!,
    depositDate,
  });
}

describe("finding a duplicate before posting", () => {
  it("finds the earlier payment of the same payer, reference and amount, with links to its batch and lines", async () => {
    const first = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, check("5001", "125.00"));
    const found = await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5001", "125.00"));
    expect(found).toEqual([
      {
        paymentId: first.paymentId,
        batchNumber: "DUP-1",
        payerName: "Aetna",
        patientName: null,
        referenceNumber: "5001",
        amountCents: 12500,
        depositDate: today,
        postedAt: first.postedAt,
        postedByName: "Pat Poster",
        batchHref: `/payments/balancing?by=posting&from=${today}&to=${today}&batch=DUP-1`,
        paymentHref: `/payments/my-activity/batches/DUP-1?payment=${first.paymentId}`,
      },
    ]);
    // Another poster is warned too; the lines link is only for who posted it.
    const forPoster2 = await findDuplicatePayments(world.test.db, world.viewers.poster2, check("5001", "125.00"));
    expect(forPoster2.map((row) => [row.paymentId, row.paymentHref])).toEqual([[first.paymentId, null]]);
  });

  it("is no duplicate with another payer, reference or amount, or without a reference number", async () => {
    await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, check("5002", "50.00"));
    expect(await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5002", "50.01"))).toEqual([]);
    expect(await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5003", "50.00"))).toEqual([]);
    expect(await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5002", "50.00", world.medicare))).toEqual([]);
    await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, { patientId: world.ana, method: "cash", amount: "30.00" });
    expect(await findDuplicatePayments(world.test.db, world.viewers.poster1, { patientId: world.ana, method: "cash", amount: "30.00" })).toEqual([]);
  });

  it("does not count a voided payment or its reversal: re-keying a voided check is the fix", async () => {
    const posted = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, check("5004", "75.00"));
    await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Wrong amount keyed");
    expect(await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5004", "75.00"))).toEqual([]);
  });

  it("looks back 90 days from the start of the day in the practice's timezone", async () => {
    const startOfWindow = DateTime.fromISO(today, { zone: "America/Phoenix" }).minus({ days: 90 });
    const inside = await postedEarlier("5005", 9900, startOfWindow.plus({ minutes: 1 }));
    await postedEarlier("5005", 9900, startOfWindow.minus({ minutes: 1 }));
    const found = await findDuplicatePayments(world.test.db, world.viewers.poster1, check("5005", "99.00"));
    expect(found.map((row) => row.paymentId)).toEqual([inside]);
    expect(found[0]).toMatchObject({ postedByName: "Sam Poster", paymentHref: null });
  });

  it("asks the same questions of the input as posting does", async () => {
    expect(await refusal(findDuplicatePayments(world.test.db, world.viewers.poster1, check("", "10.00")))).toMatchObject({
      status: 422,
      field: "referenceNumber",
    });
    expect(await refusal(findDuplicatePayments(world.test.db, world.viewers.auditor, check("5001", "125.00")))).toMatchObject({ status: 403 });
  });
});
