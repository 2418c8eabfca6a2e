import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser, location, passwordLink, userLocation, userRole } from "@/db/schema";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { setPasswordPath } from "@/lib/auth/password-link-path";
import { isUniqueViolation } from "@/lib/posting/rules";
import { linkTokenHash, newLinkToken } from "./password-link-token";
import type { UserInvitation } from "./user-invite-schema";
import { InvalidUserChange, UserNotFound } from "./users";

/** Long enough to reach someone over a weekend, short enough that a forgotten link dies. */
export const LINK_LIFETIME_HOURS = 72;

export type LinkPurpose = "invite" | "reset";

/** What the admin passes on: the path of the link (the page adds its origin) and when it stops working. */
export interface IssuedLink {
  userId: number;
  email: string;
  path: string;
  expiresAt: Date;
}

/*
 * Replaces the user's open link, if any, by a new one. The caller holds the user's row lock
 * (or has just created the user), so two issues at once cannot both leave a link open; the
 * partial unique index password_link_one_open_per_user says so again in the database.
 */
async function issueLink(tx: Database, viewer: Viewer, userId: number, purpose: LinkPurpose) {
  await tx
    .update(passwordLink)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(passwordLink.practiceId, viewer.practiceId),
        eq(passwordLink.userId, userId),
        isNull(passwordLink.usedAt),
        isNull(passwordLink.revokedAt),
      ),
    );
  const token = newLinkToken();
  const [link] = await tx
    .insert(passwordLink)
    .values({
      practiceId: viewer.practiceId,
      userId,
      purpose,
      tokenHash: linkTokenHash(token),
      createdBy: viewer.userId,
      expiresAt: sql`now() + make_interval(hours => ${LINK_LIFETIME_HOURS})`,
    })
    .returning({ id: passwordLink.id, expiresAt: passwordLink.expiresAt });
  return { linkId: link!.id, path: setPasswordPath(token), expiresAt: link!.expiresAt };
}

async function refuseForeignLocations(tx: Database, viewer: Viewer, locationIds: number[]) {
  if (locationIds.length === 0) return;
  const known = await tx
    .select({ id: location.id })
    .from(location)
    .where(and(eq(location.practiceId, viewer.practiceId), inArray(location.id, locationIds)));
  if (known.length !== locationIds.length) throw new InvalidUserChange("One of the locations is not in your practice.");
}

/**
 * Creates a user of the admin's practice with no password, their roles and EMR locations,
 * and the one-time link by which they set one, in one transaction.
 */
export async function inviteUser(db: Database, viewer: Viewer, invitation: UserInvitation): Promise<IssuedLink> {
  requirePermission(viewer, "adminUsers");
  const roles = [...new Set(invitation.roles)].sort();
  const locationIds = [...new Set(invitation.locationIds)].sort((a, b) => a - b);
  try {
    return await db.transaction(async (tx) => {
      const t = tx as unknown as Database;
      await refuseForeignLocations(t, viewer, locationIds);
      const [user] = await tx
        .insert(appUser)
        .values({
          practiceId: viewer.practiceId,
          email: invitation.email,
          name: invitation.name,
          isRcmStaff: invitation.isRcmStaff,
        })
        .returning({ id: appUser.id });
      const userId = user!.id;
      if (roles.length > 0) {
        await tx.insert(userRole).values(roles.map((role) => ({ practiceId: viewer.practiceId, userId, role })));
      }
      if (locationIds.length > 0) {
        await tx
          .insert(userLocation)
          .values(locationIds.map((locationId) => ({ practiceId: viewer.practiceId, userId, locationId })));
      }
      const link = await issueLink(t, viewer, userId, "invite");
      await recordAudit(t, {
        practiceId: viewer.practiceId,
        userId: viewer.userId,
        action: "user_invited",
        details: {
          targetUserId: userId,
          email: invitation.email,
          roles,
          locationIds,
          isRcmStaff: invitation.isRcmStaff,
          linkId: link.linkId,
          expiresAt: link.expiresAt,
        },
      });
      return { userId, email: invitation.email, path: link.path, expiresAt: link.expiresAt };
    });
  } catch (error) {
    // Emails are unique across practices (one sign-in form for all): the message cannot say
    // whose the address is, only that it is taken.
    if (isUniqueViolation(error, "app_user_email_key")) {
      throw new InvalidUserChange(`${invitation.email} already has an account. Use another email address.`);
    }
    throw error;
  }
}

/**
 * An admin's reset: the user's password stops working at once, their sessions end on their
 * next request (the account may be in someone else's hands), and a new link replaces any
 * open one. An invited user who lost their link gets a new invitation the same way.
 */
export async function resetPassword(db: Database, viewer: Viewer, userId: number): Promise<IssuedLink> {
  requirePermission(viewer, "adminUsers");
  // Their own sessions would end under them; changing one's own password asks for the current one.
  if (userId === viewer.userId) throw new InvalidUserChange("Change your own password on the Password page instead.");
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [user] = await tx
      .select({ id: appUser.id, email: appUser.email, isSystem: appUser.isSystem, disabledAt: appUser.disabledAt })
      .from(appUser)
      .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, userId)))
      .for("update");
    if (!user) throw new UserNotFound();
    if (user.isSystem) throw new InvalidUserChange("The integration user signs in with the practice's token, not a password.");
    if (user.disabledAt) throw new InvalidUserChange("This user is disabled. Enable them first, then reset their password.");
    await tx
      .update(appUser)
      .set({ passwordHash: null, sessionsRevokedAt: sql`now()` })
      .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, userId)));
    const link = await issueLink(t, viewer, userId, "reset");
    await recordAudit(t, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "password_reset_issued",
      details: { targetUserId: userId, linkId: link.linkId, expiresAt: link.expiresAt },
    });
    return { userId, email: user.email, path: link.path, expiresAt: link.expiresAt };
  });
}
