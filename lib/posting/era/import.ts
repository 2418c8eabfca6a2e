import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import {
  batch,
  charge,
  claim,
  eraClaim,
  eraException,
  eraRemittance,
  location,
  patient,
  payer,
  payment,
  paymentLine,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { todayIn } from "@/lib/dates";
import { isPostable, readEraFile, refusalReason, REVERSAL_STATUS, type EraClaim, type EraSource, type EraTransaction } from "@/lib/era";
import { centsToDecimalString } from "@/lib/money";
import { linesOf, matchServiceLines, samePatient, type ClaimCharge, type ExceptionReason, type LineAmounts } from "./match";

/*
 * ERA import (issue 22): every ST…SE of a file is decided on its own, in its own transaction,
 * so a refused transaction never stops its neighbours.
 *
 *   - Balance first: a transaction whose BPR02 ≠ ΣCLP04 − ΣPLB is refused whole, with the
 *     difference; nothing of it is posted (it is recorded as refused, for the list).
 *   - Posted once: a remittance is unique per payer, trace number and amount among posted ones
 *     (a partial unique index), so a second import, or a concurrent one, posts nothing.
 *   - One batch per transaction, control total BPR02, posted by the importer:
 *       one payment per claim (CLP04, at the claim's location), its lines per matched service
 *       line with the CAS kept as reason codes; a claim-level CAS is a line of its own;
 *       a reversal (CLP02=22) reverses the earlier ERA payment of the claim through the ledger's
 *       reversal rule; PLB rows are payments of their own with their reason code
 *       (amount = −PLB, so the batch's posted total is BPR02).
 *   - What cannot be matched stays unapplied in the claim's payment and opens an exception.
 */

export interface EraImporter {
  practiceId: number;
  userId: number;
  timezone: string;
}

export type TransactionStatus = "posted" | "already_posted" | "refused";

/** One ST…SE as the API and the upload screen report it. */
export interface TransactionOutcome {
  traceNumber: string | null;
  /** BPR02 in dollars ("945.00"). */
  amount: string | null;
  status: TransactionStatus;
  batchNumber: string | null;
  exceptions: number;
  reason: string | null;
  remittanceId: number | null;
}

/** Reads the whole file first (a file that cannot be read posts nothing: EraFileError), then decides each transaction. */
export async function importEraFile(
  db: Database,
  importer: EraImporter,
  source: EraSource,
  options: { fileName?: string | null } = {},
): Promise<TransactionOutcome[]> {
  const file = await readEraFile(source);
  const outcomes: TransactionOutcome[] = [];
  for (const transaction of file.transactions) outcomes.push(await importTransaction(db, importer, transaction, options.fileName ?? null));
  return outcomes;
}

class AlreadyPosted extends Error {}

function outcome(transaction: EraTransaction, fields: Omit<TransactionOutcome, "traceNumber" | "amount">): TransactionOutcome {
  const amountCents = transaction.payment?.amountCents;
  return {
    traceNumber: transaction.traceNumber,
    amount: amountCents === undefined ? null : centsToDecimalString(amountCents),
    ...fields,
  };
}

async function importTransaction(
  db: Database,
  importer: EraImporter,
  transaction: EraTransaction,
  fileName: string | null,
): Promise<TransactionOutcome> {
  if (!isPostable(transaction)) {
    const reason = refusalReason(transaction) ?? "The transaction cannot be posted.";
    const remittanceId = await recordRefusal(db, importer, transaction, reason, fileName);
    return outcome(transaction, { status: "refused", batchNumber: null, exceptions: 0, reason, remittanceId });
  }
  try {
    return await db.transaction(async (transactionDb) => {
      const tx = transactionDb as unknown as Database;
      const payerId = await payerFor(tx, importer.practiceId, transaction);
      const earlier = await postedRemittance(tx, importer.practiceId, payerId, transaction);
      if (earlier) return outcome(transaction, { status: "already_posted", ...earlier, reason: "Already posted." });
      return await postTransaction(tx, importer, transaction, payerId, fileName);
    });
  } catch (error) {
    if (!(error instanceof AlreadyPosted)) throw error;
    // A concurrent import posted it first; this one's transaction rolled back whole.
    const payerId = await payerFor(db, importer.practiceId, transaction);
    const earlier = await postedRemittance(db, importer.practiceId, payerId, transaction);
    if (!earlier) throw new Error("an ERA remittance conflicted but is not posted");
    return outcome(transaction, { status: "already_posted", ...earlier, reason: "Already posted." });
  }
}

/** A refused transaction is listed with its reason when it names a payer, a trace number and an amount. */
async function recordRefusal(
  db: Database,
  importer: EraImporter,
  transaction: EraTransaction,
  reason: string,
  fileName: string | null,
): Promise<number | null> {
  if (!transaction.payer || !transaction.traceNumber || !transaction.payment) return null;
  return db.transaction(async (transactionDb) => {
    const tx = transactionDb as unknown as Database;
    const payerId = await payerFor(tx, importer.practiceId, transaction);
    const [row] = await tx
      .insert(eraRemittance)
      .values({
        practiceId: importer.practiceId,
        payerId,
        traceNumber: transaction.traceNumber!,
        amountCents: transaction.payment!.amountCents,
        paymentDate: transaction.payment!.date ?? transaction.productionDate ?? todayIn(importer.timezone),
        method: ledgerMethod(transaction),
        status: "refused",
        refusalReason: reason,
        claimCount: transaction.claims.length,
        fileName,
        importedBy: importer.userId,
      })
      .returning({ id: eraRemittance.id });
    await recordAudit(tx, {
      practiceId: importer.practiceId,
      userId: importer.userId,
      action: "era_imported",
      details: { remittanceId: row!.id, status: "refused", traceNumber: transaction.traceNumber, reason },
    });
    return row!.id;
  });
}

function ledgerMethod(transaction: EraTransaction): "eft" | "check" | "other" {
  const method = transaction.payment?.method;
  return method === "eft" || method === "check" ? method : "other";
}

/** The payer by its EDI id, else by name; one the practice does not know is added, flagged for review. */
async function payerFor(tx: Database, practiceId: number, transaction: EraTransaction): Promise<number> {
  const { name, id: ediId } = transaction.payer!;
  if (ediId) {
    const [known] = await tx
      .select({ id: payer.id })
      .from(payer)
      .where(and(eq(payer.practiceId, practiceId), eq(payer.ediPayerId, ediId)));
    if (known) return known.id;
  } else {
    const [named] = await tx
      .select({ id: payer.id })
      .from(payer)
      .where(and(eq(payer.practiceId, practiceId), sql`lower(${payer.name}) = lower(${name})`))
      .orderBy(asc(payer.id))
      .limit(1);
    if (named) return named.id;
  }
  const [added] = await tx
    .insert(payer)
    .values({ practiceId, name, payerType: "other", ediPayerId: ediId, needsReview: true })
    .onConflictDoNothing()
    .returning({ id: payer.id });
  if (added) return added.id;
  // A concurrent import added it first.
  const [known] = await tx
    .select({ id: payer.id })
    .from(payer)
    .where(and(eq(payer.practiceId, practiceId), eq(payer.ediPayerId, ediId!)));
  return known!.id;
}

async function postedRemittance(
  tx: Database,
  practiceId: number,
  payerId: number,
  transaction: EraTransaction,
): Promise<{ batchNumber: string; exceptions: number; remittanceId: number } | null> {
  const [row] = await queryRows<{ batchNumber: string; exceptions: number; remittanceId: number }>(
    tx,
    sql`select b.batch_number as "batchNumber", r.id as "remittanceId",
               (select count(*)::int from era_exception x where x.practice_id = r.practice_id and x.remittance_id = r.id) as exceptions
        from era_remittance r join batch b on b.practice_id = r.practice_id and b.id = r.batch_id
        where r.practice_id = ${practiceId} and r.payer_id = ${payerId} and r.trace_number = ${transaction.traceNumber}
          and r.amount_cents = ${transaction.payment!.amountCents} and r.status = 'posted'`,
  );
  return row ?? null;
}

interface PostingContext {
  tx: Database;
  importer: EraImporter;
  payerId: number;
  batchId: number;
  remittanceId: number;
  depositDate: string;
  method: "eft" | "check" | "other";
  traceNumber: string;
  defaultLocationId: number;
}

async function postTransaction(
  tx: Database,
  importer: EraImporter,
  transaction: EraTransaction,
  payerId: number,
  fileName: string | null,
): Promise<TransactionOutcome> {
  const { practiceId } = importer;
  const [{ remittanceId }] = (await queryRows<{ remittanceId: number }>(
    tx,
    sql`select nextval(pg_get_serial_sequence('era_remittance', 'id'))::int as "remittanceId"`,
  )) as [{ remittanceId: number }];
  const batchNumber = `ERA-${remittanceId}`;
  const depositDate = transaction.payment!.date ?? transaction.productionDate ?? todayIn(importer.timezone);
  const [createdBatch] = await tx
    .insert(batch)
    .values({
      practiceId,
      batchNumber,
      depositDate,
      locationId: null,
      controlTotalCents: transaction.payment!.amountCents,
      createdBy: importer.userId,
    })
    .returning({ id: batch.id });
  const [remittance] = await tx
    .insert(eraRemittance)
    .values({
      id: remittanceId,
      practiceId,
      payerId,
      traceNumber: transaction.traceNumber!,
      amountCents: transaction.payment!.amountCents,
      paymentDate: depositDate,
      method: ledgerMethod(transaction),
      status: "posted",
      batchId: createdBatch!.id,
      claimCount: transaction.claims.length,
      fileName,
      importedBy: importer.userId,
    })
    // The posted-once index: a concurrent import of the same remittance waits here, then posts nothing.
    .onConflictDoNothing()
    .returning({ id: eraRemittance.id });
  if (!remittance) throw new AlreadyPosted();

  const [firstLocation] = await tx
    .select({ id: location.id })
    .from(location)
    .where(eq(location.practiceId, practiceId))
    .orderBy(asc(location.id))
    .limit(1);
  const context: PostingContext = {
    tx,
    importer,
    payerId,
    batchId: createdBatch!.id,
    remittanceId,
    depositDate,
    method: ledgerMethod(transaction),
    traceNumber: transaction.traceNumber!,
    defaultLocationId: firstLocation!.id,
  };
  let exceptions = 0;
  for (const [position, eraClaimRead] of transaction.claims.entries()) exceptions += await postClaim(context, eraClaimRead, position);
  for (const adjustment of transaction.providerAdjustments) {
    await insertPayment(context, {
      amountCents: -adjustment.amountCents,
      locationId: context.defaultLocationId,
      claimId: null,
      providerAdjustmentCode: /^[A-Z0-9]{1,3}$/.test(adjustment.reasonCode) ? adjustment.reasonCode : "CS",
      note: [`PLB ${adjustment.reasonCode}`, adjustment.reference].filter(Boolean).join(" "),
    });
  }
  await recordAudit(tx, {
    practiceId,
    userId: importer.userId,
    action: "era_imported",
    details: {
      remittanceId,
      status: "posted",
      batchNumber,
      traceNumber: transaction.traceNumber,
      amountCents: transaction.payment!.amountCents,
      claims: transaction.claims.length,
      exceptions,
    },
  });
  return outcome(transaction, { status: "posted", batchNumber, exceptions, reason: null, remittanceId });
}

async function insertPayment(
  context: PostingContext,
  values: { amountCents: number; locationId: number; claimId: number | null; providerAdjustmentCode?: string; note?: string; reversesPaymentId?: number },
): Promise<number> {
  const [row] = await context.tx
    .insert(payment)
    .values({
      practiceId: context.importer.practiceId,
      batchId: context.batchId,
      locationId: values.locationId,
      payerId: context.payerId,
      method: context.method,
      referenceNumber: context.traceNumber,
      amountCents: values.amountCents,
      depositDate: context.depositDate,
      postedBy: context.importer.userId,
      source: "era",
      claimId: values.claimId,
      providerAdjustmentCode: values.providerAdjustmentCode ?? null,
      note: values.note ?? null,
      reversesPaymentId: values.reversesPaymentId ?? null,
    })
    .returning({ id: payment.id });
  return row!.id;
}

async function insertLines(context: PostingContext, paymentId: number, chargeId: number, lines: readonly LineAmounts[]): Promise<void> {
  if (lines.length === 0) return;
  await context.tx
    .insert(paymentLine)
    .values(lines.map((line) => ({ practiceId: context.importer.practiceId, paymentId, chargeId, ...line })));
}

/** What the remittance page shows of a claim: its lines and adjustments as the payer sent them. */
function claimDetail(read: EraClaim) {
  return {
    patient: read.patient,
    adjustments: read.adjustments.map(({ group, reason, amountCents }) => ({ group, reason, amountCents })),
    serviceLines: read.serviceLines.map((line) => ({
      procedure: line.procedure.code,
      modifiers: line.procedure.modifiers,
      dateOfService: line.serviceDates?.from ?? null,
      chargedCents: line.chargedCents,
      paidCents: line.paidCents,
      units: line.units,
      adjustments: line.adjustments.map(({ group, reason, amountCents }) => ({ group, reason, amountCents })),
    })),
  };
}

/** Posts one claim's payment and what of it matches; returns how many exceptions it opened. */
async function postClaim(context: PostingContext, read: EraClaim, position: number): Promise<number> {
  const { tx, importer } = context;
  const [known] = await tx
    .select({ id: claim.id, locationId: claim.locationId, firstName: patient.firstName, lastName: patient.lastName })
    .from(claim)
    .innerJoin(patient, and(eq(patient.practiceId, claim.practiceId), eq(patient.id, claim.patientId)))
    .where(and(eq(claim.practiceId, importer.practiceId), eq(claim.claimNumber, read.patientControlNumber)));

  const exceptions: Array<ExceptionReason & { serviceLine: number | null; amountCents: number }> = [];
  let paymentId: number;
  if (!known) {
    paymentId = await insertPayment(context, { amountCents: read.paidCents, locationId: context.defaultLocationId, claimId: null });
    exceptions.push({
      reason: "claim_not_found",
      explanation: `CLP01 ${read.patientControlNumber} is no claim of the practice.`,
      serviceLine: null,
      amountCents: read.paidCents,
    });
  } else if (read.status === REVERSAL_STATUS) {
    paymentId = await postReversal(context, read, known.id, known.locationId, exceptions);
  } else if (!samePatient(read, known)) {
    paymentId = await insertPayment(context, { amountCents: read.paidCents, locationId: known.locationId, claimId: known.id });
    exceptions.push({
      reason: "patient_differs",
      explanation: `The payer names ${read.patient!.lastName}, ${read.patient!.firstName ?? ""}; claim ${read.patientControlNumber} is ${known.lastName}, ${known.firstName}.`,
      serviceLine: null,
      amountCents: read.paidCents,
    });
  } else {
    paymentId = await insertPayment(context, { amountCents: read.paidCents, locationId: known.locationId, claimId: known.id });
    await applyClaim(context, read, known.id, paymentId, exceptions);
  }

  const [storedClaim] = await tx
    .insert(eraClaim)
    .values({
      practiceId: importer.practiceId,
      remittanceId: context.remittanceId,
      position,
      claimNumber: read.patientControlNumber,
      statusCode: read.status,
      chargedCents: read.chargedCents,
      paidCents: read.paidCents,
      patientRespCents: read.patientResponsibilityCents,
      payerClaimNumber: read.payerClaimControlNumber,
      patientName: read.patient ? [read.patient.lastName, read.patient.firstName].filter(Boolean).join(", ") : null,
      claimId: known?.id ?? null,
      paymentId,
      detail: claimDetail(read),
    })
    .returning({ id: eraClaim.id });
  if (exceptions.length > 0) {
    await tx.insert(eraException).values(
      exceptions.map((exception) => ({
        practiceId: importer.practiceId,
        remittanceId: context.remittanceId,
        eraClaimId: storedClaim!.id,
        serviceLine: exception.serviceLine,
        reason: exception.reason,
        explanation: exception.explanation,
        amountCents: exception.amountCents,
      })),
    );
  }
  return exceptions.length;
}

async function claimCharges(tx: Database, practiceId: number, claimId: number): Promise<ClaimCharge[]> {
  return tx
    .select({
      id: charge.id,
      cptCode: charge.cptCode,
      modifiers: charge.modifiers,
      dateOfService: charge.dateOfService,
      billedCents: charge.billedCents,
    })
    .from(charge)
    .where(and(eq(charge.practiceId, practiceId), eq(charge.claimId, claimId)))
    .orderBy(asc(charge.dateOfService), asc(charge.id));
}

/** Applies a matched claim's service lines; lines that match no charge stay unapplied, as exceptions. */
async function applyClaim(
  context: PostingContext,
  read: EraClaim,
  claimId: number,
  paymentId: number,
  exceptions: Array<ExceptionReason & { serviceLine: number | null; amountCents: number }>,
): Promise<void> {
  const charges = await claimCharges(context.tx, context.importer.practiceId, claimId);
  let appliedCents = 0;
  let firstCharge: number | null = null;
  const matches = matchServiceLines(read.serviceLines, charges);
  for (const [index, match] of matches.entries()) {
    const line = read.serviceLines[index]!;
    if (match.kind === "exception") {
      exceptions.push({ reason: match.reason, explanation: match.explanation, serviceLine: index, amountCents: line.paidCents });
      continue;
    }
    firstCharge ??= match.charge.id;
    await insertLines(context, paymentId, match.charge.id, linesOf(line.paidCents, line.adjustments));
    appliedCents += line.paidCents;
  }
  if (read.serviceLines.length === 0) firstCharge = charges[0]?.id ?? null;
  // A claim-level adjustment (CAS before the first SVC) lowers what the claim pays below its lines:
  // a line of its own, paid −amount, so the payment's applied amount is CLP04.
  const claimLevel = read.adjustments.filter((adjustment) => adjustment.group !== "PR");
  if (firstCharge !== null && read.adjustments.length > 0) {
    const lines = read.adjustments.map((adjustment) => linesOf(0, [adjustment])[0]!);
    const claimLevelCents = claimLevel.reduce((sum, adjustment) => sum + adjustment.amountCents, 0);
    if (read.serviceLines.length > 0 && lines[0]) lines[0] = { ...lines[0], paidCents: -claimLevelCents };
    await insertLines(context, paymentId, firstCharge, lines);
    if (read.serviceLines.length > 0) appliedCents -= claimLevelCents;
  }
  const unexplained = read.paidCents - appliedCents - exceptions.reduce((sum, exception) => sum + exception.amountCents, 0);
  if (unexplained !== 0) {
    exceptions.push({
      reason: "amount_differs",
      explanation: `The claim pays ${centsToDecimalString(read.paidCents)}, its service lines ${centsToDecimalString(read.paidCents - unexplained)}.`,
      serviceLine: null,
      amountCents: unexplained,
    });
  }
}

/**
 * CLP02=22: the payer takes back its earlier payment of the claim. The earlier ERA payment of
 * that claim, for the amount taken back and not reversed yet, is reversed by the ledger's rule
 * (a new negative payment with reverses_payment_id, its lines negated); it is never edited.
 * Without one, the negative money is held unapplied as an exception.
 */
async function postReversal(
  context: PostingContext,
  read: EraClaim,
  claimId: number,
  locationId: number,
  exceptions: Array<ExceptionReason & { serviceLine: number | null; amountCents: number }>,
): Promise<number> {
  const { tx, importer } = context;
  const reversed = sql.raw("reversal");
  const [earlier] = await tx
    .select({ id: payment.id })
    .from(payment)
    .where(
      and(
        eq(payment.practiceId, importer.practiceId),
        eq(payment.claimId, claimId),
        eq(payment.source, "era"),
        eq(payment.amountCents, -read.paidCents),
        isNull(payment.reversesPaymentId),
        sql`not exists (select 1 from payment ${reversed} where ${reversed}.practice_id = ${payment.practiceId} and ${reversed}.reverses_payment_id = ${payment.id})`,
      ),
    )
    .orderBy(asc(payment.id))
    .limit(1);
  if (!earlier) {
    exceptions.push({
      reason: "claim_not_found",
      explanation: `Claim ${read.patientControlNumber} has no earlier ERA payment of ${centsToDecimalString(-read.paidCents)} to reverse.`,
      serviceLine: null,
      amountCents: read.paidCents,
    });
    return insertPayment(context, { amountCents: read.paidCents, locationId, claimId });
  }
  const reversalId = await insertPayment(context, { amountCents: read.paidCents, locationId, claimId, reversesPaymentId: earlier.id });
  await queryRows(tx, sql`
    insert into payment_line (practice_id, payment_id, charge_id, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents)
    select practice_id, ${reversalId}, charge_id, -paid_cents, -adjustment_cents, adjustment_reason, -patient_resp_cents
    from payment_line where practice_id = ${importer.practiceId} and payment_id = ${earlier.id} order by id`);
  return reversalId;
}
