import type { GridOptions } from "ag-grid-community";
import { formatUsd, parseDollars } from "@/lib/money";

/**
 * Column types every report shares: money in dollars (negatives in red), counts, text. Plain
 * data, apart from AG Grid's code, so the server's preview of a grid formats cells the same way.
 */
export const reportColumnTypes: GridOptions["columnTypes"] = {
  money: {
    cellClass: "ag-right-aligned-cell",
    headerClass: "ag-right-aligned-header",
    filter: "agNumberColumnFilter",
    valueFormatter: (p) => (typeof p.value === "number" ? formatUsd(p.value) : ""),
    // Filters and sorts work on cents; the filter box takes dollars.
    filterParams: { numberParser: (text: string | null) => (text ? parseDollars(text) : null) },
    cellClassRules: { "money-negative": (p) => typeof p.value === "number" && p.value < 0 },
    width: 130,
  },
  count: {
    cellClass: "ag-right-aligned-cell",
    headerClass: "ag-right-aligned-header",
    filter: "agNumberColumnFilter",
    width: 110,
  },
  text: { filter: "agTextColumnFilter" },
};
