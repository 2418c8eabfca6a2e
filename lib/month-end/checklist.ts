import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { batchBalancedSql } from "@/lib/reports/toolkit/balance-rule";
import type { Blocker, BlockerKind } from "./blockers";

/*
 * The month-end checklist (issue 23), over the whole practice whoever asks: a close covers
 * every payment of the month, whoever posted it and wherever.
 *   - every batch with a deposit date in the month is closed;
 *   - every batch with a control total balances, by the balance rule, on the whole batch;
 *   - no ERA exception is open whose remittance's batch has a deposit date in the month.
 * Each item is a SELECT of the rows in the way over a range of deposit dates, so the months
 * list counts them per month and one month's page lists them, from the same SQL.
 */

/** Deposit dates [from, toExclusive), first days of months. */
export interface DepositRange {
  from: string;
  toExclusive: string;
}

const inRange = (column: SQL, range: DepositRange) =>
  sql`${column} >= ${range.from}::date and ${column} < ${range.toExclusive}::date`;

function openBatchesSql(practiceId: number, range: DepositRange): SQL {
  return sql`select b.batch_number, b.deposit_date from batch b
    where b.practice_id = ${practiceId} and ${inRange(sql`b.deposit_date`, range)} and b.closed_at is null`;
}

/**
 * A batch without a control total is not in this item: the issue asks it of batches with one. So
 * the balance rule compares posted with control totals here, and unapplied money never decides
 * (nor is it read: that would double the statement's work on a busy month).
 */
export function unbalancedBatchesSql(practiceId: number, range: DepositRange): SQL {
  return sql`with month_batch as (
      select b.id, b.batch_number, b.deposit_date, b.control_total_cents from batch b
      where b.practice_id = ${practiceId} and ${inRange(sql`b.deposit_date`, range)} and b.control_total_cents is not null
    ), batch_posted as (
      select p.batch_id, sum(p.amount_cents)::bigint as posted_cents
      from payment p
      where p.practice_id = ${practiceId} and p.batch_id in (select id from month_batch)
      group by p.batch_id
    )
    select mb.batch_number, mb.deposit_date, mb.control_total_cents, coalesce(bp.posted_cents, 0)::bigint as posted_cents
    from month_batch mb left join batch_posted bp on bp.batch_id = mb.id
    where not ${batchBalancedSql({
      controlTotal: sql`mb.control_total_cents`,
      postedTotal: sql`coalesce(bp.posted_cents, 0)`,
      unapplied: sql`0`,
    })}`;
}

function openEraExceptionsSql(practiceId: number, range: DepositRange): SQL {
  return sql`select x.id as exception_id, x.remittance_id, b.batch_number, b.deposit_date, x.amount_cents
    from era_exception x
    join era_remittance r on r.practice_id = x.practice_id and r.id = x.remittance_id
    join batch b on b.practice_id = r.practice_id and b.id = r.batch_id
    where x.practice_id = ${practiceId} and ${inRange(sql`b.deposit_date`, range)}
      and not exists (select 1 from era_exception_resolution res where res.practice_id = x.practice_id and res.exception_id = x.id)`;
}

const ITEMS: ReadonlyArray<[BlockerKind, (practiceId: number, range: DepositRange) => SQL]> = [
  ["open_batch", openBatchesSql],
  ["unbalanced_batch", unbalancedBatchesSql],
  ["open_era_exception", openEraExceptionsSql],
];

interface BlockerRow {
  kind: BlockerKind;
  batchNumber: string;
  depositDate: string;
  controlTotalCents: number | null;
  postedTotalCents: number | null;
  exceptionId: number | null;
  remittanceId: number | null;
  amountCents: number | null;
}

function blockerOf(row: BlockerRow): Blocker {
  const { batchNumber, depositDate } = row;
  switch (row.kind) {
    case "open_batch":
      return { kind: row.kind, batchNumber, depositDate };
    case "unbalanced_batch":
      return { kind: row.kind, batchNumber, depositDate, controlTotalCents: row.controlTotalCents!, postedTotalCents: row.postedTotalCents! };
    case "open_era_exception":
      return { kind: row.kind, exceptionId: row.exceptionId!, remittanceId: row.remittanceId!, batchNumber, depositDate, amountCents: row.amountCents! };
  }
}

/** Everything in the way of closing the month, by item, then deposit date and batch number. */
export async function monthBlockers(db: Database, practiceId: number, range: DepositRange): Promise<Blocker[]> {
  const openBatches = openBatchesSql(practiceId, range);
  const unbalanced = unbalancedBatchesSql(practiceId, range);
  const exceptions = openEraExceptionsSql(practiceId, range);
  const rows = await queryRows<BlockerRow>(
    db,
    sql`select 'open_batch' as kind, batch_number as "batchNumber", to_char(deposit_date, 'YYYY-MM-DD') as "depositDate",
               null::bigint as "controlTotalCents", null::bigint as "postedTotalCents",
               null::int as "exceptionId", null::int as "remittanceId", null::bigint as "amountCents", 1 as item
        from (${openBatches}) o
        union all
        select 'unbalanced_batch', batch_number, to_char(deposit_date, 'YYYY-MM-DD'), control_total_cents, posted_cents, null, null, null, 2
        from (${unbalanced}) u
        union all
        select 'open_era_exception', batch_number, to_char(deposit_date, 'YYYY-MM-DD'), null, null, exception_id, remittance_id, amount_cents, 3
        from (${exceptions}) x
        order by item, "depositDate", "batchNumber", "exceptionId"`,
  );
  return rows.map(blockerOf);
}

export type BlockerCounts = Record<BlockerKind, number>;

/**
 * How many items of the kinds asked for are in the way, per month ("2026-10-01") of the range, in
 * one statement; a kind not asked for counts 0.
 */
export async function blockerCountsByMonth(
  db: Database,
  practiceId: number,
  range: DepositRange,
  kinds: readonly BlockerKind[] = ITEMS.map(([kind]) => kind),
): Promise<Map<string, BlockerCounts>> {
  const items = sql.join(
    ITEMS.filter(([kind]) => kinds.includes(kind)).map(
      ([kind, itemSql]) => sql`select ${kind}::text as kind, deposit_date from (${itemSql(practiceId, range)}) ${sql.raw(kind)}`,
    ),
    sql` union all `,
  );
  const rows = await queryRows<{ kind: BlockerKind; month: string; n: number }>(
    db,
    sql`select kind, to_char(date_trunc('month', deposit_date), 'YYYY-MM-DD') as month, count(*)::int as n from (${items}) item group by 1, 2`,
  );
  const byMonth = new Map<string, BlockerCounts>();
  for (const { kind, month, n } of rows) {
    const entry = byMonth.get(month) ?? { open_batch: 0, unbalanced_batch: 0, open_era_exception: 0 };
    entry[kind] = n;
    byMonth.set(month, entry);
  }
  return byMonth;
}
