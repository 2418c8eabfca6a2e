import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import type { Blocker } from "@/lib/month-end/blockers";
import { monthBlockers, type BlockerCounts } from "@/lib/month-end/checklist";
import type { LedgerMonth } from "@/lib/month-end/month";
import { isoInstant } from "@/lib/reports/toolkit/sql";

/*
 * One month opened on /payments/month-end: what is in the way of closing it, and its history
 * of closes and reopens. The checklist is the practice's, so it names batches and exceptions at
 * every location: a location-restricted viewer is told how many items there are, not which.
 */

export interface CloseEvent {
  id: number;
  action: "closed" | "reopened";
  reason: string | null;
  snapshotId: number | null;
  actedBy: string;
  actedAt: string;
}

export interface MonthDetail {
  blockerCount: number;
  /** Per checklist item, for a viewer who is told counts only. */
  blockerCounts: BlockerCounts;
  /** null for a location-restricted viewer. */
  blockers: Blocker[] | null;
  history: CloseEvent[];
}

export async function monthDetail(db: Database, viewer: Viewer, month: LedgerMonth): Promise<MonthDetail> {
  requirePermission(viewer, "paymentBalancing");
  const [blockers, history] = await Promise.all([
    monthBlockers(db, viewer.practiceId, { from: month.firstDay, toExclusive: month.nextFirstDay }),
    queryRows<CloseEvent>(
      db,
      sql`select e.id, e.action, e.reason, e.snapshot_id as "snapshotId", u.name as "actedBy", ${isoInstant(sql`e.acted_at`)} as "actedAt"
          from month_close_event e join app_user u on u.practice_id = e.practice_id and u.id = e.acted_by
          where e.practice_id = ${viewer.practiceId} and e.month = ${month.firstDay}::date
          order by e.acted_at desc, e.id desc`,
    ),
  ]);
  const blockerCounts: BlockerCounts = { open_batch: 0, unbalanced_batch: 0, open_era_exception: 0 };
  for (const blocker of blockers) blockerCounts[blocker.kind] += 1;
  return { blockerCount: blockers.length, blockerCounts, blockers: viewer.locationRestricted ? null : blockers, history };
}
