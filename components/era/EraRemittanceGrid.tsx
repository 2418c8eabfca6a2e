"use client";

import type { ColDef } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import { useMemo } from "react";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { ERA_REMITTANCE_COLUMNS, type EraRemittanceRow } from "@/lib/reports/era/columns";
import { balancingBatchPath, eraRemittancePath } from "@/lib/reports/era/search-params";
import { GridLink } from "@/components/reports/GridLink";

type Cell = CustomCellRendererProps<EraRemittanceRow>;

function PayerCell({ data, value }: Cell) {
  return (
    <>
      {String(value ?? "")}
      {data?.payerNeedsReview && <span className="review-mark">new payer, review</span>}
    </>
  );
}

function TraceCell({ data, value }: Cell) {
  return data ? <GridLink href={eraRemittancePath(data.id)}>{String(value)}</GridLink> : null;
}

function BatchCell({ data, value }: Cell) {
  if (!data?.batchNumber || !data.depositDate) return null;
  return <GridLink href={balancingBatchPath(data.batchNumber, data.depositDate)}>{String(value)}</GridLink>;
}

const RENDERERS: Partial<Record<string, ColDef<EraRemittanceRow>>> = {
  payer: { cellRenderer: PayerCell, minWidth: 220 },
  traceNumber: { cellRenderer: TraceCell, minWidth: 150 },
  batchNumber: { cellRenderer: BatchCell, minWidth: 120 },
  refusalReason: { flex: 2, minWidth: 200, tooltipField: "refusalReason" },
};

/** One page of remittances: the trace number opens the remittance, the batch opens Payment Balancing. */
export function EraRemittanceGrid({ rows, timezone }: { rows: EraRemittanceRow[]; timezone: string }) {
  const columnDefs = useMemo(
    () => columnDefsOf(ERA_REMITTANCE_COLUMNS, timezone).map((column) => ({ ...column, ...RENDERERS[column.colId ?? ""] })),
    [timezone],
  );
  return (
    <ReportGrid<EraRemittanceRow>
      columnDefs={columnDefs}
      rowData={rows}
      rowIdOf={(row) => String(row.id)}
      overlayNoRowsTemplate="No remittances match these filters."
    />
  );
}
