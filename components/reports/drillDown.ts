import type { CellKeyDownEvent, FullWidthCellKeyDownEvent, RowDoubleClickedEvent } from "ag-grid-community";

/** How a row was opened: by double-click (null) or by the key pressed on its cell. */
export type OpenedBy = string | null;

/** A key pressed on a link or button inside a cell is that control's: it acts on its own, not through the row. */
function isOnCellControl(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return Boolean(target?.closest("a[href], button, input, select, textarea"));
}

/**
 * Grid handlers that open a row on double-click or on a key, Enter unless told (keyboard
 * users reach every drill-down too). `pinned` tells a pinned line (All, totals) from a data row.
 */
export function openRowOn<Row>(open: (row: Row, pinned: boolean, by: OpenedBy) => void, keys: readonly string[] = ["Enter"]) {
  return {
    onRowDoubleClicked(event: RowDoubleClickedEvent<Row>) {
      if (event.data) open(event.data, Boolean(event.node.rowPinned), null);
    },
    onCellKeyDown(event: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>) {
      const keyboard = event.event as KeyboardEvent | null | undefined;
      if (!keyboard || !keys.includes(keyboard.key) || !event.data || isOnCellControl(keyboard)) return;
      // Space would also scroll the page.
      keyboard.preventDefault();
      open(event.data, Boolean(event.node.rowPinned), keyboard.key);
    },
  };
}
