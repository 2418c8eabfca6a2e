import { formatUsDate } from "@/lib/dates";
import { groupValueLabel } from "@/lib/reports/payment-balancing/group-labels";
import type { GroupDimension } from "@/lib/reports/payment-balancing/search-params";

/** How a group key's label reads on screen (the server sends raw enum values and ISO dates). */
export function groupLabelText(dimension: GroupDimension | undefined, label: string): string {
  if (dimension === undefined) return label;
  if (dimension === "deposit_date" || dimension === "posting_date") return formatUsDate(label);
  return groupValueLabel(dimension, label);
}
