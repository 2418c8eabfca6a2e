import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { postingInstantRange } from "@/lib/dates";
import { balanceStatus, batchBalancedSql } from "@/lib/reports/toolkit/balance-rule";
import type { BatchStateValue } from "@/lib/reports/toolkit/batch-state";
import { appliedCents, appliedJoin, batchStateOf, isoInstant } from "@/lib/reports/toolkit/sql";
import { totalsStatus, type MyActivityBatchRow } from "./columns";
import type { MyActivityQuery } from "./search-params";

/*
 * My Payment Activity: only the payments the viewer posted, in the viewer's practice. Every
 * function here applies that scope itself (the pages are not the gate) and does all sums
 * in SQL, one statement per view, totals included, so rows and totals come from the same
 * snapshot. Batches are judged by the balance rule (lib/reports/toolkit/balance-rule.ts).
 */

export interface MyActivityBatchesResult {
  rows: MyActivityBatchRow[];
  totals: MyActivityBatchRow & { batches: number; outOfBalance: number };
  /** Posting times are instants; they are shown in this zone. */
  timezone: string;
}

/** The report's filter on the viewer's payments `p`: deposit dates, posting instants, or one batch. */
function paymentFilter(viewer: Viewer, query: MyActivityQuery): SQL {
  if (query.kind === "batch") {
    return sql`p.batch_id = (select b.id from batch b where b.practice_id = ${viewer.practiceId} and b.batch_number = ${query.batch})`;
  }
  if (query.by === "deposit") return sql`p.deposit_date between ${query.from}::date and ${query.to}::date`;
  const range = postingInstantRange(query.from, query.to, viewer.timezone);
  return sql`p.posted_at >= ${range.startUtc}::timestamptz and p.posted_at < ${range.endUtcExclusive}::timestamptz`;
}

/** `batch_state=`: only the open, or only the closed, of the viewer's batches `b`. */
function batchStateCondition(query: MyActivityQuery): SQL {
  if (!query.batchState) return sql``;
  return sql`where b.closed_at is ${query.batchState === "closed" ? sql`not null` : sql`null`}`;
}

interface BatchLineRecord {
  is_total: boolean;
  batch_number: string | null;
  deposit_date: string | null;
  first_posted_at: string | null;
  last_posted_at: string | null;
  payments: number;
  posted_total_cents: number;
  applied_cents: number;
  unapplied_cents: number;
  control_total_cents: number | null;
  difference_cents: number | null;
  balanced: boolean | null;
  batch_state: BatchStateValue | null;
  batches: number;
  out_of_balance: number;
}

/**
 * One line per batch the viewer posted into within the filter, newest first, and the totals.
 * A line's payments and sums are those within the filter; its difference and status are the
 * batch's as a whole (all of the viewer's payments in it), which is what its slip balances.
 */
export async function myActivityBatches(db: Database, viewer: Viewer, query: MyActivityQuery): Promise<MyActivityBatchesResult> {
  requirePermission(viewer, "myActivity");
  const records = await queryRows<BatchLineRecord>(
    db,
    sql`with mine as (
          select p.practice_id, p.id, p.batch_id, p.amount_cents, p.posted_at
          from payment p
          where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId} and ${paymentFilter(viewer, query)}
        ),
        per_batch as (
          select b.id as batch_id, b.batch_number, b.deposit_date, b.control_total_cents, b.closed_at,
                 count(*)::int as payments,
                 sum(m.amount_cents)::bigint as posted_total_cents,
                 sum(${appliedCents("pa")})::bigint as applied_cents,
                 min(m.posted_at) as first_posted_at,
                 max(m.posted_at) as last_posted_at
          from mine m
          join batch b on b.practice_id = ${viewer.practiceId} and b.id = m.batch_id
          ${appliedJoin("m", "pa")}
          ${batchStateCondition(query)}
          group by b.id
        ),
        -- A deposit slip covers the whole batch: a range that holds only part of it (a batch posted
        -- over two days, seen by posting date) still balances the batch as a whole, as its header does.
        whole_batch as (
          select p.batch_id, sum(p.amount_cents)::bigint as posted_total_cents,
                 sum(p.amount_cents - ${appliedCents("pa")})::bigint as unapplied_cents
          from payment p
          ${appliedJoin("p", "pa")}
          where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId}
            and p.batch_id in (select batch_id from per_batch)
          group by p.batch_id
        ),
        lines as (
          select per_batch.*,
                 per_batch.posted_total_cents - per_batch.applied_cents as unapplied_cents,
                 control_total_cents - w.posted_total_cents as difference_cents,
                 ${batchBalancedSql({
                   controlTotal: sql`control_total_cents`,
                   postedTotal: sql`w.posted_total_cents`,
                   unapplied: sql`w.unapplied_cents`,
                 })} as balanced
          from per_batch join whole_batch w on w.batch_id = per_batch.batch_id
        )
        select * from (
          select false as is_total, batch_id, batch_number, deposit_date::text as deposit_date,
                 first_posted_at as sort_at, ${isoInstant(sql`first_posted_at`)} as first_posted_at, ${isoInstant(sql`last_posted_at`)} as last_posted_at,
                 payments, posted_total_cents, applied_cents, unapplied_cents::bigint as unapplied_cents,
                 control_total_cents, difference_cents::bigint as difference_cents, balanced,
                 ${batchStateOf(sql`closed_at`)} as batch_state,
                 0 as batches, 0 as out_of_balance
          from lines
          union all
          select true, null, null, null,
                 null, ${isoInstant(sql`min(first_posted_at)`)}, ${isoInstant(sql`max(last_posted_at)`)},
                 coalesce(sum(payments), 0)::int, coalesce(sum(posted_total_cents), 0)::bigint,
                 coalesce(sum(applied_cents), 0)::bigint, coalesce(sum(unapplied_cents), 0)::bigint,
                 sum(control_total_cents)::bigint, sum(difference_cents)::bigint, null, null,
                 count(*)::int, (count(*) filter (where not balanced))::int
          from lines
        ) report
        order by is_total, sort_at desc, batch_id desc`,
  );
  const totalRecord = records.find((record) => record.is_total)!;
  const rows = records.filter((record) => !record.is_total).map(batchRowOf);
  return {
    rows,
    totals: {
      ...batchRowOf(totalRecord),
      batchNumber: `Total: ${totalRecord.batches} ${totalRecord.batches === 1 ? "batch" : "batches"}`,
      status: totalsStatus(totalRecord.out_of_balance),
      batches: totalRecord.batches,
      outOfBalance: totalRecord.out_of_balance,
    },
    timezone: viewer.timezone,
  };
}

function batchRowOf(record: BatchLineRecord): MyActivityBatchRow {
  return {
    batchNumber: record.batch_number ?? "",
    depositDate: record.deposit_date,
    firstPostedAt: record.first_posted_at,
    lastPostedAt: record.last_posted_at,
    payments: record.payments,
    postedTotalCents: record.posted_total_cents,
    appliedCents: record.applied_cents,
    unappliedCents: record.unapplied_cents,
    controlTotalCents: record.control_total_cents,
    differenceCents: record.difference_cents,
    status: balanceStatus(record.balanced === true),
    batchState: record.batch_state,
  };
}
