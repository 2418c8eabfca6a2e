import { sql, type SQL } from "drizzle-orm";

/*
 * The balance rule, decided once (DESIGN: a deposit slip balances the batch).
 *
 * A batch is balanced when its posted total equals its control total. A batch without a
 * control total (an EMR-integration batch has no deposit slip to key) is balanced
 * when nothing of it is unapplied. Unapplied money is shown on its own everywhere; in a batch
 * with a control total it does not change the word.
 *
 * The totals are the batch's as a whole within the viewer's scope, whatever the report's
 * date range: a slip covers the whole batch. Every screen, filter and export asks this
 * module, in TypeScript or in SQL; tests/reports/balance-rule.test.ts holds the two
 * to the same answers.
 */

export interface BatchBalanceFacts {
  controlTotalCents: number | null;
  postedTotalCents: number;
  unappliedCents: number;
}

export function isBatchBalanced(batch: BatchBalanceFacts): boolean {
  return batch.controlTotalCents !== null ? batch.controlTotalCents === batch.postedTotalCents : batch.unappliedCents === 0;
}

/** The same rule over SQL expressions of the batch's control total, posted total and unapplied amount. */
export function batchBalancedSql(batch: { controlTotal: SQL; postedTotal: SQL; unapplied: SQL }): SQL {
  return sql`(case when ${batch.controlTotal} is not null then ${batch.controlTotal} = ${batch.postedTotal} else ${batch.unapplied} = 0 end)`;
}

export const BALANCED = "Balanced";
export const OUT_OF_BALANCE = "Out of balance";
export type BalanceStatus = typeof BALANCED | typeof OUT_OF_BALANCE;

export function balanceStatus(balanced: boolean): BalanceStatus {
  return balanced ? BALANCED : OUT_OF_BALANCE;
}

/** The rule in the words the report pages print under their grids. */
export const BALANCE_RULE_TEXT =
  "A batch is balanced when its posted total equals its control total; a batch without a control total (such as an EMR-integration batch) is balanced when nothing of it is unapplied. Unapplied money is shown on its own.";
