import "server-only";
import { DateTime } from "luxon";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import type { ReportVariant } from "@/lib/access/permissions";
import { blockerCountsByMonth, type BlockerCounts } from "@/lib/month-end/checklist";
import { ledgerMonth, monthOfFirstDay, previousMonth } from "@/lib/month-end/month";
import { grainScope, monthEndScope } from "./scope";
import { accessConditions } from "@/lib/reports/payment-balancing/scope";
import { allOf, isoInstant } from "@/lib/reports/toolkit/sql";

/*
 * The practice's months, newest first, a year at a time (the twelve ending with `newest`, none
 * before its first payment), each with its state and totals in the viewer's scope:
 *   closed    the month is locked (closed_month);
 *   reopened  it was closed and has been reopened since;
 *   ready     it has ended and its checklist holds;
 *   open      it has not ended, or something is in the way.
 * A closed month's totals are its snapshot's (frozen, and equal to the ledger's); the others'
 * are summed live. The checklist is counted only for months not closed now.
 */

export type MonthState = "open" | "ready" | "closed" | "reopened";

export const MONTH_STATE_LABELS: Readonly<Record<MonthState, string>> = {
  open: "Open",
  ready: "Ready to close",
  closed: "Closed",
  reopened: "Reopened",
};

/**
 * The checklist's counts on the list. Out-of-balance batches are counted once every batch of the
 * month is closed (null before): until then the month is open anyway, and summing a year of
 * batches for the list cost seconds at 10M lines. The opened month lists all of its blockers.
 */
export type MonthBlockerCounts = Omit<BlockerCounts, "unbalanced_batch"> & { unbalanced_batch: number | null };

export interface MonthSummary {
  /** "2026-10" */
  month: string;
  state: MonthState;
  ended: boolean;
  /** What is in the way of a close, per checklist item; null for a closed month or one not ended. */
  blockerCounts: MonthBlockerCounts | null;
  paymentCount: number;
  postedTotalCents: number;
  /** The latest close, when there has been one. */
  lastClosedAt: string | null;
  lastClosedBy: string | null;
  overrideReason: string | null;
}

interface MonthRow {
  firstDay: string;
  closed: boolean;
  reopened: boolean;
  paymentCount: number;
  postedTotalCents: number;
  lastClosedAt: string | null;
  lastClosedBy: string | null;
  overrideReason: string | null;
  earlier: boolean;
}

/** Months listed at a time: a year's, so the page reads a year of payments, not all history. */
export const MONTHS_PER_PAGE = 12;

export interface MonthList {
  variant: ReportVariant;
  months: MonthSummary[];
  /** The month before the oldest listed, when the practice has payments or closes before it. */
  earlier: string | null;
}

/** `newest`: the first day of the newest month to list (this month's, or an earlier one to page back). */
export async function practiceMonths(
  db: Database,
  viewer: Viewer,
  today: string,
  options: { newest?: string; variant?: ReportVariant | null } = {},
): Promise<MonthList> {
  const scope = monthEndScope(viewer, options.variant ?? null);
  const practiceId = viewer.practiceId;
  const thisMonthFirstDay = `${today.slice(0, 7)}-01`;
  const newest = options.newest && options.newest < thisMonthFirstDay ? options.newest : thisMonthFirstDay;
  const windowStart = DateTime.fromISO(newest, { zone: "utc" }).minus({ months: MONTHS_PER_PAGE - 1 }).toISODate()!;
  const endedBefore = ledgerMonth(monthOfFirstDay(newest))!.nextFirstDay;
  // Read side by side: the months (and whether any came before), and what is in the way in those that have ended.
  const [rows, counts] = await Promise.all([
    queryRows<MonthRow>(
      db,
      sql`with bounds as (
          select greatest(
                   least((select min(deposit_date) from payment where practice_id = ${practiceId}),
                         (select min(month) from month_close_event where practice_id = ${practiceId}),
                         ${newest}::date),
                   ${windowStart}::date) as first_day
        ), months as (
          select generate_series(date_trunc('month', first_day), ${newest}::date, interval '1 month')::date as first_day from bounds
        ), closed as (
          select month, snapshot_id from closed_month where practice_id = ${practiceId}
        ), frozen as (
          select c.month, sum(s.payment_count)::int as payment_count, sum(s.posted_total_cents)::bigint as posted_cents
          from closed c join month_snapshot_total s on s.practice_id = ${practiceId} and s.snapshot_id = c.snapshot_id
          where c.month in (select first_day from months) and ${grainScope(scope, "s")}
          group by c.month
        ), live as (
          select date_trunc('month', p.deposit_date)::date as month, count(*)::int as payment_count, sum(p.amount_cents)::bigint as posted_cents
          from payment p join app_user poster on poster.practice_id = p.practice_id and poster.id = p.posted_by
          where ${allOf(accessConditions(scope, "p", "poster"))}
            and p.deposit_date >= (select min(first_day) from months) and p.deposit_date < ${newest}::date + interval '1 month'
            and date_trunc('month', p.deposit_date)::date not in (select month from closed)
          group by 1
        ), last_close as (
          select distinct on (s.month) s.month, s.closed_at, u.name as closed_by, s.override_reason
          from month_snapshot s join app_user u on u.practice_id = s.practice_id and u.id = s.closed_by
          where s.practice_id = ${practiceId} and s.month in (select first_day from months)
          order by s.month, s.closed_at desc, s.id desc
        )
        select to_char(m.first_day, 'YYYY-MM-DD') as "firstDay",
               c.month is not null as closed,
               c.month is null and lc.month is not null as reopened,
               coalesce(f.payment_count, l.payment_count, 0) as "paymentCount",
               coalesce(f.posted_cents, l.posted_cents, 0)::bigint as "postedTotalCents",
               ${isoInstant(sql`lc.closed_at`)} as "lastClosedAt",
               lc.closed_by as "lastClosedBy", lc.override_reason as "overrideReason",
               exists (select 1 from payment where practice_id = ${practiceId} and deposit_date < ${windowStart}::date)
                 or exists (select 1 from month_close_event where practice_id = ${practiceId} and month < ${windowStart}::date) as earlier
        from months m
        left join closed c on c.month = m.first_day
        left join frozen f on f.month = m.first_day
        left join live l on l.month = m.first_day
        left join last_close lc on lc.month = m.first_day
        order by m.first_day desc`,
    ),
    blockerCountsByMonth(db, practiceId, { from: windowStart, toExclusive: endedBefore < thisMonthFirstDay ? endedBefore : thisMonthFirstDay }, [
      "open_batch",
      "open_era_exception",
    ]),
  ]);
  const thisMonth = today.slice(0, 7);
  const none: BlockerCounts = { open_batch: 0, unbalanced_batch: 0, open_era_exception: 0 };
  // Ended, not closed, every batch closed: only these months are read for out-of-balance batches.
  const settled = rows.filter((row) => !row.closed && monthOfFirstDay(row.firstDay) < thisMonth && (counts.get(row.firstDay) ?? none).open_batch === 0);
  const balance =
    settled.length === 0
      ? new Map<string, BlockerCounts>()
      : await blockerCountsByMonth(
          db,
          practiceId,
          { from: settled[settled.length - 1]!.firstDay, toExclusive: ledgerMonth(monthOfFirstDay(settled[0]!.firstDay))!.nextFirstDay },
          ["unbalanced_batch"],
        );
  const months = rows.map((row): MonthSummary => {
    const month = monthOfFirstDay(row.firstDay);
    const ended = month < thisMonth;
    const early = counts.get(row.firstDay) ?? none;
    const unbalanced = early.open_batch === 0 ? (balance.get(row.firstDay)?.unbalanced_batch ?? 0) : null;
    const blockerCounts: MonthBlockerCounts | null = row.closed ? null : { ...early, unbalanced_batch: unbalanced };
    const clear = blockerCounts !== null && Object.values(blockerCounts).every((n) => n === 0);
    const state: MonthState = row.closed ? "closed" : row.reopened ? "reopened" : ended && clear ? "ready" : "open";
    return {
      month,
      state,
      ended,
      blockerCounts: ended ? blockerCounts : null,
      paymentCount: row.paymentCount,
      postedTotalCents: row.postedTotalCents,
      lastClosedAt: row.lastClosedAt,
      lastClosedBy: row.lastClosedBy,
      overrideReason: row.overrideReason,
    };
  });
  return { variant: scope.variant, months, earlier: rows[0]?.earlier ? previousMonth(windowStart) : null };
}
