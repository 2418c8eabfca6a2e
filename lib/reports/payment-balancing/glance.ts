import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import type { PaymentSource } from "@/lib/ledger-vocabulary";
import { batchBalancedSql } from "@/lib/reports/toolkit/balance-rule";
import { allOf, appliedCents, appliedJoin } from "@/lib/reports/toolkit/sql";
import type { BalancingGlance, BalancingGlanceRow } from "./columns";
import { accessConditions, balancingScope } from "./scope";
import { bucketSql, chartBucketOf, postedByDay } from "./posted-by-day";
import { reportCte } from "./scoped-sql";
import type { PaymentBalancingQuery } from "./search-params";

/**
 * Balancing at a glance for the same result: per poster, per batch and per day (the `by`
 * date), what these filters show (payments, posted, unapplied) beside the whole batches they
 * touch (batch posted, control total, difference, and whether each balances). A deposit slip
 * covers a whole batch, so a difference is only ever the whole batch's: control total − the
 * batch's posted total in the viewer's scope, over the batches that have a control total.
 * A filter that leaves out some of a batch's payments (a method, a payer, a posting-date range)
 * changes Posted but never Difference; `batchesSplit` counts those batches, so the page says so.
 * A batch counts whole in every line it touches: once per poster and once per day.
 *
 * The result's payments are read once: one GROUPING SETS pass folds them into (poster, batch),
 * (day, batch) and (batch) units, and the chart's (bar, source) and (bar) sums
 * (posted-by-day.ts); only then are the batches themselves looked up, for their control
 * totals, posted totals, payment counts and unapplied amounts in scope (a few thousand rows,
 * not one per payment), and judged by the balance rule (lib/reports/toolkit/balance-rule.ts).
 *
 * A busy month has thousands of batches, so only the first `batchLimit` batch lines are
 * returned: those that do not balance first, then those with money left
 * unapplied, which is what the balancer has to look at. The counts cover every batch.
 */
export async function paymentBalancingGlance(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: { batchLimit?: number } = {},
): Promise<BalancingGlance> {
  const scope = balancingScope(viewer, variant, query.locations);
  const day = query.by === "deposit" ? sql`s.deposit_date` : sql`s.posting_date`;
  const bar = bucketSql(chartBucketOf(query.from, query.to), day);
  // The whole batch's posted total counts beside its control total only, so that on every
  // line Difference = Control total − Batch posted; a batch without a slip has neither.
  const summary = sql`
    sum(x.payments)::int as "paymentCount", sum(x.posted)::bigint as "postedCents", sum(x.unapplied)::bigint as "unappliedCents",
    sum(b.batch_posted) filter (where b.control is not null)::bigint as "batchPostedCents",
    sum(b.control)::bigint as "controlTotalCents",
    sum(b.control - b.batch_posted)::bigint as "differenceCents",
    count(*) filter (where not b.balanced)::int as "unbalancedBatches"`;
  // A batch has one (batch) unit, so its line is that unit's row: the summary without the sums.
  const batchSummary = sql`
    x.payments as "paymentCount", x.posted as "postedCents", x.unapplied as "unappliedCents",
    (case when b.control is not null then b.batch_posted end)::bigint as "batchPostedCents",
    b.control::bigint as "controlTotalCents", (b.control - b.batch_posted)::bigint as "differenceCents",
    (not b.balanced)::int as "unbalancedBatches"`;
  // Out of balance with a deposit slip first, then unapplied money, then balanced (false < true).
  const urgency = sql`l."unbalancedBatches" = 0, l."unappliedCents" = 0, l."sortKey"`;
  const rows = await queryRows<GlanceQueryRow>(
    db,
    sql`with ${reportCte(scope, query)},
      units as materialized (
        -- kind: 1 (poster, batch), 2 (day, batch), 3 (batch); the chart's 4 (bar, source) and 5 (bar).
        select case when grouping(s.batch_id) = 0 then grouping(s.posted_by, ${day}) else 4 + grouping(s.source) end as kind,
               s.posted_by, ${day} as day, s.batch_id, ${bar} as bar, s.source,
               count(*)::int as payments, sum(s.amount_cents)::bigint as posted, sum(s.unapplied_cents)::bigint as unapplied
        from scoped s
        group by grouping sets ((s.posted_by, s.batch_id), (${day}, s.batch_id), (s.batch_id), (${bar}, s.source), (${bar}))
      ),
      -- Materialized, so each batch's totals in scope are summed once, not once per unit that joins it.
      batch_totals as materialized (
        select b.id, b.batch_number, b.deposit_date, b.control_total_cents as control,
               t.payments as batch_payments, t.posted as batch_posted, t.unapplied as batch_unapplied
        from units u join batch b on b.practice_id = ${scope.practiceId} and b.id = u.batch_id
        cross join lateral (
          select count(*)::int as payments, sum(bp.amount_cents)::bigint as posted,
                 sum(bp.amount_cents - ${appliedCents("bpa")})::bigint as unapplied
          from payment bp join app_user bu on bu.practice_id = bp.practice_id and bu.id = bp.posted_by
          ${appliedJoin("bp", "bpa")}
          where ${allOf(accessConditions(scope, "bp", "bu"))} and bp.batch_id = b.id
        ) t
        where u.kind = 3
      ),
      batches as materialized (
        select bt.*, ${batchBalancedSql({ controlTotal: sql`bt.control`, postedTotal: sql`bt.batch_posted`, unapplied: sql`bt.batch_unapplied` })} as balanced
        from batch_totals bt
      ),
      batch_lines as materialized (
        select 'batch' as kind, b.batch_number as key, b.batch_number || ' (' || to_char(b.deposit_date, 'YYYY-MM-DD') || ')' as label,
               b.batch_number as "sortKey", ${batchSummary}
        from units x join batches b on b.id = x.batch_id
        where x.kind = 3
      ),
      -- Only the first batch lines are sent, so a top-N sort picks them instead of ranking every batch.
      first_batches as (
        select l.*, row_number() over (order by ${urgency}) as rank
        from (select * from batch_lines l order by ${urgency} limit ${options.batchLimit ?? null}) l
      ),
      batch_counts as (
        select count(*)::int as "batchCount",
               count(*) filter (where not b.balanced)::int as "batchesNotBalanced",
               -- The filters left out some of the batch's payments in scope.
               count(*) filter (where x.payments < b.batch_payments)::int as "batchesSplit"
        from units x join batches b on b.id = x.batch_id
        where x.kind = 3
      ),
      lines as (
        select 'poster' as kind, x.posted_by::text as key, u.name as label, u.name as "sortKey", ${summary}, null::bigint as rank
        from units x join batches b on b.id = x.batch_id
        join app_user u on u.practice_id = ${scope.practiceId} and u.id = x.posted_by
        where x.kind = 1
        group by x.posted_by, u.name
        union all
        select 'day', to_char(x.day, 'YYYY-MM-DD'), to_char(x.day, 'YYYY-MM-DD'), to_char(x.day, 'YYYY-MM-DD'), ${summary}, null
        from units x join batches b on b.id = x.batch_id
        where x.kind = 2
        group by x.day
        union all
        select * from first_batches
        union all
        -- The chart's sums ride along as lines of their own kind: label is the source, null for the bar's total.
        select 'chart', to_char(x.bar, 'YYYY-MM-DD'), x.source::text, null, x.payments, x.posted, x.unapplied, null, null, null, null, null
        from units x
        where x.kind >= 4
      )
      select l.*, c."batchCount", c."batchesNotBalanced", c."batchesSplit"
      from lines l cross join batch_counts c
      order by l.kind, l.rank, l."sortKey"`,
  );
  const chartUnits = rows
    .filter((row) => row.kind === "chart")
    .map((row) => ({ day: row.key, source: row.label as PaymentSource | null, postedCents: row.postedCents, unappliedCents: row.unappliedCents }));
  return {
    rows: rows
      .filter((row): row is GlanceQueryRow & BalancingGlanceRow => row.kind !== "chart")
      .map(({ sortKey: _sortKey, rank: _rank, batchCount: _count, batchesNotBalanced: _notBalanced, batchesSplit: _split, ...row }) => row),
    batchCount: rows[0]?.batchCount ?? 0,
    batchesNotBalanced: rows[0]?.batchesNotBalanced ?? 0,
    batchesSplit: rows[0]?.batchesSplit ?? 0,
    postedByDay: postedByDay(chartUnits, query.from, query.to),
  };
}

type GlanceQueryRow = Omit<BalancingGlanceRow, "kind"> & {
  kind: BalancingGlanceRow["kind"] | "chart";
  sortKey: string | null;
  rank: number | null;
  batchCount: number;
  batchesNotBalanced: number;
  batchesSplit: number;
};
