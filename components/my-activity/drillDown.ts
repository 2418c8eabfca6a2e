import type { CellKeyDownEvent, FullWidthCellKeyDownEvent, RowDoubleClickedEvent } from "ag-grid-community";

/**
 * Grid handlers that open a row on double-click or on Enter (keyboard users reach every
 * drill-down too). `pinned` tells a pinned line (All, totals) from a data row.
 */
export function openRowOn<Row>(open: (row: Row, pinned: boolean) => void) {
  return {
    onRowDoubleClicked(event: RowDoubleClickedEvent<Row>) {
      if (event.data) open(event.data, Boolean(event.node.rowPinned));
    },
    onCellKeyDown(event: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>) {
      const key = (event.event as KeyboardEvent | null | undefined)?.key;
      if (key === "Enter" && event.data) open(event.data, Boolean(event.node.rowPinned));
    },
  };
}
