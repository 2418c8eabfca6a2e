import type { Page } from "@playwright/test";
import { lastDays, lastFullMonth } from "./dates";
import { bodyRows, cell } from "./grid";
import { expect, openAs, test } from "./support";

/** Errors the browser reports while the page loads and hydrates: uncaught ones and console errors. */
function collectBrowserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

function focusIsInGrid(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.closest(".ag-root-wrapper") !== null);
}

/** Tabs forward until focus is outside every grid, counting the presses it took; gives up at `limit`. */
async function tabsToLeaveGrid(page: Page, limit: number): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (!(await focusIsInGrid(page))) return presses;
  }
  return Infinity;
}

test("report pages load and hydrate without a browser error", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const { from, to } = lastDays(14);
  await openAs(page, "admin@demo-pt.test", `/payments/balancing?from=${from}&to=${to}`);
  for (const path of [`/payments/balancing?from=${from}&to=${to}&group=poster`, `/payments/balancing/full-access?from=${from}&to=${to}`]) {
    await page.goto(path);
    await expect(bodyRows(page).first()).toBeVisible();
  }
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/sign-in**");
  await openAs(page, "poster1@demo-pt.test", `/payments/my-activity?by=deposit&from=${from}&to=${to}`);
  const batch = bodyRows(page).first();
  await expect(batch).toBeVisible();
  await cell(batch, "depositDate").dblclick();
  await page.waitForURL("**/payments/my-activity/batches/**");
  await expect(bodyRows(page).first()).toBeVisible();
  // Hydration errors are reported after the grid has rendered.
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});

test("Tab enters a grid once and leaves it with the next press", async ({ page }) => {
  // A whole month: more payments than one page holds, so the pager follows the grid.
  const { from, to } = lastFullMonth();
  await openAs(page, "admin@demo-pt.test", `/payments/balancing?from=${from}&to=${to}`);
  await expect(bodyRows(page).first()).toBeVisible();
  await page.getByRole("button", { name: "+ Add level" }).focus();
  await page.keyboard.press("Tab");
  expect(await focusIsInGrid(page)).toBe(true);
  expect(await tabsToLeaveGrid(page, 5)).toBe(1);
  await expect(page.getByRole("link", { name: "Next →" })).toBeFocused();
});

test("a payment that does not exist gets a 404 page with a way back", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", "/payments/balancing");
  const response = await page.goto("/payments/balancing/payments/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("404 · Not found");
  await page.getByRole("link", { name: "Back to your reports" }).click();
  await page.waitForURL((url) => url.pathname !== "/payments/balancing/payments/999999");
});
