import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { postingInstantRange } from "@/lib/dates";
import { allOf, isoInstant, sqlList } from "@/lib/reports/toolkit/sql";
import type { AuditLogRow } from "./columns";
import { AUDIT_LOG_PAGE_SIZE, type AuditLogQuery } from "./search-params";

/*
 * The audit log: who did what and when in the viewer's practice, newest first. The practice
 * is the scope, applied here whatever the page checked; events with no practice (a sign-in
 * tried with an unknown email) belong to no practice's log.
 */

export interface AuditLogResult {
  rows: AuditLogRow[];
  eventCount: number;
  page: { number: number; size: number; pageCount: number };
}

/** The events of the query in `e` (with the user `u`), as a WHERE condition. */
export function auditLogConditions(viewer: Viewer, query: AuditLogQuery): SQL {
  // The practice's calendar days as half-open UTC instants, so the (practice_id, at) index serves the range.
  const range = postingInstantRange(query.from, query.to, viewer.timezone);
  const conditions = [
    sql`e.practice_id = ${viewer.practiceId}`,
    sql`e.at >= ${range.startUtc}::timestamptz and e.at < ${range.endUtcExclusive}::timestamptz`,
  ];
  if (query.users.length > 0) conditions.push(sql`e.user_id in (${sqlList(query.users)})`);
  if (query.actions.length > 0) conditions.push(sql`e.action in (${sqlList(query.actions)})`);
  return allOf(conditions);
}

/** The columns of AuditLogRow over event `e` and its user `u`. */
export const AUDIT_LOG_SELECT = sql`e.id, ${isoInstant(sql`e.at`)} as at,
  coalesce(u.name, e.details->>'email', '') as who, e.action, e.details::text as details`;

export const AUDIT_LOG_FROM = sql`audit_event e left join app_user u on u.practice_id = e.practice_id and u.id = e.user_id`;

export async function auditLog(db: Database, viewer: Viewer, query: AuditLogQuery): Promise<AuditLogResult> {
  requirePermission(viewer, "auditLog");
  const where = auditLogConditions(viewer, query);
  const rows = await queryRows<AuditLogRow & { eventCount: number }>(
    db,
    sql`select ${AUDIT_LOG_SELECT}, count(*) over ()::int as "eventCount"
        from ${AUDIT_LOG_FROM}
        where ${where}
        order by e.at desc, e.id desc
        limit ${AUDIT_LOG_PAGE_SIZE} offset ${(query.page - 1) * AUDIT_LOG_PAGE_SIZE}`,
  );
  // A page past the last has no rows to carry the count: count once more.
  const eventCount =
    rows[0]?.eventCount ??
    (await queryRows<{ eventCount: number }>(db, sql`select count(*)::int as "eventCount" from ${AUDIT_LOG_FROM} where ${where}`))[0]!
      .eventCount;
  return {
    rows: rows.map(({ eventCount: _count, ...row }) => row),
    eventCount,
    page: { number: query.page, size: AUDIT_LOG_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(eventCount / AUDIT_LOG_PAGE_SIZE)) },
  };
}

/** The practice's users, for the filter bar's choices. */
export async function auditLogUsers(db: Database, viewer: Viewer): Promise<Array<{ value: string; label: string }>> {
  requirePermission(viewer, "auditLog");
  return queryRows(
    db,
    sql`select u.id::text as value, u.name as label from app_user u where u.practice_id = ${viewer.practiceId} order by u.name, u.id`,
  );
}
