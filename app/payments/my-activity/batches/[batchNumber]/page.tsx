import { ExportButtons } from "@/components/export/ExportButtons";
import Link from "next/link";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb, getReportDb } from "@/db/app-database";
import { BatchHeader, Breadcrumbs, type Crumb } from "@/components/my-activity/BatchHeader";
import { MyActivityByCheckGrid } from "@/components/my-activity/MyActivityByCheckGrid";
import { MyActivityLinesGrid } from "@/components/my-activity/MyActivityLinesGrid";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { myActivityBatchByCheck, myActivityPaymentLines } from "@/lib/reports/my-activity";
import {
  myActivityBatchHref,
  myActivityReportHref,
  parseMyActivityBatchQuery,
  reportParamsOf,
  type MyActivityBatchQuery,
} from "@/lib/reports/my-activity-query";

export const metadata = { title: "Batch · My Payment Activity · Payment Balancing" };

type SearchParams = Record<string, string | string[] | undefined>;

function searchOf(params: SearchParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const item of [value ?? []].flat()) search.append(key, item);
  return search.toString();
}

async function recordRun(viewer: Viewer, query: MyActivityBatchQuery, rowCount: number) {
  await recordAudit(await getDb(), {
    practiceId: viewer.practiceId,
    userId: viewer.userId,
    action: "report_run",
    details: {
      report: "my-activity",
      variant: query.view === "check" ? "by-check" : query.view === "all" ? "all-lines" : "payment-lines",
      filters: { batch: query.batchNumber, view: query.view, payment: query.paymentId },
      rowCount,
    },
  });
}

export default async function MyActivityBatchPage({
  params,
  searchParams,
}: {
  params: Promise<{ batchNumber: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { batchNumber: segment } = await params;
  const search = await searchParams;
  const viewer = await currentViewer();
  if (!viewer) {
    const here = `/payments/my-activity/batches/${encodeURIComponent(segment)}?${searchOf(search)}`;
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(here)}`);
  }
  if (!viewerCan(viewer, "myActivity")) forbidden();

  const parsed = parseMyActivityBatchQuery(segment, search);
  if (!parsed.ok) {
    return (
      <>
        <Breadcrumbs crumbs={[{ label: "My Payment Activity", href: myActivityReportHref(reportParamsOf(search)) }]} />
        <section className="notice notice-error" role="alert">
          <p>{parsed.message}</p>
        </section>
      </>
    );
  }
  const query = parsed.value;
  const { batchNumber, reportParams } = query;
  const reportSearch = reportParams.toString();
  const reportCrumb: Crumb = { label: "My Payment Activity", href: myActivityReportHref(reportParams) };
  const byCheckLabel = `Batch ${batchNumber} · By Check`;
  const db = await getReportDb();

  if (query.view === "check") {
    const result = await myActivityBatchByCheck(db, viewer, batchNumber);
    if (!result) notFound();
    await recordRun(viewer, query, result.rows.length);
    return (
      <>
        <Breadcrumbs crumbs={[reportCrumb, { label: byCheckLabel }]} />
        <h1>Batch {batchNumber} · By Check</h1>
        <BatchHeader batch={result.batch} payment={null} timezone={result.timezone} />
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
          reportSearch={reportSearch}
        />
      </>
    );
  }

  const result = await myActivityPaymentLines(db, viewer, batchNumber, query.view === "all" ? "all" : query.paymentId!);
  if (!result) notFound();
  await recordRun(viewer, query, result.rows.length);
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
