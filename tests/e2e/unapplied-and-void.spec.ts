import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createMesaBatch, postAetnaCheck } from "./posting-steps";
import { expect, openAs, test } from "./support";

/*
 * Issue 24's posting items in the browser: a patient search narrowed by date of birth, money
 * posted unapplied (a poster's check, an EMR collection) applied later from the Payment
 * Balancing drill-down, and a Billing Admin voiding another poster's payment there.
 */

const drillDown = (paymentId: string) => `/payments/balancing/payments/${paymentId}`;

function fact(page: Page, term: string) {
  return page.locator(".facts div").filter({ has: page.locator("dt", { hasText: new RegExp(`^${term}$`) }) }).locator("dd");
}

test("apply unapplied money later, narrowing the patient search by date of birth; a Billing Admin voids the poster's payment", async ({ page }) => {
  const batchNumber = `E2EU${Date.now().toString(36).toUpperCase()}`;
  const reference = `U${Date.now().toString(36).toUpperCase()}`;
  await openAs(page, "poster1@demo-pt.test", "/payments/post");
  await createMesaBatch(page, batchNumber);
  const row = await postAetnaCheck(page, reference, "2.00");
  const checkId = /\d+/.exec((await row.getAttribute("aria-label"))!)![0];

  // The check is all unapplied: open it in Payment Balancing and apply some of it.
  await page.goto(drillDown(checkId));
  await expect(fact(page, "Unapplied")).toHaveText("$2.00");
  await page.getByRole("button", { name: "Apply unapplied money" }).click();
  const form = page.getByRole("form", { name: `Apply unapplied money of payment ${checkId}` });
  const patient = form.getByRole("combobox", { name: "Patient" });
  await patient.fill("anderson");
  const options = form.getByRole("option");
  await expect(options).toHaveCount(20);
  await expect(form.getByText(/^The first 20 matches\. Type a date of birth/)).toBeVisible();
  // Every match says its date of birth and open charges: take one with charges open.
  const withOpen = options.filter({ hasText: /· \d+ open charges?$/ }).first();
  const text = await withOpen.innerText();
  const [, mrn, dob] = /MRN (\d+) · DOB (\d+\/\d+\/\d{4})/.exec(text)!;
  await patient.press("End");
  await patient.pressSequentially(` ${dob}`);
  // Narrowed, the list is short and says nothing about narrowing further.
  await expect(form.getByText(/^The first 20 matches/)).toHaveCount(0);
  await expect.poll(() => options.count()).toBeLessThan(20);
  const narrowed = await options.count();
  for (let i = 0; i < narrowed; i++) await expect(options.nth(i)).toContainText(`DOB ${dob}`);
  await options.filter({ hasText: `MRN ${mrn}` }).click();

  const amounts = form.getByRole("textbox", { name: /^Apply to / });
  await expect(amounts.first()).toBeVisible();
  // The open form passes axe as the rest of the drill-down does (no serious or critical violation).
  const { violations } = await new AxeBuilder({ page }).include(".drill-down-actions").analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await amounts.first().fill("0.01");
  await expect(form.getByRole("status")).toHaveText("Applying $0.01 of $2.00 unapplied.");
  await amounts.first().press("Enter");
  await expect(page.getByText(`Applied $0.01 on 1 line: $1.99 of payment ${checkId} is still unapplied.`)).toBeVisible();
  await expect(fact(page, "Unapplied")).toHaveText("$1.99");
  await expect(fact(page, "Applied")).toHaveText("$0.01");

  // An EMR collection from that patient arrives unapplied; any poster applies it from its drill-down.
  const collected = await page.request.post("/api/integrations/emr/payments", {
    headers: { authorization: "Bearer demo-emr-token-2026" },
    data: {
      externalId: `E2E-${reference}`,
      locationCode: "MESA",
      patientMrn: mrn,
      amount: "0.01",
      method: "cash",
      collectedAt: new Date().toISOString(),
    },
  });
  expect(collected.status()).toBe(201);
  const { paymentId: collectionId } = (await collected.json()) as { paymentId: number };
  await page.goto(drillDown(String(collectionId)));
  await page.getByRole("button", { name: "Apply unapplied money" }).click();
  const emrForm = page.getByRole("form", { name: `Apply unapplied money of payment ${collectionId}` });
  await emrForm.getByRole("textbox", { name: /^Apply to / }).first().fill("0.01");
  await emrForm.getByRole("button", { name: "Apply to charges" }).click();
  await expect(fact(page, "Unapplied")).toHaveText("$0.00");

  // Another poster is offered neither action on poster1's check.
  await page.context().clearCookies();
  await openAs(page, "poster2@demo-pt.test", drillDown(checkId));
  await expect(page.getByRole("heading", { name: `Payment ${checkId}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Void payment…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply unapplied money" })).toHaveCount(0);

  // The billing lead voids it there, with a reason; the reversal nets out in poster1's open batch.
  await page.context().clearCookies();
  await openAs(page, "admin@demo-pt.test", drillDown(checkId));
  await page.getByRole("button", { name: "Void payment…" }).click();
  const voidForm = page.getByRole("form", { name: `Void payment ${checkId}` });
  await voidForm.getByRole("button", { name: "Void payment" }).click();
  await expect(page.getByRole("textbox", { name: `Why is payment ${checkId} ($2.00) voided?` })).toBeFocused();
  await page.keyboard.type("Check posted to the wrong practice");
  await page.keyboard.press("Enter");
  await expect(page.getByText(new RegExp(`^Voided payment ${checkId}: reversal \\d+ of -\\$2\\.00 posted in batch ${batchNumber}\\.$`))).toBeVisible();
  await expect(page.getByText(/\(reversal \d+\): Check posted to the wrong practice$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Void payment…" })).toHaveCount(0);
});
