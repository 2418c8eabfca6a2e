import { expect, test as base, type Page } from "@playwright/test";
import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

export const PASSWORD = "demo-pass-2026";

/** Saves the page's HTML beside Playwright's screenshot when a test fails. */
export const test = base.extend<{ failureHtml: void }>({
  failureHtml: [
    async ({ page }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        const file = path.join(testInfo.outputDir, "page.html");
        await mkdir(testInfo.outputDir, { recursive: true });
        await writeFile(file, await page.content().catch(() => "(page closed)"));
        console.log(`failure artifacts: ${testInfo.outputDir}`);
      }
    },
    { auto: true },
  ],
});

export { expect };

export async function signIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens a URL signed out, signs in on the page it is sent to, and waits to come back. */
export async function openAs(page: Page, email: string, url: string) {
  await page.goto(url);
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email);
  await page.waitForURL((current) => !current.pathname.startsWith("/sign-in"));
}
