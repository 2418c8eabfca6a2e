import type { ReportVariant } from "@/lib/access/permissions";
import type { Blocker } from "@/lib/month-end/blockers";
import { balancingPath } from "@/lib/reports/payment-balancing/paths";
import { eraRemittancePath } from "@/lib/reports/era/search-params";

/*
 * Where each blocker is dealt with. A batch opens in Payment Balancing on its deposit date,
 * filtered to it (My Payment Activity and the posting screen show a poster only their own
 * batches); an ERA exception opens on its remittance, which links to the worklist. Pure.
 */
export function blockerHref(blocker: Blocker, variant: ReportVariant): string {
  if (blocker.kind === "open_era_exception") return eraRemittancePath(blocker.remittanceId);
  const search = new URLSearchParams({ by: "deposit", from: blocker.depositDate, to: blocker.depositDate, batch: blocker.batchNumber });
  return `${balancingPath(variant)}?${search.toString()}`;
}
