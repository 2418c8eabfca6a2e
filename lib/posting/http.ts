import "server-only";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { JsonBodyError, readJsonBody } from "@/lib/http/json-body";
import { isRecordIdText } from "@/lib/ledger-vocabulary";
import { centsToDecimalString } from "@/lib/money";
import { createBatch, type BatchSummary } from "./batches";
import { closeBatch, reopenBatch, type BatchStateChange } from "./batch-state";
import { closedPeriodError } from "./closed-period";
import { postEmrCollection, practiceForToken } from "./emr";
import { PostingError } from "./errors";
import { applyUnappliedMoney, type AppliedLines } from "./apply-unapplied";
import { postPayment, voidPayment, type PostedPayment, type VoidedPayment } from "./payments";
import type { ApplyInput, BatchInput, PaymentInput } from "./schemas";

/*
 * The JSON API behind app/api/batches, app/api/payments and app/api/integrations/emr. The
 * route handlers only fetch the database and the viewer and call these, so tests drive the
 * same code with their own database and real Request objects. Amounts go out as dollar
 * strings ("125.00"), as they came in.
 */


/** The JSON body (lib/http/json-body.ts), its refusal worded as a posting refusal. */
async function readJson(request: Request, options: { emptyIsObject?: boolean } = {}): Promise<unknown> {
  try {
    return await readJsonBody(request, options);
  } catch (error) {
    if (error instanceof JsonBodyError) throw new PostingError(error.status, error.message);
    throw error;
  }
}

/** A body's "reason" as sent, for the service's own schema to judge. */
function reasonOf(body: unknown): unknown {
  return body !== null && typeof body === "object" ? (body as { reason?: unknown }).reason : undefined;
}

function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(key.trim())) {
    throw new PostingError(400, "Idempotency-Key must be 1 to 200 visible ASCII characters.");
  }
  return key.trim();
}

function signedIn(viewer: Viewer | null): Viewer {
  if (!viewer) throw new PostingError(401, "Sign in first.");
  return viewer;
}

/** A refusal as JSON; the database's closed-month or closed-batch refusal is one too (422), never a 500. */
export function errorResponse(thrown: unknown): Response {
  const error = closedPeriodError(thrown);
  if (!(error instanceof PostingError)) throw error;
  const headers: HeadersInit = error.status === 401 ? { "WWW-Authenticate": "Bearer" } : {};
  return Response.json({ error: error.message, field: error.field }, { status: error.status, headers });
}

const dollars = (cents: number | null) => (cents === null ? null : centsToDecimalString(cents));

function batchJson(batch: BatchSummary) {
  return {
    batchId: batch.batchId,
    batchNumber: batch.batchNumber,
    depositDate: batch.depositDate,
    locationId: batch.locationId,
    controlTotal: dollars(batch.controlTotalCents),
    postedTotal: dollars(batch.postedTotalCents),
    createdAt: batch.createdAt,
    state: batch.closedAt === null ? "open" : "closed",
  };
}

function batchStateJson(change: BatchStateChange) {
  return { batchNumber: change.batchNumber, state: change.state, changedAt: change.changedAt, reason: change.reason };
}

function paymentJson(posted: PostedPayment) {
  return {
    paymentId: posted.paymentId,
    batchNumber: posted.batchNumber,
    amount: dollars(posted.amountCents),
    applied: dollars(posted.appliedCents),
    unapplied: dollars(posted.unappliedCents),
    depositDate: posted.depositDate,
    postedAt: posted.postedAt,
    lineCount: posted.lineCount,
  };
}

function voidJson(voided: VoidedPayment) {
  return {
    voidedPaymentId: voided.voidedPaymentId,
    reversalPaymentId: voided.reversalPaymentId,
    batchNumber: voided.batchNumber,
    amount: dollars(voided.amountCents),
    depositDate: voided.depositDate,
    postedAt: voided.postedAt,
    reason: voided.reason,
  };
}

/** POST /api/batches */
export async function createBatchResponse(db: Database, viewer: Viewer | null, request: Request): Promise<Response> {
  try {
    const poster = signedIn(viewer);
    const idempotencyKey = idempotencyKeyOf(request);
    const body = await readJson(request);
    const created = await createBatch(db, poster, body as BatchInput, { idempotencyKey });
    return Response.json(batchJson(created), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/batches/<batch number>/payments */
export async function postPaymentResponse(
  db: Database,
  viewer: Viewer | null,
  request: Request,
  batchNumber: string,
): Promise<Response> {
  try {
    const poster = signedIn(viewer);
    const idempotencyKey = idempotencyKeyOf(request);
    const body = await readJson(request);
    const posted = await postPayment(db, poster, batchNumber, body as PaymentInput, { idempotencyKey });
    return Response.json(paymentJson(posted), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/payments/<id>/void with {"reason": "..."} */
export async function voidPaymentResponse(
  db: Database,
  viewer: Viewer | null,
  request: Request,
  paymentIdText: string,
): Promise<Response> {
  try {
    const poster = signedIn(viewer);
    const paymentId = paymentIdOf(paymentIdText);
    const idempotencyKey = idempotencyKeyOf(request);
    const body = await readJson(request);
    const voided = await voidPayment(db, poster, paymentId, reasonOf(body) as string, { idempotencyKey });
    return Response.json(voidJson(voided), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

function appliedJson(applied: AppliedLines) {
  return {
    paymentId: applied.paymentId,
    batchNumber: applied.batchNumber,
    amount: dollars(applied.amountCents),
    applied: dollars(applied.appliedCents),
    unapplied: dollars(applied.unappliedCents),
    added: dollars(applied.addedCents),
    addedLineCount: applied.addedLineCount,
    lineCount: applied.lineCount,
  };
}

/** A payment id from the URL; one the ledger could not hold is simply not found, never sent to SQL. */
function paymentIdOf(text: string): number {
  if (!isRecordIdText(text)) throw new PostingError(404, `Payment ${text.slice(0, 20)} was not found in your practice.`, "paymentId");
  return Number(text);
}

/** POST /api/payments/<id>/lines with {"lines": [{"chargeId", "paid", …}]}: applies unapplied money. */
export async function applyUnappliedResponse(
  db: Database,
  viewer: Viewer | null,
  request: Request,
  paymentIdText: string,
): Promise<Response> {
  try {
    const poster = signedIn(viewer);
    const paymentId = paymentIdOf(paymentIdText);
    const idempotencyKey = idempotencyKeyOf(request);
    const body = await readJson(request);
    const applied = await applyUnappliedMoney(db, poster, paymentId, body as ApplyInput, { idempotencyKey });
    return Response.json(appliedJson(applied), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/batches/<batch number>/close with {} (or no body: there is nothing to say). */
export async function closeBatchResponse(
  db: Database,
  viewer: Viewer | null,
  request: Request,
  batchNumber: string,
): Promise<Response> {
  try {
    const poster = signedIn(viewer);
    const body = await readJson(request, { emptyIsObject: true });
    if (body === null || typeof body !== "object" || Array.isArray(body) || Object.keys(body).length > 0) {
      throw new PostingError(400, "Closing a batch takes no fields; send {}.");
    }
    return Response.json(batchStateJson(await closeBatch(db, poster, batchNumber)), { status: 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/batches/<batch number>/reopen with {"reason": "..."} (Billing Admin). */
export async function reopenBatchResponse(
  db: Database,
  viewer: Viewer | null,
  request: Request,
  batchNumber: string,
): Promise<Response> {
  try {
    const admin = signedIn(viewer);
    const body = await readJson(request);
    return Response.json(batchStateJson(await reopenBatch(db, admin, batchNumber, reasonOf(body))), { status: 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

export function bearerToken(header: string | null): string | null {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}

/** POST /api/integrations/emr/payments: the token is checked before the body is read. */
export async function emrPaymentResponse(db: Database, request: Request): Promise<Response> {
  try {
    const token = bearerToken(request.headers.get("authorization"));
    await practiceForToken(db, token);
    const body = await readJson(request);
    const posting = await postEmrCollection(db, token, body);
    return Response.json(posting.body, { status: posting.status });
  } catch (error) {
    return errorResponse(error);
  }
}
