import Link from "next/link";
import { CloseBalancedBatches } from "@/components/month-end/CloseBalancedBatches";
import { MonthCloseActions } from "@/components/month-end/MonthCloseActions";
import type { ReportVariant } from "@/lib/access/permissions";
import { formatLocalDateTime } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import { blockerText, CHECKLIST, type Blocker } from "@/lib/month-end/blockers";
import { formatUsd } from "@/lib/money";
import { monthLabel } from "@/lib/posting/closed-period";
import type { MonthDetail } from "@/lib/reports/month-end/month-detail";
import { MONTH_STATE_LABELS, type MonthSummary } from "@/lib/reports/month-end/months";
import { blockerHref } from "@/lib/reports/month-end/paths";
import { breakdownPath, MONTH_END_PATH } from "@/lib/reports/month-end/search-params";
import "@/components/payment-balancing/payment-balancing.css";
import "./month-end.css";

type Request = PageRequest<unknown>;

/** Blockers listed per checklist item on the page; the API and an override's snapshot keep them all. */
const SHOWN_PER_ITEM = 50;

function Heading({ variant }: { variant: ReportVariant | null }) {
  return (
    <header className="report-heading">
      <h1>Month-end close</h1>
      <p className="muted">
        A closed month is locked: nothing can be posted with a deposit date in it, and its Month-End Payments Breakdown is frozen.
        {variant && ` Totals are ${variant === "full-access" ? "Full Access (RCM staff included)" : "standard (RCM staff left out)"}.`}
      </p>
    </header>
  );
}

export function MonthEndMessage({ message }: { message: string }) {
  return (
    <>
      <Heading variant={null} />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

function blockerSummary(month: MonthSummary): string {
  if (!month.ended) return "Not ended yet";
  if (month.blockerCounts === null) return "";
  const { open_batch, unbalanced_batch, open_era_exception } = month.blockerCounts;
  const parts = [
    open_batch > 0 && `${open_batch} open ${open_batch === 1 ? "batch" : "batches"}`,
    unbalanced_batch !== null && unbalanced_batch > 0 && `${unbalanced_batch} out of balance`,
    open_era_exception > 0 && `${open_era_exception} open ERA ${open_era_exception === 1 ? "exception" : "exceptions"}`,
  ].filter(Boolean);
  return parts.length === 0 ? "Checklist holds" : parts.join(", ");
}

function MonthsTable({ months, selected, earlier }: { months: MonthSummary[]; selected: string; earlier: string | null }) {
  return (
    <>
      <table className="simple month-list">
        <thead>
          <tr>
            <th>Month</th>
            <th>State</th>
            <th>Checklist</th>
            <th className="money">Payments</th>
            <th className="money">Posted total</th>
            <th>Breakdown</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month} aria-current={month.month === selected ? "true" : undefined}>
              <td>
                <Link href={`${MONTH_END_PATH}?month=${month.month}`}>{monthLabel(month.month)}</Link>
              </td>
              <td className={`month-state month-state-${month.state}`}>
                {MONTH_STATE_LABELS[month.state]}
                {month.state === "closed" && month.overrideReason !== null && " (override)"}
              </td>
              <td>{blockerSummary(month)}</td>
              <td className="money">{month.paymentCount.toLocaleString("en-US")}</td>
              <td className="money">{formatUsd(month.postedTotalCents)}</td>
              <td>
                <Link href={breakdownPath(month.month)}>{month.state === "closed" ? "Frozen vs live" : "Live"}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {earlier && (
        <p>
          <Link href={`${MONTH_END_PATH}?month=${earlier}`}>Earlier months</Link>
        </p>
      )}
    </>
  );
}

function BlockerList({ blockers, variant }: { blockers: Blocker[]; variant: ReportVariant }) {
  return (
    <ul className="blockers">
      {blockers.slice(0, SHOWN_PER_ITEM).map((blocker, index) => (
        <li key={index}>
          <Link href={blockerHref(blocker, variant)}>{blockerText(blocker)}</Link>
        </li>
      ))}
      {blockers.length > SHOWN_PER_ITEM && <li className="muted">and {blockers.length - SHOWN_PER_ITEM} more</li>}
    </ul>
  );
}

function Checklist({ month, detail, variant }: { month: MonthSummary; detail: MonthDetail; variant: ReportVariant }) {
  if (!month.ended) return <p>{monthLabel(month.month)} has not ended yet: it can be closed once its last day is over.</p>;
  return (
    <ol className="checklist">
      {CHECKLIST.map((item) => {
        const mine = detail.blockers?.filter((blocker) => blocker.kind === item.kind) ?? null;
        // The opened month's own list is the whole checklist; the list's counts may leave one out.
        const count = mine?.length ?? detail.blockerCounts[item.kind];
        return (
          <li key={item.kind} className={count === 0 ? "balanced" : "out-of-balance"}>
            {count === 0 ? "✓" : "✗"} {item.holds}
            {count > 0 && ` — ${count} in the way`}
            {mine && mine.length > 0 && <BlockerList blockers={mine} variant={variant} />}
            {count > 0 && mine === null && <p className="muted">A Billing Admin sees which (they are at every location).</p>}
          </li>
        );
      })}
    </ol>
  );
}

function History({ detail, timezone }: { detail: MonthDetail; timezone: string }) {
  if (detail.history.length === 0) return <p className="muted">Never closed.</p>;
  return (
    <table className="simple">
      <thead>
        <tr>
          <th>When</th>
          <th>What</th>
          <th>Who</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {detail.history.map((event) => (
          <tr key={event.id}>
            <td>{formatLocalDateTime(event.actedAt, timezone)}</td>
            <td>{event.action === "closed" ? `Closed (snapshot ${event.snapshotId})` : "Reopened"}</td>
            <td>{event.actedBy}</td>
            <td>{event.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The month's open batches: from its own list when the viewer sees it, else from the counts. */
function openBatchCount(detail: MonthDetail): number {
  return detail.blockers?.filter((blocker) => blocker.kind === "open_batch").length ?? detail.blockerCounts.open_batch;
}

export interface MonthEndReportProps {
  request: Request;
  variant: ReportVariant;
  months: MonthSummary[];
  /** The month before the oldest listed, when there are earlier ones. */
  earlier: string | null;
  selected: MonthSummary;
  detail: MonthDetail;
  canClose: boolean;
}

export function MonthEndReport({ request, variant, months, earlier, selected, detail, canClose }: MonthEndReportProps) {
  const label = monthLabel(selected.month);
  const closed = selected.state === "closed";
  return (
    <>
      <Heading variant={variant} />
      <MonthsTable months={months} selected={selected.month} earlier={earlier} />
      <section className="month-detail" aria-label={label}>
        <h2>
          {label}: {MONTH_STATE_LABELS[selected.state]}
        </h2>
        <p className="facts">
          {selected.paymentCount.toLocaleString("en-US")} payments, posted {formatUsd(selected.postedTotalCents)}
          {closed ? " (frozen)" : ""} · <Link href={breakdownPath(selected.month)}>Month-End Payments Breakdown</Link>
        </p>
        {selected.lastClosedAt && (
          <p>
            {closed ? "Closed" : "Last closed"} {formatLocalDateTime(selected.lastClosedAt, request.viewer.timezone)} by {selected.lastClosedBy}
            {selected.overrideReason !== null && (
              <>
                , <strong>past its checklist</strong>: “{selected.overrideReason}”
              </>
            )}
          </p>
        )}
        {!closed && <Checklist month={selected} detail={detail} variant={variant} />}
        {canClose && selected.ended && !closed && openBatchCount(detail) > 0 && (
          <CloseBalancedBatches key={`${selected.month}-batches`} month={selected.month} label={label} openBatches={openBatchCount(detail)} />
        )}
        {canClose && selected.ended && (
          <MonthCloseActions key={`${selected.month}-${selected.state}`} month={selected.month} label={label} closed={closed} blockerCount={closed ? 0 : detail.blockerCount} />
        )}
        <h3>History of closes</h3>
        <History detail={detail} timezone={request.viewer.timezone} />
      </section>
    </>
  );
}
