"use client";

import { useMemo } from "react";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { breakdownColumns, DIFFERS, type BreakdownRow } from "@/lib/reports/month-end/columns";
import type { BreakdownTotals } from "@/lib/reports/month-end/breakdown";
import type { BreakdownDimension } from "@/lib/reports/month-end/search-params";

/** The breakdown's lines, differing ones first and marked, with the SQL totals pinned below. */
export function MonthBreakdownGrid({
  rows,
  totals,
  groups,
  timezone,
}: {
  rows: BreakdownRow[];
  totals: BreakdownTotals;
  groups: BreakdownDimension[];
  timezone: string;
}) {
  const columnDefs = useMemo(
    () =>
      columnDefsOf(breakdownColumns(groups), timezone).map((column) =>
        column.colId === "status" ? { ...column, cellClassRules: { "out-of-balance": (p: { value: unknown }) => p.value === DIFFERS } } : column,
      ),
    [groups, timezone],
  );
  const keyOf = (row: BreakdownRow) => JSON.stringify([row.depositDate, row.location, row.payerType, row.method, row.source, row.poster]);
  const totalRow: BreakdownRow = {
    ...totals,
    differenceCents: totals.liveTotalCents - totals.frozenTotalCents,
    status: totals.liveTotalCents === totals.frozenTotalCents && totals.liveCount === totals.frozenCount ? "Equal" : DIFFERS,
  };
  return (
    <ReportGrid<BreakdownRow>
      columnDefs={columnDefs}
      rowData={rows}
      rowIdOf={keyOf}
      totalRows={[totalRow]}
      overlayNoRowsTemplate="No payments in this month."
    />
  );
}
