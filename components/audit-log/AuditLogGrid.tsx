"use client";

import { useMemo } from "react";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { Pager } from "@/components/reports/Pager";
import { AUDIT_LOG_COLUMNS, type AuditLogRow } from "@/lib/reports/audit-log/columns";
import type { AuditLogResult } from "@/lib/reports/audit-log/report";

/** One page of events, newest first, with links to the pages before and after. */
export function AuditLogGrid({ rows, page, timezone }: Pick<AuditLogResult, "rows" | "page"> & { timezone: string }) {
  const columnDefs = useMemo(
    () => columnDefsOf(AUDIT_LOG_COLUMNS, timezone).map((column) => (column.colId === "details" ? { ...column, flex: 3 } : column)),
    [timezone],
  );
  return (
    <>
      <ReportGrid<AuditLogRow>
        columnDefs={columnDefs}
        rowData={rows}
        rowIdOf={(row) => String(row.id)}
        overlayNoRowsTemplate="No events match these filters."
      />
      <Pager page={page} noun="events" />
    </>
  );
}
