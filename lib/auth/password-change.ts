import "server-only";
import bcrypt from "bcryptjs";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { admitPasswordAttempt, forgetPasswordAttempts } from "./credentials";
import { hashPassword, passwordProblem } from "./password-policy";
import { RefusedPassword } from "./set-password";

/*
 * Guesses at the current password through this form are counted as sign-in failures are, in
 * one bucket per user whatever the address: whoever guesses here holds the session already.
 */
const CHANGE_SOURCE = "password-change";

/**
 * A signed-in user replaces their own password, proving the current one first (a session
 * left open on a shared desk must not be enough). Every session of theirs ends, this one
 * too: the user signs in again with the new password, and a session stolen earlier dies.
 */
export async function changeOwnPassword(
  db: Database,
  viewer: Viewer,
  change: { currentPassword: string; newPassword: string },
): Promise<void> {
  const problem = passwordProblem(change.newPassword, { email: viewer.email });
  if (problem) throw new RefusedPassword(problem);
  const [user] = await db
    .select({ passwordHash: appUser.passwordHash })
    .from(appUser)
    .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, viewer.userId)));
  const currentHash = user?.passwordHash;
  if (!currentHash) throw new RefusedPassword("Your current password is not correct.");
  if (!(await admitPasswordAttempt(db, { practiceId: viewer.practiceId, userId: viewer.userId }, CHANGE_SOURCE))) {
    throw new RefusedPassword("Too many wrong current passwords: wait a minute before trying again.");
  }
  if (!(await bcrypt.compare(change.currentPassword, currentHash))) {
    throw new RefusedPassword("Your current password is not correct.");
  }
  await forgetPasswordAttempts(db, viewer.userId, CHANGE_SOURCE);
  if (await bcrypt.compare(change.newPassword, currentHash)) {
    throw new RefusedPassword("The new password is the same as the current one.");
  }
  const newHash = await hashPassword(change.newPassword);
  await db.transaction(async (tx) => {
    // Only over the password just checked: an admin's reset or another change in between wins.
    const changed = await tx
      .update(appUser)
      .set({ passwordHash: newHash, sessionsRevokedAt: sql`now()` })
      .where(
        and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, viewer.userId), eq(appUser.passwordHash, currentHash)),
      )
      .returning({ id: appUser.id });
    if (changed.length === 0) throw new RefusedPassword("Your password was changed meanwhile. Sign in again and retry.");
    await recordAudit(tx as unknown as Database, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "password_changed",
      details: {},
    });
  });
}
