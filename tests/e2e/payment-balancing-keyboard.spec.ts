import type { Page } from "@playwright/test";
import { lastFullMonth } from "./dates";
import { bodyRows, cell, pinnedBottomCell } from "./grid";
import { expect, openAs, test } from "./support";

/* Payment Balancing with the keyboard alone, its menu, and its layout at 1440×900 and 1024×768 (issue 24). */

const month = lastFullMonth();
const MONTH_URL = `/payments/balancing?by=deposit&from=${month.from}&to=${month.to}`;

/** The grid row focus is in (its row-id), or null outside the grid. */
function focusedRowId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest(".ag-row")?.getAttribute("row-id") ?? null);
}

test("+ Add level adds nothing while ArrowDown looks through the levels, then the chosen one", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", MONTH_URL);
  await expect(bodyRows(page).first()).toBeVisible();
  const select = page.getByLabel("Level to add");
  await select.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  // The select moved to the fourth level, and nothing was asked of the server.
  await expect(select).toHaveValue("location");
  await page.waitForTimeout(500);
  expect(new URL(page.url()).searchParams.getAll("group")).toEqual([]);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "+ Add level" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL("**group=location**");
  await expect(page.getByRole("listitem", { name: "Level 1: Location" })).toBeVisible();
  expect(new URL(page.url()).searchParams.getAll("group")).toEqual(["location"]);
});

test("keyboard only: Enter expands a group and keeps focus on it, Enter opens a payment, Space collapses", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", `${MONTH_URL}&group=poster`);
  await expect(page.getByRole("button", { name: /^Expand Poster / }).first()).toBeVisible();
  // Into the grid from the last control before it, then down to the first group.
  await page.getByRole("button", { name: "Clear grouping" }).focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown");
  const groupRow = await focusedRowId(page);
  expect(groupRow).toMatch(/^group:/);

  await page.keyboard.press("Enter");
  await page.waitForURL("**open=**");
  const opened = groupRow!.replace("group:", "");
  expect(new URL(page.url()).searchParams.getAll("open")).toEqual([opened]);
  await expect(page.locator(`.ag-row[row-id="${groupRow}"] .group-toggle`)).toHaveAttribute("aria-expanded", "true");
  // Focus survives the new rows arriving from the server.
  await expect.poll(() => focusedRowId(page)).toBe(groupRow);

  // Tab reaches the group's toggle and its payments link, inside the row.
  await page.keyboard.press("Tab");
  await expect(page.locator(`.ag-row[row-id="${groupRow}"] .group-toggle`)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator(`.ag-row[row-id="${groupRow}"] .group-open`)).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  expect(await focusedRowId(page)).toBe(groupRow);

  // The row below an expanded poster is its first payment: Enter opens its drill-down.
  await page.keyboard.press("ArrowDown");
  const paymentRow = await focusedRowId(page);
  expect(paymentRow).toMatch(/^payment:\d+$/);
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/payments/balancing/payments/${paymentRow!.replace("payment:", "")}?**`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Payment ${paymentRow!.replace("payment:", "")}`);
  expect(new URL(page.url()).searchParams.getAll("open")).toEqual([opened]);

  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/payments/balancing");
  const lead = cell(page.locator(`.ag-row[row-id="${groupRow}"]`), "lead");
  await expect(lead.locator(".group-toggle")).toHaveAttribute("aria-expanded", "true");
  await lead.focus();
  await page.keyboard.press(" ");
  await expect.poll(() => new URL(page.url()).searchParams.getAll("open")).toEqual([]);
  await expect(lead.locator(".group-toggle")).toHaveAttribute("aria-expanded", "false");
});

test("a double-click on a payment opens its drill-down", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", MONTH_URL);
  const first = bodyRows(page).first();
  const id = (await first.getAttribute("row-id"))!.replace("payment:", "");
  await cell(first, "amount").dblclick();
  await page.waitForURL(`**/payments/balancing/payments/${id}?**`);
});

test("the Payments count is on group rows and the total, not on payments, and gone when nothing is grouped", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", `${MONTH_URL}&group=poster`);
  const firstGroup = bodyRows(page).first();
  await expect(cell(firstGroup, "paymentCount")).toHaveText(/^\d[\d,]*$/);
  await firstGroup.locator(".group-toggle").click();
  await page.waitForURL("**open=**");
  const payment = page.locator('.ag-grid-scrolling-container .ag-row[row-id^="payment:"]').first();
  await expect(payment).toBeVisible();
  await expect(cell(payment, "paymentCount")).toHaveText("");
  await expect(pinnedBottomCell(page, "paymentCount")).toHaveText(/^\d[\d,]*$/);

  await page.goto(MONTH_URL);
  await expect(bodyRows(page).first()).toBeVisible();
  await expect(page.locator('.ag-header-cell[col-id="paymentCount"]')).toHaveCount(0);
});

test("the menu: arrows, End, Escape; switching variants keeps the filters", async ({ page }) => {
  const query = `by=deposit&from=${month.from}&to=${month.to}&method=check&group=location`;
  await openAs(page, "admin@demo-pt.test", `/payments/balancing?${query}`);
  const menus = page.getByRole("navigation", { name: "Main" });
  const payments = menus.getByRole("button", { name: "Payments" });
  await payments.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Post Payments" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "ERA remittances" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(payments).toBeFocused();
  await expect(payments).toHaveAttribute("aria-expanded", "false");

  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Month-end close" })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  const fullAccess = page.getByRole("menuitem", { name: "Payment Balancing (Full Access)" });
  await expect(fullAccess).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL("**/payments/balancing/full-access?**");
  expect(new URL(page.url()).search).toBe(`?${query}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payment Balancing — Full Access");
  await expect(page.getByRole("listitem", { name: "Level 1: Location" })).toBeVisible();

  // And back, from the menu too.
  await payments.click();
  await page.getByRole("menuitem", { name: "Payment Balancing", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/payments/balancing");
  expect(new URL(page.url()).search).toBe(`?${query}`);
});

test.describe("at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("the flat report fits without sideways scrolling and shows Unapplied whole", async ({ page }) => {
    await openAs(page, "admin@demo-pt.test", MONTH_URL);
    await expect(bodyRows(page).first()).toBeVisible();
    const scroll = page.locator(".ag-body-horizontal-scroll-viewport");
    expect(await scroll.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    // Nothing opaque lies over the Unapplied header's right end (AG Grid's strip for an
    // overlay scrollbar was white there, and cut the column off).
    const covered = await page.locator('.ag-header-cell[col-id="unapplied"]').evaluate((header) => {
      header.scrollIntoView();
      const box = header.getBoundingClientRect();
      const stack = document.elementsFromPoint(box.right - 4, box.top + box.height / 2);
      const above = stack.slice(0, stack.findIndex((element) => header.contains(element)));
      return above.filter((element) => getComputedStyle(element).backgroundColor !== "rgba(0, 0, 0, 0)").map((element) => element.className);
    });
    expect(covered).toEqual([]);
    // A month of payments: the grid takes the window's height, not more.
    const height = await page.locator(".ag-root-wrapper").last().evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThanOrEqual(900);
    expect(height).toBeGreaterThan(600);
  });
});

test.describe("at 1024×768", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("the filters are one line of what is active, opened and closed from the keyboard; the amounts stay in view", async ({ page }) => {
    await openAs(page, "admin@demo-pt.test", `${MONTH_URL}&method=check`);
    const summary = page.locator(".filter-summary");
    await expect(summary).toBeVisible();
    await expect(summary).toContainText("Method Check");
    await expect(page.getByRole("search", { name: "Payment Balancing filters" })).toBeHidden();
    await page.getByRole("button", { name: "Edit filters" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("search", { name: "Payment Balancing filters" })).toBeVisible();
    // Focus goes to the bar's first field, the date basis.
    await expect(page.getByRole("search", { name: "Payment Balancing filters" }).locator("select").first()).toBeFocused();
    await page.getByRole("button", { name: "Hide filters" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("search", { name: "Payment Balancing filters" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Edit filters" })).toBeFocused();

    // Amount, Applied and Unapplied are pinned right: inside the grid's box without scrolling it.
    const root = await page.locator(".ag-root-wrapper").last().boundingBox();
    for (const column of ["amount", "applied", "unapplied"]) {
      const header = await page.locator(`.ag-header-cell[col-id="${column}"]`).boundingBox();
      expect(header!.x + header!.width).toBeLessThanOrEqual(root!.x + root!.width + 1);
      expect(header!.x).toBeGreaterThanOrEqual(root!.x);
    }
  });

  test("the grid's first rows are on the first screen: the glance's lines start hidden, its tabs still count, Show lines opens them", async ({ page }) => {
    await openAs(page, "admin@demo-pt.test", MONTH_URL);
    await expect(bodyRows(page).first()).toBeVisible();
    const firstRow = await bodyRows(page).first().boundingBox();
    expect(firstRow!.y + firstRow!.height).toBeLessThanOrEqual(768);
    await expect(page.getByRole("tab", { name: /Per batch/ })).toContainText("need attention");
    await expect(page.locator(".glance-table")).toBeHidden();
    await page.getByRole("button", { name: "Show lines" }).click();
    await expect(page.locator(".glance-table")).toBeVisible();
    await page.getByRole("button", { name: "Hide lines" }).click();
    await expect(page.locator(".glance-table")).toBeHidden();
  });
});
