"use client";

import Link from "next/link";
import { useMemo } from "react";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { AUDIT_LOG_COLUMNS, type AuditLogRow } from "@/lib/reports/audit-log/columns";
import type { AuditLogResult } from "@/lib/reports/audit-log/report";

function pageParams(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page <= 1) next.delete("page");
  else next.set("page", String(page));
  return next;
}

/** One page of events, newest first, with links to the pages before and after. */
export function AuditLogGrid({ rows, page, timezone }: Pick<AuditLogResult, "rows" | "page"> & { timezone: string }) {
  const { params, hrefOf } = useReportUrl();
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
      {page.pageCount > 1 && (
        <nav className="pager" aria-label="Pages">
          {page.number > 1 ? <Link href={hrefOf(pageParams(params, Math.min(page.number - 1, page.pageCount)))}>← Newer</Link> : <span />}
          <span>
            Page {page.number} of {page.pageCount} ({page.size} events a page)
          </span>
          {page.number < page.pageCount ? <Link href={hrefOf(pageParams(params, page.number + 1))}>Older →</Link> : <span />}
        </nav>
      )}
    </>
  );
}
