import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import type { ReportVariant } from "@/lib/access/permissions";
import { balancingScope, locationScope, type BalancingScope } from "@/lib/reports/payment-balancing/scope";

/*
 * Who sees what of a month: Payment Balancing's scope, whatever the page checked. Standard
 * leaves out what RCM staff posted, Full Access keeps it (each needs its permission), and a
 * location-restricted viewer sees only their locations, in every line and total, frozen or live.
 */

/** The variant asked for, or the widest the viewer may see. */
export function monthEndScope(viewer: Viewer, asked: ReportVariant | null): BalancingScope {
  const variant = asked ?? (viewerCan(viewer, "paymentBalancingFullAccess") ? "full-access" : "standard");
  return balancingScope(viewer, variant);
}

/** The scope over rows `alias` at the breakdown's grain (frozen or live): location, and RCM staff for standard. */
export function grainScope(scope: BalancingScope, alias: string): SQL {
  const row = sql.raw(alias);
  const rcm = scope.variant === "standard" ? sql`not ${row}.by_rcm_staff` : sql`true`;
  return sql`${locationScope(scope, sql`${row}.location_id`)} and ${rcm}`;
}
