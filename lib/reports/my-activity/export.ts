import "server-only";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import type { ExportPlan } from "@/lib/export/plan";
import { exportColumnsOf } from "@/lib/reports/toolkit/columns";
import { myActivityBatches } from "./batches";
import { myActivityBatchByCheck } from "./by-check";
import { BATCH_COLUMNS, CHECK_COLUMNS, LINE_COLUMNS } from "./columns";
import { myActivityPaymentLines } from "./lines";
import type { MyActivityBatchQuery, MyActivityQuery } from "./search-params";

/*
 * My Payment Activity views as files, row for row as the grid shows them. A poster's own
 * postings are bounded (a batch, or at most 366 days of one person's work), so these come
 * from the report functions in one piece rather than streamed.
 */

async function* once(rows: object[]): AsyncGenerator<Record<string, unknown>[]> {
  yield rows as Record<string, unknown>[];
}

export async function myActivityBatchesExport(db: Database, viewer: Viewer, query: MyActivityQuery): Promise<ExportPlan> {
  const { rows, totals } = await myActivityBatches(db, viewer, query);
  const range = query.kind === "batch" ? ["batch", query.batch] : [query.by, query.from, query.to];
  return {
    columns: exportColumnsOf(BATCH_COLUMNS),
    batches: once([...rows, totals]),
    sheetName: "My Payment Activity",
    filenameParts: ["my-payment-activity", ...range],
    rowCount: rows.length + 1,
  };
}

/** By Check (the All line first, as pinned on screen), or the lines of the batch or one payment; null when not the viewer's. */
export async function myActivityBatchExport(
  db: Database,
  viewer: Viewer,
  batchQuery: MyActivityBatchQuery,
): Promise<ExportPlan | null> {
  const { batchNumber, view, paymentId } = batchQuery;
  if (view === "check") {
    const result = await myActivityBatchByCheck(db, viewer, batchNumber);
    if (!result) return null;
    return {
      columns: exportColumnsOf(CHECK_COLUMNS),
      batches: once([result.totals, ...result.rows]),
      sheetName: `Batch ${batchNumber} by check`,
      filenameParts: ["my-payment-activity", "batch", batchNumber, "by-check"],
      rowCount: result.rows.length + 1,
    };
  }
  const result = await myActivityPaymentLines(db, viewer, batchNumber, view === "payment" && paymentId ? paymentId : "all");
  if (!result) return null;
  return {
    columns: exportColumnsOf(LINE_COLUMNS),
    batches: once([...result.rows, result.totals]),
    sheetName: `Batch ${batchNumber} lines`,
    filenameParts: ["my-payment-activity", "batch", batchNumber, view === "payment" ? `payment-${paymentId}` : "all-lines"],
    rowCount: result.rows.length + 1,
  };
}
