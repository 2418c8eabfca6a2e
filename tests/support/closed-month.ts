import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";

/**
 * Closes a month as the database sees it, without the month-end screens: a month_snapshot row
 * (no totals: these tests are about the lock) and the closed_month row that is the lock.
 * `month` is its first day, e.g. "2026-01-01".
 */
export async function closeMonthDirectly(db: Database, practiceId: number, month: string, closedBy: number): Promise<number> {
  const [snapshot] = await queryRows<{ id: number }>(
    db,
    sql`insert into month_snapshot (practice_id, month, closed_by) values (${practiceId}, ${month}::date, ${closedBy}) returning id`,
  );
  await db.execute(
    sql`insert into closed_month (practice_id, month, snapshot_id) values (${practiceId}, ${month}::date, ${snapshot!.id})`,
  );
  return snapshot!.id;
}
