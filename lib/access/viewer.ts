import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser, practice, userLocation, userRole } from "@/db/schema";
import { can, isLocationRestricted, isRole, type Permission, type Role } from "./permissions";

/**
 * Who is asking, read fresh from the database on every request: a role or location an
 * admin removes stops working on the user's next request, whatever the session token says.
 */
export interface Viewer {
  userId: number;
  practiceId: number;
  timezone: string;
  name: string;
  email: string;
  roles: Role[];
  /** The user's EMR locations; they bound Payment Balancing only when `locationRestricted`. */
  locationIds: number[];
  locationRestricted: boolean;
  isRcmStaff: boolean;
}

export class AccessDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccessDenied";
  }
}

/**
 * Which of the user's session revocations a session was signed in under, as text (the
 * revocation instant in microseconds, "0" for never): compared for equality, so no clock
 * of the app's has to agree with the database's.
 */
export const sessionEpochSql = sql<string>`coalesce(floor(extract(epoch from ${appUser.sessionsRevokedAt}) * 1000000)::bigint, 0)::text`;

/**
 * A disabled or unknown user (or a token from another practice) has no viewer, and neither
 * has a session whose `sessionEpoch` an admin's password reset has since replaced.
 * Every request loads one, so it is one statement, with roles and locations as arrays.
 */
export async function loadViewer(
  db: Database,
  userId: number,
  practiceId: number,
  sessionEpoch?: string,
): Promise<Viewer | null> {
  const [user] = await db
    .select({
      id: appUser.id,
      practiceId: appUser.practiceId,
      name: appUser.name,
      email: appUser.email,
      isRcmStaff: appUser.isRcmStaff,
      timezone: practice.timezone,
      // As text: pg parses text[] and int4[], but hands an array of an enum back as its literal.
      roles: sql<string[]>`array(select ${userRole.role}::text from ${userRole} where ${userRole.userId} = ${appUser.id} order by 1)`,
      locationIds: sql<number[]>`array(select ${userLocation.locationId} from ${userLocation} where ${userLocation.userId} = ${appUser.id} order by 1)`,
    })
    .from(appUser)
    .innerJoin(practice, eq(practice.id, appUser.practiceId))
    .where(
      and(
        eq(appUser.id, userId),
        eq(appUser.practiceId, practiceId),
        isNull(appUser.disabledAt),
        sessionEpoch === undefined ? undefined : sql`${sessionEpochSql} = ${sessionEpoch}`,
      ),
    );
  if (!user) return null;
  const roleNames = user.roles.filter(isRole);
  return {
    userId: user.id,
    practiceId: user.practiceId,
    timezone: user.timezone,
    name: user.name,
    email: user.email,
    roles: roleNames,
    locationIds: user.locationIds,
    locationRestricted: isLocationRestricted(roleNames),
    isRcmStaff: user.isRcmStaff,
  };
}

export function viewerCan(viewer: Viewer, permission: Permission): boolean {
  return can(viewer.roles, permission);
}

export function requirePermission(viewer: Viewer, permission: Permission): void {
  if (!viewerCan(viewer, permission)) throw new AccessDenied(`You do not have access to ${permission}.`);
}
