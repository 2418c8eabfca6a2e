import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows, type Database } from "@/db/client";
import { appUser, batch, charge, patient, payer, payment, paymentLine } from "@/db/schema";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { formatUsDate, localDateOf } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import { lockBatchForPosting, myBatch, openSystemBatch, utcIso, type BatchSummary } from "./batches";
import { closedBatchError } from "./batch-state";
import { depositDateError, isMonthClosed } from "./closed-period";
import { PostingError } from "./errors";
import { inPostingTransaction } from "./idempotency";
import { mayVoidPayment } from "./payment-authority";
import { isUniqueViolation, parseInput, refuseFutureDate, requirePosting } from "./rules";
import {
  paymentInput,
  voidInput,
  type ParsedPaymentLine,
  type PaymentInput,
  type PaymentMethod,
  VOID_BATCH_PREFIX,
} from "./schemas";

/*
 * Posting and voiding payments. Decisions the issue left open:
 * - A poster posts only into batches they created, and voids only payments in those batches;
 *   a Billing Admin ("voidAnyPayment") voids any payment of the practice (payment-authority.ts).
 * - A manual payment's location is its batch's clinic; a patient payment (patientId set)
 *   applies only to that patient's charges, a payer's check to any charges of the practice.
 * - A payment's deposit date is its batch's: an omitted depositDate takes it, a different one is
 *   a 422 (and the database refuses it for manual payments, migration 0008).
 * - A check or EFT needs its reference number; a $0.00 payment is allowed (a denial that
 *   only adjusts), a line with no amounts is not.
 * - A void's reversal is posted at the void's own time. While the original's batch is open
 *   and the batch's month is not closed, it goes into that batch with the batch's deposit
 *   date, so a mistake nets out where it was made. Otherwise it goes into
 *   VOID-<yyyymmdd>-<user id>, the voider's batch for today (practice timezone, no location,
 *   no control total, created on first use; "-2" after it once that one is closed), so a
 *   closed period never changes. It copies the original's payer, patient, method, reference,
 *   location and source, negates every amount, and keeps the reason in payment.note.
 *   Reversals cannot be voided.
 */

export interface PostedPayment {
  paymentId: number;
  batchNumber: string;
  amountCents: number;
  appliedCents: number;
  unappliedCents: number;
  depositDate: string;
  postedAt: string;
  lineCount: number;
}

export interface VoidedPayment {
  voidedPaymentId: number;
  reversalPaymentId: number;
  /** The original's batch while it is open, else the voider's batch for the day: VOID-<yyyymmdd>-<user id>. */
  batchNumber: string;
  amountCents: number;
  depositDate: string;
  postedAt: string;
  reason: string;
}

export interface PostingOptions {
  /** The request's Idempotency-Key: a retry with the same key returns the first result. */
  idempotencyKey?: string | null;
}

export interface PayingPatient {
  id: number;
  mrn: string;
  name: string;
}

async function requirePayer(tx: Database, viewer: Viewer, payerId: number): Promise<void> {
  const [row] = await tx
    .select({ id: payer.id })
    .from(payer)
    .where(and(eq(payer.practiceId, viewer.practiceId), eq(payer.id, payerId)));
  if (!row) throw new PostingError(422, "That payer is not in your practice.", "payerId");
}

export async function payingPatient(tx: Database, viewer: Viewer, patientId: number): Promise<PayingPatient> {
  const [row] = await tx
    .select({ id: patient.id, mrn: patient.mrn, firstName: patient.firstName, lastName: patient.lastName })
    .from(patient)
    .where(and(eq(patient.practiceId, viewer.practiceId), eq(patient.id, patientId)));
  if (!row) throw new PostingError(422, "That patient is not in your practice.", "patientId");
  return { id: row.id, mrn: row.mrn, name: `${row.lastName}, ${row.firstName}` };
}

/**
 * Each line's charge must be in the practice, be the paying patient's (for a patient
 * payment), and have enough open: billed minus everything applied so far. The charges are
 * locked first, in id order, so two postings to one charge queue and the second sees the
 * first's lines when it sums.
 */
export async function checkLines(
  tx: Database,
  viewer: Viewer,
  lines: ParsedPaymentLine[],
  paying: PayingPatient | null,
): Promise<void> {
  if (lines.length === 0) return;
  const chargeIds = lines.map((line) => line.chargeId);
  await tx
    .select({ id: charge.id })
    .from(charge)
    .where(and(eq(charge.practiceId, viewer.practiceId), inArray(charge.id, chargeIds)))
    .orderBy(asc(charge.id))
    .for("no key update");
  const rows = await queryRows<{
    charge_id: number;
    patient_id: number;
    date_of_service: string;
    cpt_code: string;
    open_cents: number;
  }>(
    tx,
    sql`select c.id as charge_id, c.patient_id, c.date_of_service::text as date_of_service, c.cpt_code,
               (c.billed_cents - coalesce(a.applied_cents, 0))::bigint as open_cents
          from charge c
          left join lateral (
            select sum(pl.paid_cents + pl.adjustment_cents + pl.patient_resp_cents)::bigint as applied_cents
              from payment_line pl
             where pl.practice_id = c.practice_id and pl.charge_id = c.id
          ) a on true
         where c.practice_id = ${viewer.practiceId}
           and c.id in (${sql.join(
             chargeIds.map((id) => sql`${id}`),
             sql`, `,
           )})`,
  );
  const byId = new Map(rows.map((row) => [row.charge_id, row]));
  lines.forEach((line, index) => {
    const label = `Line ${index + 1}`;
    const found = byId.get(line.chargeId);
    if (!found) {
      throw new PostingError(422, `${label}: charge ${line.chargeId} is not in your practice.`, `lines.${index}.chargeId`);
    }
    const service = `${found.cpt_code} on ${formatUsDate(found.date_of_service)}`;
    if (paying && found.patient_id !== paying.id) {
      throw new PostingError(
        422,
        `${label}: charge ${service} belongs to another patient, not to ${paying.name} (MRN ${paying.mrn}) who made this payment.`,
        `lines.${index}.chargeId`,
      );
    }
    const applying = line.paid + line.adjustment + line.patientResp;
    if (applying > found.open_cents) {
      throw new PostingError(
        422,
        `${label}: charge ${service} has ${formatUsd(found.open_cents)} open, but the line applies ${formatUsd(applying)} (paid + adjustment + patient responsibility).`,
        `lines.${index}.paid`,
      );
    }
  });
}

/** Posts one payment with its lines into the viewer's own batch, in one transaction. */
export async function postPayment(
  db: Database,
  viewer: Viewer,
  batchNumber: string,
  input: PaymentInput,
  options: PostingOptions = {},
): Promise<PostedPayment> {
  requirePosting(viewer);
  const parsed = parseInput(paymentInput, input);
  if (parsed.depositDate !== null) refuseFutureDate(parsed.depositDate, viewer.timezone, "depositDate");
  const request = { operation: "post-payment", batchNumber, input: parsed };
  return inPostingTransaction(db, viewer, options.idempotencyKey ?? null, request, async (tx) => {
    const target = await myBatch(tx, viewer, batchNumber);
    if (target.kind === "void") {
      throw new PostingError(422, `Batch ${batchNumber} holds voids only; post into a deposit batch.`, "batchNumber");
    }
    if (target.locationId === null) {
      throw new PostingError(422, `Batch ${batchNumber} has no location; create a batch for the clinic.`, "batchNumber");
    }
    if ((await lockBatchForPosting(tx, viewer.practiceId, target.batchId)).closed) throw closedBatchError(batchNumber);
    // A payment's deposit date is its batch's (issue 24; the database refuses any other, PB003).
    if (parsed.depositDate !== null && parsed.depositDate !== target.depositDate) {
      throw depositDateError(batchNumber, target.depositDate);
    }
    const depositDate = target.depositDate;
    refuseFutureDate(depositDate, viewer.timezone, "depositDate");
    if (parsed.payerId !== null) await requirePayer(tx, viewer, parsed.payerId);
    const paying = parsed.patientId !== null ? await payingPatient(tx, viewer, parsed.patientId) : null;
    await checkLines(tx, viewer, parsed.lines, paying);
    const [posted] = await tx
      .insert(payment)
      .values({
        practiceId: viewer.practiceId,
        batchId: target.batchId,
        locationId: target.locationId,
        payerId: parsed.payerId,
        patientId: parsed.patientId,
        method: parsed.method,
        referenceNumber: parsed.referenceNumber,
        amountCents: parsed.amount,
        depositDate,
        postedBy: viewer.userId,
        source: "manual",
      })
      .returning({ id: payment.id, postedAt: payment.postedAt });
    if (parsed.lines.length > 0) {
      await tx.insert(paymentLine).values(
        parsed.lines.map((line) => ({
          practiceId: viewer.practiceId,
          paymentId: posted!.id,
          chargeId: line.chargeId,
          paidCents: line.paid,
          adjustmentCents: line.adjustment,
          adjustmentReason: line.adjustmentReason,
          patientRespCents: line.patientResp,
        })),
      );
    }
    // Read back from the ledger: what the response reports is what was stored.
    const [totals] = await queryRows<{ applied_cents: number; unapplied_cents: number; line_count: number }>(
      tx,
      sql`select coalesce(sum(pl.paid_cents), 0)::bigint as applied_cents,
                 (${parsed.amount}::bigint - coalesce(sum(pl.paid_cents), 0))::bigint as unapplied_cents,
                 count(pl.id)::int as line_count
            from payment_line pl
           where pl.practice_id = ${viewer.practiceId} and pl.payment_id = ${posted!.id}`,
    );
    const result: PostedPayment = {
      paymentId: posted!.id,
      batchNumber,
      amountCents: parsed.amount,
      appliedCents: totals!.applied_cents,
      unappliedCents: totals!.unapplied_cents,
      depositDate,
      postedAt: posted!.postedAt.toISOString(),
      lineCount: totals!.line_count,
    };
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "payment_posted",
      details: { ...result, source: "manual" },
    });
    return result;
  });
}

/** Why a poster may not void a payment they can see: not their batch, or (holding voidAnyPayment) not their location. */
function notYoursToVoid(viewer: Viewer, paymentId: number, batchNumber: string): PostingError {
  const message = viewerCan(viewer, "voidAnyPayment")
    ? `Payment ${paymentId} is at a location outside yours; you can void only payments of your own locations.`
    : `Payment ${paymentId} is in batch ${batchNumber}, which you did not create; you can void only payments in your own batches. A Billing Admin can void any payment.`;
  return new PostingError(403, message, "paymentId");
}

function voidBatchNumber(isoDate: string, userId: number): string {
  return `${VOID_BATCH_PREFIX}${isoDate.replaceAll("-", "")}-${userId}`;
}

/** The reversal that voided a payment, if one did: a payment is voided at most once. */
export async function reversalOf(
  tx: Database,
  viewer: Viewer,
  paymentId: number,
): Promise<{ id: number; postedAt: Date; batchNumber: string } | undefined> {
  const [reversal] = await tx
    .select({ id: payment.id, postedAt: payment.postedAt, batchNumber: batch.batchNumber })
    .from(payment)
    .innerJoin(batch, and(eq(batch.practiceId, payment.practiceId), eq(batch.id, payment.batchId)))
    .where(and(eq(payment.practiceId, viewer.practiceId), eq(payment.reversesPaymentId, paymentId)));
  return reversal;
}

async function alreadyVoided(tx: Database, viewer: Viewer, paymentId: number): Promise<PostingError | null> {
  const reversal = await reversalOf(tx, viewer, paymentId);
  if (!reversal) return null;
  return new PostingError(
    409,
    `Payment ${paymentId} was already voided on ${formatUsDate(localDateOf(reversal.postedAt, viewer.timezone))} (reversal ${reversal.id} in batch ${reversal.batchNumber}).`,
    "paymentId",
  );
}

interface ReversalTarget {
  batchId: number;
  batchNumber: string;
  depositDate: string;
}

/**
 * Where a void's reversal goes: the original's batch while that is open and its month is not
 * closed (the share lock keeps a close from slipping in before the reversal commits), else
 * the voider's open batch of today.
 */
async function reversalTarget(
  tx: Database,
  viewer: Viewer,
  original: { batchId: number; batchNumber: string; batchDepositDate: string },
  today: string,
): Promise<ReversalTarget> {
  const { closed } = await lockBatchForPosting(tx, viewer.practiceId, original.batchId);
  if (!closed && !(await isMonthClosed(tx, viewer.practiceId, original.batchDepositDate))) {
    return { batchId: original.batchId, batchNumber: original.batchNumber, depositDate: original.batchDepositDate };
  }
  const voidBatch = await openSystemBatch(tx, voidBatchNumber(today, viewer.userId), {
    practiceId: viewer.practiceId,
    depositDate: today,
    locationId: null,
    controlTotalCents: null,
    createdBy: viewer.userId,
  });
  if (voidBatch.created) {
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "batch_created",
      details: { batchId: voidBatch.id, batchNumber: voidBatch.batchNumber, depositDate: today, kind: "void" },
    });
  }
  return { batchId: voidBatch.id, batchNumber: voidBatch.batchNumber, depositDate: today };
}

/**
 * Voids a payment by posting its reversal: the same payment with every amount negated,
 * posted now, into the batch reversalTarget chooses. The original is never touched: closed
 * periods keep their totals.
 */
export async function voidPayment(
  db: Database,
  viewer: Viewer,
  paymentId: number,
  reason: string,
  options: PostingOptions = {},
): Promise<VoidedPayment> {
  requirePosting(viewer);
  const parsed = parseInput(voidInput, { reason });
  const request = { operation: "void-payment", paymentId, reason: parsed.reason };
  return inPostingTransaction(db, viewer, options.idempotencyKey ?? null, request, async (tx) => {
    const [original] = await tx
      .select({
        id: payment.id,
        locationId: payment.locationId,
        payerId: payment.payerId,
        patientId: payment.patientId,
        method: payment.method,
        referenceNumber: payment.referenceNumber,
        amountCents: payment.amountCents,
        source: payment.source,
        reversesPaymentId: payment.reversesPaymentId,
        batchId: batch.id,
        batchNumber: batch.batchNumber,
        batchDepositDate: batch.depositDate,
        batchCreatedBy: batch.createdBy,
        batchBySystem: appUser.isSystem,
      })
      .from(payment)
      .innerJoin(batch, and(eq(batch.practiceId, payment.practiceId), eq(batch.id, payment.batchId)))
      .innerJoin(appUser, and(eq(appUser.practiceId, batch.practiceId), eq(appUser.id, batch.createdBy)))
      .where(and(eq(payment.practiceId, viewer.practiceId), eq(payment.id, paymentId)));
    if (!original) throw new PostingError(404, `Payment ${paymentId} was not found in your practice.`, "paymentId");
    if (original.reversesPaymentId !== null) {
      throw new PostingError(
        409,
        `Payment ${paymentId} is itself the void of payment ${original.reversesPaymentId}; it cannot be voided.`,
        "paymentId",
      );
    }
    if (!mayVoidPayment(viewer, original)) throw notYoursToVoid(viewer, paymentId, original.batchNumber);
    const earlierVoid = await alreadyVoided(tx, viewer, paymentId);
    if (earlierVoid) throw earlierVoid;

    const now = DateTime.now();
    const today = now.setZone(viewer.timezone).toISODate()!;
    const target = await reversalTarget(tx, viewer, original, today);
    let reversalId: number;
    try {
      const [reversal] = await tx
        .insert(payment)
        .values({
          practiceId: viewer.practiceId,
          batchId: target.batchId,
          locationId: original.locationId,
          payerId: original.payerId,
          patientId: original.patientId,
          method: original.method as PaymentMethod,
          referenceNumber: original.referenceNumber,
          amountCents: -original.amountCents,
          depositDate: target.depositDate,
          postedAt: now.toJSDate(),
          postedBy: viewer.userId,
          // The reversal keeps the original's source, so per-source totals net to zero.
          source: original.source,
          reversesPaymentId: original.id,
          note: parsed.reason,
        })
        .returning({ id: payment.id });
      reversalId = reversal!.id;
    } catch (error) {
      // A concurrent void of the same payment committed first: the unique index refused ours.
      if (isUniqueViolation(error, "payment_one_reversal_idx")) {
        throw new PostingError(409, `Payment ${paymentId} was already voided.`, "paymentId");
      }
      throw error;
    }
    await tx.execute(
      sql`insert into payment_line (practice_id, payment_id, charge_id, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents)
          select practice_id, ${reversalId}, charge_id, -paid_cents, -adjustment_cents, adjustment_reason, -patient_resp_cents
            from payment_line
           where practice_id = ${viewer.practiceId} and payment_id = ${original.id}
           order by id`,
    );
    const result: VoidedPayment = {
      voidedPaymentId: original.id,
      reversalPaymentId: reversalId,
      batchNumber: target.batchNumber,
      amountCents: -original.amountCents,
      depositDate: target.depositDate,
      postedAt: now.toUTC().toISO()!,
      reason: parsed.reason,
    };
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "payment_voided",
      details: { ...result, originalBatchNumber: original.batchNumber },
    });
    return result;
  });
}

export interface BatchPayment {
  paymentId: number;
  payerName: string | null;
  patientName: string | null;
  patientMrn: string | null;
  method: PaymentMethod;
  referenceNumber: string | null;
  amountCents: number;
  appliedCents: number;
  unappliedCents: number;
  lineCount: number;
  depositDate: string;
  postedAt: string;
  reversesPaymentId: number | null;
  note: string | null;
  voidedBy: { reversalPaymentId: number; postedAt: string; reason: string | null } | null;
}

export interface PostingBatch {
  batch: BatchSummary;
  payments: BatchPayment[];
}

/** The batch posting screen: the viewer's batch and its payments, newest first. */
export async function postingBatch(db: Database, viewer: Viewer, batchNumber: string): Promise<PostingBatch> {
  const target = await myBatch(db, viewer, batchNumber);
  const rows = await queryRows<{
    payment_id: number;
    payer_name: string | null;
    first_name: string | null;
    last_name: string | null;
    mrn: string | null;
    method: PaymentMethod;
    reference_number: string | null;
    amount_cents: number;
    applied_cents: number;
    unapplied_cents: number;
    line_count: number;
    deposit_date: string;
    posted_at: string;
    reverses_payment_id: number | null;
    note: string | null;
    reversal_id: number | null;
    reversal_posted_at: string | null;
    reversal_note: string | null;
  }>(
    db,
    sql`select p.id as payment_id, pa.name as payer_name, pt.first_name, pt.last_name, pt.mrn, p.method,
               p.reference_number, p.amount_cents, coalesce(a.applied_cents, 0)::bigint as applied_cents,
               (p.amount_cents - coalesce(a.applied_cents, 0))::bigint as unapplied_cents,
               coalesce(a.line_count, 0)::int as line_count, p.deposit_date::text as deposit_date,
               ${utcIso(sql`p.posted_at`)} as posted_at,
               p.reverses_payment_id, p.note, r.id as reversal_id, ${utcIso(sql`r.posted_at`)} as reversal_posted_at,
               r.note as reversal_note
          from payment p
          left join payer pa on pa.practice_id = p.practice_id and pa.id = p.payer_id
          left join patient pt on pt.practice_id = p.practice_id and pt.id = p.patient_id
          left join lateral (
            select sum(pl.paid_cents)::bigint as applied_cents, count(*)::int as line_count
              from payment_line pl
             where pl.practice_id = p.practice_id and pl.payment_id = p.id
          ) a on true
          left join payment r on r.practice_id = p.practice_id and r.reverses_payment_id = p.id
         where p.practice_id = ${viewer.practiceId} and p.batch_id = ${target.batchId}
         order by p.posted_at desc, p.id desc`,
  );
  return {
    batch: target,
    payments: rows.map((row) => ({
      paymentId: row.payment_id,
      payerName: row.payer_name,
      patientName: row.last_name === null ? null : `${row.last_name}, ${row.first_name}`,
      patientMrn: row.mrn,
      method: row.method,
      referenceNumber: row.reference_number,
      amountCents: row.amount_cents,
      appliedCents: row.applied_cents,
      unappliedCents: row.unapplied_cents,
      lineCount: row.line_count,
      depositDate: row.deposit_date,
      postedAt: row.posted_at,
      reversesPaymentId: row.reverses_payment_id,
      note: row.note,
      voidedBy:
        row.reversal_id === null
          ? null
          : {
              reversalPaymentId: row.reversal_id,
              postedAt: row.reversal_posted_at!,
              reason: row.reversal_note,
            },
    })),
  };
}
