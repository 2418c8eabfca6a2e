import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createBatchResponse, postPaymentResponse, voidPaymentResponse } from "@/lib/posting/http";
import { buildWorld, closeWorld, ledgerCounts, type PostingWorld } from "./world";

/*
 * The JSON API as the route handlers run it: real Request objects in, Responses out, against
 * the test database (the handlers in app/api only add getDb() and the session's viewer).
 */

let world: PostingWorld;

beforeAll(async () => {
  world = await buildWorld();
});

afterAll(() => closeWorld(world));

function request(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/test", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function answer(response: Promise<Response>) {
  const res = await response;
  return { status: res.status, body: await res.json() };
}

describe("POST /api/batches", () => {
  it("creates a batch and answers 201 with dollar amounts", async () => {
    const { status, body } = await answer(
      createBatchResponse(
        world.test.db,
        world.viewers.poster1,
        request({ batchNumber: "API-1", depositDate: "2026-03-02", locationId: world.mesa, controlTotal: "1,500.00" }),
      ),
    );
    expect(status).toBe(201);
    expect(body).toEqual({
      batchId: expect.any(Number),
      batchNumber: "API-1",
      depositDate: "2026-03-02",
      locationId: world.mesa,
      controlTotal: "1500.00",
      postedTotal: "0.00",
      createdAt: expect.any(String),
      state: "open",
    });
  });

  it("answers 400 for malformed JSON, 401 signed out, 403 without the permission, 422 naming the field", async () => {
    const before = await ledgerCounts(world);
    const valid = { depositDate: "2026-03-02", locationId: world.mesa };
    expect(await answer(createBatchResponse(world.test.db, world.viewers.poster1, request('{"depositDate": "2026-03-02",')))).toEqual({
      status: 400,
      body: { error: "The request body is not valid JSON.", field: null },
    });
    expect(await answer(createBatchResponse(world.test.db, world.viewers.poster1, request("")))).toMatchObject({ status: 400 });
    expect(await answer(createBatchResponse(world.test.db, null, request(valid)))).toEqual({
      status: 401,
      body: { error: "Sign in first.", field: null },
    });
    expect((await answer(createBatchResponse(world.test.db, world.viewers.auditor, request(valid)))).status).toBe(403);
    expect(
      await answer(createBatchResponse(world.test.db, world.viewers.poster1, request({ ...valid, controlTotal: "12,34" }))),
    ).toEqual({ status: 422, body: { error: "Control total must be a dollar amount like 125.00.", field: "controlTotal" } });
    expect(await answer(createBatchResponse(world.test.db, world.viewers.poster1, request([1, 2])))).toMatchObject({
      status: 422,
      body: { field: null },
    });
    expect(
      await answer(createBatchResponse(world.test.db, world.viewers.poster1, request({ ...valid, depositDate: "0000-01-01" }))),
    ).toEqual({ status: 422, body: { error: "Deposit date must be a date from 1900-01-01 to 2999-12-31.", field: "depositDate" } });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("answers 413 for a body over 1 MB, whether or not it declares its length, before parsing it", async () => {
    const before = await ledgerCounts(world);
    const padded = JSON.stringify({ depositDate: "2026-03-02", locationId: world.mesa, note: "x".repeat(1_000_001) });
    expect(await answer(createBatchResponse(world.test.db, world.viewers.poster1, request(padded)))).toEqual({
      status: 413,
      body: { error: "The request body is too large.", field: null },
    });
    const chunk = new TextEncoder().encode(" ".repeat(300_000));
    let sent = 0;
    const undeclared = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 10) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = new Request("http://localhost/api/test", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: undeclared,
      duplex: "half",
    } as RequestInit);
    expect((await answer(createBatchResponse(world.test.db, world.viewers.poster1, streamed))).status).toBe(413);
    expect(sent).toBeLessThan(10);
    expect(await ledgerCounts(world)).toEqual(before);
  });
});

describe("POST /api/batches/<batch number>/payments", () => {
  let batchNumber: string;
  let charge: number;

  beforeAll(async () => {
    batchNumber = "API-PAY";
    await createBatchResponse(
      world.test.db,
      world.viewers.poster1,
      request({ batchNumber, depositDate: "2026-03-02", locationId: world.mesa, controlTotal: "200.00" }),
    );
    charge = await world.charge(world.ana, 10400);
  });

  const check = (amount: string, referenceNumber: string, lines: unknown[] = []) => ({
    payerId: world.aetna,
    method: "check",
    referenceNumber,
    amount,
    lines,
  });

  it("posts and answers 201 with applied and unapplied in dollars", async () => {
    const { status, body } = await answer(
      postPaymentResponse(
        world.test.db,
        world.viewers.poster1,
        request(check("125.00", "5001", [{ chargeId: charge, paid: "80.00", adjustment: "24.00", adjustmentReason: "CO-45" }])),
        batchNumber,
      ),
    );
    expect(status).toBe(201);
    expect(body).toEqual({
      paymentId: expect.any(Number),
      batchNumber,
      amount: "125.00",
      applied: "80.00",
      unapplied: "45.00",
      depositDate: "2026-03-02",
      postedAt: expect.any(String),
      lineCount: 1,
    });
  });

  it("refuses amounts that are not dollar strings, and more applied than paid, with 422", async () => {
    const before = await ledgerCounts(world);
    const post = (body: unknown) => answer(postPaymentResponse(world.test.db, world.viewers.poster1, request(body), batchNumber));
    expect(await post({ ...check("", "5002"), amount: 125.5 })).toEqual({
      status: 422,
      body: { error: "Amount must be a dollar amount like 125.00.", field: "amount" },
    });
    expect(await post(check("-5.00", "5002"))).toEqual({ status: 422, body: { error: "Amount cannot be negative.", field: "amount" } });
    expect(await post(check("1e3", "5002"))).toMatchObject({ status: 422, body: { field: "amount" } });
    const more = await world.charge(world.ben, 5000);
    expect(await post(check("10.00", "5002", [{ chargeId: more, paid: "20.00" }]))).toEqual({
      status: 422,
      body: { error: "The lines apply $20.00, more than the payment amount of $10.00.", field: "amount" },
    });
    expect(await post("{not json")).toMatchObject({ status: 400 });
    expect(await post(check("1.00", "50\u000002"))).toEqual({
      status: 422,
      body: { error: "Reference number must not contain control characters.", field: "referenceNumber" },
    });
    expect(await post(check("1.00", "50\u202e20"))).toEqual({
      status: 422,
      body: { error: "Reference number must not contain text-direction control characters (U+202E).", field: "referenceNumber" },
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("answers 403 for another poster's batch and 404 for an unknown one", async () => {
    expect(
      await answer(postPaymentResponse(world.test.db, world.viewers.poster2, request(check("1.00", "X")), batchNumber)),
    ).toEqual({
      status: 403,
      body: { error: "Batch API-PAY was created by Pat Poster; you can post only into batches you created.", field: "batchNumber" },
    });
    expect(
      (await answer(postPaymentResponse(world.test.db, world.viewers.poster1, request(check("1.00", "X")), "NOPE"))).status,
    ).toBe(404);
    expect(
      (await answer(postPaymentResponse(world.test.db, world.viewers.poster1, request(check("1.00", "X")), "API\u0000PAY"))).status,
    ).toBe(404);
  });

  it("replays the first answer for a retried Idempotency-Key, even when both arrive at once", async () => {
    const body = check("33.00", "IDEM-API");
    const send = (key: string, payload: unknown = body) =>
      answer(
        postPaymentResponse(world.test.db, world.viewers.poster1, request(payload, { "Idempotency-Key": key }), batchNumber),
      );
    const [first, second] = await Promise.all([send("api-key-1"), send("api-key-1")]);
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect(await send("api-key-1")).toEqual(first);
    expect(await send("api-key-1", check("34.00", "IDEM-API"))).toEqual({
      status: 422,
      body: { error: "This Idempotency-Key was already used for a different request.", field: null },
    });
    expect((await send(" ".repeat(3))).status).toBe(400);
    const [count] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from payment where reference_number = 'IDEM-API'`,
    );
    expect(count!.n).toBe(1);
  });
});

describe("POST /api/payments/<id>/void", () => {
  it("voids with a reason (201) into the open batch itself, then refuses the second void with 409", async () => {
    const batch = await answer(
      createBatchResponse(world.test.db, world.viewers.poster1, request({ depositDate: "2026-03-02", locationId: world.tempe })),
    );
    const posted = await answer(
      postPaymentResponse(
        world.test.db,
        world.viewers.poster1,
        request({ patientId: world.ben, method: "cash", amount: "40.00" }),
        batch.body.batchNumber,
      ),
    );
    const id = String(posted.body.paymentId);
    expect(await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request({ reason: "Keyed\u0000" }), id))).toEqual({
      status: 422,
      body: { error: "The reason must not contain control characters.", field: "reason" },
    });
    const voided = await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request({ reason: "Keyed twice" }), id));
    expect(voided).toEqual({
      status: 201,
      body: {
        voidedPaymentId: posted.body.paymentId,
        reversalPaymentId: expect.any(Number),
        batchNumber: batch.body.batchNumber,
        amount: "-40.00",
        depositDate: "2026-03-02",
        postedAt: expect.any(String),
        reason: "Keyed twice",
      },
    });
    const again = await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request({ reason: "Keyed twice" }), id));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already voided/);
    expect(await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request({}), id))).toEqual({
      status: 422,
      body: { error: "Say why the payment is voided.", field: "reason" },
    });
    expect((await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request({ reason: "x" }), "abc"))).status).toBe(
      404,
    );
    expect((await answer(voidPaymentResponse(world.test.db, world.viewers.poster1, request("nope"), id))).status).toBe(400);
    expect((await answer(voidPaymentResponse(world.test.db, null, request({ reason: "x" }), id))).status).toBe(401);
  });
});
