import "server-only";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { todayIn } from "@/lib/dates";
import { monthLabel } from "@/lib/posting/closed-period";
import { MonthEndError } from "./errors";
import { hasEnded, ledgerMonth, notAMonthMessage, type LedgerMonth } from "./month";

/**
 * The month a close or reopen names, once the viewer may close months: 400 for no month,
 * 422 for one that has not ended in the practice's timezone (the current one, or a future one).
 */
export function closableMonth(viewer: Viewer, monthText: string): LedgerMonth {
  requirePermission(viewer, "closeMonth");
  const month = ledgerMonth(monthText);
  if (!month) throw new MonthEndError(400, notAMonthMessage(monthText));
  const today = todayIn(viewer.timezone);
  if (!hasEnded(month, today)) {
    const when = month.firstDay <= today ? "has not ended yet" : "is in the future";
    throw new MonthEndError(422, `${monthLabel(month.month)} ${when}: a month can be closed once its last day is over.`);
  }
  return month;
}
