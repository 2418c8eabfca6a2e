import "server-only";
import { todayIn } from "@/lib/dates";
import { parseMyActivityBatchQuery, parseMyActivityQuery } from "@/lib/reports/my-activity-query";
import { myActivityBatchesExport, myActivityBatchExport } from "./my-activity";
import { ExportRefused, exportRoute, type ExportFormat } from "./respond";

export function myActivityExportRoute(format: ExportFormat) {
  return exportRoute(format, {
    report: "my-activity",
    variant: "batches",
    async plan(db, viewer, searchParams) {
      const parsed = parseMyActivityQuery(searchParams, todayIn(viewer.timezone));
      if (!parsed.ok) throw new ExportRefused(400, parsed.message);
      return { plan: await myActivityBatchesExport(db, viewer, parsed.value), filters: parsed.value };
    },
  });
}

type BatchRouteContext = { params: Promise<{ batchNumber: string }> };

export function myActivityBatchExportRoute(format: ExportFormat) {
  return async (request: Request, context: BatchRouteContext) => {
    const { batchNumber } = await context.params;
    const handler = exportRoute(format, {
      report: "my-activity",
      variant: "batch",
      async plan(db, viewer, searchParams) {
        const parsed = parseMyActivityBatchQuery(batchNumber, searchParams);
        if (!parsed.ok) throw new ExportRefused(400, parsed.message);
        const plan = await myActivityBatchExport(db, viewer, parsed.value);
        // Another poster's batch, or one that does not exist: not found, never shown.
        if (!plan) throw new ExportRefused(404, "No batch of yours has that number.");
        const { batchNumber: batch, view, paymentId } = parsed.value;
        return { plan, filters: { batch, view, paymentId } };
      },
    });
    return handler(request);
  };
}
