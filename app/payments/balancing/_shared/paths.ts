import type { ReportVariant } from "@/lib/access/permissions";
import type { RawSearchParams } from "@/lib/reports/payment-balancing-query";

export function balancingPath(variant: ReportVariant): string {
  return variant === "full-access" ? "/payments/balancing/full-access" : "/payments/balancing";
}

/** The query string of a page's searchParams, repeated parameters kept in order. */
export function searchOf(params: RawSearchParams): string {
  if (params instanceof URLSearchParams) return params.toString();
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, item);
  }
  return search.toString();
}
