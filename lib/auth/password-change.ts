import "server-only";
import bcrypt from "bcryptjs";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { hashPassword, passwordProblem } from "./password-policy";
import { RefusedPassword } from "./set-password";

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
  const newHash = await hashPassword(change.newPassword);
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ passwordHash: appUser.passwordHash })
      .from(appUser)
      .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, viewer.userId)))
      .for("update");
    if (!user?.passwordHash || !(await bcrypt.compare(change.currentPassword, user.passwordHash))) {
      throw new RefusedPassword("Your current password is not correct.");
    }
    if (await bcrypt.compare(change.newPassword, user.passwordHash)) {
      throw new RefusedPassword("The new password is the same as the current one.");
    }
    await tx
      .update(appUser)
      .set({ passwordHash: newHash, sessionsRevokedAt: sql`now()` })
      .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, viewer.userId)));
    await recordAudit(tx as unknown as Database, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "password_changed",
      details: {},
    });
  });
}
