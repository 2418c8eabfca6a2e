import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { monthLabel } from "@/lib/posting/closed-period";
import { isoInstant } from "@/lib/reports/toolkit/sql";
import { MonthEndError } from "./errors";
import { closableMonth } from "./request";
import type { ReopenMonthInput } from "./schemas";

export interface ReopenedMonth {
  month: string;
  reopenedAt: string;
  /** The snapshot the close had made: kept, and still shown on the month. */
  snapshotId: number;
}

/**
 * Reopening a closed month, with a reason, in one transaction: the lock (closed_month) goes,
 * so payments may be posted into the month again; its snapshot stays, and the reopen joins
 * the month's history and the audit trail.
 */
export async function reopenMonth(db: Database, viewer: Viewer, monthText: string, input: ReopenMonthInput): Promise<ReopenedMonth> {
  const month = closableMonth(viewer, monthText);
  return db.transaction(async (tx) => {
    const [unlocked] = await queryRows<{ snapshotId: number }>(
      tx,
      sql`delete from closed_month where practice_id = ${viewer.practiceId} and month = ${month.firstDay}::date returning snapshot_id as "snapshotId"`,
    );
    if (!unlocked) throw new MonthEndError(409, `${monthLabel(month.month)} is not closed, so there is nothing to reopen.`);
    const [event] = await queryRows<{ reopenedAt: string }>(
      tx,
      sql`insert into month_close_event (practice_id, month, action, reason, acted_by, acted_at)
          values (${viewer.practiceId}, ${month.firstDay}::date, 'reopened', ${input.reason}, ${viewer.userId}, clock_timestamp())
          returning ${isoInstant(sql`acted_at`)} as "reopenedAt"`,
    );
    await recordAudit(tx as unknown as Database, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "month_reopened",
      details: { month: month.month, reason: input.reason, snapshotId: unlocked.snapshotId },
    });
    return { month: month.month, reopenedAt: event!.reopenedAt, snapshotId: unlocked.snapshotId };
  });
}
