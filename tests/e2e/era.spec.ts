import type { Locator, Page } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sharedPath } from "../support/shared";
import { bodyRows, cell, cents } from "./grid";
import { expect, openAs, test } from "./support";

/*
 * The ERA (X12 835) import flow of issue 22, as a poster meets it: the demo's own 835 files
 * (scripts/e2e.sh seeds with --era-files and passes the folder in E2E_ERA_FILES) are uploaded,
 * posted and balanced to their checks; uploaded again they post nothing; a public fixture that
 * does not balance is refused with its difference; the demo's claim with an unknown number is
 * resolved from the worklist; Payment Balancing by source shows the ERA money to the cent.
 *
 * The expected amounts are read from the files here, independently of the app's reader.
 */

interface Transaction {
  traceNumber: string;
  checkCents: number;
  /** ΣCLP04 */
  claimsCents: number;
  /** ΣPLB amounts, as sent */
  providerAdjustmentsCents: number;
  claimNumbers: string[];
  /** CLP01 → CLP04 */
  claimPaidCents: Map<string, number>;
}

interface EraFile {
  name: string;
  file: string;
  transactions: Transaction[];
}

function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** The transactions of one 835: delimiters from the fixed-width ISA (element: 4th character, segment: the 106th). */
function readEra(file: string): EraFile {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const element = text[3]!;
  const terminator = text[105]!;
  const transactions: Transaction[] = [];
  let current: Transaction | null = null;
  for (const segment of text.split(terminator).map((s) => s.trim())) {
    const parts = segment.split(element);
    switch (parts[0]) {
      case "ST":
        current = { traceNumber: "", checkCents: 0, claimsCents: 0, providerAdjustmentsCents: 0, claimNumbers: [], claimPaidCents: new Map() };
        transactions.push(current);
        break;
      case "BPR":
        current!.checkCents = toCents(parts[2]!);
        break;
      case "TRN":
        current!.traceNumber = parts[2]!;
        break;
      case "CLP":
        current!.claimNumbers.push(parts[1]!);
        current!.claimsCents += toCents(parts[4]!);
        current!.claimPaidCents.set(parts[1]!, toCents(parts[4]!));
        break;
      case "PLB":
        for (let index = 4; index < parts.length; index += 2) current!.providerAdjustmentsCents += toCents(parts[index] || "0");
        break;
    }
  }
  return { name: path.basename(file), file, transactions };
}

const usdFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usd = (amountCents: number) => usdFormat.format(amountCents / 100);
const escapeRegExp = (text: string) => text.replace(/[$.*+?()[\]{}|\\^]/g, "\\$&");

function demoEraFiles(): EraFile[] {
  const dir = process.env.E2E_ERA_FILES;
  if (!dir) throw new Error("E2E_ERA_FILES must name the folder the seed wrote its 835 files to (scripts/e2e.sh sets it).");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".835"))
    .sort()
    .map((name) => readEra(path.join(dir, name)));
  if (files.length === 0) throw new Error(`No .835 files in ${dir}: seed with --era-files ${dir}.`);
  return files;
}

/** One file's line in the upload progress list. */
function progressOf(page: Page, name: string): Locator {
  return page
    .getByRole("list", { name: "Upload progress" })
    .getByRole("listitem")
    .filter({ has: page.locator("strong", { hasText: name }) });
}

async function upload(page: Page, files: readonly EraFile[]) {
  await page.getByLabel("835 files (.835 or .txt)").setInputFiles(files.map((file) => file.file));
  await page.getByRole("button", { name: "Upload", exact: true }).click();
}

// A tall window: the remittance list renders every row of the run (the grid virtualises).
test.use({ viewport: { width: 1600, height: 1400 } });

test("ERA import: the demo's 835s post and balance once, an unbalanced one is refused, an exception is resolved, Balancing by source agrees", async ({ page }) => {
  test.setTimeout(120_000);
  const demo = demoEraFiles();
  const transactions = demo.flatMap((file) => file.transactions);
  const checksCents = transactions.reduce((sum, transaction) => sum + transaction.checkCents, 0);
  const batches = new Map<string, string>(); // trace number → batch number

  await openAs(page, "admin@demo-pt.test", "/payments/era");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payments › ERA remittances");

  await test.step("upload the demo's 835 files: each is posted into its own batch", async () => {
    await upload(page, demo);
    for (const file of demo) {
      const line = progressOf(page, file.name);
      for (const transaction of file.transactions) {
        const text = `Posted trace ${transaction.traceNumber}, ${usd(transaction.checkCents)}: batch `;
        await expect(line).toContainText(text, { timeout: 30_000 });
        const batch = new RegExp(`${escapeRegExp(text)}(ERA-\\d+)`).exec(await line.innerText());
        expect(batch, `${file.name}: ${await line.innerText()}`).not.toBeNull();
        batches.set(transaction.traceNumber, batch![1]!);
      }
    }
    expect(new Set(batches.values()).size).toBe(transactions.length);
    await expect(page.getByRole("button", { name: "Upload", exact: true })).toBeDisabled();

    // The list: every trace number posted, and its batch's posted total is the check.
    await expect(page.getByRole("status").filter({ hasText: "remittances" })).toContainText(`${transactions.length} remittances`);
    for (const transaction of transactions) {
      const row = bodyRows(page).filter({ has: page.getByRole("link", { name: transaction.traceNumber, exact: true }) });
      await expect(row).toHaveCount(1);
      await expect(cell(row, "status")).toHaveText("Posted");
      await expect(cell(row, "amountCents")).toHaveText(usd(transaction.checkCents));
      await expect(cell(row, "postedCents")).toHaveText(usd(transaction.checkCents));
      await expect(cell(row, "batchNumber")).toHaveText(batches.get(transaction.traceNumber)!);
    }
  });

  await test.step("a remittance with a provider-level adjustment balances to its check", async () => {
    const withPlb = transactions.find((transaction) => transaction.providerAdjustmentsCents !== 0);
    expect(withPlb, "the seed's oldest ERA carries a PLB").toBeDefined();
    await bodyRows(page).getByRole("link", { name: withPlb!.traceNumber, exact: true }).click();
    await page.waitForURL(/\/payments\/era\/\d+$/);
    const balance = page.getByRole("region", { name: "Balance" });
    await expect(balance).toContainText(
      `Check ${usd(withPlb!.checkCents)} = claims ${usd(withPlb!.claimsCents)} − provider adjustments ${usd(withPlb!.providerAdjustmentsCents)}`,
    );
    const check = usd(withPlb!.checkCents);
    await expect(balance).toContainText(`${batches.get(withPlb!.traceNumber)}: posted ${check} · control total ${check} · unapplied $0.00 · Balanced`);
    await expect(page.getByRole("table", { name: "Provider-level adjustments" })).toContainText(usd(-withPlb!.providerAdjustmentsCents));
    await page.goto("/payments/era");
  });

  await test.step("upload the same files again: nothing is posted", async () => {
    await upload(page, demo);
    for (const file of demo) {
      const line = progressOf(page, file.name);
      for (const transaction of file.transactions) {
        await expect(line).toContainText(
          `Already posted trace ${transaction.traceNumber}, ${usd(transaction.checkCents)}: batch ${batches.get(transaction.traceNumber)}; nothing was posted again.`,
          { timeout: 30_000 },
        );
      }
      await expect(line).not.toContainText("Posted trace");
    }
    await expect(page.getByRole("button", { name: "Upload", exact: true })).toBeDisabled();
    await page.reload();
    await expect(page.getByRole("status").filter({ hasText: "remittances" })).toContainText(`${transactions.length} remittances`);
  });

  await test.step("a fixture that does not balance is refused with its difference", async () => {
    const unbalanced = readEra(sharedPath("fixtures", "835", "pyx12-835id-reversal-correction.835"));
    const [transaction] = unbalanced.transactions;
    const expectedCents = transaction!.claimsCents - transaction!.providerAdjustmentsCents;
    expect(transaction!.checkCents).not.toBe(expectedCents);
    await upload(page, [unbalanced]);
    const reason =
      `BPR02 ${usd(transaction!.checkCents)} ≠ claims ${usd(transaction!.claimsCents)} − provider adjustments ${usd(transaction!.providerAdjustmentsCents)}` +
      ` = ${usd(expectedCents)} (difference ${usd(transaction!.checkCents - expectedCents)})`;
    const line = progressOf(page, unbalanced.name);
    await expect(line).toContainText(`Refused trace ${transaction!.traceNumber}, ${usd(transaction!.checkCents)}: `);
    await expect(line).toContainText(reason);
    const row = bodyRows(page).filter({ has: page.getByRole("link", { name: transaction!.traceNumber, exact: true }) });
    await expect(cell(row, "status")).toHaveText("Refused");
    await expect(cell(row, "refusalReason")).toContainText(`difference ${usd(transaction!.checkCents - expectedCents)}`);
    await expect(cell(row, "postedCents")).toHaveText("");
    await expect(cell(row, "batchNumber")).toHaveText("");
  });

  await test.step("the claim the practice does not know waits in the worklist and is resolved there", async () => {
    const unknown = transactions.flatMap((transaction) =>
      transaction.claimNumbers.filter((number) => !/^C\d{8}$/.test(number)).map((number) => ({ transaction, number })),
    );
    expect(unknown, "the seed's newest ERA names one claim by a number the practice does not have").toHaveLength(1);
    const [{ transaction, number }] = unknown as [(typeof unknown)[number]];
    const claimNumber = `C${number.padStart(8, "0")}`;
    const heldCents = transaction.claimPaidCents.get(number)!;

    await page.goto("/payments/era/exceptions");
    const row = bodyRows(page).filter({ hasText: transaction.traceNumber }).filter({ has: page.locator(`[col-id="claimNumber"]`, { hasText: new RegExp(`^${number}$`) }) });
    await expect(row).toHaveCount(1);
    await expect(cell(row, "reason")).toHaveText("Claim not found");
    await expect(cell(row, "amountCents")).toHaveText(usd(heldCents));
    await row.getByRole("button", { name: /^Resolve exception \d+$/ }).click();

    const panel = page.getByRole("region", { name: /^Resolve exception \d+$/ });
    await expect(panel.getByRole("heading")).toHaveText(`Resolve: claim ${number}, ${usd(heldCents)} (Claim not found)`);
    await panel.getByLabel("Patient name, MRN or claim number").fill(claimNumber);
    await panel.getByRole("button", { name: "Find charges" }).click();
    const candidate = panel.getByRole("table", { name: "Candidate charges" }).getByRole("row").filter({ hasText: claimNumber }).first();
    await expect(candidate).toBeVisible();
    const radio = candidate.getByRole("radio");
    // "Charge G0283 on 11/06/2026 for Moore, Nguyễn": what the worklist says it was resolved to.
    const [, cptCode, patient] = /^Charge (\S+) on \S+ for (.+)$/.exec((await radio.getAttribute("aria-label")) ?? "") ?? [];
    expect(cptCode && patient).toBeTruthy();
    await radio.check();
    await panel.getByRole("button", { name: `Apply ${usd(heldCents)} to the chosen charge` }).click();
    await expect(panel).toBeHidden();
    await expect(row).toHaveCount(0);

    await page.goto("/payments/era/exceptions?show=all");
    const resolved = bodyRows(page).filter({ hasText: transaction.traceNumber }).filter({ has: page.locator(`[col-id="claimNumber"]`, { hasText: new RegExp(`^${number}$`) }) });
    await expect(resolved).toHaveCount(1);
    await expect(cell(resolved, "resolvedBy")).toHaveText("Alex Admin");
    await expect(cell(resolved, "resolvedAt")).not.toHaveText("");
    await expect(cell(resolved, "resolvedCharge")).toHaveText(new RegExp(`^${cptCode} on .* for ${escapeRegExp(patient!)}$`));
    await expect(resolved.getByRole("button", { name: /^Resolve/ })).toHaveCount(0);

    // The remittance now has nothing unapplied, and still balances to its check.
    await resolved.locator('[col-id="remittanceId"] a').click();
    await page.waitForURL(/\/payments\/era\/\d+$/);
    const check = usd(transaction.checkCents);
    await expect(page.getByRole("region", { name: "Balance" })).toContainText(`posted ${check} · control total ${check} · unapplied $0.00 · Balanced`);
  });

  await test.step("Payment Balancing grouped by source: the ERA group is the imported checks to the cent", async () => {
    await page.goto("/payments/era?status=posted");
    // Each batch's link to Payment Balancing carries its deposit date.
    const batchLinks = bodyRows(page).locator('[col-id="batchNumber"] a');
    await expect(batchLinks).toHaveCount(transactions.length);
    const links = await batchLinks.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
    const depositDates = links.map((href) => new URL(href, "http://x").searchParams.get("from")!).sort();
    const search = new URLSearchParams({ by: "deposit", from: depositDates[0]!, to: depositDates.at(-1)! });
    for (const batch of batches.values()) search.append("batch", batch);
    search.append("group", "source");
    await page.goto(`/payments/balancing?${search}`);
    const era = bodyRows(page).filter({ has: page.getByRole("button", { name: "Expand Source ERA" }) });
    await expect(era).toHaveCount(1);
    expect(cents(await cell(era, "amount").innerText())).toBe(checksCents);
    await expect(cell(era, "amount")).toHaveText(usd(checksCents));
    await expect(cell(era, "unapplied")).toHaveText("$0.00");
    // ERA is the only source of these batches, and the report's totals are the same money, all applied.
    await expect(page.getByRole("button", { name: /^Expand Source / })).toHaveCount(1);
    const totals = page.getByRole("status").filter({ hasText: "Deposit dates" });
    await expect(totals).toContainText(`Posted ${usd(checksCents)}`);
    await expect(totals).toContainText("Unapplied $0.00");
  });
});
