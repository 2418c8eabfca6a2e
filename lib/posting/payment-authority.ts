import "server-only";
import { viewerCan, type Viewer } from "@/lib/access/viewer";

/*
 * Who may act on a posted payment (issue 24), one rule for the data layer and for the screens
 * that offer the buttons:
 * - void it: the poster of its batch; or whoever holds "voidAnyPayment" (Billing Admin), for any
 *   payment of the practice;
 * - apply its unapplied money to charges: the same people, and, for a payment in a batch the
 *   system made (the EMR integration's EMR-… batches, created by "Integration Import"), any
 *   poster: front-desk collections always arrive unapplied and no person owns their batch.
 * Beyond their own batches, a location-restricted viewer acts only on payments at their own
 * locations, whatever else they hold. Everyone needs postPayments.
 */

export interface PaymentOwnership {
  /** The payment's location (the clinic of its batch, or of its claim for an ERA payment). */
  locationId: number;
  /** Who created the payment's batch. */
  batchCreatedBy: number;
  /** Whether that was a system user (the EMR integration). */
  batchBySystem: boolean;
}

function withinLocations(viewer: Viewer, payment: PaymentOwnership): boolean {
  return !viewer.locationRestricted || viewer.locationIds.includes(payment.locationId);
}

export function mayVoidPayment(viewer: Viewer, payment: PaymentOwnership): boolean {
  if (!viewerCan(viewer, "postPayments")) return false;
  if (payment.batchCreatedBy === viewer.userId) return true;
  return viewerCan(viewer, "voidAnyPayment") && withinLocations(viewer, payment);
}

export function mayApplyPayment(viewer: Viewer, payment: PaymentOwnership): boolean {
  if (mayVoidPayment(viewer, payment)) return true;
  return payment.batchBySystem && viewerCan(viewer, "postPayments") && withinLocations(viewer, payment);
}
