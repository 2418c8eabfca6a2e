import Link from "next/link";
import { MonthBreakdownGrid } from "@/components/month-end/MonthBreakdownGrid";
import { ExportButtons } from "@/components/reports/ExportButtons";
import { viewerCan } from "@/lib/access/viewer";
import { formatLocalDateTime } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import { monthLabel } from "@/lib/posting/closed-period";
import type { MonthBreakdown } from "@/lib/reports/month-end/breakdown";
import { BREAKDOWN_DIMENSIONS, DIMENSION_LABELS, MONTH_END_PATH, breakdownPath, type BreakdownQuery } from "@/lib/reports/month-end/search-params";
import "@/components/payment-balancing/payment-balancing.css";
import "./month-end.css";

type Request = PageRequest<{ month: string }>;

function Heading({ month }: { month: string | null }) {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={MONTH_END_PATH}>Month-end close</Link> › {month ? monthLabel(month) : "Month"}
      </nav>
      <header className="report-heading">
        <h1>Month-End Payments Breakdown{month ? `: ${monthLabel(month)}` : ""}</h1>
        <p className="muted">The snapshot frozen when the month was closed, beside the same totals recomputed from the ledger now, line by line.</p>
      </header>
    </>
  );
}

export function MonthBreakdownMessage({ message, month }: { message: string; month: string | null }) {
  return (
    <>
      <Heading month={month} />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

/** Choose the lines' grain: a plain GET form, so the choice lands in the URL as `group=`. */
function GroupingForm({ query }: { query: BreakdownQuery }) {
  return (
    <form className="filter-bar breakdown-grouping" method="get" action={breakdownPath(query.month.month)}>
      <fieldset>
        <legend>Lines by</legend>
        {BREAKDOWN_DIMENSIONS.map((dimension) => (
          <label key={dimension}>
            <input type="checkbox" name="group" value={dimension} defaultChecked={query.groups.includes(dimension)} /> {DIMENSION_LABELS[dimension]}
          </label>
        ))}
      </fieldset>
      {query.variant && <input type="hidden" name="variant" value={query.variant} />}
      <button type="submit">Show</button>
    </form>
  );
}

function VariantTabs({ request, query, breakdown }: { request: Request; query: BreakdownQuery; breakdown: MonthBreakdown }) {
  if (!viewerCan(request.viewer, "paymentBalancingFullAccess")) return null;
  const href = (variant: string) => {
    const search = new URLSearchParams(query.groups.map((group) => ["group", group]));
    search.set("variant", variant);
    return `${breakdownPath(query.month.month)}?${search.toString()}`;
  };
  return (
    <div className="tabs" role="group" aria-label="Variant">
      <Link className={breakdown.variant === "full-access" ? "tab tab-active" : "tab"} href={href("full-access")}>
        Full Access (with RCM staff)
      </Link>
      <Link className={breakdown.variant === "standard" ? "tab tab-active" : "tab"} href={href("standard")}>
        Standard (without RCM staff)
      </Link>
    </div>
  );
}

function SnapshotState({ breakdown, timezone }: { breakdown: MonthBreakdown; timezone: string }) {
  const { snapshot, differingLines, totals } = breakdown;
  if (!snapshot) {
    return (
      <section className="notice" role="status">
        <p>This month has never been closed: there is no frozen breakdown yet, only the live one.</p>
      </section>
    );
  }
  const frozen = (
    <p>
      Frozen {formatLocalDateTime(snapshot.closedAt, timezone)} by {snapshot.closedBy} (snapshot {snapshot.snapshotId})
      {snapshot.overrideReason !== null && <>, closed past its checklist: “{snapshot.overrideReason}”</>}.
    </p>
  );
  if (differingLines === 0) {
    return (
      <section className="notice" role="status">
        {frozen}
        <p className="balanced">✓ Frozen = live: every line agrees ({formatUsd(totals.liveTotalCents)}).</p>
      </section>
    );
  }
  if (!snapshot.current) {
    return (
      <section className="notice" role="status">
        {frozen}
        <p>
          The month was reopened after this snapshot, so {differingLines} {differingLines === 1 ? "line has" : "lines have"} changed since:
          live {formatUsd(totals.liveTotalCents)} against frozen {formatUsd(totals.frozenTotalCents)}.
        </p>
      </section>
    );
  }
  return (
    <section className="notice notice-error breakdown-alarm" role="alert">
      {frozen}
      <p>
        <strong>
          Alarm: {differingLines} {differingLines === 1 ? "line differs" : "lines differ"} from the frozen breakdown
        </strong>{" "}
        (live {formatUsd(totals.liveTotalCents)}, frozen {formatUsd(totals.frozenTotalCents)}). The month is closed and the ledger is
        append-only, so this means something wrote to the database behind the app. The differing lines are listed first.
      </p>
    </section>
  );
}

export function MonthBreakdownReport({ request, query, breakdown }: { request: Request; query: BreakdownQuery; breakdown: MonthBreakdown }) {
  return (
    <>
      <Heading month={query.month.month} />
      <SnapshotState breakdown={breakdown} timezone={request.viewer.timezone} />
      <VariantTabs request={request} query={query} breakdown={breakdown} />
      <GroupingForm query={query} />
      <div className="toolbar" role="status">
        <span>
          {breakdown.rows.length.toLocaleString("en-US")} {breakdown.rows.length === 1 ? "line" : "lines"}
        </span>
        <ExportButtons />
      </div>
      <MonthBreakdownGrid rows={breakdown.rows} totals={breakdown.totals} groups={query.groups} timezone={request.viewer.timezone} />
    </>
  );
}
