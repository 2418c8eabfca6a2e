import "server-only";
import bcrypt from "bcryptjs";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { appUser, signInFailure } from "@/db/schema";
import { sessionEpochSql } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { SIGN_IN_FAILED } from "./messages";

/**
 * After this many failures in a row from one source address, that address waits before its
 * next attempt on the account is checked; other addresses are not held up.
 */
const FREE_ATTEMPTS = 5;
const LOCKOUT_SECONDS = 60;
/*
 * A client can choose its X-Forwarded-For when no proxy stands in front, so sources alone
 * would let one attacker guess without end by inventing addresses. Past this many failures
 * across all sources in ACCOUNT_WINDOW_SECONDS the account waits whatever the source: a bound
 * on guessing that a stranger reaches only by sustained effort, not by five bad tries.
 */
const ACCOUNT_CEILING = 100;
const ACCOUNT_WINDOW_SECONDS = 15 * 60;

/* A hash of a password nobody has, compared when the email is unknown, so that a wrong
 * email takes as long as a wrong password and timing tells nothing. */
const DUMMY_HASH = bcrypt.hashSync("no-such-user-password", 10);

/**
 * Counts an attempt at the user's password from `source` before it is checked, in one
 * statement, and says whether it may be checked: of a burst of concurrent tries from one
 * source, only the first FREE_ATTEMPTS are checked before it waits. The caller forgets the
 * source's count (forgetPasswordAttempts) once the password matched.
 */
export async function admitPasswordAttempt(
  db: Database,
  user: { practiceId: number; userId: number },
  source: string,
): Promise<boolean> {
  const [counted] = await queryRows<{ userId: number }>(
    db,
    sql`insert into sign_in_failure as f (practice_id, user_id, source, failed_sign_ins, last_failed_at)
        select ${user.practiceId}, ${user.userId}, ${source}, 1, now()
        where (select coalesce(sum(failed_sign_ins), 0) from sign_in_failure
               where user_id = ${user.userId} and last_failed_at > now() - make_interval(secs => ${ACCOUNT_WINDOW_SECONDS})) < ${ACCOUNT_CEILING}
        on conflict (user_id, source) do update set failed_sign_ins = f.failed_sign_ins + 1, last_failed_at = now()
          where not (f.failed_sign_ins >= ${FREE_ATTEMPTS} and f.last_failed_at > now() - make_interval(secs => ${LOCKOUT_SECONDS}))
        returning f.user_id as "userId"`,
  );
  return counted !== undefined;
}

export async function forgetPasswordAttempts(db: Database, userId: number, source: string): Promise<void> {
  await db.delete(signInFailure).where(and(eq(signInFailure.userId, userId), eq(signInFailure.source, source)));
}

export type SignInResult =
  | { ok: true; userId: number; practiceId: number; name: string; email: string; sessionEpoch: string }
  | { ok: false; message: string };

/**
 * `source` is the address the attempt came from (lib/auth/source-address.ts): failures are
 * counted per account and source, so one attacker cannot lock a real user out.
 */
export async function verifyCredentials(
  db: Database,
  emailInput: string,
  password: string,
  source: string,
): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const [user] = await db
    .select({ ...getTableColumns(appUser), sessionEpoch: sessionEpochSql })
    .from(appUser)
    .where(eq(appUser.email, email));
  if (!user || !user.passwordHash || user.isSystem) {
    await bcrypt.compare(password, DUMMY_HASH);
    await recordAudit(db, { practiceId: null, userId: null, action: "sign_in_failed", details: { email } });
    return { ok: false, message: SIGN_IN_FAILED };
  }
  if (!(await admitPasswordAttempt(db, { practiceId: user.practiceId, userId: user.id }, source))) {
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
  await forgetPasswordAttempts(db, user.id, source);
  await recordAudit(db, { practiceId: user.practiceId, userId: user.id, action: "sign_in", details: { email } });
  return {
    ok: true,
    userId: user.id,
    practiceId: user.practiceId,
    name: user.name,
    email: user.email,
    sessionEpoch: user.sessionEpoch,
  };
}
