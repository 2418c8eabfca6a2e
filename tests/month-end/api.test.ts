import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { todayIn } from "@/lib/dates";
import { closeMonthResponse, reopenMonthResponse } from "@/lib/month-end/http";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, closeBatch, type MonthEndWorld } from "./world";

/*
 * The month-end API as the route handlers run it: real Requests in, Responses out (the
 * handlers in app/api/month-end add only getDb() and the session's viewer, behind the same-origin
 * JSON check). June 2025 holds one balanced batch B-J (closed) and an open one, B-K.
 */

let test: TestDatabase;
let w: MonthEndWorld;
let openBatch: number;

function request(body: unknown): Request {
  return new Request("http://localhost/api/month-end/x/close", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function answer(response: Promise<Response>) {
  const res = await response;
  return { status: res.status, body: await res.json() };
}

const close = (viewer: keyof MonthEndWorld["viewers"] | null, month: string, body: unknown) =>
  answer(closeMonthResponse(test.db, viewer ? w.viewers[viewer] : null, request(body), month));
const reopen = (viewer: keyof MonthEndWorld["viewers"] | null, month: string, body: unknown) =>
  answer(reopenMonthResponse(test.db, viewer ? w.viewers[viewer] : null, request(body), month));

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
  const done = await w.practice.batch({ batchNumber: "B-J", depositDate: "2025-06-02", createdBy: w.poster, controlTotalCents: 2500 });
  await w.practice.payment({ batchId: done, postedBy: w.poster, postedAt: "2025-06-02T09:00:00-07:00", locationId: w.mesa, amountCents: 2500, depositDate: "2025-06-02", payerId: w.aetna });
  await closeBatch(test.db, done, w.admin);
  openBatch = await w.practice.batch({ batchNumber: "B-K", depositDate: "2025-06-30", createdBy: w.poster });
});

afterAll(() => test.close());

describe("POST /api/month-end/<yyyy-mm>/close", () => {
  it("answers 401 signed out and 403 to everyone but a Billing Admin", async () => {
    expect(await close(null, "2025-06", {})).toEqual({ status: 401, body: { error: "Sign in first." } });
    for (const viewer of ["poster", "rcm", "restricted", "auditor"] as const) {
      expect(await close(viewer, "2025-06", {})).toEqual({ status: 403, body: { error: "Only a Billing Admin may close or reopen a month." } });
    }
  });

  it("answers 400 for a path that is no month, 422 for a month not ended", async () => {
    expect(await close("admin", "2025-13", {})).toEqual({
      status: 400,
      body: { error: '"2025-13" is not a month: write it like 2026-10 (a year from 1900 to 2999).' },
    });
    expect((await close("admin", "June", {})).status).toBe(400);
    expect(await close("admin", "2999-12", {})).toEqual({
      status: 422,
      body: { error: "December 2999 is in the future: a month can be closed once its last day is over." },
    });
    const thisMonth = todayIn("America/Phoenix").slice(0, 7);
    expect((await close("admin", thisMonth, {})).body.error).toMatch(/has not ended yet/);
  });

  it("answers 400 for a body that is not JSON and 422 for one the contract does not name", async () => {
    expect(await close("admin", "2025-06", "{")).toEqual({ status: 400, body: { error: "The request body is not valid JSON." } });
    expect(await close("admin", "2025-06", "")).toEqual({ status: 400, body: { error: "The request body is empty; send a JSON object." } });
    expect(await close("admin", "2025-06", [])).toEqual({ status: 422, body: { error: 'Send a JSON object: {} or {"overrideReason": "..."}.' } });
    expect(await close("admin", "2025-06", { overideReason: "typo" })).toEqual({
      status: 422,
      body: { error: 'Unknown field "overideReason": send {} or {"overrideReason": "..."}.' },
    });
    expect(await close("admin", "2025-06", { overrideReason: "   " })).toEqual({ status: 422, body: { error: "The override reason must say why." } });
    expect(await close("admin", "2025-06", { overrideReason: 5 })).toEqual({ status: 422, body: { error: "The override reason must be text." } });
    expect((await close("admin", "2025-06", { overrideReason: "x".repeat(1001) })).status).toBe(422);
    expect((await close("admin", "2025-06", { overrideReason: "bad\u0000" })).body.error).toMatch(/control characters/);
  });

  it("answers 409 with the blockers while the checklist fails, then 200 once it holds, then 409 again", async () => {
    expect(await close("admin", "2025-06", {})).toEqual({
      status: 409,
      body: {
        error: "June 2025 cannot be closed yet: 1 item is in the way. Deal with them, or close it with an override reason.",
        blockers: [{ kind: "open_batch", batchNumber: "B-K", depositDate: "2025-06-30" }],
      },
    });
    await closeBatch(test.db, openBatch, w.admin);
    const closed = await close("admin", "2025-06", {});
    expect(closed).toEqual({ status: 200, body: { month: "2025-06", closedAt: expect.any(String), snapshotId: expect.any(Number) } });
    const [snapshot] = await queryRows(test.db, sql`select override_reason as "overrideReason", blockers from month_snapshot`);
    expect(snapshot).toEqual({ overrideReason: null, blockers: [] });
    expect(await close("admin", "2025-06", {})).toEqual({ status: 409, body: { error: "June 2025 is already closed." } });
  });
});

describe("POST /api/month-end/<yyyy-mm>/reopen", () => {
  it("needs a reason, answers 200, then 409 for a month no longer closed", async () => {
    expect(await reopen("admin", "2025-06", {})).toEqual({ status: 422, body: { error: "The reason for reopening is required." } });
    expect(await reopen("admin", "2025-06", { reason: 7 })).toEqual({ status: 422, body: { error: "The reason for reopening must be text." } });
    expect(await reopen("poster", "2025-06", "{")).toMatchObject({ status: 403 });
    const reopened = await reopen("admin", "2025-06", { reason: "A deposit was keyed to the wrong day" });
    expect(reopened).toEqual({ status: 200, body: { month: "2025-06", reopenedAt: expect.any(String), snapshotId: expect.any(Number) } });
    expect(await reopen("admin", "2025-06", { reason: "again" })).toEqual({
      status: 409,
      body: { error: "June 2025 is not closed, so there is nothing to reopen." },
    });
    expect((await reopen("admin", "2999-01", { reason: "future" })).status).toBe(422);
  });
});
