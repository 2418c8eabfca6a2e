import "server-only";
import { MyActivityBatch, MyActivityBatchMessage, type MyActivityBatchView } from "@/components/my-activity/MyActivityBatch";
import { MyActivityMessage, MyActivityReport } from "@/components/my-activity/MyActivityReport";
import { BatchStateControl } from "@/components/posting/BatchStateControl";
import { closeBatchAction, reopenBatchAction } from "@/app/payments/post/actions";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { mayCloseBatch } from "@/lib/posting/batch-state";
import { reportPage } from "@/lib/reports/toolkit/report-page";
import { myActivityBatches } from "./batches";
import { myActivityBatchByCheck, type MyActivityByCheckResult } from "./by-check";
import { myActivityPaymentLines } from "./lines";
import { MY_ACTIVITY_PATH, parseMyActivityBatchQuery, parseMyActivityQuery, type MyActivityBatchQuery } from "./search-params";

/** /payments/my-activity: the viewer's batches in a date range, or one batch by number. */
export const myActivityPage = reportPage({
  report: "my-activity",
  permission: "myActivity",
  path: () => MY_ACTIVITY_PATH,
  parse: ({ searchParams, today }) => parseMyActivityQuery(searchParams, today),
  run: myActivityBatches,
  audit: (query, result) => ({ variant: "batches", filters: query, rowCount: result.rows.length }),
  render: ({ request, query, result }) => <MyActivityReport request={request} query={query} result={result} />,
  renderMessage: ({ request, query, message }) => <MyActivityMessage request={request} query={query} message={message} />,
});

/** Close (the batch's poster or a Billing Admin) and Reopen (a Billing Admin). */
function stateControlOf(viewer: Viewer, { batch, timezone }: MyActivityByCheckResult) {
  return (
    <BatchStateControl
      batchNumber={batch.batchNumber}
      closedAt={batch.closedAt}
      timezone={timezone}
      mayClose={mayCloseBatch(viewer, batch.createdBy)}
      mayReopen={viewerCan(viewer, "reopenBatch")}
      closeBatch={closeBatchAction}
      reopenBatch={reopenBatchAction}
    />
  );
}

const AUDIT_VARIANTS: Record<MyActivityBatchQuery["view"], string> = {
  check: "by-check",
  all: "all-lines",
  payment: "payment-lines",
};

/** /payments/my-activity/batches/<number>: one of the viewer's batches By Check, or its lines; another's is not found. */
export const myActivityBatchPage = reportPage<{ batchNumber: string }, MyActivityBatchQuery, MyActivityBatchView>({
  report: "my-activity",
  permission: "myActivity",
  path: ({ batchNumber }) => `${MY_ACTIVITY_PATH}/batches/${encodeURIComponent(batchNumber)}`,
  parse: ({ routeParams, searchParams }) => parseMyActivityBatchQuery(routeParams.batchNumber, searchParams),
  async run(db, viewer, query) {
    if (query.view === "check") {
      const result = await myActivityBatchByCheck(db, viewer, query.batchNumber);
      return result && { view: "check", result };
    }
    const result = await myActivityPaymentLines(db, viewer, query.batchNumber, query.view === "all" ? "all" : query.paymentId!);
    return result && { view: "lines", result };
  },
  audit: (query, batch) => ({
    variant: AUDIT_VARIANTS[query.view],
    filters: { batch: query.batchNumber, view: query.view, payment: query.paymentId },
    rowCount: batch.result.rows.length,
  }),
  render: ({ request, query, result }) => (
    <MyActivityBatch query={query} batch={result} stateControl={result.view === "check" && stateControlOf(request.viewer, result.result)} />
  ),
  renderMessage: ({ request, message }) => <MyActivityBatchMessage request={request} message={message} />,
});
