import "server-only";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { AccessDenied, requirePermission, type Viewer } from "@/lib/access/viewer";
import { JsonBodyError, readJsonBody } from "@/lib/http/json-body";
import { closeMonth } from "./close";
import { closeBalancedBatches } from "./close-batches";
import { MonthEndError } from "./errors";
import { reopenMonth } from "./reopen";
import { closeMonthBody, reopenMonthBody } from "./schemas";

/*
 * The JSON API behind app/api/month-end (issue 23's contract, kept exactly):
 *   POST /api/month-end/<yyyy-mm>/close   {} or {"overrideReason"} → 200 {"month", "closedAt", "snapshotId"},
 *                                         409 {"error", "blockers"} when the checklist fails
 *   POST /api/month-end/<yyyy-mm>/reopen  {"reason"} → 200 {"month", "reopenedAt", "snapshotId"}
 *   POST /api/month-end/<yyyy-mm>/close-batches  {} → 200 {"month", "closedBatchNumbers", "stillOpen"}
 *                                         (ours: every open batch of the month that is not out of balance)
 * Every refusal is {"error"} with its status (401, 403, 400, 413, 422, 409, 503); anything else
 * is left to answeringFailures. The route handlers only add the database and the session's
 * viewer, so tests drive this with real Requests.
 */

function refusal(error: unknown): Response {
  if (error instanceof MonthEndError) {
    const body = error.blockers ? { error: error.message, blockers: error.blockers } : { error: error.message };
    return Response.json(body, { status: error.status, headers: error.status === 503 ? { "Retry-After": "60" } : {} });
  }
  if (error instanceof AccessDenied) return Response.json({ error: "Only a Billing Admin may close or reopen a month." }, { status: 403 });
  if (error instanceof JsonBodyError) return Response.json({ error: error.message }, { status: error.status });
  throw error;
}

async function parsedBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.output<Schema>> {
  const parsed = schema.safeParse(await readJsonBody(request));
  if (!parsed.success) throw new MonthEndError(422, parsed.error.issues[0]?.message ?? "The request body could not be read.");
  return parsed.data;
}

/** A signed-in viewer who may close months, checked before the body is read. */
function billingAdmin(viewer: Viewer | null): Viewer {
  if (!viewer) throw new MonthEndError(401, "Sign in first.");
  requirePermission(viewer, "closeMonth");
  return viewer;
}

export async function closeMonthResponse(db: Database, viewer: Viewer | null, request: Request, monthText: string): Promise<Response> {
  try {
    const admin = billingAdmin(viewer);
    const input = await parsedBody(request, closeMonthBody);
    return Response.json(await closeMonth(db, admin, monthText, input));
  } catch (error) {
    return refusal(error);
  }
}

export async function reopenMonthResponse(db: Database, viewer: Viewer | null, request: Request, monthText: string): Promise<Response> {
  try {
    const admin = billingAdmin(viewer);
    const input = await parsedBody(request, reopenMonthBody);
    return Response.json(await reopenMonth(db, admin, monthText, input));
  } catch (error) {
    return refusal(error);
  }
}

export async function closeBatchesResponse(db: Database, viewer: Viewer | null, monthText: string): Promise<Response> {
  try {
    return Response.json(await closeBalancedBatches(db, billingAdmin(viewer), monthText));
  } catch (error) {
    return refusal(error);
  }
}
