"use client";

import type { ColDef } from "ag-grid-community";
import { useMemo } from "react";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { columnDefOf } from "@/components/reports/columnDefs";
import { PAYMENT_LINE_COLUMNS, type PaymentLineRow } from "@/lib/reports/payment-balancing/columns";

type LineGridRow = Partial<PaymentLineRow> & { rowId: string };

/** A payment's lines by patient and CPT code, with the SQL totals pinned at the bottom. */
export function PaymentLinesGrid({ lines, totals }: { lines: PaymentLineRow[]; totals: Partial<PaymentLineRow> }) {
  const columnDefs = useMemo(
    () =>
      PAYMENT_LINE_COLUMNS.map(
        (column): ColDef<LineGridRow> => ({
          // Line columns hold no instants, so the timezone is never read.
          ...(columnDefOf(column, "UTC") as ColDef<LineGridRow>),
          width: column.key === "patient" ? 200 : column.kind === "money" ? 115 : 110,
        }),
      ),
    [],
  );
  const rows = useMemo(() => lines.map((line): LineGridRow => ({ ...line, rowId: String(line.id) })), [lines]);
  return (
    <ReportGrid<LineGridRow>
      columnDefs={columnDefs}
      rowData={rows}
      totalRows={[{ ...totals, patient: "Total", rowId: "total" }]}
      rowIdOf={(row) => row.rowId}
      overlayNoRowsTemplate="Nothing of this payment is applied yet."
    />
  );
}
