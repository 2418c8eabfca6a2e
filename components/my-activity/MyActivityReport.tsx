import { MyActivityBatchesGrid } from "@/components/my-activity/MyActivityBatchesGrid";
import { MyActivityFilterBar, type MyActivityFilterValues } from "@/components/my-activity/MyActivityFilterBar";
import { ExportButtons } from "@/components/reports/ExportButtons";
import type { PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import type { MyActivityBatchesResult } from "@/lib/reports/my-activity/batches";
import { describeMyActivityQuery, reportParamsOf, type MyActivityQuery } from "@/lib/reports/my-activity/search-params";
import { BALANCE_RULE_TEXT } from "@/lib/reports/toolkit/balance-rule";

type Request = PageRequest<unknown>;

function filterValuesOf(query: MyActivityQuery): MyActivityFilterValues {
  const batchState = query.batchState ?? "";
  return query.kind === "batch"
    ? { by: query.by, from: "", to: "", batch: query.batch, batchState }
    : { by: query.by, from: query.from, to: query.to, batch: "", batchState };
}

function Heading({ request }: { request: Request }) {
  return (
    <>
      <h1>My Payment Activity</h1>
      <p style={{ color: "var(--muted)", fontSize: "0.85rem" }}>
        Only the payments you posted. Posting times are shown in {request.viewer.timezone}.
      </p>
    </>
  );
}

/** The page with a message instead of the report: a bad link (the filter bar shows today) or a cancelled run. */
export function MyActivityMessage({ request, query, message }: { request: Request; query: MyActivityQuery | null; message: string }) {
  const { today } = request;
  return (
    <>
      <Heading request={request} />
      <MyActivityFilterBar initial={query ? filterValuesOf(query) : { by: "deposit", from: today, to: today, batch: "" }} today={today} />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

export function MyActivityReport({ request, query, result }: { request: Request; query: MyActivityQuery; result: MyActivityBatchesResult }) {
  const { rows, totals, timezone } = result;
  const reportParams = reportParamsOf(request.searchParams);
  const searched = describeMyActivityQuery(query);
  return (
    <>
      <Heading request={request} />
      {/* Keyed by the URL, so Back and Forward show the filters of the report on screen. */}
      <MyActivityFilterBar
        key={reportParams.toString()}
        initial={filterValuesOf(query)}
        today={request.today}
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
            Open a batch (double-click, Enter, or its number) to see it By Check. {BALANCE_RULE_TEXT}
          </p>
        </>
      )}
    </>
  );
}
