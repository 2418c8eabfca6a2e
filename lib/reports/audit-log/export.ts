import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import type { ExportPlan } from "@/lib/export/plan";
import { openReadSnapshot } from "@/lib/export/snapshot";
import { exportColumnsOf } from "@/lib/reports/toolkit/columns";
import { AUDIT_LOG_COLUMNS, type AuditLogRow } from "./columns";
import { AUDIT_LOG_FROM, AUDIT_LOG_SELECT, auditLogConditions } from "./report";
import type { AuditLogQuery } from "./search-params";

/** Every event of the query (not one page), newest first, streamed from one snapshot. */
export async function auditLogExport(db: Database, viewer: Viewer, query: AuditLogQuery): Promise<ExportPlan> {
  requirePermission(viewer, "auditLog");
  const where = auditLogConditions(viewer, query);
  const snapshot = openReadSnapshot(db);
  try {
    const [count] = await snapshot.rows<{ eventCount: number }>(sql`select count(*)::int as "eventCount" from ${AUDIT_LOG_FROM} where ${where}`);
    const rows = snapshot.batches<AuditLogRow>(sql`select ${AUDIT_LOG_SELECT} from ${AUDIT_LOG_FROM} where ${where} order by e.at desc, e.id desc`);
    async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
      try {
        for await (const batch of rows) yield batch as unknown as Record<string, unknown>[];
      } finally {
        await snapshot.close();
      }
    }
    return {
      columns: exportColumnsOf(AUDIT_LOG_COLUMNS),
      batches: batches(),
      sheetName: "Audit log",
      filenameParts: ["audit-log", query.from, query.to],
      rowCount: count!.eventCount,
      close: () => snapshot.close(),
    };
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}
