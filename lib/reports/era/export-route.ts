import "server-only";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { eraExceptionsExport, eraListExport, eraRemittanceExport } from "./export";
import { parseEraExceptionsQuery, parseEraListQuery, parseEraRemittanceId } from "./search-params";

export function eraListExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "era-remittances",
    parse: ({ searchParams }) => parseEraListQuery(searchParams),
    plan: eraListExport,
    filters: ({ page: _page, ...filters }) => filters,
  });
}

export function eraRemittanceExportRoute(format: ExportFormat) {
  return exportRoute<{ remittanceId: number }, { id: string }>(format, {
    report: "era-remittance",
    parse: ({ routeParams }) => parseEraRemittanceId(routeParams.id),
    plan: eraRemittanceExport,
    filters: (query) => query,
    notFound: "No remittance of this practice has that number.",
  });
}

export function eraExceptionsExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "era-exceptions",
    parse: ({ searchParams }) => parseEraExceptionsQuery(searchParams),
    plan: eraExceptionsExport,
    filters: ({ page: _page, ...filters }) => filters,
  });
}
