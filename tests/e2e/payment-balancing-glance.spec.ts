import AxeBuilder from "@axe-core/playwright";
import { lastFullMonth } from "./dates";
import { expect, openAs, test } from "./support";

/*
 * Payment Balancing's glance and the chart above it (issue 24): the tab is in the URL (reload,
 * Back and Forward), the tabs follow the ARIA pattern with the keyboard, the glance links are
 * in the Tab order, a filter that splits batches says so, and the chart is on the page.
 */

const month = lastFullMonth();
const MONTH_URL = `/payments/balancing?by=deposit&from=${month.from}&to=${month.to}`;

test("the glance tab is in the URL: arrows move between tabs, reload keeps one, Back and Forward step through them", async ({ page }) => {
  await openAs(page, "poster1@demo-pt.test", MONTH_URL);
  const tab = (name: RegExp) => page.getByRole("tab", { name });
  await expect(tab(/^Per poster/)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", "glance-tab-poster");

  await tab(/^Per poster/).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/[?&]glance=batch(&|$)/);
  await expect(tab(/^Per batch/)).toBeFocused();
  await expect(tab(/^Per batch/)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel").getByRole("columnheader", { name: "Batch (deposit date)" })).toBeVisible();

  await page.keyboard.press("End");
  await expect(page).toHaveURL(/[?&]glance=day(&|$)/);
  await expect(tab(/^Per day/)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(page).not.toHaveURL(/glance=/);
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(/[?&]glance=day(&|$)/);

  await page.reload();
  await expect(tab(/^Per day/)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel").getByRole("columnheader", { name: "Deposit date" })).toBeVisible();

  await page.goBack();
  await expect(page).not.toHaveURL(/glance=/);
  await expect(tab(/^Per poster/)).toHaveAttribute("aria-selected", "true");
  await page.goBack();
  await expect(page).toHaveURL(/[?&]glance=day(&|$)/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]glance=batch(&|$)/);
  await expect(tab(/^Per batch/)).toHaveAttribute("aria-selected", "true");
  await page.goForward();
  await expect(tab(/^Per day/)).toHaveAttribute("aria-selected", "true");
});

test("Tab leaves the chosen tab for its panel's links, and a link narrows the report to its line", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", `${MONTH_URL}&glance=day`);
  await page.getByRole("tab", { name: /^Per day/ }).focus();
  await page.keyboard.press("Tab");
  // The panel itself is a stop (the ARIA pattern), then its first line's link.
  await expect(page.getByRole("tabpanel")).toBeFocused();
  await page.keyboard.press("Tab");
  const link = page.getByRole("tabpanel").locator("tbody a").first();
  await expect(link).toBeFocused();
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/[?&]deposit_date=\d{4}-\d{2}-\d{2}(&|$)/);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname + url.search === href);
  await expect(page.getByRole("tabpanel").locator("tbody tr")).toHaveCount(1);
});

test("a method filter that splits batches says so; the chart and glance pass axe", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", `${MONTH_URL}&method=check&glance=batch`);
  await expect(page.getByText(/^Filters split [\d,]+ batch(es)?: Posted and Unapplied count only the payments shown/)).toBeVisible();
  const chart = page.getByRole("img", { name: /^Posted per deposit date by source/ });
  await expect(chart).toBeVisible();
  expect(await chart.locator("rect").count()).toBeGreaterThan(0);
  await expect(page.getByRole("columnheader", { name: "Whole batches" })).toBeVisible();

  await page.goto(MONTH_URL);
  await expect(page.getByText(/^Filters split/)).toHaveCount(0);

  await page.goto(`${MONTH_URL}&method=check&glance=batch`);
  const { violations } = await new AxeBuilder({ page }).include(".posted-chart").include(".glance").analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("a bad glance tab is a 400 naming the parameter", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", MONTH_URL);
  const response = await page.goto(`${MONTH_URL}&glance=chart`);
  expect(response?.status()).toBe(400);
  await expect(page.getByText('"glance" must be one of poster, batch, day, not "chart".')).toBeVisible();
});
