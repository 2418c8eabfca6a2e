"use client";

import type { ColDef } from "ag-grid-community";
import type { AgGridReactProps } from "ag-grid-react";
import { GridPreview } from "./GridPreview";
import { gridSizeOf } from "./grid-size";
import { lazyModule } from "./lazy-module";

export interface ReportGridProps<Row> extends Omit<AgGridReactProps<Row>, "theme" | "columnTypes"> {
  columnDefs: ColDef<Row>[];
  rowData: Row[];
  rowIdOf: (row: Row) => string;
  /** Totals pinned at the bottom: always visible, never sorted or filtered away. */
  totalRows?: Row[];
  /** A CSS height instead of the grid's own sizing; "auto" with `domLayout: "autoHeight"`, for a grid as tall as its rows. */
  height?: string;
  /** Many columns to fit in the window: the compact theme. */
  compact?: boolean;
}

const useAgGrid = lazyModule(() => import("./AgReportGrid").then((module) => module.AgReportGrid));

/** Fetches AG Grid's code now: in the browser as soon as this module runs, alongside hydration rather than after it. */
export const preloadReportGrid = useAgGrid.preload;
if (typeof window !== "undefined") void preloadReportGrid();

/**
 * A report's grid. The server renders its first rows as a plain table (GridPreview), so the
 * report reads at first paint; AG Grid replaces it once its code has loaded after hydration,
 * in the same box, so nothing below moves.
 */
export function ReportGrid<Row>({ height, ...props }: ReportGridProps<Row>) {
  const { loaded: AgReportGrid, failed } = useAgGrid();
  const lines = props.rowData.length + (props.totalRows?.length ?? 0) + (props.pinnedTopRowData?.length ?? 0);
  const sized = gridSizeOf(lines);
  return (
    <div className="grid-wrap" style={height ? { height, minHeight: height === "auto" ? 0 : undefined } : sized.style}>
      {AgReportGrid ? (
        <AgReportGrid<Row> {...props} domLayout={props.domLayout ?? (height ? undefined : sized.domLayout)} />
      ) : (
        <>
          {failed && (
            <p className="notice" role="alert">
              The grid could not load, so sorting and filters are off. Reload the page to try again.
            </p>
          )}
          <GridPreview
            columnDefs={props.columnDefs}
            rowData={props.rowData}
            totalRows={props.totalRows}
            rowIdOf={props.rowIdOf}
            compact={props.compact}
          />
        </>
      )}
    </div>
  );
}
