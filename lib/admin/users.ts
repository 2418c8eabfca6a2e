import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser, location, practice, userLocation, userRole } from "@/db/schema";
import type { Role } from "@/lib/access/permissions";
import { loadViewer, requirePermission, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import type { UserAccessChange } from "./user-access-schema";

export interface UserAccess {
  id: number;
  name: string;
  email: string;
  isRcmStaff: boolean;
  isSystem: boolean;
  disabled: boolean;
  /** False for an invited user who has not yet set a password, or one whose password an admin reset. */
  hasPassword: boolean;
  roles: Role[];
  locationIds: number[];
}

export class UserNotFound extends Error {
  constructor() {
    super("No such user in your practice.");
    this.name = "UserNotFound";
  }
}

export class InvalidUserChange extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidUserChange";
  }
}

export async function practiceLocations(db: Database, viewer: Viewer) {
  requirePermission(viewer, "adminUsers");
  return db
    .select({ id: location.id, name: location.name, code: location.code })
    .from(location)
    .where(eq(location.practiceId, viewer.practiceId))
    .orderBy(asc(location.name));
}

/** The practice's users with their roles and EMR locations (Billing Admin only). */
export async function listUserAccess(db: Database, viewer: Viewer, userIds?: number[]): Promise<UserAccess[]> {
  requirePermission(viewer, "adminUsers");
  const scope = and(
    eq(appUser.practiceId, viewer.practiceId),
    userIds ? inArray(appUser.id, userIds) : undefined,
  );
  const [users, roles, locations] = await Promise.all([
    db.select().from(appUser).where(scope).orderBy(asc(appUser.name)),
    db
      .select({ userId: userRole.userId, role: userRole.role })
      .from(userRole)
      .where(and(eq(userRole.practiceId, viewer.practiceId), userIds ? inArray(userRole.userId, userIds) : undefined)),
    db
      .select({ userId: userLocation.userId, locationId: userLocation.locationId })
      .from(userLocation)
      .where(
        and(eq(userLocation.practiceId, viewer.practiceId), userIds ? inArray(userLocation.userId, userIds) : undefined),
      ),
  ]);
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    isRcmStaff: user.isRcmStaff,
    isSystem: user.isSystem,
    disabled: user.disabledAt !== null,
    hasPassword: user.passwordHash !== null,
    roles: roles.filter((r) => r.userId === user.id).map((r) => r.role as Role).sort(),
    locationIds: locations
      .filter((l) => l.userId === user.id)
      .map((l) => l.locationId)
      .sort((a, b) => a - b),
  }));
}

/**
 * Replaces one user's roles, EMR locations and disabled flag in one transaction, and
 * records who changed what (before and after) in the audit trail.
 */
export async function changeUserAccess(db: Database, viewer: Viewer, change: UserAccessChange): Promise<UserAccess> {
  requirePermission(viewer, "adminUsers");
  if (change.userId === viewer.userId && (change.disabled || !change.roles.includes("Billing Admin"))) {
    throw new InvalidUserChange("You cannot disable yourself or remove your own Billing Admin role.");
  }
  return db.transaction(async (tx) => {
    // A practice's access changes run one at a time, and each checks that its author is still an
    // admin: two admins taking each other's Billing Admin role at once would otherwise leave none.
    await tx.select({ id: practice.id }).from(practice).where(eq(practice.id, viewer.practiceId)).for("update");
    const author = await loadViewer(tx as unknown as Database, viewer.userId, viewer.practiceId);
    if (!author) throw new UserNotFound();
    requirePermission(author, "adminUsers");
    const [before] = await listUserAccess(tx as unknown as Database, viewer, [change.userId]);
    if (!before) throw new UserNotFound();
    if (before.isSystem) throw new InvalidUserChange("The integration user's access is managed by the system.");
    const roles = [...new Set(change.roles)].sort();
    const locationIds = [...new Set(change.locationIds)].sort((a, b) => a - b);
    if (locationIds.length > 0) {
      const known = await tx
        .select({ id: location.id })
        .from(location)
        .where(and(eq(location.practiceId, viewer.practiceId), inArray(location.id, locationIds)));
      if (known.length !== locationIds.length) throw new InvalidUserChange("One of the locations is not in your practice.");
    }
    await tx.delete(userRole).where(and(eq(userRole.practiceId, viewer.practiceId), eq(userRole.userId, change.userId)));
    if (roles.length > 0) {
      await tx
        .insert(userRole)
        .values(roles.map((role) => ({ practiceId: viewer.practiceId, userId: change.userId, role })));
    }
    await tx
      .delete(userLocation)
      .where(and(eq(userLocation.practiceId, viewer.practiceId), eq(userLocation.userId, change.userId)));
    if (locationIds.length > 0) {
      await tx
        .insert(userLocation)
        .values(locationIds.map((locationId) => ({ practiceId: viewer.practiceId, userId: change.userId, locationId })));
    }
    if (change.disabled !== before.disabled) {
      await tx
        .update(appUser)
        .set({ disabledAt: change.disabled ? new Date() : null })
        .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, change.userId)));
    }
    const after: UserAccess = { ...before, roles, locationIds, disabled: change.disabled };
    await recordAudit(tx as unknown as Database, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "user_access_changed",
      details: {
        targetUserId: change.userId,
        before: { roles: before.roles, locationIds: before.locationIds, disabled: before.disabled },
        after: { roles, locationIds, disabled: change.disabled },
      },
    });
    return after;
  });
}
