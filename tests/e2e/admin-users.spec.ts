import type { Page } from "@playwright/test";
import { expect, openAs, test } from "./support";

async function signInWith(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("invite → set password from the link → sign in → change it → sign in with the new one", async ({ page, browser }) => {
  const email = `invited-${Date.now()}@demo-pt.test`;
  await openAs(page, "admin@demo-pt.test", "/admin/users");
  const form = page.getByRole("form", { name: "Invite a user" });
  await form.getByLabel("Name").fill("Ivy Invited");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Billing", { exact: true }).check();
  await form.getByRole("button", { name: "Invite" }).click();
  const linkField = form.getByLabel(`Set-password link for ${email}`);
  await expect(linkField).toBeVisible();
  const link = new URL(await linkField.inputValue());
  expect(link.pathname).toMatch(/^\/set-password\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("row", { name: email })).toContainText("No password yet");

  // The invited user, in a browser of their own with no session.
  const invited = await (await browser.newContext()).newPage();
  await invited.goto(link.pathname);
  await expect(invited.getByText(`Welcome, Ivy Invited.`)).toBeVisible();
  await invited.getByLabel("New password", { exact: true }).fill("short one");
  await invited.getByLabel("Repeat the new password").fill("short one");
  await invited.getByRole("button", { name: "Set password" }).click();
  await expect(invited.locator(".form-error")).toHaveText("The password must be at least 12 characters long.");
  await invited.getByLabel("New password", { exact: true }).fill("ivy walks the desert at dawn");
  await invited.getByLabel("Repeat the new password").fill("ivy walks the desert at dawn");
  await invited.getByRole("button", { name: "Set password" }).click();
  await expect(invited.getByRole("status")).toContainText("Your password is set.");

  // The link works once.
  await invited.goto(link.pathname);
  await expect(invited.locator(".form-error")).toContainText("This link has been used already.");

  await signInWith(invited, email, "ivy walks the desert at dawn");
  await invited.waitForURL((current) => !current.pathname.startsWith("/sign-in"));
  await expect(invited.locator(".who")).toContainText("Ivy Invited");

  await invited.getByRole("link", { name: "Password", exact: true }).click();
  await invited.getByLabel("Current password").fill("ivy walks the desert at dawn");
  await invited.getByLabel("New password", { exact: true }).fill("a second passphrase for ivy");
  await invited.getByLabel("Repeat the new password").fill("a second passphrase for ivy");
  await invited.getByRole("button", { name: "Change password" }).click();
  await expect(invited.getByRole("status")).toContainText("every session of yours has ended");

  // The session that changed it has ended too: the next page asks to sign in.
  await invited.goto("/payments/my-activity");
  await expect(invited).toHaveURL(/\/sign-in/);
  await signInWith(invited, email, "ivy walks the desert at dawn");
  await expect(invited.locator(".form-error")).toContainText("Email or password is incorrect.");
  await signInWith(invited, email, "a second passphrase for ivy");
  await invited.waitForURL((current) => !current.pathname.startsWith("/sign-in"));
  await invited.context().close();
});

test("a reset ends the user's session and its new link replaces the old password", async ({ page, browser }) => {
  const email = `reset-${Date.now()}@demo-pt.test`;
  await openAs(page, "admin@demo-pt.test", "/admin/users");
  const form = page.getByRole("form", { name: "Invite a user" });
  await form.getByLabel("Name").fill("Rex Reset");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Billing", { exact: true }).check();
  await form.getByRole("button", { name: "Invite" }).click();
  const invitation = new URL(await form.getByLabel(`Set-password link for ${email}`).inputValue());

  const user = await (await browser.newContext()).newPage();
  await user.goto(invitation.pathname);
  await user.getByLabel("New password", { exact: true }).fill("rex first long password");
  await user.getByLabel("Repeat the new password").fill("rex first long password");
  await user.getByRole("button", { name: "Set password" }).click();
  await expect(user.getByRole("status")).toContainText("Your password is set.");
  await signInWith(user, email, "rex first long password");
  await user.waitForURL((current) => !current.pathname.startsWith("/sign-in"));

  await page.reload();
  const row = page.getByRole("row", { name: email });
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Reset password" }).click();
  const reset = new URL(await row.getByLabel(`Set-password link for ${email}`).inputValue());
  expect(reset.pathname).not.toBe(invitation.pathname);

  await user.goto("/payments/my-activity");
  await expect(user).toHaveURL(/\/sign-in/);
  await user.goto(reset.pathname);
  await user.getByLabel("New password", { exact: true }).fill("rex second long password");
  await user.getByLabel("Repeat the new password").fill("rex second long password");
  await user.getByRole("button", { name: "Set password" }).click();
  await expect(user.getByRole("status")).toContainText("Your password is set.");
  await signInWith(user, email, "rex second long password");
  await user.waitForURL((current) => !current.pathname.startsWith("/sign-in"));
  await user.context().close();
});
