import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import type { ExportPlan } from "@/lib/export/plan";
import { openReadSnapshot } from "@/lib/export/snapshot";
import { exportColumnsOf } from "@/lib/reports/toolkit/columns";
import { ERA_CLAIM_COLUMNS, ERA_EXCEPTION_COLUMNS, ERA_REMITTANCE_COLUMNS } from "./columns";
import { ERA_EXCEPTION_FROM, ERA_EXCEPTION_ORDER, eraExceptionConditions, eraExceptionSelect } from "./exceptions";
import { ERA_REMITTANCE_FROM, ERA_REMITTANCE_SELECT, eraListConditions } from "./list";
import { eraRemittanceClaims } from "./remittance";
import type { EraExceptionsQuery, EraListQuery, EraRemittanceQuery } from "./search-params";

/** Rows streamed from one snapshot; the snapshot closes when they are read to the end or stopped. */
async function snapshotPlan(
  db: Database,
  count: SQL,
  select: SQL,
  fields: Omit<ExportPlan, "batches" | "rowCount" | "close">,
): Promise<ExportPlan> {
  const snapshot = openReadSnapshot(db);
  try {
    const [counted] = await snapshot.rows<{ count: number }>(count);
    const rows = snapshot.batches<Record<string, unknown>>(select);
    async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
      try {
        for await (const batch of rows) yield batch;
      } finally {
        await snapshot.close();
      }
    }
    return { ...fields, batches: batches(), rowCount: counted!.count, close: () => snapshot.close() };
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/** Every remittance of the list's filters (not one page), newest first. */
export async function eraListExport(db: Database, viewer: Viewer, query: EraListQuery): Promise<ExportPlan> {
  requirePermission(viewer, "postPayments");
  const where = eraListConditions(viewer, query);
  return snapshotPlan(
    db,
    sql`select count(*)::int as count from era_remittance r where ${where}`,
    sql`select ${ERA_REMITTANCE_SELECT} from ${ERA_REMITTANCE_FROM} where ${where} order by r.imported_at desc, r.id desc`,
    {
      columns: exportColumnsOf(ERA_REMITTANCE_COLUMNS),
      sheetName: "ERA remittances",
      filenameParts: ["era-remittances", query.from ?? "", query.to ?? ""],
    },
  );
}

/** The worklist of the filter (open, or all), every page. */
export async function eraExceptionsExport(db: Database, viewer: Viewer, query: EraExceptionsQuery): Promise<ExportPlan> {
  requirePermission(viewer, "postPayments");
  const where = eraExceptionConditions(viewer, query);
  return snapshotPlan(
    db,
    sql`select count(*)::int as count from ${ERA_EXCEPTION_FROM} where ${where}`,
    sql`select ${eraExceptionSelect(viewer)} from ${ERA_EXCEPTION_FROM} where ${where} order by ${ERA_EXCEPTION_ORDER}`,
    {
      columns: exportColumnsOf(ERA_EXCEPTION_COLUMNS),
      sheetName: "ERA exceptions",
      filenameParts: ["era-exceptions", query.show],
    },
  );
}

/** One remittance's claims (a remittance holds at most a few thousand: read at once). Null when it is not the practice's. */
export async function eraRemittanceExport(db: Database, viewer: Viewer, query: Pick<EraRemittanceQuery, "remittanceId">): Promise<ExportPlan | null> {
  requirePermission(viewer, "postPayments");
  const [remittance] = await queryRows<{ traceNumber: string }>(
    db,
    sql`select r.trace_number as "traceNumber" from era_remittance r where r.practice_id = ${viewer.practiceId} and r.id = ${query.remittanceId}`,
  );
  if (!remittance) return null;
  const claims = await eraRemittanceClaims(db, viewer, query.remittanceId);
  const rows = claims.map(({ detail: _detail, ...row }) => row as unknown as Record<string, unknown>);
  async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
    yield rows;
  }
  return {
    columns: exportColumnsOf(ERA_CLAIM_COLUMNS),
    batches: batches(),
    sheetName: "ERA claims",
    filenameParts: ["era-remittance", String(query.remittanceId), remittance.traceNumber],
    rowCount: rows.length,
  };
}
