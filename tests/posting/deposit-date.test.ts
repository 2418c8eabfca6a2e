import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createBatch } from "@/lib/posting/batches";
import { closedPeriodError } from "@/lib/posting/closed-period";
import { postPaymentResponse } from "@/lib/posting/http";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import { buildWorld, closeWorld, ledgerCounts, refusal, type PostingWorld } from "./world";

/*
 * A payment's deposit date is its batch's (issue 24). The posting service and the JSON API
 * take the batch's date when depositDate is left out and refuse another one (422); the database
 * refuses a manual payment dated off its batch (migration 0008, SQLSTATE PB003), whoever
 * writes it, and a batch's date moved away from its manual payments'.
 */

let world: PostingWorld;
/** poster1's batch of March 2, 2026 at Mesa. */
let batch: { batchId: number; batchNumber: string };

const OFF_DATE =
  "Batch DEP-1 has deposit date 3/2/2026: a payment posted into it has the batch's deposit date. Leave depositDate out, or post into a batch of the date you mean.";

beforeAll(async () => {
  world = await buildWorld();
  batch = await createBatch(world.test.db, world.viewers.poster1, { batchNumber: "DEP-1", depositDate: "2026-03-02", locationId: world.mesa });
});

afterAll(() => closeWorld(world));

const cash = (extra: Record<string, unknown> = {}) => ({ patientId: world.ana, method: "cash" as const, amount: "30.00", ...extra });

function request(body: unknown): Request {
  return new Request("http://localhost/api/test", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function depositDateOf(paymentId: number): Promise<string> {
  const [row] = await queryRows<{ deposit_date: string }>(
    world.test.db,
    sql`select deposit_date::text as deposit_date from payment where id = ${paymentId}`,
  );
  return row!.deposit_date;
}

describe("a payment's deposit date is its batch's", () => {
  it("takes the batch's date when depositDate is left out, and accepts the batch's own date", async () => {
    const omitted = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cash());
    expect(omitted.depositDate).toBe("2026-03-02");
    expect(await depositDateOf(omitted.paymentId)).toBe("2026-03-02");
    const same = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cash({ depositDate: "2026-03-02" }));
    expect(await depositDateOf(same.paymentId)).toBe("2026-03-02");
  });

  it("refuses another date in the posting service and the JSON API with a 422 naming the batch's date, writing nothing", async () => {
    const before = await ledgerCounts(world);
    expect(await refusal(postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cash({ depositDate: "2026-02-27" })))).toEqual({
      status: 422,
      field: "depositDate",
      message: OFF_DATE,
    });
    const response = await postPaymentResponse(world.test.db, world.viewers.poster1, request(cash({ depositDate: "2026-03-01" })), batch.batchNumber);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: OFF_DATE, field: "depositDate" });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("is refused by the database for a raw INSERT of a manual payment dated off its batch (PB003), answered as the same 422", async () => {
    const error = await world.practice
      .payment({
        batchId: batch.batchId,
        postedBy: world.poster1,
        locationId: world.mesa,
        amountCents: 3000,
        postedAt: "2026-03-02T10:00:00-07:00",
        depositDate: "2026-03-03",
        patientId: world.ana,
        method: "cash",
      })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toMatchObject({ cause: expect.objectContaining({ code: "PB003", detail: "DEP-1 2026-03-02" }) });
    expect(closedPeriodError(error)).toMatchObject({ status: 422, field: "depositDate", message: OFF_DATE });
  });

  it("refuses one off-date row among many in one statement, and leaves ERA and EMR payments to the system's own dating", async () => {
    const { batchId } = batch;
    const p = world.practice.practiceId;
    const insert = (dates: string[], source: string) =>
      world.test.db.execute(sql`insert into payment (practice_id, batch_id, location_id, patient_id, method, amount_cents, deposit_date, posted_by, source)
        select ${p}, ${batchId}, ${world.mesa}, ${world.ana}, 'cash', 100, d::date, ${world.poster1}, ${source}::payment_source
          from unnest(${`{${dates.join(",")}}`}::text[]) d`);
    const before = await ledgerCounts(world);
    await expect(insert(["2026-03-02", "2026-03-02", "2026-04-01"], "manual")).rejects.toMatchObject({
      cause: expect.objectContaining({ code: "PB003" }),
    });
    expect(await ledgerCounts(world)).toEqual(before);
    await insert(["2026-03-02", "2026-04-01"], "emr_integration");
    expect((await ledgerCounts(world)).payments).toBe(before.payments + 2);
  });

  it("refuses moving a batch's date away from its manual payments' (PB003); an empty batch's date may move", async () => {
    const empty = await createBatch(world.test.db, world.viewers.poster1, { batchNumber: "DEP-EMPTY", depositDate: "2026-03-04", locationId: world.mesa });
    await world.test.db.execute(sql`update batch set deposit_date = '2026-03-05' where id = ${empty.batchId}`);
    await expect(world.test.db.execute(sql`update batch set deposit_date = '2026-03-05' where id = ${batch.batchId}`)).rejects.toMatchObject({
      cause: expect.objectContaining({ code: "PB003", detail: "DEP-1 2026-03-02" }),
    });
  });

  it("holds for a void's reversal into the open batch: it takes the batch's date", async () => {
    const posted = await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cash({ amount: "12.00" }));
    const voided = await voidPayment(world.test.db, world.viewers.poster1, posted.paymentId, "Keyed twice");
    expect(voided).toMatchObject({ batchNumber: "DEP-1", depositDate: "2026-03-02", amountCents: -1200 });
    expect(await depositDateOf(voided.reversalPaymentId)).toBe("2026-03-02");
  });
});
