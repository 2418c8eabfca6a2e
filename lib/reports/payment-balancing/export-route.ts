import "server-only";
import type { ReportVariant } from "@/lib/access/permissions";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { paymentBalancingExport } from "./export";
import { filtersForAudit, parsePaymentBalancingQuery } from "./search-params";

export function paymentBalancingExportRoute(variant: ReportVariant, format: ExportFormat) {
  return exportRoute(format, {
    report: "payment-balancing",
    variant,
    parse: ({ searchParams, today }) => parsePaymentBalancingQuery(searchParams, { today }),
    plan: (db, viewer, query) => paymentBalancingExport(db, viewer, variant, query),
    filters: filtersForAudit,
  });
}
