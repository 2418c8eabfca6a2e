import "server-only";
import type { Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { inReadSnapshot } from "@/lib/reports/toolkit/read-snapshot";
import { ALL_PAYMENTS_LABEL, type MyActivityCheckRow } from "./columns";
import { batchSummary, checkRows, type MyActivityBatchSummary } from "./batch";

export interface MyActivityByCheckResult {
  batch: MyActivityBatchSummary;
  rows: MyActivityCheckRow[];
  /** The All line: the batch totals over the viewer's payments. */
  totals: MyActivityCheckRow & { payments: number };
  timezone: string;
}

/**
 * One batch By Check: the viewer's payments in it, newest first, and the All line with the
 * batch totals. Null when the viewer posted nothing in a batch of that number in their practice.
 */
export async function myActivityBatchByCheck(
  db: Database,
  viewer: Viewer,
  batchNumber: string,
): Promise<MyActivityByCheckResult | null> {
  requirePermission(viewer, "myActivity");
  return inReadSnapshot(db, async (tx) => {
    const batch = await batchSummary(tx, viewer, batchNumber);
    if (!batch) return null;
    return {
      batch,
      rows: await checkRows(tx, viewer, batchNumber, null),
      totals: {
        paymentId: null,
        reference: ALL_PAYMENTS_LABEL,
        payerOrPatient: `${batch.payments} ${batch.payments === 1 ? "payment" : "payments"}`,
        method: "",
        amountCents: batch.postedTotalCents,
        appliedCents: batch.appliedCents,
        unappliedCents: batch.unappliedCents,
        postedAt: null,
        payments: batch.payments,
      },
      timezone: viewer.timezone,
    };
  });
}
