import { formatUsDate } from "@/lib/dates";
import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/reports/payment-balancing-columns";
import type { GroupDimension } from "@/lib/reports/payment-balancing-query";

/** How a group key's label reads on screen (the server sends raw enum values and ISO dates). */
export function groupLabelText(dimension: GroupDimension | undefined, label: string): string {
  switch (dimension) {
    case "deposit_date":
    case "posting_date":
      return formatUsDate(label);
    case "payer_type":
      return PAYER_TYPE_LABELS[label] ?? label;
    case "method":
      return METHOD_LABELS[label] ?? label;
    case "source":
      return SOURCE_LABELS[label] ?? label;
    default:
      return label;
  }
}
