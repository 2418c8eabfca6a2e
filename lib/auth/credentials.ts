import "server-only";
import bcrypt from "bcryptjs";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { appUser } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { SIGN_IN_FAILED } from "./messages";

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
  // The attempt is counted before its password is checked, in one statement: of a burst of
  // concurrent tries, only the first FREE_ATTEMPTS are checked before the account waits.
  const [counted] = await queryRows<{ id: number }>(
    db,
    sql`update app_user set failed_sign_ins = failed_sign_ins + 1, last_failed_sign_in_at = now()
        where id = ${user.id}
          and not (failed_sign_ins >= ${FREE_ATTEMPTS} and last_failed_sign_in_at > now() - make_interval(secs => ${LOCKOUT_SECONDS}))
        returning id`,
  );
  if (!counted) {
    await bcrypt.compare(password, DUMMY_HASH);
    await recordAudit(db, {
      practiceId: user.practiceId,
      userId: user.id,
      action: "sign_in_throttled",
      details: { email },
    });
    return { ok: false, message: SIGN_IN_FAILED };
  }
  const passwordMatches = await bcrypt.compare(password, user.passwordHash);
  if (!passwordMatches || user.disabledAt) {
    await recordAudit(db, {
      practiceId: user.practiceId,
      userId: user.id,
      action: "sign_in_failed",
      details: { email, reason: user.disabledAt ? "disabled" : "password" },
    });
    return { ok: false, message: SIGN_IN_FAILED };
  }
  await db.update(appUser).set({ failedSignIns: 0, lastFailedSignInAt: null }).where(eq(appUser.id, user.id));
  await recordAudit(db, { practiceId: user.practiceId, userId: user.id, action: "sign_in", details: { email } });
  return { ok: true, userId: user.id, practiceId: user.practiceId, name: user.name, email: user.email };
}
