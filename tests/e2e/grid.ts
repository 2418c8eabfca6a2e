import type { Locator, Page } from "@playwright/test";

/* AG Grid 36 renders body rows in the scrolling container and pinned rows in their own. */

/** The grid's body rows (not the pinned totals), in screen order. */
export function bodyRows(page: Page): Locator {
  return page.locator(".ag-grid-scrolling-container .ag-row");
}

export function cell(row: Locator, colId: string): Locator {
  return row.locator(`[col-id="${colId}"]`);
}

export function pinnedBottomCell(page: Page, colId: string): Locator {
  return page.locator(`.ag-grid-pinned-bottom-rows-container .ag-row [col-id="${colId}"]`).first();
}

export function pinnedTopRow(page: Page): Locator {
  return page.locator(".ag-grid-pinned-top-rows-container .ag-row").first();
}

/** "$1,234.56" / "-$12.00" → cents. */
export function cents(text: string): number {
  const negative = text.includes("-");
  const digits = text.replace(/[^0-9]/g, "");
  return (negative ? -1 : 1) * Number(digits);
}
