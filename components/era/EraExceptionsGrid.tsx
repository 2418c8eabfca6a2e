"use client";

import type { ColDef } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import { useMemo, useState } from "react";
import { EraResolvePanel } from "@/components/era/EraResolvePanel";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { ERA_EXCEPTION_COLUMNS, type EraExceptionRow } from "@/lib/reports/era/columns";
import { eraRemittancePath } from "@/lib/reports/era/search-params";
import { GridLink } from "@/components/reports/GridLink";

function RemittanceCell({ data }: CustomCellRendererProps<EraExceptionRow>) {
  return data ? <GridLink href={eraRemittancePath(data.remittanceId)}>{data.remittanceId}</GridLink> : null;
}

/** The worklist: each open row has a Resolve control that opens the charge search below the grid. */
export function EraExceptionsGrid({ rows, timezone }: { rows: EraExceptionRow[]; timezone: string }) {
  const [resolving, setResolving] = useState<EraExceptionRow | null>(null);
  const columnDefs = useMemo((): ColDef<EraExceptionRow>[] => {
    const columns = columnDefsOf(ERA_EXCEPTION_COLUMNS, timezone).map(
      (column): ColDef<EraExceptionRow> =>
        column.colId === "remittanceId"
          ? { ...column, cellRenderer: RemittanceCell, minWidth: 110 }
          : column.colId === "explanation"
            ? { ...column, flex: 2, minWidth: 240, tooltipField: "explanation" }
            : column,
    );
    const resolve: ColDef<EraExceptionRow> = {
      colId: "resolve",
      headerName: "Actions",
      sortable: false,
      minWidth: 110,
      cellRenderer: ({ data }: CustomCellRendererProps<EraExceptionRow>) =>
        data && data.resolvedAt === null ? (
          <button type="button" onClick={() => setResolving(data)} aria-label={`Resolve exception ${data.id}`}>
            Resolve
          </button>
        ) : null,
    };
    return [resolve, ...columns];
  }, [timezone]);
  return (
    <>
      <ReportGrid<EraExceptionRow>
        columnDefs={columnDefs}
        rowData={rows}
        rowIdOf={(row) => String(row.id)}
        overlayNoRowsTemplate="No exceptions: every ERA dollar is applied."
      />
      {resolving && <EraResolvePanel key={resolving.id} exception={resolving} onClose={() => setResolving(null)} />}
    </>
  );
}
