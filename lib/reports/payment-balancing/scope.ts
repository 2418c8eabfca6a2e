import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { AccessDenied, requirePermission, type Viewer } from "@/lib/access/viewer";
import { sqlList } from "@/lib/reports/toolkit/sql";

/*
 * Who may see what in Payment Balancing, applied by every query of the report whatever the
 * caller checked before: the viewer's practice; the variant (standard leaves out payments
 * posted by RCM staff, Full Access keeps them); and for a location-restricted viewer, only
 * their locations, in every row and total.
 */

export interface BalancingScope {
  practiceId: number;
  timezone: string;
  variant: ReportVariant;
  /** The only locations the viewer may see, or null for all of the practice's. */
  locationIds: number[] | null;
}

/** Checks the viewer may run this variant for these locations; throws AccessDenied otherwise. */
export function balancingScope(viewer: Viewer, variant: ReportVariant, requestedLocations: readonly number[] = []): BalancingScope {
  requirePermission(viewer, permissionForVariant(variant));
  if (viewer.locationRestricted) {
    const denied = requestedLocations.filter((id) => !viewer.locationIds.includes(id));
    if (denied.length > 0) {
      throw new AccessDenied(`You may run Payment Balancing only for your EMR locations (not location ${denied.join(", ")}).`);
    }
  }
  return {
    practiceId: viewer.practiceId,
    timezone: viewer.timezone,
    variant,
    locationIds: viewer.locationRestricted ? [...viewer.locationIds] : null,
  };
}

/** Practice, variant and location scope of payment `alias` (posted by app_user `posterAlias`). */
export function accessConditions(scope: BalancingScope, alias: string, posterAlias: string): SQL[] {
  const p = sql.raw(alias);
  const conditions = [sql`${p}.practice_id = ${scope.practiceId}`];
  if (scope.variant === "standard") conditions.push(sql`not ${sql.raw(posterAlias)}.is_rcm_staff`);
  if (scope.locationIds !== null) {
    conditions.push(scope.locationIds.length === 0 ? sql`false` : sql`${p}.location_id in (${sqlList(scope.locationIds)})`);
  }
  return conditions;
}

/** The viewer's locations on `column`, or `true` when they may see all of the practice's. */
export function locationScope(scope: BalancingScope, column: SQL): SQL {
  if (scope.locationIds === null) return sql`true`;
  return scope.locationIds.length === 0 ? sql`false` : sql`${column} in (${sqlList(scope.locationIds)})`;
}
