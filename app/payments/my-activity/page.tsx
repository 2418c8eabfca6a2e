import { forbidden, redirect } from "next/navigation";
import { getDb, getReportDb } from "@/db/app-database";
import { ExportButtons } from "@/components/export/ExportButtons";
import { MyActivityBatchesGrid } from "@/components/my-activity/MyActivityBatchesGrid";
import { MyActivityFilterBar, type MyActivityFilterValues } from "@/components/my-activity/MyActivityFilterBar";
import { viewerCan } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { todayIn } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import { myActivityBatches } from "@/lib/reports/my-activity";
import {
  describeMyActivityQuery,
  myActivityReportHref,
  parseMyActivityQuery,
  reportParamsOf,
  type MyActivityQuery,
} from "@/lib/reports/my-activity-query";

export const metadata = { title: "My Payment Activity · Payment Balancing" };

type SearchParams = Record<string, string | string[] | undefined>;

function filterValuesOf(query: MyActivityQuery): MyActivityFilterValues {
  return query.kind === "batch"
    ? { by: query.by, from: "", to: "", batch: query.batch }
    : { by: query.by, from: query.from, to: query.to, batch: "" };
}

export default async function MyActivityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const reportParams = reportParamsOf(params);
  const viewer = await currentViewer();
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(myActivityReportHref(reportParams))}`);
  if (!viewerCan(viewer, "myActivity")) forbidden();

  const today = todayIn(viewer.timezone);
  const parsed = parseMyActivityQuery(params, today);
  const heading = (
    <>
      <h1>My Payment Activity</h1>
      <p style={{ color: "var(--muted)", fontSize: "0.85rem" }}>Only the payments you posted. Posting times are shown in {viewer.timezone}.</p>
    </>
  );
  if (!parsed.ok) {
    return (
      <>
        {heading}
        <MyActivityFilterBar initial={{ by: "deposit", from: today, to: today, batch: "" }} today={today} />
        <section className="notice notice-error" role="alert">
          <p>{parsed.message}</p>
        </section>
      </>
    );
  }

  const query = parsed.value;
  const { rows, totals, timezone } = await myActivityBatches(await getReportDb(), viewer, query);
  await recordAudit(await getDb(), {
    practiceId: viewer.practiceId,
    userId: viewer.userId,
    action: "report_run",
    details: { report: "my-activity", variant: "batches", filters: query, rowCount: rows.length },
  });

  const searched = describeMyActivityQuery(query);
  return (
    <>
      {heading}
      {/* Keyed by the URL, so Back and Forward show the filters of the report on screen. */}
      <MyActivityFilterBar
        key={reportParams.toString()}
        initial={filterValuesOf(query)}
        today={today}
        datesInUrl={reportParams.has("from") || reportParams.has("to")}
      />
      {rows.length === 0 ? (
        <section className="notice" role="status">
          <p>No payments posted by you for {searched}.</p>
        </section>
      ) : (
        <>
          <div className="toolbar" role="status">
            <span>
              {query.kind === "batch"
                ? `Your payments in batch ${query.batch}`
                : `${totals.batches} ${totals.batches === 1 ? "batch" : "batches"} for ${searched}, newest first`}
            </span>
            <span>Posted {formatUsd(totals.postedTotalCents)}</span>
            <span className={totals.outOfBalance === 0 ? "balanced" : "out-of-balance"}>
              {totals.outOfBalance === 0 ? "✓ All balanced" : `✗ ${totals.outOfBalance} out of balance`}
            </span>
            <ExportButtons />
          </div>
          <MyActivityBatchesGrid rows={rows} totals={totals} timezone={timezone} reportSearch={reportParams.toString()} />
          <p style={{ color: "var(--muted)", fontSize: "0.85rem" }}>
            Open a batch (double-click, Enter, or its number) to see it By Check. A batch with a control total is
            balanced when the difference is $0.00; one without a control total is balanced when nothing is unapplied.
          </p>
        </>
      )}
    </>
  );
}
