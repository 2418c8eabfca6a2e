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

/** The work's response, or its refusal as JSON (errorResponse). */
async function answering(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error);
  }
}

/** What a signed-in request brings to its work: who asks, the record the URL names, the body and its Idempotency-Key. */
interface SignedInRequest<Target> {
  viewer: Viewer;
  target: Target;
  body: unknown;
  idempotencyKey: string | null;
}

/**
 * Who is asking, then the record the URL names (`target`), the Idempotency-Key header (only
 * where the route honours one) and the JSON body, checked in that order; then the work, its
 * result sent as `json` with `status`. Any refusal on the way is its JSON response.
 */
function signedInResponse<Target, Result>(
  viewer: Viewer | null,
  request: Request,
  route: {
    target: () => Target;
    idempotent: boolean;
    emptyIsObject?: boolean;
    run: (asked: SignedInRequest<Target>) => Promise<Result>;
    json: (result: Result) => unknown;
    status: 200 | 201;
  },
): Promise<Response> {
  return answering(async () => {
    const signedInViewer = signedIn(viewer);
    const target = route.target();
    const idempotencyKey = route.idempotent ? idempotencyKeyOf(request) : null;
    const body = await readJson(request, { emptyIsObject: route.emptyIsObject });
    const result = await route.run({ viewer: signedInViewer, target, body, idempotencyKey });
    return Response.json(route.json(result), { status: route.status });
  });
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
export function createBatchResponse(db: Database, viewer: Viewer | null, request: Request): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => null,
    idempotent: true,
    run: ({ viewer: poster, body, idempotencyKey }) => createBatch(db, poster, body as BatchInput, { idempotencyKey }),
    json: batchJson,
    status: 201,
  });
}

/** POST /api/batches/<batch number>/payments */
export function postPaymentResponse(db: Database, viewer: Viewer | null, request: Request, batchNumber: string): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => batchNumber,
    idempotent: true,
    run: ({ viewer: poster, target, body, idempotencyKey }) => postPayment(db, poster, target, body as PaymentInput, { idempotencyKey }),
    json: paymentJson,
    status: 201,
  });
}

/** POST /api/payments/<id>/void with {"reason": "..."} */
export function voidPaymentResponse(db: Database, viewer: Viewer | null, request: Request, paymentIdText: string): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => paymentIdOf(paymentIdText),
    idempotent: true,
    run: ({ viewer: poster, target, body, idempotencyKey }) => voidPayment(db, poster, target, reasonOf(body) as string, { idempotencyKey }),
    json: voidJson,
    status: 201,
  });
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
export function applyUnappliedResponse(db: Database, viewer: Viewer | null, request: Request, paymentIdText: string): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => paymentIdOf(paymentIdText),
    idempotent: true,
    run: ({ viewer: poster, target, body, idempotencyKey }) => applyUnappliedMoney(db, poster, target, body as ApplyInput, { idempotencyKey }),
    json: appliedJson,
    status: 201,
  });
}

/** POST /api/batches/<batch number>/close with {} (or no body: there is nothing to say). */
export function closeBatchResponse(db: Database, viewer: Viewer | null, request: Request, batchNumber: string): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => batchNumber,
    idempotent: false,
    emptyIsObject: true,
    run: async ({ viewer: poster, target, body }) => {
      if (body === null || typeof body !== "object" || Array.isArray(body) || Object.keys(body).length > 0) {
        throw new PostingError(400, "Closing a batch takes no fields; send {}.");
      }
      return closeBatch(db, poster, target);
    },
    json: batchStateJson,
    status: 200,
  });
}

/** POST /api/batches/<batch number>/reopen with {"reason": "..."} (Billing Admin). */
export function reopenBatchResponse(db: Database, viewer: Viewer | null, request: Request, batchNumber: string): Promise<Response> {
  return signedInResponse(viewer, request, {
    target: () => batchNumber,
    idempotent: false,
    run: ({ viewer: admin, target, body }) => reopenBatch(db, admin, target, reasonOf(body)),
    json: batchStateJson,
    status: 200,
  });
}

export function bearerToken(header: string | null): string | null {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}

/** POST /api/integrations/emr/payments: the token is checked before the body is read. */
export function emrPaymentResponse(db: Database, request: Request): Promise<Response> {
  return answering(async () => {
    const token = bearerToken(request.headers.get("authorization"));
    await practiceForToken(db, token);
    const body = await readJson(request);
    const posting = await postEmrCollection(db, token, body);
    return Response.json(posting.body, { status: posting.status });
  });
}
