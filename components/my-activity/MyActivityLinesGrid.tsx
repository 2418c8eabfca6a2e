"use client";

import { useMemo } from "react";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { LINE_COLUMNS, type MyActivityLineRow } from "@/lib/reports/my-activity/columns";
import { columnDefsOf } from "@/components/reports/columnDefs";

/** Payment lines by patient and CPT code, with their totals pinned at the bottom. */
export function MyActivityLinesGrid({
  rows,
  totals,
  timezone,
}: {
  rows: MyActivityLineRow[];
  totals: MyActivityLineRow;
  timezone: string;
}) {
  const columnDefs = useMemo(
    // Patient names are what the poster reads first; they keep their width when columns are fitted.
    () => columnDefsOf(LINE_COLUMNS, timezone).map((def) => (def.colId === "patient" ? { ...def, minWidth: 180 } : def)),
    [timezone],
  );
  return (
    <ReportGrid<MyActivityLineRow>
      columnDefs={columnDefs}
      rowData={rows}
      totalRows={[totals]}
      rowIdOf={(row) => (row.lineId === null ? "total" : String(row.lineId))}
    />
  );
}
