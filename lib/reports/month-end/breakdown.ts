import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { monthPaymentsSql } from "@/lib/month-end/grain";
import type { ReportVariant } from "@/lib/access/permissions";
import { inReadSnapshot } from "@/lib/reports/toolkit/read-snapshot";
import { DIFFERS, EQUAL, type BreakdownRow } from "./columns";
import { grainScope, monthEndScope } from "./scope";
import type { BreakdownDimension, BreakdownQuery } from "./search-params";
import { latestSnapshot, type SnapshotHeader } from "./snapshot";

/*
 * /payments/month-end/<yyyy-mm>: the month's latest frozen breakdown beside a live
 * recomputation of the same grain (lib/month-end/grain.ts), line by line at the dimensions the
 * URL asks for, in the viewer's scope. The ledger is append-only, so while the month is closed
 * the two must be equal: a line that differs means someone wrote to the database behind the app.
 * Differing lines come first.
 */

export interface BreakdownTotals {
  frozenCount: number;
  frozenTotalCents: number;
  liveCount: number;
  liveTotalCents: number;
}

export interface MonthBreakdown {
  variant: ReportVariant;
  snapshot: SnapshotHeader | null;
  rows: BreakdownRow[];
  totals: BreakdownTotals;
  differingLines: number;
}

/** A line as the query returns it, with the SQL sums of all lines (the same on every line). */
type LineRow = Omit<BreakdownRow, "differenceCents" | "status"> & {
  allFrozenCount: number;
  allFrozenCents: number;
  allLiveCount: number;
  allLiveCents: number;
};

/** Each dimension's column at the grain, and how a line shows it. */
const DIMENSION_SQL: Record<BreakdownDimension, { column: string; shown: string; as: keyof BreakdownRow }> = {
  deposit_date: { column: "deposit_date", shown: "to_char(line.deposit_date, 'YYYY-MM-DD')", as: "depositDate" },
  location: { column: "location_id", shown: "loc.name", as: "location" },
  payer_type: { column: "payer_type", shown: "line.payer_type", as: "payerType" },
  method: { column: "method", shown: "line.method::text", as: "method" },
  source: { column: "source", shown: "line.source::text", as: "source" },
  poster: { column: "posted_by", shown: "poster.name", as: "poster" },
};

function linesSql(practiceId: number, frozenFrom: SQL, liveFrom: SQL, groups: readonly BreakdownDimension[]): SQL {
  const keys = sql.raw(groups.map((group) => DIMENSION_SQL[group].column).join(", "));
  const shown = sql.raw(groups.map((group) => `${DIMENSION_SQL[group].shown} as "${DIMENSION_SQL[group].as}"`).join(", "));
  const order = sql.raw(groups.map((group) => `"${DIMENSION_SQL[group].as}"`).join(", "));
  return sql`with frozen as (
      select ${keys}, sum(payment_count)::int as frozen_count, sum(posted_total_cents)::bigint as frozen_cents from ${frozenFrom} group by ${keys}
    ), live as (
      select ${keys}, sum(payment_count)::int as live_count, sum(posted_total_cents)::bigint as live_cents from ${liveFrom} group by ${keys}
    )
    select ${shown}, line.frozen_count as "frozenCount", line.frozen_cents as "frozenTotalCents",
           line.live_count as "liveCount", line.live_cents as "liveTotalCents",
           sum(line.frozen_count) over ()::int as "allFrozenCount", sum(line.frozen_cents) over ()::bigint as "allFrozenCents",
           sum(line.live_count) over ()::int as "allLiveCount", sum(line.live_cents) over ()::bigint as "allLiveCents"
    from (
      select ${keys}, coalesce(frozen_count, 0) as frozen_count, coalesce(frozen_cents, 0)::bigint as frozen_cents,
             coalesce(live_count, 0) as live_count, coalesce(live_cents, 0)::bigint as live_cents
      from frozen full join live using (${keys})
    ) line
    ${groups.includes("location") ? sql`left join location loc on loc.practice_id = ${practiceId} and loc.id = line.location_id` : sql``}
    ${groups.includes("poster") ? sql`left join app_user poster on poster.practice_id = ${practiceId} and poster.id = line.posted_by` : sql``}
    order by (line.frozen_count <> line.live_count or line.frozen_cents <> line.live_cents) desc, ${order}`;
}

export async function monthBreakdown(db: Database, viewer: Viewer, query: BreakdownQuery): Promise<MonthBreakdown> {
  const scope = monthEndScope(viewer, query.variant);
  return inReadSnapshot(db, async (tx) => {
    const snapshot = await latestSnapshot(tx, viewer.practiceId, query.month);
    const frozenFrom = snapshot
      ? sql`(select * from month_snapshot_total s where s.practice_id = ${viewer.practiceId} and s.snapshot_id = ${snapshot.snapshotId} and ${grainScope(scope, "s")}) frozen_grain`
      : sql`(select * from month_snapshot_total s where false) frozen_grain`;
    // Live lines are summed straight from the payment rows at the dimensions asked for: the same rows the grain sums.
    const liveFrom = sql`(select * from (${monthPaymentsSql(viewer.practiceId, query.month)}) g where ${grainScope(scope, "g")}) live_grain`;
    const lines = await queryRows<LineRow>(tx, linesSql(viewer.practiceId, frozenFrom, liveFrom, query.groups));
    const rows = lines.map(({ allFrozenCount: _fc, allFrozenCents: _ft, allLiveCount: _lc, allLiveCents: _lt, ...line }) => {
      const differenceCents = line.liveTotalCents - line.frozenTotalCents;
      const equal = differenceCents === 0 && line.liveCount === line.frozenCount;
      return { ...line, differenceCents, status: equal ? EQUAL : DIFFERS };
    });
    const first = lines[0];
    const totals: BreakdownTotals = {
      frozenCount: first?.allFrozenCount ?? 0,
      frozenTotalCents: first?.allFrozenCents ?? 0,
      liveCount: first?.allLiveCount ?? 0,
      liveTotalCents: first?.allLiveCents ?? 0,
    };
    return { variant: scope.variant, snapshot, rows, totals, differingLines: rows.filter((row) => row.status === DIFFERS).length };
  });
}
