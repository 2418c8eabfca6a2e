import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import type { ColumnSpec } from "@/lib/reports/toolkit/columns";
import type { BreakdownDimension } from "./search-params";

/*
 * One line of the Month-End Payments Breakdown: its keys at the grain the URL asked for (the
 * others absent), the frozen totals beside the live ones, and whether they agree.
 */
export interface BreakdownRow {
  depositDate?: string;
  location?: string;
  payerType?: string;
  method?: string;
  source?: string;
  poster?: string;
  frozenCount: number;
  frozenTotalCents: number;
  liveCount: number;
  liveTotalCents: number;
  /** live − frozen. */
  differenceCents: number;
  status: string;
}

export const EQUAL = "Equal";
export const DIFFERS = "Differs";

const DIMENSION_COLUMNS: Record<BreakdownDimension, ColumnSpec<BreakdownRow>> = {
  deposit_date: { key: "depositDate", header: "Deposit date", kind: "date" },
  location: { key: "location", header: "Location", kind: "text" },
  payer_type: { key: "payerType", header: "Payer type", kind: "text", labels: PAYER_TYPE_LABELS },
  method: { key: "method", header: "Method", kind: "text", labels: METHOD_LABELS },
  source: { key: "source", header: "Source", kind: "text", labels: SOURCE_LABELS },
  poster: { key: "poster", header: "Poster", kind: "text" },
};

const MEASURE_COLUMNS: ReadonlyArray<ColumnSpec<BreakdownRow>> = [
  { key: "frozenCount", header: "Payments (frozen)", kind: "count" },
  { key: "frozenTotalCents", header: "Posted total (frozen)", kind: "money" },
  { key: "liveCount", header: "Payments (live)", kind: "count" },
  { key: "liveTotalCents", header: "Posted total (live)", kind: "money" },
  { key: "differenceCents", header: "Difference (live − frozen)", kind: "money" },
  { key: "status", header: "Frozen vs live", kind: "text" },
];

/** The columns of a breakdown at these dimensions: the grid's and both files'. */
export function breakdownColumns(groups: readonly BreakdownDimension[]): ColumnSpec<BreakdownRow>[] {
  return [...groups.map((group) => DIMENSION_COLUMNS[group]), ...MEASURE_COLUMNS];
}
