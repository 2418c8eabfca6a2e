import "server-only";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { auditLogExport } from "./export";
import { parseAuditLogQuery } from "./search-params";

export function auditLogExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "audit-log",
    parse: ({ searchParams, today }) => parseAuditLogQuery(searchParams, { today }),
    plan: auditLogExport,
    filters: ({ page: _page, ...filters }) => filters,
  });
}
