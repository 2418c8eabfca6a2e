import { expect, openAs, signIn, test } from "./support";

test("a bookmarked Payment Balancing URL survives sign-in with its filters", async ({ page }) => {
  const bookmark = "/payments/balancing?by=deposit&from=2026-01-01&to=2026-01-31&group=poster";
  await page.goto(bookmark);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signIn(page, "admin@demo-pt.test");
  await page.waitForURL("**/payments/balancing?**");
  const landed = new URL(page.url());
  expect(`${landed.pathname}${landed.search}`).toBe(bookmark);
});

test("a wrong password says so without saying which part was wrong", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("poster1@demo-pt.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".form-error")).toHaveText(
    "Email or password is incorrect. After five failed tries, wait a minute before trying again.",
  );
});

test("no other site may frame a page, a 403 or an API answer", async ({ page }) => {
  await openAs(page, "admin@demo-pt.test", "/admin/users");
  for (const path of ["/admin/users", "/sign-in", "/payments/balancing/full-access?location=abc", "/api/batches"]) {
    const response = await page.request.get(path);
    expect([path, response.headers()["x-frame-options"], response.headers()["content-security-policy"]]).toEqual([
      path,
      "DENY",
      "frame-ancestors 'none'",
    ]);
  }
});

test("a restricted front-office user is turned away from another clinic", async ({ page }) => {
  await openAs(page, "restricted@demo-pt.test", "/payments/balancing");
  const response = await page.goto("/payments/balancing?location=2");
  expect(response?.status()).toBe(403);
  await expect(page.locator(".notice-error")).toContainText("Tempe Clinic");
});

test("the menu shows only what the user may open", async ({ page }) => {
  await openAs(page, "auditor@demo-pt.test", "/");
  const menus = page.getByRole("navigation", { name: "Main" });
  await menus.getByText("Payments", { exact: true }).click();
  await expect(page.getByRole("menuitem", { name: "Payment Balancing (Full Access)" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "My Payment Activity" })).toHaveCount(0);
  // An auditor reads the audit log (issue 24), and manages no users.
  await menus.getByText("Admin", { exact: true }).click();
  await expect(page.getByRole("menuitem", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Users" })).toHaveCount(0);
});

test("a role an admin grants or takes away holds from the user's next request, without signing in again", async ({ page, browser }) => {
  await openAs(page, "frontdesk@demo-pt.test", "/payments/balancing");
  expect((await page.goto("/payments/balancing/full-access"))?.status()).toBe(403);

  const admin = await (await browser.newContext()).newPage();
  await openAs(admin, "admin@demo-pt.test", "/admin/users");
  const row = admin.getByRole("row", { name: "frontdesk@demo-pt.test" });
  const setAuditor = async (granted: boolean) => {
    await row.getByLabel("Auditor").setChecked(granted);
    // Wait for this save's server action to answer: the status still says "Saved." from the last one.
    const saved = admin.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/admin/users"));
    await row.getByRole("button", { name: "Save" }).click();
    expect((await saved).status()).toBe(200);
    await expect(row.getByRole("status")).toHaveText("Saved.");
  };

  await setAuditor(true);
  expect((await page.goto("/payments/balancing/full-access"))?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Payment Balancing — Full Access" })).toBeVisible();

  await setAuditor(false);
  expect((await page.goto("/payments/balancing/full-access"))?.status()).toBe(403);
  await admin.context().close();
});
