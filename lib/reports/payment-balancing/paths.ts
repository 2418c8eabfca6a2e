import type { ReportVariant } from "@/lib/access/permissions";

export function balancingPath(variant: ReportVariant): string {
  return variant === "full-access" ? "/payments/balancing/full-access" : "/payments/balancing";
}
