"use client";

import type { ColDef } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { GridLink } from "@/components/reports/GridLink";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { BATCH_COLUMNS, type MyActivityBatchRow } from "@/lib/reports/my-activity/columns";
import { myActivityBatchHref } from "@/lib/reports/my-activity/search-params";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { openRowOn } from "@/components/reports/drillDown";

interface Props {
  rows: MyActivityBatchRow[];
  totals: MyActivityBatchRow;
  timezone: string;
  /** The report's own query string, carried into each batch so its way back keeps the filters. */
  reportSearch: string;
}

/** One line per batch; a batch opens By Check on double-click, Enter, or its link. */
export function MyActivityBatchesGrid({ rows, totals, timezone, reportSearch }: Props) {
  const router = useRouter();
  const hrefOf = useMemo(() => {
    const reportParams = new URLSearchParams(reportSearch);
    return (batchNumber: string) => myActivityBatchHref(batchNumber, { view: "check" }, reportParams);
  }, [reportSearch]);
  const columnDefs = useMemo(
    () =>
      columnDefsOf(BATCH_COLUMNS, timezone).map(
        (def): ColDef<MyActivityBatchRow> =>
          def.colId === "batchNumber"
            ? {
                ...def,
                minWidth: 150,
                cellRenderer: ({ value, node }: CustomCellRendererProps<MyActivityBatchRow, string>) =>
                  node.rowPinned || !value ? value : <GridLink href={hrefOf(value)}>{value}</GridLink>,
              }
            : def,
      ),
    [timezone, hrefOf],
  );
  const handlers = openRowOn<MyActivityBatchRow>((row, pinned) => {
    if (!pinned) router.push(hrefOf(row.batchNumber));
  });
  return (
    <ReportGrid<MyActivityBatchRow>
      columnDefs={columnDefs}
      rowData={rows}
      totalRows={[totals]}
      rowIdOf={(row) => row.batchNumber}
      {...handlers}
    />
  );
}
