import "server-only";
import type { ReportVariant } from "@/lib/access/permissions";
import { todayIn } from "@/lib/dates";
import { filtersForAudit, parsePaymentBalancingQuery } from "@/lib/reports/payment-balancing-query";
import { paymentBalancingExport } from "./payment-balancing";
import { ExportRefused, exportRoute, type ExportFormat } from "./respond";

export function paymentBalancingExportRoute(variant: ReportVariant, format: ExportFormat) {
  return exportRoute(format, {
    report: "payment-balancing",
    variant,
    async plan(db, viewer, searchParams) {
      const parsed = parsePaymentBalancingQuery(searchParams, { today: todayIn(viewer.timezone) });
      if (!parsed.ok) throw new ExportRefused(400, parsed.message);
      const plan = await paymentBalancingExport(db, viewer, variant, parsed.query);
      return { plan, filters: filtersForAudit(parsed.query) };
    },
  });
}
