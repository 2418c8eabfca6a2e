import "server-only";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { eraExceptionsExport, eraListExport, eraRemittanceExport } from "./export";
import { parseEraExceptionsQuery, parseEraListQuery, parseEraRemittanceQuery, type EraRemittanceQuery } from "./search-params";

export function eraListExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "era-remittances",
    parse: ({ searchParams }) => parseEraListQuery(searchParams),
    plan: eraListExport,
    filters: ({ page: _page, ...filters }) => filters,
  });
}

export function eraRemittanceExportRoute(format: ExportFormat) {
  return exportRoute<EraRemittanceQuery, { id: string }>(format, {
    report: "era-remittance",
    parse: ({ routeParams, searchParams }) => parseEraRemittanceQuery(routeParams.id, searchParams),
    plan: eraRemittanceExport,
    // The export holds every claim, whatever page the screen was on.
    filters: ({ page: _page, ...filters }) => filters,
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
