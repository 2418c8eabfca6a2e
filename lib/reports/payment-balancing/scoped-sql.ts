import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { batchBalancedSql } from "@/lib/reports/toolkit/balance-rule";
import { allOf, appliedCents, appliedJoin, postingDate } from "@/lib/reports/toolkit/sql";
import { dateRange, reportConditions } from "./filters-sql";
import { accessConditions, type BalancingScope } from "./scope";
import type { PaymentBalancingQuery } from "./search-params";

/**
 * `candidate`: the payments in scope that pass `conditions`, each with its applied amount
 * from payment_applied (kept by triggers, migration 0003). `appliedRange` narrows
 * payment_applied to the same dates as the payments, so PostgreSQL reads the range from
 * both tables and hash-joins them instead of looking up each payment's row.
 * `batch_balance` (when asked for): each of their batches' posted total and unapplied amount
 * within scope, whatever the report's filters, because a deposit slip covers the whole batch.
 * `scoped`: the result; with `unbalanced=1`, only the payments of batches that do not balance
 * by the balance rule (lib/reports/toolkit/balance-rule.ts).
 *
 * Batch, payer and payment_applied are LEFT joins although every payment has a batch and
 * an applied row: PostgreSQL drops a left join to a unique key whose columns a query never
 * reads, so totals and groups that need no batch column do not hash all of the practice's
 * batches; and a payment whose applied row were missing would still count, as unapplied.
 */
export function scopedCte(
  scope: BalancingScope,
  conditions: SQL[],
  options: { appliedRange: SQL; unbalanced: boolean; batchBalance: boolean },
): SQL {
  const candidate = sql`candidate as (
      select p.practice_id, p.id, p.batch_id, p.posted_by, p.location_id, p.payer_id, p.patient_id, p.method, p.reference_number,
             p.amount_cents, p.deposit_date, p.posted_at, p.source, p.reverses_payment_id,
             ${postingDate(sql`p.posted_at`, scope.timezone)} as posting_date,
             b.batch_number, b.control_total_cents, b.closed_at as batch_closed_at, py.payer_type, py.name as payer_name,
             ${appliedCents("pa")} as applied_cents
      from payment p
      join app_user poster on poster.practice_id = p.practice_id and poster.id = p.posted_by
      left join batch b on b.practice_id = p.practice_id and b.id = p.batch_id
      left join payer py on py.practice_id = p.practice_id and py.id = p.payer_id
      ${appliedJoin("p", "pa", options.appliedRange)}
      where ${allOf([...accessConditions(scope, "p", "poster"), ...conditions])}
    )`;
  if (!options.unbalanced && !options.batchBalance) {
    return sql`${candidate},
      scoped as (
        select c.*, c.amount_cents - c.applied_cents as unapplied_cents, null::bigint as batch_posted_cents from candidate c
      )`;
  }
  const batchBalance = sql`batch_balance as (
      select bp.batch_id, sum(bp.amount_cents)::bigint as batch_posted_cents,
             sum(bp.amount_cents - ${appliedCents("bpa")})::bigint as batch_unapplied_cents
      from payment bp
      join app_user bu on bu.practice_id = bp.practice_id and bu.id = bp.posted_by
      ${appliedJoin("bp", "bpa")}
      where ${allOf(accessConditions(scope, "bp", "bu"))} and bp.batch_id in (select distinct batch_id from candidate)
      group by bp.batch_id
    )`;
  const unbalanced = options.unbalanced
    ? sql`where not ${batchBalancedSql({
        controlTotal: sql`c.control_total_cents`,
        postedTotal: sql`bb.batch_posted_cents`,
        unapplied: sql`bb.batch_unapplied_cents`,
      })}`
    : sql``;
  return sql`${candidate}, ${batchBalance},
    scoped as (
      select c.*, c.amount_cents - c.applied_cents as unapplied_cents, bb.batch_posted_cents
      from candidate c join batch_balance bb on bb.batch_id = c.batch_id
      ${unbalanced}
    )`;
}

export function reportCte(scope: BalancingScope, query: PaymentBalancingQuery, batchBalance = false): SQL {
  return scopedCte(scope, reportConditions(scope, query), {
    appliedRange: dateRange(scope, query, "pa"),
    unbalanced: query.unbalanced,
    batchBalance,
  });
}
