import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { batch, eraRemittance, location, payer } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { todayIn } from "@/lib/dates";
import { isPostable, readEraFile, refusalReason, REVERSAL_STATUS, type EraClaim, type EraSource, type EraTransaction } from "@/lib/era";
import { centsToDecimalString } from "@/lib/money";
import { closedPeriodError, firstOpenDay, monthLabel } from "@/lib/posting/closed-period";
import { unique } from "@/lib/reports/toolkit/search-params";
import { insertRows, type BulkColumn } from "./bulk-insert";
import type { ClaimCharge } from "./match";
import { planTransaction, type KnownClaim, type LedgerForTransaction, type ReversiblePayment } from "./plan";

/*
 * ERA import (issue 22): every ST…SE of a file is decided on its own, in its own transaction,
 * so a refused transaction never stops its neighbours.
 *
 *   - Balance first: a transaction whose BPR02 ≠ ΣCLP04 − ΣPLB is refused whole, with the
 *     difference; nothing of it is posted (it is recorded as refused, for the list).
 *   - Posted once: a remittance is unique per payer, trace number and amount among posted ones
 *     (a partial unique index), so a second import, or a concurrent one, posts nothing.
 *   - One batch per transaction, control total BPR02, posted by the importer: what it posts is
 *     planned in memory (plan.ts) from one read of the claims it names, then written in one
 *     statement a table (bulk-insert.ts).
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
    // A month closed between the placement and the insert: the database's refusal, as the 422 naming it.
    if (!(error instanceof AlreadyPosted)) throw closedPeriodError(error);
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
    const earlier = await earlierRefusal(tx, importer.practiceId, payerId, transaction, reason);
    const [row] = earlier
      ? [earlier]
      : await tx
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

/** The same transaction refused for the same reason before: the list shows it once, however often it is uploaded. */
async function earlierRefusal(
  tx: Database,
  practiceId: number,
  payerId: number,
  transaction: EraTransaction,
  reason: string,
): Promise<{ id: number } | undefined> {
  const [row] = await tx
    .select({ id: eraRemittance.id })
    .from(eraRemittance)
    .where(
      and(
        eq(eraRemittance.practiceId, practiceId),
        eq(eraRemittance.payerId, payerId),
        eq(eraRemittance.traceNumber, transaction.traceNumber!),
        eq(eraRemittance.amountCents, transaction.payment!.amountCents),
        eq(eraRemittance.status, "refused"),
        eq(eraRemittance.refusalReason, reason),
      ),
    )
    .orderBy(asc(eraRemittance.id))
    .limit(1);
  return row;
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

const PAYMENT_COLUMNS: readonly BulkColumn[] = [
  ["id", "int"],
  ["practice_id", "int"],
  ["batch_id", "int"],
  ["location_id", "int"],
  ["payer_id", "int"],
  ["method", "payment_method"],
  ["reference_number", "text"],
  ["amount_cents", "bigint"],
  ["deposit_date", "date"],
  ["posted_by", "int"],
  ["source", "payment_source"],
  ["claim_id", "int"],
  ["provider_adjustment_code", "text"],
  ["note", "text"],
  ["reverses_payment_id", "int"],
];
const PAYMENT_LINE_COLUMNS: readonly BulkColumn[] = [
  ["practice_id", "int"],
  ["payment_id", "int"],
  ["charge_id", "int"],
  ["paid_cents", "bigint"],
  ["adjustment_cents", "bigint"],
  ["adjustment_reason", "text"],
  ["patient_resp_cents", "bigint"],
];
const ERA_CLAIM_COLUMNS: readonly BulkColumn[] = [
  ["id", "int"],
  ["practice_id", "int"],
  ["remittance_id", "int"],
  ["position", "int"],
  ["claim_number", "text"],
  ["status_code", "text"],
  ["charged_cents", "bigint"],
  ["paid_cents", "bigint"],
  ["patient_resp_cents", "bigint"],
  ["payer_claim_number", "text"],
  ["patient_name", "text"],
  ["claim_id", "int"],
  ["payment_id", "int"],
  ["detail", "jsonb"],
];
const ERA_EXCEPTION_COLUMNS: readonly BulkColumn[] = [
  ["practice_id", "int"],
  ["remittance_id", "int"],
  ["era_claim_id", "int"],
  ["service_line", "int"],
  ["reason", "text"],
  ["explanation", "text"],
  ["amount_cents", "bigint"],
];

/** `count` ids of a table's identity sequence, taken before the insert so rows can point at each other. */
async function reserveIds(tx: Database, table: "payment" | "era_claim", count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${count})`,
  );
  return rows.map((row) => row.id);
}

/** A list as one JSON parameter: the same SQL on both drivers, whatever its length. */
function jsonList(values: readonly (string | number)[]) {
  return sql`(select value from json_array_elements_text(${JSON.stringify(values)}::json))`;
}

/** What the ledger already holds that the transaction's claims name: read once, in three statements. */
async function ledgerFor(tx: Database, practiceId: number, transaction: EraTransaction): Promise<LedgerForTransaction> {
  const numbers = unique(transaction.claims.map((read) => read.patientControlNumber));
  const claims =
    numbers.length === 0
      ? []
      : await queryRows<KnownClaim>(
          tx,
          sql`select c.id, c.claim_number as "claimNumber", c.location_id as "locationId",
                     p.first_name as "firstName", p.last_name as "lastName"
                from claim c join patient p on p.practice_id = c.practice_id and p.id = c.patient_id
               where c.practice_id = ${practiceId} and c.claim_number in ${jsonList(numbers)}`,
        );
  const claimIds = claims.map((known) => known.id);
  const charges =
    claimIds.length === 0
      ? []
      : await queryRows<ClaimCharge & { claimId: number }>(
          tx,
          sql`select id, claim_id as "claimId", cpt_code as "cptCode", modifiers, date_of_service::text as "dateOfService",
                     billed_cents::bigint as "billedCents"
                from charge
               where practice_id = ${practiceId} and claim_id in (select value::int from ${jsonList(claimIds)} v)
               order by date_of_service, id`,
        );
  const chargesByClaim = new Map<number, ClaimCharge[]>();
  for (const { claimId, ...claimCharge } of charges) {
    const list = chargesByClaim.get(claimId) ?? [];
    list.push({ ...claimCharge, billedCents: Number(claimCharge.billedCents) });
    chargesByClaim.set(claimId, list);
  }
  const reversedClaims = unique(
    transaction.claims
      .filter((read) => read.status === REVERSAL_STATUS)
      .flatMap((read) => claims.filter((known) => known.claimNumber === read.patientControlNumber).map((known) => known.id)),
  );
  const reversiblePayments =
    reversedClaims.length === 0
      ? []
      : await queryRows<ReversiblePayment>(
          tx,
          sql`select p.id, p.claim_id as "claimId", p.amount_cents::bigint as "amountCents"
                from payment p
               where p.practice_id = ${practiceId} and p.claim_id in (select value::int from ${jsonList(reversedClaims)} v)
                 and p.source = 'era' and p.reverses_payment_id is null
                 and not exists (select 1 from payment r where r.practice_id = p.practice_id and r.reverses_payment_id = p.id)
               order by p.id`,
        );
  const [firstLocation] = await tx
    .select({ id: location.id })
    .from(location)
    .where(eq(location.practiceId, practiceId))
    .orderBy(asc(location.id))
    .limit(1);
  return {
    claimsByNumber: new Map(claims.map((known) => [known.claimNumber, known])),
    chargesByClaim,
    reversiblePayments: reversiblePayments.map((earlier) => ({ ...earlier, amountCents: Number(earlier.amountCents) })),
    defaultLocationId: firstLocation!.id,
  };
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
  const paidOn = transaction.payment!.date ?? transaction.productionDate ?? todayIn(importer.timezone);
  // A closed month's totals are frozen: a late ERA for it posts on the first open day, and its payments say so.
  const depositDate = await firstOpenDay(tx, practiceId, paidOn);
  const placementNote = depositDate === paidOn ? null : `Paid ${paidOn}; ${monthLabel(paidOn.slice(0, 7))} is closed`;
  const method = ledgerMethod(transaction);
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
      paymentDate: paidOn,
      method,
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

  const plan = planTransaction(transaction, await ledgerFor(tx, practiceId, transaction));
  const paymentIds = await reserveIds(tx, "payment", plan.payments.length);
  const eraClaimIds = await reserveIds(tx, "era_claim", plan.claims.length);
  await insertRows(
    tx,
    "payment",
    PAYMENT_COLUMNS,
    plan.payments,
    (planned, index) => ({
      id: paymentIds[index],
      practice_id: practiceId,
      batch_id: createdBatch!.id,
      location_id: planned.locationId,
      payer_id: payerId,
      method,
      reference_number: transaction.traceNumber,
      amount_cents: planned.amountCents,
      deposit_date: depositDate,
      posted_by: importer.userId,
      source: "era",
      claim_id: planned.claimId,
      provider_adjustment_code: planned.providerAdjustmentCode,
      note: [planned.note, placementNote].filter(Boolean).join(" · ") || null,
      reverses_payment_id: planned.reversesPaymentId,
    }),
  );
  await insertRows(
    tx,
    "payment_line",
    PAYMENT_LINE_COLUMNS,
    plan.lines,
    (line) => ({
      practice_id: practiceId,
      payment_id: paymentIds[line.payment],
      charge_id: line.chargeId,
      paid_cents: line.paidCents,
      adjustment_cents: line.adjustmentCents,
      adjustment_reason: line.adjustmentReason,
      patient_resp_cents: line.patientRespCents,
    }),
  );
  if (plan.reversals.length > 0) {
    const pairs = plan.reversals.map(({ payment: index, reversedPaymentId }) => ({ reversal: paymentIds[index]!, reversed: reversedPaymentId }));
    await queryRows(tx, sql`
      insert into payment_line (practice_id, payment_id, charge_id, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents)
      select l.practice_id, r.reversal, l.charge_id, -l.paid_cents, -l.adjustment_cents, l.adjustment_reason, -l.patient_resp_cents
        from json_to_recordset(${JSON.stringify(pairs)}::json) as r(reversal int, reversed int)
        join payment_line l on l.practice_id = ${practiceId} and l.payment_id = r.reversed
       order by r.reversal, l.id`);
  }
  await insertRows(
    tx,
    "era_claim",
    ERA_CLAIM_COLUMNS,
    plan.claims,
    ({ read, claimId, payment: index }, position) => ({
      id: eraClaimIds[position],
      practice_id: practiceId,
      remittance_id: remittanceId,
      position,
      claim_number: read.patientControlNumber,
      status_code: read.status,
      charged_cents: read.chargedCents,
      paid_cents: read.paidCents,
      patient_resp_cents: read.patientResponsibilityCents,
      payer_claim_number: read.payerClaimControlNumber,
      patient_name: read.patient ? [read.patient.lastName, read.patient.firstName].filter(Boolean).join(", ") : null,
      claim_id: claimId,
      payment_id: paymentIds[index],
      detail: claimDetail(read),
    }),
  );
  const exceptions = plan.claims.flatMap((planned, position) =>
    planned.exceptions.map((exception) => ({
      practice_id: practiceId,
      remittance_id: remittanceId,
      era_claim_id: eraClaimIds[position],
      service_line: exception.serviceLine,
      reason: exception.reason,
      explanation: exception.explanation,
      amount_cents: exception.amountCents,
    })),
  );
  await insertRows(tx, "era_exception", ERA_EXCEPTION_COLUMNS, exceptions, (exception) => exception);
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
      exceptions: exceptions.length,
    },
  });
  return outcome(transaction, { status: "posted", batchNumber, exceptions: exceptions.length, reason: null, remittanceId });
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
