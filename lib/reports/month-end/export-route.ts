import "server-only";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { breakdownExport } from "./export";
import { parseBreakdownQuery, type BreakdownQuery } from "./search-params";

export function breakdownExportRoute(format: ExportFormat) {
  return exportRoute<BreakdownQuery, { month: string }>(format, {
    report: "month-end-breakdown",
    parse: ({ routeParams, searchParams }) => parseBreakdownQuery(routeParams.month, searchParams),
    plan: breakdownExport,
    filters: ({ month, groups, variant }) => ({ month: month.month, groups, variant }),
  });
}
