import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { lastFullMonth } from "./dates";
import { bodyRows, cents, pinnedBottomCell } from "./grid";
import type { Page } from "@playwright/test";
import { expect, openAs, test } from "./support";

const month = lastFullMonth();
const MONTH_URL = `/payments/balancing?by=deposit&from=${month.from}&to=${month.to}`;

/** A grouping level is chosen in its select, then added with its button. */
async function addLevel(page: Page, dimension: string) {
  await page.getByLabel("Level to add").selectOption(dimension);
  await page.getByRole("button", { name: "+ Add level" }).click();
}

test("group by poster, expand, subtotals add up to the grand total; a second level, sort, filter, reload", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", MONTH_URL);
  await expect(pinnedBottomCell(page, "lead")).toHaveText("Grand total");
  const grandTotal = cents(await pinnedBottomCell(page, "amount").innerText());
  expect(grandTotal).toBeGreaterThan(0);

  await addLevel(page, "poster");
  await page.waitForURL("**group=poster**");
  const posterToggles = page.getByRole("button", { name: /^Expand Poster / });
  await expect(posterToggles.first()).toBeVisible();
  const posterAmounts = (await bodyRows(page).locator('[col-id="amount"]').allInnerTexts()).map(cents);
  expect(posterAmounts.reduce((a, b) => a + b, 0)).toBe(grandTotal);
  expect(cents(await pinnedBottomCell(page, "amount").innerText())).toBe(grandTotal);

  const firstPosterLabel = await posterToggles.first().getAttribute("aria-label");
  await posterToggles.first().click();
  await page.waitForURL("**open=**");
  await expect(page.getByRole("button", { name: firstPosterLabel!.replace("Expand", "Collapse") })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Payment \d+/ }).first()).toBeVisible();

  await addLevel(page, "method");
  await page.waitForURL("**group=poster&group=method**");
  await expect(page.getByRole("group", { name: "Group by" })).toContainText("Method");

  await page.locator('.ag-header-cell[col-id="amount"] .ag-header-cell-label').click();
  await page.waitForURL("**sort=amount**");

  await page.locator('.ag-header-cell[col-id="amount"] .ag-header-cell-filter-button').click();
  await page.locator(".column-filter").getByLabel("Min $").fill("100");
  await page.locator(".column-filter").getByRole("button", { name: "Apply" }).click();
  await page.waitForURL("**min=100**");
  const filteredUrl = page.url();
  // The URL changes before the filtered rows arrive: wait for the grand total to follow it.
  await expect.poll(async () => cents(await pinnedBottomCell(page, "amount").innerText())).toBeLessThan(grandTotal);
  const filteredTotal = await pinnedBottomCell(page, "amount").innerText();

  await page.reload();
  expect(page.url()).toBe(filteredUrl);
  await expect(pinnedBottomCell(page, "amount")).toHaveText(filteredTotal);
  await expect(page.getByRole("group", { name: "Group by" })).toContainText("Poster");
});

test("Full Access shows RCM-staff postings; the standard variant does not", async ({ page }) => {
  await openAs(page, "auditor@demo-pt.test", `${MONTH_URL}&group=poster`);
  await expect(page.getByRole("button", { name: /^Expand Poster / }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Expand Poster Casey RCM" })).toHaveCount(0);
  const standardTotal = cents(await pinnedBottomCell(page, "amount").innerText());

  await page.goto(MONTH_URL.replace("/payments/balancing", "/payments/balancing/full-access") + "&group=poster");
  await expect(page.getByRole("button", { name: "Expand Poster Casey RCM" })).toBeVisible();
  expect(cents(await pinnedBottomCell(page, "amount").innerText())).toBeGreaterThan(standardTotal);
});

test("exports of a grouped view hold the grid's grand total, in CSV and xlsx", async ({ page }) => {
  await openAs(page, "auditor@demo-pt.test", `${MONTH_URL}&group=location&method=check`);
  const gridTotal = cents(await pinnedBottomCell(page, "amount").innerText());
  const gridCount = Number((await pinnedBottomCell(page, "paymentCount").innerText()).replace(/[^0-9]/g, ""));

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`payment-balancing_standard_deposit_${month.from}_${month.to}.csv`);
  const records: string[][] = parse(await readFile((await csvDownload.path())!), { bom: true });
  const header = records[0]!;
  const grand = records.at(-1)!;
  expect(grand[0]).toBe("Grand total");
  expect(Math.round(Number(grand[header.indexOf("Amount")]) * 100)).toBe(gridTotal);
  expect(Number(grand[header.indexOf("Payments")])).toBe(gridCount);
  expect(records.filter((r) => r[0] === "").length).toBe(gridCount);

  const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excel (.xlsx)" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsxDownload.path())!);
  const sheet = workbook.worksheets[0]!;
  const last = sheet.getRow(sheet.rowCount);
  expect(last.getCell(1).value).toBe("Grand total");
  expect(Math.round((last.getCell(header.indexOf("Amount") + 1).value as number) * 100)).toBe(gridTotal);
});
