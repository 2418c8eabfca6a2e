import { lastDays } from "./dates";
import { bodyRows, cell } from "./grid";
import { expect, openAs, test } from "./support";

test("post a batch with two checks, see it in My Payment Activity, void one and see the reversal", async ({ page }) => {
  const batchNumber = `E2E${Date.now().toString(36).toUpperCase()}`;
  await openAs(page, "poster1@demo-pt.test", "/payments/post");

  const newBatch = page.getByRole("form", { name: "New batch" });
  await newBatch.getByLabel("Batch number").fill(batchNumber);
  await newBatch.getByLabel("Location").selectOption({ label: "Mesa Clinic (MESA)" });
  await newBatch.getByLabel("Control total (deposit slip)").fill("125.00");
  await newBatch.getByRole("button", { name: "Create batch" }).click();
  await page.waitForURL(`**/payments/post/batches/${batchNumber}`);

  const entry = page.getByRole("form", { name: "Enter a payment" });
  for (const [reference, amount] of [
    ["7001", "100.00"],
    ["7002", "25.00"],
  ] as const) {
    await entry.getByLabel(/^Payer/).selectOption({ label: "Aetna" });
    await entry.getByLabel("Method").selectOption("check");
    await entry.getByLabel("Reference no.").fill(reference);
    await entry.getByLabel("Amount", { exact: true }).fill(amount);
    await entry.getByRole("button", { name: "Post payment" }).click();
    await expect(page.getByRole("row", { name: /^Payment \d+$/ }).filter({ hasText: reference })).toBeVisible();
  }
  await expect(page.getByRole("row", { name: /^Payment \d+$/ })).toHaveCount(2);

  await page.goto(`/payments/my-activity?by=deposit&batch=${batchNumber}`);
  const batchRow = bodyRows(page).first();
  await expect(cell(batchRow, "batchNumber")).toHaveText(batchNumber);
  await expect(cell(batchRow, "payments")).toHaveText("2");
  await expect(cell(batchRow, "postedTotalCents")).toHaveText("$125.00");
  await expect(cell(batchRow, "differenceCents")).toHaveText("$0.00");

  await page.goto(`/payments/post/batches/${batchNumber}`);
  const first = page.getByRole("row", { name: /^Payment \d+$/ }).filter({ hasText: "7001" });
  await first.getByRole("button", { name: /^Void payment/ }).click();
  const voidForm = page.getByRole("form", { name: /^Void payment/ });
  await voidForm.getByRole("textbox").fill("Check returned by the bank");
  await voidForm.getByRole("button", { name: "Void payment" }).click();
  // Wait for the server's answer: it names the batch the reversal went into.
  const notice = page.getByText(/^Voided payment \d+: reversal \d+ of -?\$100\.00 posted in batch VOID-/);
  await expect(notice).toBeVisible();
  const voidBatch = /posted in batch (VOID-[0-9A-Za-z-]+)\./.exec(await notice.innerText())![1]!;
  await expect(first).toContainText("Voided");

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
  await expect(cell(rows.nth(ours), "postedTotalCents")).toHaveText("$125.00");

  await page.goto(`/payments/my-activity/batches/${voidBatch}?view=check`);
  await expect(bodyRows(page).filter({ hasText: "7001" }).filter({ hasText: "-$100.00" }).first()).toBeVisible();
});
