import { lastDays } from "./dates";
import { bodyRows, cell, cents, pinnedBottomCell, pinnedTopRow } from "./grid";
import { expect, openAs, test } from "./support";

test("My Payment Activity by deposit date: newest first, By Check, All lines by patient and CPT, and back", async ({ page }) => {
  // Two weeks: few enough batches that the grid renders every row (it virtualises long lists).
  const { from, to } = lastDays(14);
  await openAs(page, "poster1@demo-pt.test", "/payments/my-activity");
  await page.getByLabel("By").selectOption("deposit");
  await page.getByLabel("From").fill(from);
  await page.getByLabel("To").fill(to);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(`**/payments/my-activity?by=deposit&from=${from}&to=${to}`);

  const rows = bodyRows(page);
  await expect(rows.first()).toBeVisible();
  const depositDates = await rows.locator('[col-id="depositDate"]').allInnerTexts();
  expect(depositDates.length).toBeGreaterThan(1);
  const asDates = depositDates.map((text) => new Date(text).getTime());
  expect(asDates).toEqual([...asDates].sort((a, b) => b - a));

  // The totals row equals the sum of the batch lines.
  const posted = (await rows.locator('[col-id="postedTotalCents"]').allInnerTexts()).map(cents);
  expect(cents(await pinnedBottomCell(page, "postedTotalCents").innerText())).toBe(posted.reduce((a, b) => a + b, 0));

  // The newest batch with something applied, so that its lines by patient and CPT exist.
  const applied = (await rows.locator('[col-id="appliedCents"]').allInnerTexts()).map(cents);
  const opened = rows.nth(applied.findIndex((value) => value > 0));
  const batchNumber = (await cell(opened, "batchNumber").innerText()).trim();
  const batchTotal = await cell(opened, "postedTotalCents").innerText();
  await cell(opened, "depositDate").dblclick();
  await page.waitForURL(`**/payments/my-activity/batches/${batchNumber}?**view=check**`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Batch ${batchNumber}`);
  const all = pinnedTopRow(page);
  await expect(cell(all, "reference")).toHaveText("All");
  await expect(cell(all, "amountCents")).toHaveText(batchTotal);

  await cell(all, "reference").dblclick();
  await page.waitForURL("**view=all**");
  const lines = bodyRows(page);
  await expect(lines.first()).toBeVisible();
  await expect(cell(lines.first(), "cptCode")).toHaveText(/^(9\d{4}|G\d{4})$/);

  await page.goBack();
  await page.waitForURL("**view=check**");
  await page.goBack();
  await page.waitForURL(`**/payments/my-activity?by=deposit&from=${from}&to=${to}`);
  await expect(bodyRows(page).first()).toBeVisible();
});

test("My Payment Activity by batch number", async ({ page }) => {
  const { from, to } = lastDays(30);
  await openAs(page, "poster2@demo-pt.test", `/payments/my-activity?by=deposit&from=${from}&to=${to}`);
  const batchNumber = (await cell(bodyRows(page).nth(1), "batchNumber").innerText()).trim();
  await page.getByLabel("Batch number").fill(batchNumber);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(`**batch=${batchNumber}**`);
  await expect(bodyRows(page)).toHaveCount(1);
  await expect(cell(bodyRows(page).first(), "batchNumber")).toHaveText(batchNumber);
});

test("another poster's batch is not found", async ({ page }) => {
  const { from, to } = lastDays(30);
  await openAs(page, "poster2@demo-pt.test", `/payments/my-activity?by=deposit&from=${from}&to=${to}`);
  const batchNumber = (await cell(bodyRows(page).first(), "batchNumber").innerText()).trim();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/sign-in**");
  await openAs(page, "poster1@demo-pt.test", "/payments/my-activity");
  const response = await page.goto(`/payments/my-activity/batches/${batchNumber}?view=check`);
  expect(response?.status()).toBe(404);
});
