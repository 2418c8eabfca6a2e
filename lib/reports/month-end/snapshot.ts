import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { LedgerMonth } from "@/lib/month-end/month";
import { isoInstant } from "@/lib/reports/toolkit/sql";

/** A month's latest frozen breakdown: when it was taken, by whom, and why past the checklist. */
export interface SnapshotHeader {
  snapshotId: number;
  closedAt: string;
  closedBy: string;
  overrideReason: string | null;
  /** Whether the month is closed now (the snapshot is its lock's), not reopened since. */
  current: boolean;
}

export async function latestSnapshot(db: Database, practiceId: number, month: LedgerMonth): Promise<SnapshotHeader | null> {
  const [header] = await queryRows<SnapshotHeader>(
    db,
    sql`select s.id as "snapshotId", ${isoInstant(sql`s.closed_at`)} as "closedAt", u.name as "closedBy",
               s.override_reason as "overrideReason",
               exists (select 1 from closed_month m where m.practice_id = s.practice_id and m.snapshot_id = s.id) as current
        from month_snapshot s join app_user u on u.practice_id = s.practice_id and u.id = s.closed_by
        where s.practice_id = ${practiceId} and s.month = ${month.firstDay}::date
        order by s.closed_at desc, s.id desc limit 1`,
  );
  return header ?? null;
}
