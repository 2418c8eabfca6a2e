import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { isMonthClosed, monthLabel } from "@/lib/posting/closed-period";
import { unbalancedBatchesSql } from "./checklist";
import { MonthEndError } from "./errors";
import { closableMonth } from "./request";

/*
 * Closing a month's batches at once (Billing Admin): what a billing lead does before a close,
 * instead of opening a month's hundreds of batches one by one. Every open batch with a deposit
 * date in the month is closed, except the ones out of balance by the checklist's own rule (a
 * control total its posted total does not meet): those stay open for the lead to decide on,
 * one by one (fix and close, or leave them to an override). One transaction, audited.
 */

export interface ClosedBatches {
  month: string;
  /** The batches this call closed, by number. */
  closedBatchNumbers: string[];
  /** Batches of the month still open: the out-of-balance ones. */
  stillOpen: number;
}

export async function closeBalancedBatches(db: Database, viewer: Viewer, monthText: string): Promise<ClosedBatches> {
  const month = closableMonth(viewer, monthText);
  const range = { from: month.firstDay, toExclusive: month.nextFirstDay };
  const inMonth = sql`b.practice_id = ${viewer.practiceId} and b.deposit_date >= ${range.from}::date and b.deposit_date < ${range.toExclusive}::date`;
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    if (await isMonthClosed(tx, viewer.practiceId, month.firstDay)) {
      throw new MonthEndError(409, `${monthLabel(month.month)} is closed, and so are its batches.`);
    }
    // Locked first: a posting holds its batch FOR SHARE until it commits, so the sums below include it.
    await queryRows(tx, sql`select b.id from batch b where ${inMonth} and b.closed_at is null order by b.id for no key update`);
    const closed = await queryRows<{ batchNumber: string }>(
      tx,
      sql`with closing as (
            select b.id from batch b
            where ${inMonth} and b.closed_at is null
              and b.batch_number not in (select batch_number from (${unbalancedBatchesSql(viewer.practiceId, range)}) unbalanced)
          ), changed as (
            update batch b set closed_at = now(), closed_by = ${viewer.userId}
            from closing where b.practice_id = ${viewer.practiceId} and b.id = closing.id
            returning b.id, b.batch_number
          ), history as (
            insert into batch_state_change (practice_id, batch_id, state, changed_by, changed_at)
            select ${viewer.practiceId}, id, 'closed', ${viewer.userId}, now() from changed
          )
          select batch_number as "batchNumber" from changed order by batch_number`,
    );
    const [open] = await queryRows<{ count: number }>(tx, sql`select count(*)::int as count from batch b where ${inMonth} and b.closed_at is null`);
    const closedBatchNumbers = closed.map((row) => row.batchNumber);
    if (closedBatchNumbers.length > 0) {
      await recordAudit(tx, {
        practiceId: viewer.practiceId,
        userId: viewer.userId,
        action: "batch_closed",
        details: { month: month.month, batchCount: closedBatchNumbers.length, batchNumbers: closedBatchNumbers },
      });
    }
    return { month: month.month, closedBatchNumbers, stillOpen: open!.count };
  });
}
