import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { AccessDenied, loadViewer } from "@/lib/access/viewer";
import { inviteUser, resetPassword } from "@/lib/admin/password-links";
import { changeUserAccess, InvalidUserChange, listUserAccess, UserNotFound } from "@/lib/admin/users";
import { verifyCredentials } from "@/lib/auth/credentials";
import { changeOwnPassword } from "@/lib/auth/password-change";
import { describeLink, RefusedPassword, setPasswordFromLink, UnusableLink } from "@/lib/auth/set-password";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let practice: PracticeFixture;
let other: PracticeFixture;
let ids: { admin: number; poster: number; mesa: number; otherAdmin: number; otherLocation: number };

const OFFICE = "192.0.2.10";
const GOOD = "correct horse battery staple";

beforeAll(async () => {
  test = await openTestDatabase();
  practice = await PracticeFixture.create(test.db);
  other = await PracticeFixture.create(test.db, "Other PT");
  const passwordHash = await bcrypt.hash("old-password-of-poster", 4);
  ids = {
    mesa: await practice.location("MESA"),
    admin: await practice.user({ email: "admin@test.example", roles: ["Billing Admin"] }),
    poster: await practice.user({ email: "poster@test.example", roles: ["Billing"], passwordHash }),
    otherAdmin: await other.user({ email: "admin@other.example", roles: ["Billing Admin"] }),
    otherLocation: await other.location("FLAG"),
  };
});

afterAll(() => test.close());

const tokenOf = (path: string) => path.replace("/set-password/", "");
const signIn = (email: string, password: string) => verifyCredentials(test.db, email, password, OFFICE);

async function invite(email: string, extra: Partial<{ locationIds: number[]; isRcmStaff: boolean }> = {}) {
  const admin = await practice.viewer(ids.admin);
  return inviteUser(test.db, admin, { name: "New Poster", email, roles: ["Billing"], locationIds: [], isRcmStaff: false, ...extra });
}

async function auditOf(action: string) {
  return queryRows<{ user_id: number; practice_id: number; details: Record<string, unknown> }>(
    test.db,
    sql`select user_id, practice_id, details from audit_event where action = ${action} order by id`,
  );
}

describe("invite → set password → sign in", () => {
  it("creates the user with no password, whose link sets one they can sign in with, once", async () => {
    const issued = await invite("new@test.example", { locationIds: [ids.mesa] });
    expect(issued.path).toMatch(/^\/set-password\/[A-Za-z0-9_-]{43}$/);
    // 72 hours from now, within the test's own run time.
    expect(Math.abs(issued.expiresAt.getTime() - Date.now() - 72 * 3600_000)).toBeLessThan(60_000);
    expect(await signIn("new@test.example", "")).toMatchObject({ ok: false });
    const [access] = await listUserAccess(test.db, await practice.viewer(ids.admin), [issued.userId]);
    expect(access).toMatchObject({ roles: ["Billing"], locationIds: [ids.mesa], hasPassword: false, disabled: false });

    // Only the sha-256 of the token is stored.
    const token = tokenOf(issued.path);
    const stored = await queryRows<{ token_hash: string }>(test.db, sql`select token_hash from password_link where user_id = ${issued.userId}`);
    expect(stored).toEqual([{ token_hash: createHash("sha256").update(token).digest("hex") }]);

    expect(await describeLink(test.db, token)).toMatchObject({ usable: true, email: "new@test.example", purpose: "invite" });
    await expect(setPasswordFromLink(test.db, token, GOOD)).resolves.toEqual({ email: "new@test.example" });
    expect(await signIn("new@test.example", GOOD)).toMatchObject({ ok: true, userId: issued.userId, sessionEpoch: "0" });

    await expect(setPasswordFromLink(test.db, token, "another long password here")).rejects.toThrow(
      "This link has been used already.",
    );
    expect(await describeLink(test.db, token)).toMatchObject({ usable: false });
    expect(await signIn("new@test.example", "another long password here")).toMatchObject({ ok: false });

    expect((await auditOf("user_invited")).at(-1)).toMatchObject({
      user_id: ids.admin,
      details: { targetUserId: issued.userId, email: "new@test.example", roles: ["Billing"], locationIds: [ids.mesa] },
    });
    expect((await auditOf("password_set_from_link")).at(-1)).toMatchObject({
      user_id: issued.userId,
      details: { purpose: "invite" },
    });
  });

  it("marks an invited vendor's RCM staff so their postings stay out of the standard variant", async () => {
    const issued = await invite("vendor@test.example", { isRcmStaff: true });
    const [access] = await listUserAccess(test.db, await practice.viewer(ids.admin), [issued.userId]);
    expect(access).toMatchObject({ isRcmStaff: true, hasPassword: false });
  });

  it("two submissions of one link at once set one password", async () => {
    const issued = await invite("race@test.example");
    const token = tokenOf(issued.path);
    const results = await Promise.allSettled([
      setPasswordFromLink(test.db, token, "first racing password"),
      setPasswordFromLink(test.db, token, "second racing password"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(UnusableLink);
    const won = results[0]!.status === "fulfilled" ? "first racing password" : "second racing password";
    expect(await signIn("race@test.example", won)).toMatchObject({ ok: true });
  });

  it("refuses an expired link, and an unknown one", async () => {
    const userId = await practice.user({ email: "late@test.example", roles: ["Billing"] });
    const token = "A".repeat(43);
    await test.db.execute(sql`
      insert into password_link (practice_id, user_id, purpose, token_hash, created_by, created_at, expires_at)
      values (${practice.practiceId}, ${userId}, 'invite', ${createHash("sha256").update(token).digest("hex")}, ${ids.admin},
              now() - interval '73 hours', now() - interval '1 hour')`);
    expect(await describeLink(test.db, token)).toEqual({
      usable: false,
      message: "This link has expired. Please ask your Billing Admin for a new link.",
    });
    await expect(setPasswordFromLink(test.db, token, GOOD)).rejects.toThrow("This link has expired.");
    await expect(setPasswordFromLink(test.db, "B".repeat(43), GOOD)).rejects.toThrow(
      "This link is not one we issued. Check that it was copied whole, or ask your Billing Admin for a new link.",
    );
    expect(await signIn("late@test.example", GOOD)).toMatchObject({ ok: false });
  });

  it("refuses a short, a common or an email password and leaves the link usable", async () => {
    const issued = await invite("policy.person@test.example");
    const token = tokenOf(issued.path);
    const refusal = (password: string) => setPasswordFromLink(test.db, token, password).catch((e: Error) => e);
    expect(await refusal("short-pass1")).toEqual(new RefusedPassword("The password must be at least 12 characters long."));
    expect(await refusal("x".repeat(201))).toEqual(new RefusedPassword("The password must be at most 200 characters long."));
    expect(await refusal("Qwerty123456")).toEqual(
      new RefusedPassword("That password is on a list of commonly used passwords. Choose another."),
    );
    expect(await refusal("1q2w3e4r5t6y")).toBeInstanceOf(RefusedPassword);
    expect(await refusal("policy.person@test.example")).toEqual(new RefusedPassword("The password must not be your email address."));
    expect(await refusal("ą".repeat(30))).toEqual(new RefusedPassword("The password must not be one character repeated."));
    // No composition rules: twelve lowercase letters and spaces are enough.
    await expect(setPasswordFromLink(test.db, token, "plain words only")).resolves.toEqual({ email: "policy.person@test.example" });
  });
});

describe("disable and reset", () => {
  it("a disabled user cannot sign in, has no viewer and cannot use a link; enabled again, they can", async () => {
    const issued = await invite("toggle@test.example");
    const admin = await practice.viewer(ids.admin);
    await setPasswordFromLink(test.db, tokenOf(issued.path), GOOD);
    await changeUserAccess(test.db, admin, { userId: issued.userId, roles: ["Billing"], locationIds: [], disabled: true });
    expect(await signIn("toggle@test.example", GOOD)).toMatchObject({ ok: false });
    expect(await loadViewer(test.db, issued.userId, practice.practiceId, "0")).toBeNull();
    await expect(resetPassword(test.db, admin, issued.userId)).rejects.toThrow("This user is disabled.");
    await changeUserAccess(test.db, admin, { userId: issued.userId, roles: ["Billing"], locationIds: [], disabled: false });
    expect(await signIn("toggle@test.example", GOOD)).toMatchObject({ ok: true });
  });

  it("a link of a user disabled after it was issued does not set the password", async () => {
    const issued = await invite("disabled-later@test.example");
    await changeUserAccess(test.db, await practice.viewer(ids.admin), {
      userId: issued.userId,
      roles: [],
      locationIds: [],
      disabled: true,
    });
    await expect(setPasswordFromLink(test.db, tokenOf(issued.path), GOOD)).rejects.toThrow("This account is disabled.");
  });

  it("reset: the old password and the old link stop working, sessions end, the new link works", async () => {
    const admin = await practice.viewer(ids.admin);
    const before = await signIn("poster@test.example", "old-password-of-poster");
    expect(before).toMatchObject({ ok: true, sessionEpoch: "0" });
    expect(await loadViewer(test.db, ids.poster, practice.practiceId, "0")).not.toBeNull();

    const first = await resetPassword(test.db, admin, ids.poster);
    const second = await resetPassword(test.db, admin, ids.poster);
    expect(second.path).not.toBe(first.path);
    expect(await signIn("poster@test.example", "old-password-of-poster")).toMatchObject({ ok: false });
    // The session signed in before the reset has no viewer any more.
    expect(await loadViewer(test.db, ids.poster, practice.practiceId, "0")).toBeNull();
    await expect(setPasswordFromLink(test.db, tokenOf(first.path), GOOD)).rejects.toThrow("This link was replaced by a newer one.");
    expect(await describeLink(test.db, tokenOf(second.path))).toMatchObject({ usable: true, purpose: "reset" });
    await setPasswordFromLink(test.db, tokenOf(second.path), GOOD);
    const after = await signIn("poster@test.example", GOOD);
    if (!after.ok) throw new Error("sign-in after reset failed");
    expect(after.sessionEpoch).not.toBe("0");
    expect(await loadViewer(test.db, ids.poster, practice.practiceId, after.sessionEpoch)).toMatchObject({ userId: ids.poster });
    const [open] = await queryRows<{ open: string }>(
      test.db,
      sql`select count(*)::text as open from password_link where user_id = ${ids.poster} and used_at is null and revoked_at is null`,
    );
    expect(open).toEqual({ open: "0" });
    expect((await auditOf("password_reset_issued")).slice(-2).map((e) => e.details.targetUserId)).toEqual([ids.poster, ids.poster]);
  });

  it("two resets of one user at once leave exactly one open link", async () => {
    const admin = await practice.viewer(ids.admin);
    const issued = await invite("double-reset@test.example");
    await Promise.all([resetPassword(test.db, admin, issued.userId), resetPassword(test.db, admin, issued.userId)]);
    const [open] = await queryRows<{ open: string }>(
      test.db,
      sql`select count(*)::text as open from password_link where user_id = ${issued.userId} and used_at is null and revoked_at is null`,
    );
    expect(open).toEqual({ open: "1" });
  });
});

describe("who may invite and reset", () => {
  it("another practice's admin cannot reset this practice's user, nor give one of its locations", async () => {
    const otherAdmin = await other.viewer(ids.otherAdmin);
    await expect(resetPassword(test.db, otherAdmin, ids.poster)).rejects.toBeInstanceOf(UserNotFound);
    await expect(
      inviteUser(test.db, otherAdmin, { name: "X", email: "x@other.example", roles: [], locationIds: [ids.mesa], isRcmStaff: false }),
    ).rejects.toEqual(new InvalidUserChange("One of the locations is not in your practice."));
    const [count] = await queryRows<{ n: string }>(test.db, sql`select count(*)::text as n from app_user where email = 'x@other.example'`);
    expect(count).toEqual({ n: "0" });
  });

  it("an email taken in any practice is refused without saying whose it is", async () => {
    const otherAdmin = await other.viewer(ids.otherAdmin);
    await expect(
      inviteUser(test.db, otherAdmin, { name: "Copy", email: "poster@test.example", roles: [], locationIds: [], isRcmStaff: false }),
    ).rejects.toEqual(new InvalidUserChange("poster@test.example already has an account. Use another email address."));
  });

  it("a poster may not invite or reset; an admin may not reset themselves", async () => {
    const [billing, admin] = [await practice.viewer(ids.poster), await practice.viewer(ids.admin)];
    await expect(
      inviteUser(test.db, billing, { name: "Y", email: "y@test.example", roles: ["Billing Admin"], locationIds: [], isRcmStaff: false }),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(resetPassword(test.db, billing, ids.admin)).rejects.toBeInstanceOf(AccessDenied);
    await expect(resetPassword(test.db, admin, ids.admin)).rejects.toBeInstanceOf(InvalidUserChange);
  });
});

describe("changing one's own password", () => {
  it("needs the current password; then the new one works, the old does not, and sessions end", async () => {
    const issued = await invite("changer@test.example");
    await setPasswordFromLink(test.db, tokenOf(issued.path), GOOD);
    const viewer = await practice.viewer(issued.userId);
    const refusal = (currentPassword: string, newPassword: string) =>
      changeOwnPassword(test.db, viewer, { currentPassword, newPassword }).catch((e: Error) => e);
    expect(await refusal("wrong current password", "a brand new passphrase")).toEqual(
      new RefusedPassword("Your current password is not correct."),
    );
    expect(await refusal(GOOD, "password1234")).toBeInstanceOf(RefusedPassword);
    expect(await refusal(GOOD, GOOD)).toEqual(new RefusedPassword("The new password is the same as the current one."));
    expect(await signIn("changer@test.example", GOOD)).toMatchObject({ ok: true });

    await changeOwnPassword(test.db, viewer, { currentPassword: GOOD, newPassword: "a brand new passphrase" });
    expect(await signIn("changer@test.example", GOOD)).toMatchObject({ ok: false });
    expect(await signIn("changer@test.example", "a brand new passphrase")).toMatchObject({ ok: true });
    expect(await loadViewer(test.db, issued.userId, practice.practiceId, "0")).toBeNull();
    expect((await auditOf("password_changed")).at(-1)).toMatchObject({ user_id: issued.userId, details: {} });
  });

  it("holds guesses at the current password after five wrong ones, even the right one, for a minute", async () => {
    const issued = await invite("guesser@test.example");
    await setPasswordFromLink(test.db, tokenOf(issued.path), GOOD);
    const viewer = await practice.viewer(issued.userId);
    const attempt = (currentPassword: string) =>
      changeOwnPassword(test.db, viewer, { currentPassword, newPassword: "a brand new passphrase" }).catch((e: Error) => e.message);
    for (let i = 0; i < 5; i++) expect(await attempt(`guess number ${i}`)).toBe("Your current password is not correct.");
    expect(await attempt(GOOD)).toBe("Too many wrong current passwords: wait a minute before trying again.");
    // Sign-in from the office is not held up by guesses made through the form.
    expect(await signIn("guesser@test.example", GOOD)).toMatchObject({ ok: true });
    await test.db.execute(sql`update sign_in_failure set last_failed_at = now() - interval '61 seconds' where user_id = ${issued.userId}`);
    expect(await attempt(GOOD)).toBeUndefined();
  });
});
