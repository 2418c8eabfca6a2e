import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch, reopenBatch } from "@/lib/posting/batch-state";
import { createBatchResponse, emrPaymentResponse, postPaymentResponse } from "@/lib/posting/http";
import { postPayment } from "@/lib/posting/payments";
import { closeMonthDirectly } from "../support/closed-month";
import { buildWorld, closeWorld, EMR_TOKEN, ledgerCounts, refusal, type PostingWorld } from "./world";

/*
 * A closed month (issue 23) is refused by every entry point: the posting service (what the form's
 * server actions call), the JSON API, the EMR endpoint and a raw INSERT, which the database
 * itself refuses. A late EMR collection goes to the first open day instead. The months are
 * closed here by writing the lock directly (tests/support/closed-month.ts): January 2026, and
 * February 2026 for the late collections.
 */

let world: PostingWorld;
let admin: Viewer;
/** poster1's batch of January 20, open, made before January was closed. */
let januaryBatch: { batchId: number; batchNumber: string };
/** poster1's batch of March 2, in an open month. */
let marchBatch: { batchId: number; batchNumber: string };

const JANUARY_CLOSED = "January 2026 is closed: nothing can be posted with a deposit date in it. Post with a date in an open month, or ask a Billing Admin to reopen it.";

beforeAll(async () => {
  world = await buildWorld();
  const adminId = await world.practice.user({ email: "admin@test.example", roles: ["Billing Admin"] });
  admin = await world.practice.viewer(adminId);
  januaryBatch = await createBatch(world.test.db, world.viewers.poster1, {
    batchNumber: "JAN-1",
    depositDate: "2026-01-20",
    locationId: world.mesa,
  });
  marchBatch = await createBatch(world.test.db, world.viewers.poster1, {
    batchNumber: "MAR-1",
    depositDate: "2026-03-02",
    locationId: world.mesa,
  });
  await closeMonthDirectly(world.test.db, world.practice.practiceId, "2026-01-01", adminId);
  await closeMonthDirectly(world.test.db, world.practice.practiceId, "2026-02-01", adminId);
});

afterAll(() => closeWorld(world));

function request(body: unknown): Request {
  return new Request("http://localhost/api/test", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function answer(response: Promise<Response>) {
  const res = await response;
  return { status: res.status, body: await res.json() };
}

const cashFromAna = (extra: Record<string, unknown> = {}) => ({ patientId: world.ana, method: "cash" as const, amount: "30.00", ...extra });

describe("posting into a closed month", () => {
  it("is refused by the posting service: a new batch, a payment into the month's open batch (a payment dated off its batch is refused anyway)", async () => {
    const before = await ledgerCounts(world);
    expect(
      await refusal(createBatch(world.test.db, world.viewers.poster1, { batchNumber: "JAN-2", depositDate: "2026-01-31", locationId: world.mesa })),
    ).toEqual({ status: 422, field: "depositDate", message: JANUARY_CLOSED });
    expect(await refusal(postPayment(world.test.db, world.viewers.poster1, januaryBatch.batchNumber, cashFromAna()))).toEqual({
      status: 422,
      field: "depositDate",
      message: JANUARY_CLOSED,
    });
    expect(
      await refusal(
        postPayment(world.test.db, world.viewers.poster1, marchBatch.batchNumber, cashFromAna({ depositDate: "2026-01-05" })),
      ),
    ).toEqual({
      status: 422,
      field: "depositDate",
      message:
        "Batch MAR-1 has deposit date 3/2/2026: a payment posted into it has the batch's deposit date. Leave depositDate out, or post into a batch of the date you mean.",
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("is refused by the JSON API with the same 422", async () => {
    expect(
      await answer(createBatchResponse(world.test.db, world.viewers.poster1, request({ depositDate: "2026-01-31", locationId: world.mesa }))),
    ).toEqual({ status: 422, body: { error: JANUARY_CLOSED, field: "depositDate" } });
    expect(
      await answer(postPaymentResponse(world.test.db, world.viewers.poster1, request(cashFromAna()), januaryBatch.batchNumber)),
    ).toEqual({ status: 422, body: { error: JANUARY_CLOSED, field: "depositDate" } });
  });

  it("is refused by the database itself for raw INSERTs of a payment, a line and a batch (SQLSTATE PB001)", async () => {
    const payment = world.practice.payment({
      batchId: marchBatch.batchId,
      postedBy: world.poster1,
      locationId: world.mesa,
      amountCents: 3000,
      postedAt: "2026-03-02T10:00:00-07:00",
      depositDate: "2026-01-15",
      patientId: world.ana,
      method: "cash",
    });
    await expect(payment).rejects.toMatchObject({ cause: expect.objectContaining({ code: "PB001", detail: "2026-01" }) });
    const batch = world.practice.batch({ batchNumber: "RAW-JAN", depositDate: "2026-01-02", createdBy: world.poster1 });
    await expect(batch).rejects.toMatchObject({ cause: expect.objectContaining({ code: "PB001" }) });
  });

  it("keeps the month's batches closed: a Billing Admin cannot reopen one until the month is reopened", async () => {
    await closeBatch(world.test.db, world.viewers.poster1, januaryBatch.batchNumber);
    expect(await refusal(reopenBatch(world.test.db, admin, januaryBatch.batchNumber, "One more check"))).toEqual({
      status: 422,
      field: "batchNumber",
      message: "Batch JAN-1 is in January 2026, which is closed; reopen the month before the batch.",
    });
  });
});

function collect(body: Record<string, unknown>) {
  return answer(
    emrPaymentResponse(
      world.test.db,
      new Request("http://localhost/api/integrations/emr/payments", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${EMR_TOKEN}` },
        body: JSON.stringify({ locationCode: "MESA", patientMrn: "100234", amount: "25.00", method: "cash", ...body }),
      }),
    ),
  );
}

async function emrPayment(externalId: string) {
  const [row] = await queryRows<Record<string, unknown>>(
    world.test.db,
    sql`select b.batch_number, b.deposit_date::text as batch_deposit_date, p.deposit_date::text as deposit_date, p.note,
               to_char(p.posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as posted_at_utc, p.amount_cents
          from payment p join batch b on b.id = p.batch_id where p.external_id = ${externalId}`,
  );
  return row;
}

describe("a late EMR collection for a closed month", () => {
  it("posts into the first open day, and its payment says when it was collected and which month is closed", async () => {
    // Collected on February 27 (closed, and January before it): March 1 is the first open day.
    const late = await collect({ externalId: "FD-LATE-1", collectedAt: "2026-02-27T10:00:00-07:00" });
    expect(late).toEqual({ status: 201, body: { paymentId: expect.any(Number), batchNumber: "EMR-MESA-20260301" } });
    expect(await emrPayment("FD-LATE-1")).toEqual({
      batch_number: "EMR-MESA-20260301",
      batch_deposit_date: "2026-03-01",
      deposit_date: "2026-03-01",
      note: "Collected 2026-02-27; February 2026 is closed",
      // The posting time stays the collection's own.
      posted_at_utc: "2026-02-27T17:00:00Z",
      amount_cents: 2500,
    });
    // Sent again, it is the same payment: 200, nothing posted twice.
    expect(await collect({ externalId: "FD-LATE-1", collectedAt: "2026-02-27T10:00:00-07:00" })).toEqual({ status: 200, body: late.body });
    // Collected in January: February is closed too, so March 1 again.
    expect(await collect({ externalId: "FD-LATE-2", collectedAt: "2026-01-31T16:59:00-07:00" })).toMatchObject({
      status: 201,
      body: { batchNumber: "EMR-MESA-20260301" },
    });
    expect(await emrPayment("FD-LATE-2")).toMatchObject({ deposit_date: "2026-03-01", note: "Collected 2026-01-31; January 2026 is closed" });
    // A collection of an open day has no note.
    await collect({ externalId: "FD-ON-TIME", collectedAt: "2026-03-03T09:00:00-07:00" });
    expect(await emrPayment("FD-ON-TIME")).toMatchObject({ deposit_date: "2026-03-03", batch_number: "EMR-MESA-20260303", note: null });
  });

  it("goes into EMR-<location>-<date>-2 once the day's integration batch is closed", async () => {
    await closeBatch(world.test.db, admin, "EMR-MESA-20260303");
    expect(await collect({ externalId: "FD-AFTER-CLOSE", collectedAt: "2026-03-03T15:00:00-07:00" })).toMatchObject({
      status: 201,
      body: { batchNumber: "EMR-MESA-20260303-2" },
    });
    expect(await emrPayment("FD-AFTER-CLOSE")).toMatchObject({ deposit_date: "2026-03-03", batch_deposit_date: "2026-03-03" });
  });
});
