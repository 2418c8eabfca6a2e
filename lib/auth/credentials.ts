import "server-only";
import bcrypt from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser } from "@/db/schema";
import { recordAudit } from "@/lib/audit";

export const SIGN_IN_FAILED = "Email or password is incorrect.";
export const SIGN_IN_LOCKED = "Too many failed sign-in attempts. Wait a minute and try again.";

/** After this many failures in a row an account waits before the next attempt is checked. */
const FREE_ATTEMPTS = 5;
const LOCKOUT_SECONDS = 60;

/* A hash of a password nobody has, compared when the email is unknown, so that a wrong
 * email takes as long as a wrong password and timing tells nothing. */
const DUMMY_HASH = bcrypt.hashSync("no-such-user-password", 10);

export type SignInResult =
  | { ok: true; userId: number; practiceId: number; name: string; email: string }
  | { ok: false; message: string };

export async function verifyCredentials(db: Database, emailInput: string, password: string): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const [user] = await db.select().from(appUser).where(eq(appUser.email, email));
  if (!user || !user.passwordHash || user.isSystem) {
    await bcrypt.compare(password, DUMMY_HASH);
    await recordAudit(db, { practiceId: null, userId: null, action: "sign_in_failed", details: { email } });
    return { ok: false, message: SIGN_IN_FAILED };
  }
  const lockedUntil =
    user.failedSignIns >= FREE_ATTEMPTS && user.lastFailedSignInAt
      ? user.lastFailedSignInAt.getTime() + LOCKOUT_SECONDS * 1000
      : 0;
  if (lockedUntil > Date.now()) {
    await recordAudit(db, {
      practiceId: user.practiceId,
      userId: user.id,
      action: "sign_in_throttled",
      details: { email },
    });
    return { ok: false, message: SIGN_IN_LOCKED };
  }
  const passwordMatches = await bcrypt.compare(password, user.passwordHash);
  if (!passwordMatches || user.disabledAt) {
    await db
      .update(appUser)
      .set({ failedSignIns: sql`${appUser.failedSignIns} + 1`, lastFailedSignInAt: sql`now()` })
      .where(eq(appUser.id, user.id));
    await recordAudit(db, {
      practiceId: user.practiceId,
      userId: user.id,
      action: "sign_in_failed",
      details: { email, reason: user.disabledAt ? "disabled" : "password" },
    });
    return { ok: false, message: SIGN_IN_FAILED };
  }
  if (user.failedSignIns > 0) {
    await db.update(appUser).set({ failedSignIns: 0, lastFailedSignInAt: null }).where(eq(appUser.id, user.id));
  }
  await recordAudit(db, { practiceId: user.practiceId, userId: user.id, action: "sign_in", details: { email } });
  return { ok: true, userId: user.id, practiceId: user.practiceId, name: user.name, email: user.email };
}
