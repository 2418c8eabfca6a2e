"use client";

import type { ColDef } from "ag-grid-community";
import { useMemo } from "react";
import { ReportGrid } from "@/components/grid/ReportGrid";
import { formatUsDate } from "@/lib/dates";
import { PAYMENT_LINE_COLUMNS, type PaymentLineRow } from "@/lib/reports/payment-balancing-columns";

type LineGridRow = Partial<PaymentLineRow> & { rowId: string };

/** A payment's lines by patient and CPT code, with the SQL totals pinned at the bottom. */
export function PaymentLinesGrid({ lines, totals }: { lines: PaymentLineRow[]; totals: Partial<PaymentLineRow> }) {
  const columnDefs = useMemo(
    () =>
      PAYMENT_LINE_COLUMNS.map(
        (column): ColDef<LineGridRow> => ({
          field: column.key,
          headerName: column.header,
          type: column.kind === "money" ? "money" : column.kind === "count" ? "count" : "text",
          valueFormatter:
            column.kind === "date"
              ? (p) => (typeof p.value === "string" ? formatUsDate(p.value) : "")
              : column.kind === "text"
                ? (p) => (p.value === null || p.value === undefined ? "" : String(p.value))
                : undefined,
          width: column.key === "patient" ? 200 : column.kind === "money" ? 115 : 110,
          // The totals are pinned: a column filter would hide lines they still count.
          filter: false,
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
      height="45vh"
    />
  );
}
