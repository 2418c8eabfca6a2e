import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { postingInstantRange } from "@/lib/dates";
import { allOf, isoDate, isoInstant, sqlList } from "@/lib/reports/toolkit/sql";
import type { EraRemittanceRow } from "./columns";
import { ERA_PAGE_SIZE, type EraListQuery } from "./search-params";

/*
 * /payments/era's list: the practice's imported remittances, newest first, filtered by the
 * import's calendar day in the practice's timezone, status and payer. Posted is the SQL sum of
 * the batch's payments (what the ledger holds), so a balanced ERA shows posted = amount.
 * Scope: see scope.ts (the list names no patient).
 */

export interface EraListResult {
  rows: EraRemittanceRow[];
  remittanceCount: number;
  page: { number: number; size: number; pageCount: number };
}

/** The remittances of the query in `r`, as a WHERE condition. */
export function eraListConditions(viewer: Viewer, query: EraListQuery): SQL {
  const conditions = [sql`r.practice_id = ${viewer.practiceId}`];
  if (query.from) conditions.push(sql`r.imported_at >= ${postingInstantRange(query.from, query.from, viewer.timezone).startUtc}::timestamptz`);
  if (query.to) conditions.push(sql`r.imported_at < ${postingInstantRange(query.to, query.to, viewer.timezone).endUtcExclusive}::timestamptz`);
  if (query.statuses.length > 0) conditions.push(sql`r.status in (${sqlList(query.statuses)})`);
  if (query.payers.length > 0) conditions.push(sql`r.payer_id in (${sqlList(query.payers)})`);
  return allOf(conditions);
}

/** The columns of EraRemittanceRow over remittance `r`, payer `py`, batch `b` and importer `u`. */
export const ERA_REMITTANCE_SELECT = sql`r.id, py.name as payer, py.needs_review as "payerNeedsReview", r.trace_number as "traceNumber",
  ${isoDate(sql`r.payment_date`)} as "paymentDate", r.amount_cents as "amountCents", r.claim_count as claims,
  case when r.batch_id is null then null
       else coalesce((select sum(p.amount_cents) from payment p where p.practice_id = r.practice_id and p.batch_id = r.batch_id), 0)
  end::bigint as "postedCents",
  (select count(*) from era_exception x where x.practice_id = r.practice_id and x.remittance_id = r.id
     and not exists (select 1 from era_exception_resolution res where res.practice_id = x.practice_id and res.exception_id = x.id))::int
    as "openExceptions",
  (select count(*) from era_exception x where x.practice_id = r.practice_id and x.remittance_id = r.id)::int as exceptions,
  r.status, r.refusal_reason as "refusalReason", b.batch_number as "batchNumber", ${isoDate(sql`b.deposit_date`)} as "depositDate",
  r.file_name as "fileName", coalesce(u.name, '') as "importedBy", ${isoInstant(sql`r.imported_at`)} as "importedAt"`;

export const ERA_REMITTANCE_FROM = sql`era_remittance r
  join payer py on py.practice_id = r.practice_id and py.id = r.payer_id
  left join batch b on b.practice_id = r.practice_id and b.id = r.batch_id
  left join app_user u on u.practice_id = r.practice_id and u.id = r.imported_by`;

export async function eraRemittances(db: Database, viewer: Viewer, query: EraListQuery): Promise<EraListResult> {
  requirePermission(viewer, "postPayments");
  const where = eraListConditions(viewer, query);
  const rows = await queryRows<EraRemittanceRow & { remittanceCount: number }>(
    db,
    sql`select ${ERA_REMITTANCE_SELECT}, count(*) over ()::int as "remittanceCount"
        from ${ERA_REMITTANCE_FROM}
        where ${where}
        order by r.imported_at desc, r.id desc
        limit ${ERA_PAGE_SIZE} offset ${(query.page - 1) * ERA_PAGE_SIZE}`,
  );
  const remittanceCount =
    rows[0]?.remittanceCount ??
    (await queryRows<{ count: number }>(db, sql`select count(*)::int as count from era_remittance r where ${where}`))[0]!.count;
  return {
    rows: rows.map(({ remittanceCount: _count, ...row }) => row),
    remittanceCount,
    page: { number: query.page, size: ERA_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(remittanceCount / ERA_PAGE_SIZE)) },
  };
}

/** The payers that have remittances, for the filter bar. */
export async function eraPayerOptions(db: Database, viewer: Viewer): Promise<Array<{ value: string; label: string }>> {
  requirePermission(viewer, "postPayments");
  return queryRows(
    db,
    sql`select py.id::text as value, py.name || case when py.needs_review then ' (new payer, review)' else '' end as label
        from payer py
        where py.practice_id = ${viewer.practiceId}
          and exists (select 1 from era_remittance r where r.practice_id = py.practice_id and r.payer_id = py.id)
        order by py.name, py.id`,
  );
}
