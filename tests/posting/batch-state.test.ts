import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { createBatch } from "@/lib/posting/batches";
import { batchStateView, closeBatch, reopenBatch } from "@/lib/posting/batch-state";
import { closeBatchResponse, postPaymentResponse, reopenBatchResponse } from "@/lib/posting/http";
import { postPayment } from "@/lib/posting/payments";
import { buildWorld, closeWorld, ledgerCounts, refusal, type PostingWorld } from "./world";

/*
 * Closing and reopening batches (issue 23): who may, what each writes, and that nothing can be
 * posted into a closed batch, through the service, the JSON API or raw SQL.
 */

let world: PostingWorld;
let admin: Viewer;
let adminId: number;

beforeAll(async () => {
  world = await buildWorld();
  adminId = await world.practice.user({ email: "admin@test.example", name: "Ada Admin", roles: ["Billing Admin"] });
  admin = await world.practice.viewer(adminId);
});

afterAll(() => closeWorld(world));

let sequence = 0;
async function newBatch(viewer = world.viewers.poster1) {
  sequence += 1;
  return createBatch(world.test.db, viewer, {
    batchNumber: `S-${sequence}`,
    depositDate: "2026-03-02",
    locationId: world.mesa,
    controlTotal: "50.00",
  });
}

const cashFromAna = () => ({ patientId: world.ana, method: "cash" as const, amount: "50.00" });

function request(body?: unknown): Request {
  return new Request("http://localhost/api/batches/x/close", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function answer(response: Promise<Response>) {
  const res = await response;
  return { status: res.status, body: await res.json() };
}

async function stateOf(batchId: number) {
  const [row] = await queryRows<{ closed_by: number | null; closed: boolean; changes: unknown }>(
    world.test.db,
    sql`select b.closed_by, b.closed_at is not null as closed,
               (select coalesce(json_agg(json_build_array(c.state, c.reason, c.changed_by) order by c.id), '[]'::json)
                  from batch_state_change c where c.batch_id = b.id) as changes
          from batch b where b.id = ${batchId}`,
  );
  return row!;
}

describe("closing and reopening a batch", () => {
  it("lets the batch's poster close it, once, recorded with who and when and audited", async () => {
    const batch = await newBatch();
    const closed = await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    expect(closed).toEqual({ batchNumber: batch.batchNumber, state: "closed", changedAt: expect.any(String), reason: null });
    expect(await stateOf(batch.batchId)).toEqual({ closed_by: world.poster1, closed: true, changes: [["closed", null, world.poster1]] });
    const [audit] = await queryRows<{ user_id: number; details: unknown }>(
      world.test.db,
      sql`select user_id, details from audit_event where action = 'batch_closed' and (details->>'batchId')::int = ${batch.batchId}`,
    );
    expect(audit).toEqual({
      user_id: world.poster1,
      details: { batchId: batch.batchId, batchNumber: batch.batchNumber, depositDate: "2026-03-02" },
    });
    const again = await refusal(closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber));
    expect(again).toMatchObject({ status: 409, field: "batchNumber" });
    expect(again.message).toMatch(new RegExp(`^Batch ${batch.batchNumber} is already closed \\(.* by Pat Poster\\)\\.$`));
  });

  it("refuses another poster and an auditor; a Billing Admin closes any batch of the practice", async () => {
    const batch = await newBatch();
    expect(await refusal(closeBatch(world.test.db, world.viewers.poster2, batch.batchNumber))).toEqual({
      status: 403,
      field: "batchNumber",
      message: `Batch ${batch.batchNumber} is not yours; you can close only batches you created. A Billing Admin can close any batch.`,
    });
    expect(await refusal(closeBatch(world.test.db, world.viewers.auditor, batch.batchNumber))).toMatchObject({ status: 403 });
    expect(await refusal(closeBatch(world.test.db, world.viewers.poster1, "NO-SUCH"))).toEqual({
      status: 404,
      field: "batchNumber",
      message: "Batch NO-SUCH was not found in your practice.",
    });
    expect((await stateOf(batch.batchId)).closed).toBe(false);
    await closeBatch(world.test.db, admin, batch.batchNumber);
    expect(await stateOf(batch.batchId)).toEqual({ closed_by: adminId, closed: true, changes: [["closed", null, adminId]] });
  });

  it("reopens only for a Billing Admin, only with a reason, only when closed", async () => {
    const batch = await newBatch();
    expect(await refusal(reopenBatch(world.test.db, admin, batch.batchNumber, "Not closed yet"))).toEqual({
      status: 409,
      field: "batchNumber",
      message: `Batch ${batch.batchNumber} is already open.`,
    });
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    expect(await refusal(reopenBatch(world.test.db, world.viewers.poster1, batch.batchNumber, "Forgot one"))).toEqual({
      status: 403,
      field: "batchNumber",
      message: "Only a Billing Admin can reopen a closed batch.",
    });
    expect(await refusal(reopenBatch(world.test.db, admin, batch.batchNumber, "  "))).toEqual({
      status: 422,
      field: "reason",
      message: "Say why the batch is reopened.",
    });
    const reopened = await reopenBatch(world.test.db, admin, batch.batchNumber, " A check was left out ");
    expect(reopened).toEqual({ batchNumber: batch.batchNumber, state: "open", changedAt: expect.any(String), reason: "A check was left out" });
    expect(await stateOf(batch.batchId)).toEqual({
      closed_by: null,
      closed: false,
      changes: [
        ["closed", null, world.poster1],
        ["open", "A check was left out", adminId],
      ],
    });
    const [audit] = await queryRows<{ details: unknown }>(
      world.test.db,
      sql`select details from audit_event where action = 'batch_reopened' and (details->>'batchId')::int = ${batch.batchId}`,
    );
    expect(audit!.details).toEqual({
      batchId: batch.batchId,
      batchNumber: batch.batchNumber,
      depositDate: "2026-03-02",
      reason: "A check was left out",
    });
    // Reopened, the poster posts into it again.
    await postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cashFromAna());
  });

  it("closes once when the poster and an admin close the same batch at the same moment", async () => {
    const batch = await newBatch();
    const results = await Promise.allSettled([
      closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber),
      closeBatch(world.test.db, admin, batch.batchNumber),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((result) => result.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect((await stateOf(batch.batchId)).changes).toHaveLength(1);
  });
});

describe("a batch's state as its screens show it", () => {
  it("says what each viewer may do: the poster and an admin close, only the admin reopens; another practice's batch is unknown", async () => {
    const batch = await newBatch();
    expect(await batchStateView(world.test.db, world.viewers.poster1, batch.batchNumber)).toEqual({
      batchNumber: batch.batchNumber,
      closedAt: null,
      mayClose: true,
      mayReopen: false,
    });
    expect(await batchStateView(world.test.db, world.viewers.poster2, batch.batchNumber)).toMatchObject({ mayClose: false, mayReopen: false });
    expect(await batchStateView(world.test.db, world.viewers.auditor, batch.batchNumber)).toMatchObject({ mayClose: false, mayReopen: false });
    const closed = await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    expect(await batchStateView(world.test.db, admin, batch.batchNumber)).toEqual({
      batchNumber: batch.batchNumber,
      closedAt: closed.changedAt,
      mayClose: true,
      mayReopen: true,
    });
    const otherAdmin = await world.other.viewer((await world.other.user({ email: "admin2@other.example", roles: ["Billing Admin"] })));
    expect(await batchStateView(world.test.db, otherAdmin, batch.batchNumber)).toBeNull();
  });
});

describe("posting into a closed batch", () => {
  it("is refused by the service with a 422 naming the batch, and nothing is written", async () => {
    const batch = await newBatch();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    const before = await ledgerCounts(world);
    expect(await refusal(postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cashFromAna()))).toEqual({
      status: 422,
      field: "batchNumber",
      message: `Batch ${batch.batchNumber} is closed: nothing more can be posted into it. Post into an open batch, or ask a Billing Admin to reopen it.`,
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("lands before the close or not at all when a posting and a close meet", async () => {
    for (let round = 0; round < 5; round++) {
      const batch = await newBatch();
      const [posting, closing] = await Promise.allSettled([
        postPayment(world.test.db, world.viewers.poster1, batch.batchNumber, cashFromAna()),
        closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber),
      ]);
      expect(closing.status).toBe("fulfilled");
      if (posting.status === "rejected") expect(posting.reason).toMatchObject({ status: 422, field: "batchNumber" });
      const [late] = await queryRows<{ n: number }>(
        world.test.db,
        sql`select count(*)::int as n from payment p join batch b on b.id = p.batch_id
             where b.id = ${batch.batchId} and p.posted_at > b.closed_at`,
      );
      expect(late!.n).toBe(0);
    }
  });

  it("is refused by the JSON API with the same 422", async () => {
    const batch = await newBatch();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    const posted = await answer(
      postPaymentResponse(world.test.db, world.viewers.poster1, request({ patientId: world.ana, method: "cash", amount: "50.00" }), batch.batchNumber),
    );
    expect(posted).toEqual({
      status: 422,
      body: {
        error: `Batch ${batch.batchNumber} is closed: nothing more can be posted into it. Post into an open batch, or ask a Billing Admin to reopen it.`,
        field: "batchNumber",
      },
    });
  });

  it("is refused by the database itself for a raw INSERT (SQLSTATE PB002)", async () => {
    const batch = await newBatch();
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    const insert = world.practice.payment({
      batchId: batch.batchId,
      postedBy: world.poster1,
      locationId: world.mesa,
      amountCents: 5000,
      postedAt: "2026-03-02T10:00:00-07:00",
      depositDate: "2026-03-02",
      patientId: world.ana,
      method: "cash",
    });
    await expect(insert).rejects.toMatchObject({ cause: expect.objectContaining({ code: "PB002", detail: batch.batchNumber }) });
  });
});

describe("POST /api/batches/<n>/close and /reopen", () => {
  it("closes with {} or no body (200), 409 the second time, 400 for fields, 401 signed out, 403 for another poster", async () => {
    const batch = await newBatch();
    expect(await answer(closeBatchResponse(world.test.db, world.viewers.poster1, request({ reason: "x" }), batch.batchNumber))).toEqual({
      status: 400,
      body: { error: "Closing a batch takes no fields; send {}.", field: null },
    });
    expect((await answer(closeBatchResponse(world.test.db, null, request({}), batch.batchNumber))).status).toBe(401);
    expect((await answer(closeBatchResponse(world.test.db, world.viewers.poster2, request({}), batch.batchNumber))).status).toBe(403);
    expect(await answer(closeBatchResponse(world.test.db, world.viewers.poster1, request({}), batch.batchNumber))).toEqual({
      status: 200,
      body: { batchNumber: batch.batchNumber, state: "closed", changedAt: expect.any(String), reason: null },
    });
    const again = await answer(closeBatchResponse(world.test.db, world.viewers.poster1, request(), batch.batchNumber));
    expect(again.status).toBe(409);
    const other = await newBatch();
    expect((await answer(closeBatchResponse(world.test.db, world.viewers.poster1, request(), other.batchNumber))).status).toBe(200);
  });

  it("reopens for a Billing Admin with a reason (200); 403 for a poster, 422 without a reason, 409 when open, 404 unknown", async () => {
    const batch = await newBatch();
    expect((await answer(reopenBatchResponse(world.test.db, admin, request({ reason: "x" }), batch.batchNumber))).status).toBe(409);
    await closeBatch(world.test.db, world.viewers.poster1, batch.batchNumber);
    expect(await answer(reopenBatchResponse(world.test.db, world.viewers.poster1, request({ reason: "x" }), batch.batchNumber))).toEqual({
      status: 403,
      body: { error: "Only a Billing Admin can reopen a closed batch.", field: "batchNumber" },
    });
    expect(await answer(reopenBatchResponse(world.test.db, admin, request({}), batch.batchNumber))).toEqual({
      status: 422,
      body: { error: "Say why the batch is reopened.", field: "reason" },
    });
    expect((await answer(reopenBatchResponse(world.test.db, admin, request(""), batch.batchNumber))).status).toBe(400);
    expect((await answer(reopenBatchResponse(world.test.db, admin, request({ reason: "x" }), "NOPE"))).status).toBe(404);
    expect(await answer(reopenBatchResponse(world.test.db, admin, request({ reason: "Deposit corrected" }), batch.batchNumber))).toEqual({
      status: 200,
      body: { batchNumber: batch.batchNumber, state: "open", changedAt: expect.any(String), reason: "Deposit corrected" },
    });
  });
});
