import type { Option } from "@/components/reports/MultiSelect";
import type { SortColumn } from "@/lib/reports/payment-balancing/columns";

/*
 * Which URL filter each Payment Balancing column edits, apart from the filter's component
 * (ColumnFilter.tsx), which needs AG Grid's code: the grid marks its filtered headers on the
 * server's first render, before that code has loaded.
 */

export type ColumnFilterSpec =
  | { kind: "dates"; by: "deposit" | "posting" }
  | { kind: "choices"; param: string; options: readonly Option[] }
  | { kind: "list"; param: "batch" | "ref"; placeholder: string }
  | { kind: "amount" }
  | { kind: "unbalanced" };

/** The URL parameters a column's filter owns. */
export function paramsOfFilter(spec: ColumnFilterSpec): string[] {
  switch (spec.kind) {
    case "dates":
      return ["by", "from", "to"];
    case "choices":
    case "list":
      return [spec.param];
    case "amount":
      return ["min", "max"];
    case "unbalanced":
      return ["unbalanced"];
  }
}

/** Whether the URL filters this column (its header is marked). */
export function isFilterActive(spec: ColumnFilterSpec, params: URLSearchParams): boolean {
  if (spec.kind === "dates") return (params.get("by") ?? "deposit") === spec.by && (params.has("from") || params.has("to"));
  return paramsOfFilter(spec).some((name) => params.has(name));
}

/** Which URL filter each grid column edits. */
export function columnFilterSpecs(options: {
  locations: readonly Option[];
  posters: readonly Option[];
  payers: readonly Option[];
  payerTypes: readonly Option[];
  methods: readonly Option[];
  sources: readonly Option[];
}): Partial<Record<SortColumn, ColumnFilterSpec>> {
  return {
    deposit_date: { kind: "dates", by: "deposit" },
    posted_at: { kind: "dates", by: "posting" },
    poster: { kind: "choices", param: "poster", options: options.posters },
    batch: { kind: "list", param: "batch", placeholder: "Batch numbers" },
    location: { kind: "choices", param: "location", options: options.locations },
    payer: { kind: "choices", param: "payer", options: options.payers },
    payer_type: { kind: "choices", param: "payer_type", options: options.payerTypes },
    method: { kind: "choices", param: "method", options: options.methods },
    reference_number: { kind: "list", param: "ref", placeholder: "Reference numbers" },
    amount: { kind: "amount" },
    unapplied: { kind: "unbalanced" },
    source: { kind: "choices", param: "source", options: options.sources },
  };
}
