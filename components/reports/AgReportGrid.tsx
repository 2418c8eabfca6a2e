"use client";

import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CustomFilterModule,
  ModuleRegistry,
  NumberFilterModule,
  PinnedRowModule,
  RowApiModule,
  RowStyleModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
  type DomLayoutType,
  type GetRowIdParams,
  type RowClassParams,
  type SuppressKeyboardEventParams,
} from "ag-grid-community";
import { AgGridReact } from "ag-grid-react";
import { reportColumnTypes } from "./column-types";
import { ROW_HEIGHT_PX } from "./grid-size";
import type { ReportGridProps } from "./ReportGrid";

/*
 * AG Grid itself: loaded by ReportGrid after the page has hydrated, in its own chunk, so no
 * page waits for it to paint. Only the modules the report grids use are registered: rows from
 * props, the column filters, pinned totals, cell and row styles, tooltips, column state for
 * the server-side sort, and finding and scrolling to a row to give focus back to it.
 * AllCommunityModule was 330 KB gzipped, these are 250 KB. A grid option that needs another
 * module fails loudly in development and tests (ValidationModule).
 */
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  TextFilterModule,
  NumberFilterModule,
  CustomFilterModule,
  PinnedRowModule,
  CellStyleModule,
  RowStyleModule,
  TooltipModule,
  ColumnApiModule,
  RowApiModule,
  ScrollApiModule,
  ...(process.env.NODE_ENV === "production" ? [] : [ValidationModule]),
]);

const theme = themeQuartz.withParams({ fontSize: 13, headerFontWeight: 600, spacing: 6, rowHeight: ROW_HEIGHT_PX });
/** For a grid of many columns (Payment Balancing's fourteen): smaller type, half the cell padding. */
const compactTheme = theme.withParams({ fontSize: 12, cellHorizontalPaddingScale: 0.5 });

const leaveGridOnTab = () => false;

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

export function AgReportGrid<Row>({
  rowIdOf,
  totalRows,
  compact,
  domLayout,
  ...props
}: Omit<ReportGridProps<Row>, "height"> & { domLayout: DomLayoutType | undefined }) {
  return (
    <AgGridReact<Row>
      theme={compact ? compactTheme : theme}
      columnTypes={reportColumnTypes}
      domLayout={domLayout}
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
      getRowStyle={(params: RowClassParams<Row>) => (params.node.rowPinned ? { fontWeight: 600, background: "#eef2f7" } : undefined)}
      enableCellTextSelection
      ensureDomOrder
      // Tab leaves the grid, as it leaves any other control: by default it walks every cell, so
      // getting past a page of payments took over a thousand presses. Arrow keys move within.
      tabToNextCell={leaveGridOnTab}
      tabToNextHeader={leaveGridOnTab}
      {...props}
    />
  );
}
