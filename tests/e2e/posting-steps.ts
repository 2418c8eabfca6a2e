import type { Locator, Page } from "@playwright/test";
import { expect } from "./support";

/* Steps of the posting screen the flows share: a new batch at Mesa Clinic, and an Aetna check posted into it. */

/** From /payments/post: creates the batch and waits for its posting screen. */
export async function createMesaBatch(page: Page, batchNumber: string, controlTotal?: string): Promise<void> {
  const newBatch = page.getByRole("form", { name: "New batch" });
  await newBatch.getByLabel("Batch number").fill(batchNumber);
  await newBatch.getByLabel("Location").selectOption({ label: "Mesa Clinic (MESA)" });
  if (controlTotal !== undefined) await newBatch.getByLabel("Control total (deposit slip)").fill(controlTotal);
  await newBatch.getByRole("button", { name: "Create batch" }).click();
  await page.waitForURL(`**/payments/post/batches/${batchNumber}`);
}

/** On a batch's posting screen: posts an Aetna check, nothing applied, and returns its row once it shows. */
export async function postAetnaCheck(page: Page, reference: string, amount: string): Promise<Locator> {
  const entry = page.getByRole("form", { name: "Enter a payment" });
  await entry.getByLabel(/^Payer/).selectOption({ label: "Aetna" });
  await entry.getByLabel("Method").selectOption("check");
  await entry.getByLabel("Reference no.").fill(reference);
  await entry.getByLabel("Amount", { exact: true }).fill(amount);
  await entry.getByRole("button", { name: "Post payment" }).click();
  const row = page.getByRole("row", { name: /^Payment \d+$/ }).filter({ hasText: reference });
  await expect(row).toBeVisible();
  return row;
}
