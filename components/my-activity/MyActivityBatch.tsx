import Link from "next/link";
import type { ReactNode } from "react";
import { BatchHeader, Breadcrumbs, type Crumb } from "@/components/my-activity/BatchHeader";
import { MyActivityByCheckGrid } from "@/components/my-activity/MyActivityByCheckGrid";
import { MyActivityLinesGrid } from "@/components/my-activity/MyActivityLinesGrid";
import { ExportButtons } from "@/components/reports/ExportButtons";
import type { PageRequest } from "@/lib/http/viewer-page";
import type { MyActivityByCheckResult } from "@/lib/reports/my-activity/by-check";
import type { MyActivityPaymentLinesResult } from "@/lib/reports/my-activity/lines";
import {
  myActivityBatchHref,
  myActivityReportHref,
  reportParamsOf,
  type MyActivityBatchQuery,
} from "@/lib/reports/my-activity/search-params";

export type MyActivityBatchView =
  | { view: "check"; result: MyActivityByCheckResult }
  | { view: "lines"; result: MyActivityPaymentLinesResult };

/** A bad drill-down link: the way back to the report, and the message. */
export function MyActivityBatchMessage({ request, message }: { request: PageRequest<unknown>; message: string }) {
  return (
    <>
      <Breadcrumbs crumbs={[{ label: "My Payment Activity", href: myActivityReportHref(reportParamsOf(request.searchParams)) }]} />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

/** `stateControl`: the batch's state and its Close/Reopen button, shown By Check. */
export function MyActivityBatch({
  query,
  batch,
  stateControl,
}: {
  query: MyActivityBatchQuery;
  batch: MyActivityBatchView;
  stateControl?: ReactNode;
}) {
  const { batchNumber, reportParams } = query;
  const reportCrumb: Crumb = { label: "My Payment Activity", href: myActivityReportHref(reportParams) };
  const byCheckLabel = `Batch ${batchNumber} · By Check`;

  if (batch.view === "check") {
    const { result } = batch;
    return (
      <>
        <Breadcrumbs crumbs={[reportCrumb, { label: byCheckLabel }]} />
        <h1>Batch {batchNumber} · By Check</h1>
        <BatchHeader batch={result.batch} payment={null} timezone={result.timezone} />
        {stateControl}
        <div className="toolbar">
          <span>
            Double-click <strong>All</strong> (or press Enter on it) to see every payment line by patient and CPT code;
            double-click a payment for its lines only.
          </span>
          <Link href={myActivityBatchHref(batchNumber, { view: "all" }, reportParams)}>Open All</Link>
          <ExportButtons />
        </div>
        <MyActivityByCheckGrid
          batchNumber={batchNumber}
          rows={result.rows}
          all={result.totals}
          timezone={result.timezone}
          reportSearch={reportParams.toString()}
        />
      </>
    );
  }

  const { result } = batch;
  const title = result.payment ? `Payment ${result.payment.reference}` : "All payment lines";
  return (
    <>
      <Breadcrumbs
        crumbs={[
          reportCrumb,
          { label: byCheckLabel, href: myActivityBatchHref(batchNumber, { view: "check" }, reportParams) },
          { label: title },
        ]}
      />
      <h1>
        Batch {batchNumber} · {title}
      </h1>
      <BatchHeader batch={result.batch} payment={result.payment} timezone={result.timezone} />
      {result.rows.length === 0 ? (
        <section className="notice" role="status">
          <p>
            {result.payment
              ? "This payment has not been applied to any charge yet: all of it is unapplied."
              : "No payment in this batch has been applied to a charge yet."}
          </p>
        </section>
      ) : (
        <>
          <div className="toolbar">
            <ExportButtons />
          </div>
          <MyActivityLinesGrid rows={result.rows} totals={result.totals} timezone={result.timezone} />
        </>
      )}
    </>
  );
}
