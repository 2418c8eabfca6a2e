"use client";

import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type DomLayoutType,
  type GetRowIdParams,
  type GridOptions,
  type RowClassParams,
  type SuppressKeyboardEventParams,
} from "ag-grid-community";
import { AgGridReact, type AgGridReactProps } from "ag-grid-react";
import type { CSSProperties } from "react";
import { formatUsd, parseDollars } from "@/lib/money";

ModuleRegistry.registerModules([AllCommunityModule]);

/** The theme's row height, fixed so a grid's height can be worked out from its row count. */
const ROW_HEIGHT_PX = 36;

const theme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6, rowHeight: ROW_HEIGHT_PX });
/** For a grid of many columns (Payment Balancing's fourteen): smaller type, half the cell padding. */
const compactTheme = theme.withParams({ fontSize: 12, cellHorizontalPaddingScale: 0.5 });

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
  /** A CSS height instead of the grid's own sizing; "auto" with `domLayout: "autoHeight"`, for a grid as tall as its rows. */
  height?: string;
  /** Many columns to fit in the window: the compact theme. */
  compact?: boolean;
}

const leaveGridOnTab = () => false;

/*
 * A grid is as tall as its rows, up to the window: a two-line drill-down is two lines tall,
 * a month of payments fills the window and scrolls inside. Up to AUTO_HEIGHT_ROWS lines the
 * grid takes AG Grid's autoHeight (it renders every row, exactly as tall as they are); past
 * that, the height is the rows' (below a header of up to two lines and a scrollbar), capped to
 * the viewport less the app's header.
 */
const HEADER_AND_SCROLLBAR_PX = 80;
const AUTO_HEIGHT_ROWS = 10;

function sizeOf(lines: number): { style: CSSProperties; domLayout: DomLayoutType } {
  if (lines <= AUTO_HEIGHT_ROWS) return { style: {}, domLayout: "autoHeight" };
  return { style: { height: `min(calc(100dvh - 4rem), ${HEADER_AND_SCROLLBAR_PX + lines * ROW_HEIGHT_PX}px)` }, domLayout: "normal" };
}

/**
 * Tab walks through the links and buttons inside the focused cell (a group's toggle, a
 * payment's link), Shift+Tab back to the cell; past them Tab leaves the grid as from any cell.
 */
function tabThroughCellControls({ event }: SuppressKeyboardEventParams): boolean {
  if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return false;
  const cell = (event.target as HTMLElement).closest<HTMLElement>(".ag-cell");
  if (!cell) return false;
  const controls = Array.from(cell.querySelectorAll<HTMLElement>("a[href], button:not(:disabled)"));
  const at = controls.indexOf(event.target as HTMLElement);
  const next = event.shiftKey ? (at === -1 ? null : (controls[at - 1] ?? cell)) : (controls[at + 1] ?? null);
  if (!next) return false;
  event.preventDefault();
  next.focus();
  return true;
}

export function ReportGrid<Row>({ rowIdOf, totalRows, height, compact, ...props }: ReportGridProps<Row>) {
  const lines = props.rowData.length + (totalRows?.length ?? 0) + (props.pinnedTopRowData?.length ?? 0);
  const sized = sizeOf(lines);
  return (
    <div className="grid-wrap" style={height ? { height, minHeight: height === "auto" ? 0 : undefined } : sized.style}>
      <AgGridReact<Row>
        theme={compact ? compactTheme : theme}
        columnTypes={reportColumnTypes}
        domLayout={height ? undefined : sized.domLayout}
        // Long headers ("Out-of-balance batches", "Payer or patient") wrap rather than end in "…".
        defaultColDef={{
          sortable: true,
          resizable: true,
          filter: true,
          floatingFilter: false,
          wrapHeaderText: true,
          autoHeaderHeight: true,
          suppressKeyboardEvent: tabThroughCellControls,
        }}
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
