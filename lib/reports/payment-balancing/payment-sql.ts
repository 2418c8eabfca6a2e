import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { batchStateOf, isoDate, isoInstant } from "@/lib/reports/toolkit/sql";
import { PAYMENT_COLUMNS, type PaymentBalancingRow, type SortColumn } from "./columns";
import type { BalancingScope } from "./scope";
import { PATIENT_PAYER } from "./search-params";

/*
 * Names from the two big lookup tables (a practice has hundreds of thousands of batches and
 * patients) are scalar subqueries: PostgreSQL evaluates them after the sort and limit, one
 * index lookup per row shown or exported, instead of hashing the whole table for a join.
 */
export const PAYER_OR_PATIENT = sql`coalesce(s.payer_name, (
  select pt.last_name || ', ' || pt.first_name || ' (' || pt.mrn || ')' from patient pt
  where pt.practice_id = s.practice_id and pt.id = s.patient_id))`;
export const BATCH_NUMBER = sql`(select bn.batch_number from batch bn where bn.practice_id = s.practice_id and bn.id = s.batch_id)`;

/** Each column of PaymentBalancingRow, over scoped payment `s`, its poster `u` and location `l`. */
export const DETAIL_EXPRESSIONS: Readonly<Record<keyof PaymentBalancingRow, SQL>> = {
  id: sql`s.id`,
  depositDate: isoDate(sql`s.deposit_date`),
  postedAt: isoInstant(sql`s.posted_at`),
  postingDate: isoDate(sql`s.posting_date`),
  posterId: sql`s.posted_by`,
  poster: sql`u.name`,
  batchId: sql`s.batch_id`,
  batchNumber: BATCH_NUMBER,
  batchState: batchStateOf(sql`s.batch_closed_at`),
  locationId: sql`s.location_id`,
  location: sql`l.name`,
  payerId: sql`s.payer_id`,
  patientId: sql`s.patient_id`,
  payerOrPatient: PAYER_OR_PATIENT,
  payerType: sql`coalesce(s.payer_type::text, ${PATIENT_PAYER})`,
  method: sql`s.method::text`,
  referenceNumber: sql`s.reference_number`,
  amountCents: sql`s.amount_cents::bigint`,
  appliedCents: sql`s.applied_cents::bigint`,
  unappliedCents: sql`s.unapplied_cents::bigint`,
  source: sql`s.source::text`,
  reversesPaymentId: sql`s.reverses_payment_id`,
};

function selectList(columns: ReadonlyArray<readonly [string, SQL]>): SQL {
  return sql.join(
    columns.map(([name, expression]) => sql`${expression} as ${sql.identifier(name)}`),
    sql`, `,
  );
}

export const DETAIL_COLUMNS = selectList(Object.entries(DETAIL_EXPRESSIONS));

/*
 * An export reads only the columns a file shows (PAYMENT_COLUMNS), and the posting time as
 * milliseconds since the epoch: parsing every row's ids and an ISO string back into an instant
 * was a fifth of a month's CSV export.
 */
// floor, not a cast: to_char's MS in the grid truncates the microseconds, a cast would round them.
const POSTED_AT_EPOCH_MS = sql`floor(extract(epoch from s.posted_at) * 1000)::bigint`;

export const EXPORT_COLUMNS = selectList([
  ["id", DETAIL_EXPRESSIONS.id],
  ["reversesPaymentId", DETAIL_EXPRESSIONS.reversesPaymentId],
  ...PAYMENT_COLUMNS.map(
    ({ key }) => [key, key === "postedAt" ? POSTED_AT_EPOCH_MS : DETAIL_EXPRESSIONS[key]] as const,
  ),
]);

export function detailJoins(scope: BalancingScope): SQL {
  return sql`
    join app_user u on u.practice_id = ${scope.practiceId} and u.id = s.posted_by
    join location l on l.practice_id = ${scope.practiceId} and l.id = s.location_id`;
}

/** Dates and amounts sort by their values; names and enum words by what the grid shows. */
export const SORT_EXPRESSIONS: Readonly<Record<SortColumn, SQL>> = {
  deposit_date: sql`s.deposit_date`,
  posted_at: sql`s.posted_at`,
  poster: DETAIL_EXPRESSIONS.poster,
  // The number the candidate's batch join reads, not the per-row lookup the grid selects.
  batch: sql`s.batch_number`,
  batch_state: DETAIL_EXPRESSIONS.batchState,
  location: DETAIL_EXPRESSIONS.location,
  payer: DETAIL_EXPRESSIONS.payerOrPatient,
  payer_type: DETAIL_EXPRESSIONS.payerType,
  method: DETAIL_EXPRESSIONS.method,
  reference_number: DETAIL_EXPRESSIONS.referenceNumber,
  amount: sql`s.amount_cents`,
  applied: sql`s.applied_cents`,
  unapplied: sql`s.unapplied_cents`,
  source: DETAIL_EXPRESSIONS.source,
};
