import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { sqlStateOf } from "@/lib/database-errors";
import { monthLabel } from "@/lib/posting/closed-period";
import { isoInstant } from "@/lib/reports/toolkit/sql";
import { monthBlockers } from "./checklist";
import { MonthEndError } from "./errors";
import { GRAIN_COLUMNS, monthGrainSql } from "./grain";
import { closableMonth } from "./request";
import type { CloseMonthInput } from "./schemas";

/*
 * Closing a month (issue 23), in one transaction:
 *   1. lock out new payments while the month is read (see below);
 *   2. the checklist: with items in the way, only an override reason closes it;
 *   3. the snapshot's header, then closed_month: the lock, one row per month, so of two
 *      admins closing at once the second finds it taken and gets a 409;
 *   4. the snapshot's totals, one INSERT … SELECT over the month's payments (no per-row work);
 *   5. the close in the month's history and the audit trail.
 */

/** How long a close waits for payments being posted to commit before it gives up (503). */
const LOCK_WAIT = "10s";
const LOCK_NOT_AVAILABLE = "55P03";

export interface ClosedMonth {
  month: string;
  closedAt: string;
  snapshotId: number;
}

export async function closeMonth(db: Database, viewer: Viewer, monthText: string, input: CloseMonthInput): Promise<ClosedMonth> {
  const month = closableMonth(viewer, monthText);
  const label = monthLabel(month.month);
  try {
    return await db.transaction(async (tx) => {
      /*
       * A payment's trigger reads closed_month when it is inserted. One inserted by a
       * transaction still open when the month is locked would not see the lock, and would
       * commit into the month after its snapshot was taken: the frozen breakdown would then
       * differ from the ledger for good. SHARE mode waits for such transactions to commit and
       * holds new payments back until this one has (inserts wait; reads do not).
       */
      await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_WAIT}'`));
      await tx.execute(sql`lock table payment in share mode`);
      const [closed] = await queryRows<{ one: number }>(
        tx,
        sql`select 1 as one from closed_month where practice_id = ${viewer.practiceId} and month = ${month.firstDay}::date`,
      );
      if (closed) throw new MonthEndError(409, `${label} is already closed.`);

      const blockers = await monthBlockers(tx, viewer.practiceId, { from: month.firstDay, toExclusive: month.nextFirstDay });
      if (blockers.length > 0 && input.overrideReason === undefined) {
        throw new MonthEndError(
          409,
          `${label} cannot be closed yet: ${blockers.length} ${blockers.length === 1 ? "item is" : "items are"} in the way. Deal with them, or close it with an override reason.`,
          blockers,
        );
      }
      // A reason given when nothing is in the way overrides nothing: the close is a clean one.
      const overrideReason = blockers.length > 0 ? input.overrideReason! : null;

      const [snapshot] = await queryRows<{ id: number; closedAt: string }>(
        tx,
        sql`insert into month_snapshot (practice_id, month, closed_by, closed_at, override_reason, blockers)
            values (${viewer.practiceId}, ${month.firstDay}::date, ${viewer.userId}, clock_timestamp(), ${overrideReason}, ${JSON.stringify(blockers)}::jsonb)
            returning id, ${isoInstant(sql`closed_at`)} as "closedAt"`,
      );
      const snapshotId = snapshot!.id;
      const locked = await queryRows<{ one: number }>(
        tx,
        sql`insert into closed_month (practice_id, month, snapshot_id) values (${viewer.practiceId}, ${month.firstDay}::date, ${snapshotId})
            on conflict (practice_id, month) do nothing returning 1 as one`,
      );
      if (locked.length === 0) throw new MonthEndError(409, `${label} is already closed.`);

      const [totals] = await queryRows<{ paymentCount: number; postedTotalCents: number }>(
        tx,
        sql`with frozen as (
              insert into month_snapshot_total (practice_id, snapshot_id, ${GRAIN_COLUMNS}, payment_count, posted_total_cents)
              select ${viewer.practiceId}, ${snapshotId}, ${GRAIN_COLUMNS}, payment_count, posted_total_cents
              from (${monthGrainSql(viewer.practiceId, month)}) grain
              returning payment_count, posted_total_cents
            )
            select coalesce(sum(payment_count), 0)::int as "paymentCount", coalesce(sum(posted_total_cents), 0)::bigint as "postedTotalCents" from frozen`,
      );
      await tx.execute(
        sql`insert into month_close_event (practice_id, month, action, reason, snapshot_id, acted_by, acted_at)
            values (${viewer.practiceId}, ${month.firstDay}::date, 'closed', ${overrideReason}, ${snapshotId}, ${viewer.userId}, ${snapshot!.closedAt}::timestamptz)`,
      );
      await recordAudit(tx as unknown as Database, {
        practiceId: viewer.practiceId,
        userId: viewer.userId,
        action: "month_closed",
        details: { month: month.month, snapshotId, overrideReason, blockerCount: blockers.length, ...totals! },
      });
      return { month: month.month, closedAt: snapshot!.closedAt, snapshotId };
    });
  } catch (error) {
    if (sqlStateOf(error) === LOCK_NOT_AVAILABLE) {
      throw new MonthEndError(503, `Payments are being posted right now, so ${label} could not be locked; nothing was closed. Try again in a minute.`);
    }
    throw error;
  }
}
