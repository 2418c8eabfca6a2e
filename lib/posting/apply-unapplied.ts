import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { appUser, batch, charge, payment, paymentLine } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { formatUsd } from "@/lib/money";
import { lockBatchForPosting } from "./batches";
import { isMonthClosed, monthLabel } from "./closed-period";
import { PostingError } from "./errors";
import { inPostingTransaction } from "./idempotency";
import { mayApplyPayment } from "./payment-authority";
import { checkLines, payingPatient, reversalOf, type PostingOptions } from "./payments";
import { parseInput, requirePosting } from "./rules";
import { applyInput, type ApplyInput, type ParsedPaymentLine } from "./schemas";

/*
 * Applying a posted payment's unapplied money later (issue 24): an EMR collection always arrives
 * unapplied, and a check is sometimes posted before its remittance is read. The ledger is
 * append-only, so this appends payment lines to the payment and edits nothing. Rules:
 * - who: payment-authority.ts (the batch's poster, a Billing Admin, any poster for the EMR's
 *   system batches; location-restricted posters only at their locations);
 * - not a reversal, not a voided payment, not a provider-level adjustment;
 * - not while its batch is closed, nor its month (the database refuses the month too, PB001):
 *   a closed period's applied and unapplied figures stay as they were reported;
 * - the new lines' paid sum is at most the payment's unapplied amount, and each charge has
 *   that much open (as when posting: same checks, same patient rule for a patient payment).
 * The payment row is locked first, so two people applying the same money queue and the
 * second sees what the first applied.
 */

export interface AppliedLines {
  paymentId: number;
  batchNumber: string;
  amountCents: number;
  /** Applied and unapplied after these lines. */
  appliedCents: number;
  unappliedCents: number;
  /** The lines this request added, and their paid sum. */
  addedLineCount: number;
  addedCents: number;
  lineCount: number;
}

interface LockedPayment {
  id: number;
  locationId: number;
  patientId: number | null;
  amountCents: number;
  depositDate: string;
  reversesPaymentId: number | null;
  providerAdjustmentCode: string | null;
  batchId: number;
  batchNumber: string;
  batchCreatedBy: number;
  batchBySystem: boolean;
}

async function lockPayment(tx: Database, viewer: Viewer, paymentId: number): Promise<LockedPayment> {
  const [row] = await tx
    .select({
      id: payment.id,
      locationId: payment.locationId,
      patientId: payment.patientId,
      amountCents: payment.amountCents,
      depositDate: payment.depositDate,
      reversesPaymentId: payment.reversesPaymentId,
      providerAdjustmentCode: payment.providerAdjustmentCode,
      batchId: batch.id,
      batchNumber: batch.batchNumber,
      batchCreatedBy: batch.createdBy,
      batchBySystem: appUser.isSystem,
    })
    .from(payment)
    .innerJoin(batch, and(eq(batch.practiceId, payment.practiceId), eq(batch.id, payment.batchId)))
    .innerJoin(appUser, and(eq(appUser.practiceId, batch.practiceId), eq(appUser.id, batch.createdBy)))
    .where(and(eq(payment.practiceId, viewer.practiceId), eq(payment.id, paymentId)))
    .for("update", { of: payment });
  // A restricted poster learns nothing of another location's payment: not found, as elsewhere.
  if (!row || (viewer.locationRestricted && !viewer.locationIds.includes(row.locationId))) {
    throw new PostingError(404, `Payment ${paymentId} was not found in your practice.`, "paymentId");
  }
  return row;
}

/** The payment's state that forbids applying its money, or null. */
async function refusal(tx: Database, viewer: Viewer, locked: LockedPayment): Promise<PostingError | null> {
  const id = locked.id;
  if (locked.reversesPaymentId !== null) {
    return new PostingError(422, `Payment ${id} is the void of payment ${locked.reversesPaymentId}; a reversal has nothing to apply.`, "paymentId");
  }
  if (locked.providerAdjustmentCode !== null) {
    return new PostingError(422, `Payment ${id} is a provider-level adjustment; it is applied to the provider's account, not to charges.`, "paymentId");
  }
  const reversal = await reversalOf(tx, viewer, id);
  if (reversal) return new PostingError(409, `Payment ${id} was voided (reversal ${reversal.id}); its money cannot be applied.`, "paymentId");
  if ((await lockBatchForPosting(tx, viewer.practiceId, locked.batchId)).closed) {
    return new PostingError(
      422,
      `Batch ${locked.batchNumber} is closed: the money of its payments cannot be applied while it is closed. Ask a Billing Admin to reopen it.`,
      "batchNumber",
    );
  }
  if (await isMonthClosed(tx, viewer.practiceId, locked.depositDate)) {
    return new PostingError(
      422,
      `${monthLabel(locked.depositDate.slice(0, 7))} is closed: payment ${id}, deposited in it, cannot be applied now. Ask a Billing Admin to reopen the month.`,
      "paymentId",
    );
  }
  return null;
}

/** A location-restricted poster applies money to their own locations' charges only. */
async function refuseOtherLocations(tx: Database, viewer: Viewer, lines: ParsedPaymentLine[]): Promise<void> {
  if (!viewer.locationRestricted) return;
  const rows = await tx
    .select({ id: charge.id, locationId: charge.locationId })
    .from(charge)
    .where(and(eq(charge.practiceId, viewer.practiceId), inArray(charge.id, lines.map((line) => line.chargeId))));
  const outside = new Set(rows.filter((row) => !viewer.locationIds.includes(row.locationId)).map((row) => row.id));
  const index = lines.findIndex((line) => outside.has(line.chargeId));
  if (index >= 0) {
    throw new PostingError(422, `Line ${index + 1}: that charge is at a location outside yours.`, `lines.${index}.chargeId`);
  }
}

export async function applyUnappliedMoney(
  db: Database,
  viewer: Viewer,
  paymentId: number,
  input: ApplyInput,
  options: PostingOptions = {},
): Promise<AppliedLines> {
  requirePosting(viewer);
  const parsed = parseInput(applyInput, input);
  const request = { operation: "apply-unapplied", paymentId, input: parsed };
  return inPostingTransaction(db, viewer, options.idempotencyKey ?? null, request, async (tx) => {
    const locked = await lockPayment(tx, viewer, paymentId);
    if (!mayApplyPayment(viewer, locked)) {
      throw new PostingError(
        403,
        `Payment ${paymentId} is in batch ${locked.batchNumber}, which you did not create; only its poster or a Billing Admin can apply its money.`,
        "paymentId",
      );
    }
    const refused = await refusal(tx, viewer, locked);
    if (refused) throw refused;
    const [before] = await queryRows<{ applied_cents: number }>(
      tx,
      sql`select applied_cents from payment_applied where practice_id = ${viewer.practiceId} and payment_id = ${paymentId}`,
    );
    const unapplied = locked.amountCents - before!.applied_cents;
    const adding = parsed.lines.reduce((sum, line) => sum + line.paid, 0);
    if (adding > unapplied) {
      throw new PostingError(
        422,
        `The lines apply ${formatUsd(adding)}, but payment ${paymentId} has only ${formatUsd(unapplied)} unapplied.`,
        "lines",
      );
    }
    await refuseOtherLocations(tx, viewer, parsed.lines);
    const paying = locked.patientId !== null ? await payingPatient(tx, viewer, locked.patientId) : null;
    await checkLines(tx, viewer, parsed.lines, paying);
    await tx.insert(paymentLine).values(
      parsed.lines.map((line) => ({
        practiceId: viewer.practiceId,
        paymentId,
        chargeId: line.chargeId,
        paidCents: line.paid,
        adjustmentCents: line.adjustment,
        adjustmentReason: line.adjustmentReason,
        patientRespCents: line.patientResp,
      })),
    );
    // Read back from what the triggers keep: the answer is what the reports will show.
    const [after] = await queryRows<{ applied_cents: number; line_count: number }>(
      tx,
      sql`select applied_cents, line_count from payment_applied where practice_id = ${viewer.practiceId} and payment_id = ${paymentId}`,
    );
    const result: AppliedLines = {
      paymentId,
      batchNumber: locked.batchNumber,
      amountCents: locked.amountCents,
      appliedCents: after!.applied_cents,
      unappliedCents: locked.amountCents - after!.applied_cents,
      addedLineCount: parsed.lines.length,
      addedCents: adding,
      lineCount: after!.line_count,
    };
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "unapplied_money_applied",
      details: { ...result, chargeIds: parsed.lines.map((line) => line.chargeId) },
    });
    return result;
  });
}
