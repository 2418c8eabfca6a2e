import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import type { GroupDimension } from "./search-params";

/*
 * The words for a group's raw key (an enum value), shared by the grid's group rows and the
 * exports' group rows. Dates stay ISO here: the grid writes them as the user reads dates,
 * a file keeps them sortable.
 */
const GROUP_VALUE_LABELS: Partial<Record<GroupDimension, Readonly<Record<string, string>>>> = {
  payer_type: PAYER_TYPE_LABELS,
  method: METHOD_LABELS,
  source: SOURCE_LABELS,
};

export function groupValueLabel(dimension: GroupDimension, label: string): string {
  return GROUP_VALUE_LABELS[dimension]?.[label] ?? label;
}
