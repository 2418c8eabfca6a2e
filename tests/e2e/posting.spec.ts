import type { Locator, Page } from "@playwright/test";
import { lastDays } from "./dates";
import { bodyRows, cell } from "./grid";
import { createMesaBatch, postAetnaCheck } from "./posting-steps";
import { expect, openAs, test } from "./support";

test("post a batch with two checks, see it in My Payment Activity, void one in the open batch, close it, void the other into the VOID batch", async ({
  page,
}) => {
  const batchNumber = `E2E${Date.now().toString(36).toUpperCase()}`;
  await openAs(page, "poster1@demo-pt.test", "/payments/post");

  await createMesaBatch(page, batchNumber, "125.00");
  for (const [reference, amount] of [
    ["7001", "100.00"],
    ["7002", "25.00"],
  ] as const) {
    await postAetnaCheck(page, reference, amount);
  }
  await expect(page.getByRole("row", { name: /^Payment \d+$/ })).toHaveCount(2);

  await page.goto(`/payments/my-activity?by=deposit&batch=${batchNumber}`);
  const batchRow = bodyRows(page).first();
  await expect(cell(batchRow, "batchNumber")).toHaveText(batchNumber);
  await expect(cell(batchRow, "payments")).toHaveText("2");
  await expect(cell(batchRow, "postedTotalCents")).toHaveText("$125.00");
  await expect(cell(batchRow, "differenceCents")).toHaveText("$0.00");
  await expect(cell(batchRow, "batchState")).toHaveText("Open");

  // Voided while the batch is open, the reversal nets out in the batch itself.
  await page.goto(`/payments/post/batches/${batchNumber}`);
  const first = await paymentRow(page, "7001");
  expect(await voidPayment(page, first)).toBe(batchNumber);
  await expect(first).toContainText("Voided");
  await page.goto(`/payments/my-activity?by=deposit&batch=${batchNumber}`);
  await expect(cell(bodyRows(page).first(), "payments")).toHaveText("3");
  await expect(cell(bodyRows(page).first(), "postedTotalCents")).toHaveText("$25.00");

  // Closed, the batch takes no more payments, and a void goes into the poster's VOID batch of today.
  await page.goto(`/payments/post/batches/${batchNumber}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Close batch" }).click();
  await expect(page.getByRole("group", { name: "Batch state" })).toContainText("Closed");
  await expect(page.getByRole("form", { name: "Enter a payment" })).toHaveCount(0);
  const voidBatch = await voidPayment(page, await paymentRow(page, "7002"));
  expect(voidBatch).toMatch(/^VOID-\d{8}-\d+$/);

  const { from, to } = lastDays(1);
  await page.goto(`/payments/my-activity?by=posting&from=${from}&to=${to}`);
  const rows = bodyRows(page);
  await expect(rows.first()).toBeVisible();
  const numbers = await rows.locator('[col-id="batchNumber"]').allInnerTexts();
  const voidIndex = numbers.indexOf(voidBatch);
  expect(voidIndex).toBeGreaterThanOrEqual(0);
  // The day's void batch holds every void of the day: negative, and holding this reversal.
  await expect(cell(rows.nth(voidIndex), "postedTotalCents")).toHaveText(/^-\$[\d,]+\.\d\d$/);
  const ours = numbers.indexOf(batchNumber);
  await expect(cell(rows.nth(ours), "postedTotalCents")).toHaveText("$25.00");
  await expect(cell(rows.nth(ours), "batchState")).toHaveText("Closed");

  await page.goto(`/payments/my-activity/batches/${voidBatch}?view=check`);
  await expect(bodyRows(page).filter({ hasText: "7002" }).filter({ hasText: "-$25.00" }).first()).toBeVisible();
});

/** The row of the one payment with this reference number, by its payment number (its reversal may share the reference). */
async function paymentRow(page: Page, reference: string): Promise<Locator> {
  const name = await page.getByRole("row", { name: /^Payment \d+$/ }).filter({ hasText: reference }).getAttribute("aria-label");
  return page.getByRole("row", { name: name!, exact: true });
}

/** Voids the payment of `row`, waits for the server's answer and returns the batch it says the reversal went into. */
async function voidPayment(page: Page, row: Locator): Promise<string> {
  await row.getByRole("button", { name: /^Void payment/ }).click();
  const voidForm = page.getByRole("form", { name: /^Void payment/ });
  await voidForm.getByRole("textbox").fill("Check returned by the bank");
  await voidForm.getByRole("button", { name: "Void payment" }).click();
  const notice = page.getByText(/^Voided payment \d+: reversal \d+ of -?\$[\d.,]+ posted in batch /);
  await expect(notice).toBeVisible();
  return /posted in batch ([0-9A-Za-z-]+)\./.exec(await notice.innerText())![1]!;
}

test("a Billing Admin closes a poster's batch from Payment Balancing filtered to it, and reopens it with a reason", async ({ page }) => {
  const batchNumber = `E2EA${Date.now().toString(36).toUpperCase()}`;
  await openAs(page, "poster2@demo-pt.test", "/payments/post");
  await createMesaBatch(page, batchNumber);
  await postAetnaCheck(page, "7101", "40.00");
  // A poster may not reopen: no button for it once closed.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Close batch" }).click();
  await expect(page.getByRole("group", { name: "Batch state" })).toContainText("Closed");
  await expect(page.getByRole("button", { name: "Reopen…" })).toHaveCount(0);

  const { from, to } = lastDays(1);
  await page.context().clearCookies();
  await openAs(page, "admin@demo-pt.test", `/payments/balancing?by=deposit&from=${from}&to=${to}&batch=${batchNumber}`);
  const state = page.getByRole("group", { name: "Batch state" });
  await expect(state).toContainText("Closed");
  await state.getByRole("button", { name: "Reopen…" }).click();
  await state.getByLabel(`Why is batch ${batchNumber} reopened?`).fill("One more check of the deposit");
  await state.getByRole("button", { name: "Reopen batch" }).click();
  await expect(state).toContainText("Open");
  page.once("dialog", (dialog) => void dialog.accept());
  await state.getByRole("button", { name: "Close batch" }).click();
  await expect(state).toContainText("Closed");
});
