import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Viewer } from "@/lib/access/viewer";
import { sqlList } from "@/lib/reports/toolkit/sql";
import { OTHER_LOCATION_PATIENT } from "./columns";

/*
 * Who may see what of the ERA screens.
 *
 * Permission: "postPayments" (DESIGN's role table: who may post payments may import ERAs,
 * read them and resolve their exceptions). Every function here and in the sibling files calls
 * requirePermission itself and applies the practice in its own SQL.
 *
 * Location-restricted viewers (Front Office Billing - EMR Access Restriction): a remittance is
 * one check or EFT from a payer, so they see every remittance, its totals and its balance, as
 * the batch is balanced as a whole. But a claim row (and an exception) whose money sits at a
 * location outside their scope (the payment holding the claim's money: the claim's location,
 * or the practice's first location for a claim the practice does not know) does not name its
 * patient: it shows "Patient at another location", as Payment Balancing's drill-down does.
 * The charges they may choose when resolving an exception are those at their own locations.
 */

/** Whether the payment `payment` (an alias) sits at a location the viewer sees patients of. */
export function patientVisible(viewer: Viewer, payment: string): SQL {
  if (!viewer.locationRestricted) return sql`true`;
  if (viewer.locationIds.length === 0) return sql`false`;
  return sql`${sql.raw(payment)}.location_id in (${sqlList(viewer.locationIds)})`;
}

/** `name` when the viewer sees the patient of payment `payment`, else OTHER_LOCATION_PATIENT. */
export function scopedPatient(viewer: Viewer, payment: string, name: SQL): SQL {
  if (!viewer.locationRestricted) return sql`coalesce(${name}, '')`;
  return sql`case when ${patientVisible(viewer, payment)} then coalesce(${name}, '') else ${OTHER_LOCATION_PATIENT} end`;
}

/** Charges (alias `charge`) the viewer may choose or see by name. */
export function chargeVisible(viewer: Viewer, charge: string): SQL {
  if (!viewer.locationRestricted) return sql`true`;
  if (viewer.locationIds.length === 0) return sql`false`;
  return sql`${sql.raw(charge)}.location_id in (${sqlList(viewer.locationIds)})`;
}
