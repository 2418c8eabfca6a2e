import type { DomLayoutType } from "ag-grid-community";
import type { CSSProperties } from "react";

/** The theme's row height, fixed so a grid's height can be worked out from its row count. */
export const ROW_HEIGHT_PX = 36;

/*
 * A grid is as tall as its rows, up to the window: a two-line drill-down is two lines tall,
 * a month of payments fills the window and scrolls inside. Up to AUTO_HEIGHT_ROWS lines the
 * grid takes AG Grid's autoHeight (it renders every row, exactly as tall as they are); past
 * that, the height is the rows' (below a header of up to two lines and a scrollbar), capped to
 * the viewport less the app's header.
 */
const HEADER_AND_SCROLLBAR_PX = 80;
const AUTO_HEIGHT_ROWS = 10;

export function gridSizeOf(lines: number): { style: CSSProperties; domLayout: DomLayoutType } {
  if (lines <= AUTO_HEIGHT_ROWS) return { style: {}, domLayout: "autoHeight" };
  return { style: { height: `min(calc(100dvh - 4rem), ${HEADER_AND_SCROLLBAR_PX + lines * ROW_HEIGHT_PX}px)` }, domLayout: "normal" };
}
