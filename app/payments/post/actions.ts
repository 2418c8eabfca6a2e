"use server";

import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { asViewer } from "@/lib/http/viewer-action";
import { MAX_RECORD_ID } from "@/lib/ledger-vocabulary";
import { createBatch } from "@/lib/posting/batches";
import { closeBatch, reopenBatch } from "@/lib/posting/batch-state";
import { closedPeriodError } from "@/lib/posting/closed-period";
import { PostingError, type ActionResult } from "@/lib/posting/errors";
import { findDuplicatePayments } from "@/lib/posting/duplicates";
import { openChargesForPatient, searchPatients } from "@/lib/posting/lookup";
import { applyUnappliedMoney } from "@/lib/posting/apply-unapplied";
import { postPayment, voidPayment } from "@/lib/posting/payments";
import type { ApplyInput, BatchInput, PaymentInput } from "@/lib/posting/schemas";

/*
 * The posting screens' server actions. Each is a public endpoint: it loads the viewer from
 * the database and lets lib/posting check permission, ownership and every input; a refused
 * posting comes back as {ok: false, error, field} for the form to show.
 */

/**
 * The posting layer's refusals ({ok: false, error, field}) are the form's answer, the
 * database's refusal to write into a closed month or batch among them; the rest is a failure.
 */
function posting<T>(run: (db: Database, viewer: Viewer) => Promise<T>): Promise<ActionResult<T>> {
  return asViewer(async (db, viewer): Promise<ActionResult<T>> => ({ ok: true, value: await run(db, viewer) }), {
    signedOut: { ok: false, error: "Your session has ended. Sign in again.", field: null },
    refusal: (thrown) => {
      const error = closedPeriodError(thrown);
      return error instanceof PostingError ? { ok: false, error: error.message, field: error.field } : null;
    },
  });
}

function keyOf(idempotencyKey: unknown): string | null {
  return typeof idempotencyKey === "string" && /^[\x21-\x7e]{1,200}$/.test(idempotencyKey) ? idempotencyKey : null;
}

function recordIdOf(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > MAX_RECORD_ID) {
    throw new PostingError(422, `That ${what} could not be read; reload the page.`);
  }
  return value;
}

export async function createBatchAction(input: BatchInput, idempotencyKey: string) {
  return posting((db, viewer) => createBatch(db, viewer, input, { idempotencyKey: keyOf(idempotencyKey) }));
}

export async function searchPatientsAction(query: string) {
  return posting((db, viewer) => searchPatients(db, viewer, typeof query === "string" ? query : ""));
}

export async function openChargesAction(patientId: number) {
  return posting((db, viewer) => openChargesForPatient(db, viewer, recordIdOf(patientId, "patient")));
}

export async function postPaymentAction(batchNumber: string, input: PaymentInput, idempotencyKey: string) {
  return posting((db, viewer) =>
    postPayment(db, viewer, String(batchNumber), input, { idempotencyKey: keyOf(idempotencyKey) }),
  );
}

/** The form's duplicate warning (issue 24): earlier payments like this one; posting is the poster's call. */
export async function findDuplicatePaymentsAction(input: PaymentInput) {
  return posting((db, viewer) => findDuplicatePayments(db, viewer, input));
}

export async function voidPaymentAction(paymentId: number, reason: string, idempotencyKey: string) {
  return posting((db, viewer) =>
    voidPayment(db, viewer, recordIdOf(paymentId, "payment"), reason, { idempotencyKey: keyOf(idempotencyKey) }),
  );
}

/** Payment Balancing's drill-down: a payment's unapplied money applied to charges, as new lines. */
export async function applyUnappliedAction(paymentId: number, input: ApplyInput, idempotencyKey: string) {
  return posting((db, viewer) =>
    applyUnappliedMoney(db, viewer, recordIdOf(paymentId, "payment"), input, { idempotencyKey: keyOf(idempotencyKey) }),
  );
}

export async function closeBatchAction(batchNumber: string) {
  return posting((db, viewer) => closeBatch(db, viewer, String(batchNumber)));
}

export async function reopenBatchAction(batchNumber: string, reason: string) {
  return posting((db, viewer) => reopenBatch(db, viewer, String(batchNumber), reason));
}
