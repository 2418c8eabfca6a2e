import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { postingInstantRange } from "@/lib/dates";
import { postingDate, sqlList } from "@/lib/reports/toolkit/sql";
import type { BalancingScope } from "./scope";
import { PATIENT_PAYER, type PaymentBalancingQuery } from "./search-params";

/**
 * The report's date range on `alias`: payment, or payment_applied, which carries the same
 * deposit date and posting time so both sides of their join read only the range.
 */
export function dateRange(scope: BalancingScope, query: PaymentBalancingQuery, alias: "p" | "pa"): SQL {
  const t = sql.raw(alias);
  if (query.by === "deposit") return sql`${t}.deposit_date between ${query.from}::date and ${query.to}::date`;
  // Half-open UTC instants, so the posted_at indexes serve the range.
  const range = postingInstantRange(query.from, query.to, scope.timezone);
  return sql`${t}.posted_at >= ${range.startUtc}::timestamptz and ${t}.posted_at < ${range.endUtcExclusive}::timestamptz`;
}

/** The report's own filters on payment `p` (batch `b`, payer `py`). */
export function reportConditions(scope: BalancingScope, query: PaymentBalancingQuery): SQL[] {
  const conditions: SQL[] = [dateRange(scope, query, "p")];
  const postingDateOfPayment = postingDate(sql`p.posted_at`, scope.timezone);
  if (query.locations.length > 0) conditions.push(sql`p.location_id in (${sqlList(query.locations)})`);
  if (query.posters.length > 0) conditions.push(sql`p.posted_by in (${sqlList(query.posters)})`);
  if (query.payers.length > 0) {
    const ids = query.payers.filter((payer): payer is number => payer !== PATIENT_PAYER);
    const either: SQL[] = [];
    if (ids.length > 0) either.push(sql`p.payer_id in (${sqlList(ids)})`);
    if (query.payers.includes(PATIENT_PAYER)) either.push(sql`p.payer_id is null`);
    conditions.push(sql`(${sql.join(either, sql` or `)})`);
  }
  if (query.payerTypes.length > 0) {
    conditions.push(sql`coalesce(py.payer_type::text, ${PATIENT_PAYER}) in (${sqlList(query.payerTypes)})`);
  }
  if (query.methods.length > 0) conditions.push(sql`p.method::text in (${sqlList(query.methods)})`);
  if (query.sources.length > 0) conditions.push(sql`p.source::text in (${sqlList(query.sources)})`);
  if (query.batches.length > 0) conditions.push(sql`b.batch_number in (${sqlList(query.batches)})`);
  if (query.refs.length > 0) conditions.push(sql`p.reference_number in (${sqlList(query.refs)})`);
  if (query.depositDates.length > 0) conditions.push(sql`p.deposit_date in (${sqlList(query.depositDates)})`);
  if (query.postingDates.length > 0) conditions.push(sql`${postingDateOfPayment} in (${sqlList(query.postingDates)})`);
  if (query.minCents !== null) conditions.push(sql`p.amount_cents >= ${query.minCents}`);
  if (query.maxCents !== null) conditions.push(sql`p.amount_cents <= ${query.maxCents}`);
  if (query.batchState !== null) conditions.push(sql`b.closed_at is ${query.batchState === "closed" ? sql`not null` : sql`null`}`);
  return conditions;
}
