import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { lastDays, lastFullMonth } from "./dates";
import { bodyRows, cell } from "./grid";
import { expect, openAs, test } from "./support";

/*
 * axe-core on every main page (issue 24, Accessibility): a serious or critical violation fails
 * the test, with each violation's rule, impact, elements and help printed. Moderate and minor
 * ones are printed too but do not fail. Each test checks all of its pages before it fails, so
 * one run reports every page.
 *
 * The config runs this file after the other browser tests: by then era.spec.ts has imported the
 * demo's 835 files, so there is a remittance to check (a fresh seed has none).
 */

const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** Waits until the page has rendered: its heading, no pending requests, and every grid's rows or overlay. */
async function settle(page: Page) {
  await expect(page.locator("h1").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  const grids = page.locator(".ag-root-wrapper");
  for (let index = 0; index < (await grids.count()); index++) {
    await expect(grids.nth(index).locator(".ag-row, .ag-overlay-wrapper").first()).toBeAttached();
  }
}

/** Runs axe on the page as it is now; returns one line per serious or critical violation. */
async function axeFailures(page: Page, name: string): Promise<string[]> {
  await settle(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const described = violations.map((violation) => ({
    fails: FAILING_IMPACTS.has(violation.impact ?? ""),
    line: `${name}: ${violation.id} (${violation.impact}) ${violation.help} [${violation.nodes
      .map((node) => node.target.join(" "))
      .join(" | ")}] ${violation.helpUrl}`,
  }));
  console.log(described.length === 0 ? `axe ${name}: no violations` : `axe ${name}:\n  ${described.map((d) => d.line).join("\n  ")}`);
  return described.filter((d) => d.fails).map((d) => d.line);
}

/** Checks each path in turn (a function navigates itself), then fails with every page's violations at once. */
async function checkPages(page: Page, pages: ReadonlyArray<readonly [string, string | (() => Promise<void>)]>) {
  const failures: string[] = [];
  for (const [name, target] of pages) {
    await test.step(name, async () => {
      if (typeof target === "string") await page.goto(target);
      else await target();
      failures.push(...(await axeFailures(page, name)));
    });
  }
  expect(failures, "serious or critical axe violations").toEqual([]);
}

test("sign-in and set-password pages have no serious or critical axe violation", async ({ page }) => {
  await checkPages(page, [
    ["sign-in", "/sign-in"],
    ["set-password (an unknown link)", "/set-password/not-a-real-token-not-a-real-token-not-a-real"],
  ]);
});

test("a poster's pages have no serious or critical axe violation: My Payment Activity and posting", async ({ page }) => {
  const { from, to } = lastDays(14);
  await openAs(page, "poster1@demo-pt.test", `/payments/my-activity?by=deposit&from=${from}&to=${to}`);
  await checkPages(page, [
    ["My Payment Activity", `/payments/my-activity?by=deposit&from=${from}&to=${to}`],
    [
      "My Payment Activity, one batch",
      async () => {
        await page.goto(`/payments/my-activity?by=deposit&from=${from}&to=${to}`);
        const batch = bodyRows(page).first();
        await expect(batch).toBeVisible();
        await cell(batch, "depositDate").dblclick();
        await page.waitForURL("**/payments/my-activity/batches/**");
        await expect(bodyRows(page).first()).toBeVisible();
      },
    ],
    ["Post Payments", "/payments/post"],
    [
      "Post Payments, one batch",
      async () => {
        await page.goto("/payments/post");
        await page.locator("table.posting-batches tbody a").first().click();
        await page.waitForURL("**/payments/post/batches/**");
      },
    ],
    ["Change password", "/account/password"],
  ]);
});

test("a Billing Admin's pages have no serious or critical axe violation: balancing, ERA, month end, admin", async ({ page }) => {
  test.setTimeout(120_000);
  const { from, to } = lastDays(14);
  const month = lastFullMonth().from.slice(0, 7);
  await openAs(page, "admin@demo-pt.test", `/payments/balancing?from=${from}&to=${to}`);
  await checkPages(page, [
    ["Payment Balancing", `/payments/balancing?from=${from}&to=${to}`],
    ["Payment Balancing, grouped by poster", `/payments/balancing?from=${from}&to=${to}&group=poster`],
    ["Payment Balancing Full Access", `/payments/balancing/full-access?from=${from}&to=${to}`],
    ["Payment Balancing Full Access, grouped by poster and batch", `/payments/balancing/full-access?from=${from}&to=${to}&group=poster&group=batch`],
    ["ERA remittances", "/payments/era"],
    [
      "ERA remittance (the first listed, if any)",
      async () => {
        await page.goto("/payments/era");
        await settle(page);
        const hrefs = await page.locator('a[href^="/payments/era/"]').evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
        const remittance = hrefs.find((href) => /^\/payments\/era\/\d+$/.test(href));
        if (remittance === undefined) {
          test.info().annotations.push({ type: "skipped page", description: "no ERA remittance imported yet" });
          console.log("axe ERA remittance: none imported yet, so none checked");
          return;
        }
        console.log(`axe ERA remittance: ${remittance}`);
        await page.goto(remittance);
      },
    ],
    ["ERA exceptions", "/payments/era/exceptions"],
    ["Month end", "/payments/month-end"],
    [`Month-End Payments Breakdown ${month}`, `/payments/month-end/${month}`],
    ["Admin > Users", "/admin/users"],
    ["Audit log", "/admin/audit"],
    ["Change password", "/account/password"],
  ]);
});

test("an Auditor's Full Access Payment Balancing has no serious or critical axe violation", async ({ page }) => {
  const { from, to } = lastDays(14);
  await openAs(page, "auditor@demo-pt.test", `/payments/balancing/full-access?from=${from}&to=${to}&group=batch`);
  await checkPages(page, [
    ["Payment Balancing Full Access (Auditor), grouped by batch", `/payments/balancing/full-access?from=${from}&to=${to}&group=batch`],
    ["Audit log (Auditor)", "/admin/audit"],
  ]);
});
