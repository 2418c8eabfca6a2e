import type { ReportVariant } from "@/lib/access/permissions";
import { withSearch } from "@/lib/reports/toolkit/search-params";

export function balancingPath(variant: ReportVariant): string {
  return variant === "full-access" ? "/payments/balancing/full-access" : "/payments/balancing";
}

/** The other variant with the same report URL query, so a switch keeps every filter, grouping and sort. */
export function variantSwitchHref(variant: ReportVariant, search: string | URLSearchParams): string {
  return withSearch(balancingPath(variant), search);
}

/** Which variant a path is of (its report or a payment drill-down), or null off Payment Balancing. */
export function variantOfPath(pathname: string): ReportVariant | null {
  if (pathname === balancingPath("full-access") || pathname.startsWith(`${balancingPath("full-access")}/`)) return "full-access";
  if (pathname === balancingPath("standard") || pathname.startsWith(`${balancingPath("standard")}/`)) return "standard";
  return null;
}
