import "server-only";
import { exportRoute, type ExportFormat } from "@/lib/export/respond";
import { myActivityBatchesExport, myActivityBatchExport } from "./export";
import { parseMyActivityBatchQuery, parseMyActivityQuery } from "./search-params";

export function myActivityExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "my-activity",
    variant: "batches",
    parse: ({ searchParams, today }) => parseMyActivityQuery(searchParams, today),
    plan: myActivityBatchesExport,
    filters: (query) => query,
  });
}

export function myActivityBatchExportRoute(format: ExportFormat) {
  return exportRoute<Parameters<typeof myActivityBatchExport>[2], { batchNumber: string }>(format, {
    report: "my-activity",
    variant: "batch",
    parse: ({ searchParams, routeParams }) => parseMyActivityBatchQuery(routeParams.batchNumber, searchParams),
    // Another poster's batch, or one that does not exist: not found, never shown.
    plan: myActivityBatchExport,
    notFound: "No batch of yours has that number.",
    filters: ({ batchNumber, view, paymentId }) => ({ batch: batchNumber, view, paymentId }),
  });
}
