"use client";

import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type GetRowIdParams,
  type GridOptions,
  type RowClassParams,
} from "ag-grid-community";
import { AgGridReact, type AgGridReactProps } from "ag-grid-react";
import { formatUsd, parseDollars } from "@/lib/money";

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6 });

/** Column types every report shares: money in dollars (negatives in red), counts, dates. */
export const reportColumnTypes: GridOptions["columnTypes"] = {
  money: {
    cellClass: "ag-right-aligned-cell",
    headerClass: "ag-right-aligned-header",
    filter: "agNumberColumnFilter",
    valueFormatter: (p) => (typeof p.value === "number" ? formatUsd(p.value) : ""),
    // Filters and sorts work on cents; the filter box takes dollars.
    filterParams: { numberParser: (text: string | null) => (text ? parseDollars(text) : null) },
    cellClassRules: { "money-negative": (p) => typeof p.value === "number" && p.value < 0 },
    width: 130,
  },
  count: {
    cellClass: "ag-right-aligned-cell",
    headerClass: "ag-right-aligned-header",
    filter: "agNumberColumnFilter",
    width: 110,
  },
  text: { filter: "agTextColumnFilter" },
};

export interface ReportGridProps<Row> extends Omit<AgGridReactProps<Row>, "theme" | "columnTypes"> {
  columnDefs: ColDef<Row>[];
  rowData: Row[];
  rowIdOf: (row: Row) => string;
  /** Totals pinned at the bottom: always visible, never sorted or filtered away. */
  totalRows?: Row[];
  /** A CSS height; "auto" with `domLayout: "autoHeight"`, for a grid as tall as its rows. */
  height?: string;
}

const leaveGridOnTab = () => false;

export function ReportGrid<Row>({ rowIdOf, totalRows, height, ...props }: ReportGridProps<Row>) {
  return (
    <div className="grid-wrap" style={height ? { height, minHeight: height === "auto" ? 0 : undefined } : undefined}>
      <AgGridReact<Row>
        theme={theme}
        columnTypes={reportColumnTypes}
        // Long headers ("Out-of-balance batches", "Payer or patient") wrap rather than end in "…".
        defaultColDef={{ sortable: true, resizable: true, filter: true, floatingFilter: false, wrapHeaderText: true, autoHeaderHeight: true }}
        getRowId={(params: GetRowIdParams<Row>) => rowIdOf(params.data)}
        pinnedBottomRowData={totalRows}
        getRowStyle={(params: RowClassParams<Row>) =>
          params.node.rowPinned ? { fontWeight: 600, background: "#eef2f7" } : undefined
        }
        enableCellTextSelection
        ensureDomOrder
        // Tab leaves the grid, as it leaves any other control: by default it walks every cell, so
        // getting past a page of payments took over a thousand presses. Arrow keys move within.
        tabToNextCell={leaveGridOnTab}
        tabToNextHeader={leaveGridOnTab}
        {...props}
      />
    </div>
  );
}
