import Link from "next/link";
import { BalancingGlance } from "@/components/payment-balancing/BalancingGlance";
import { ExportButtons } from "@/components/reports/ExportButtons";
import { GroupingPicker } from "@/components/payment-balancing/GroupingPicker";
import { PaymentBalancingFilterBar } from "@/components/payment-balancing/PaymentBalancingFilterBar";
import { PaymentBalancingGrid } from "@/components/payment-balancing/PaymentBalancingGrid";
import { PostedByDayChart } from "@/components/payment-balancing/PostedByDayChart";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { viewerCan } from "@/lib/access/viewer";
import { formatUsDate } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import type { BalancingGlance as Glance } from "@/lib/reports/payment-balancing/columns";
import { filtersOutsideChoices, type PaymentBalancingFilterOptions } from "@/lib/reports/payment-balancing/filter-options";
import { balancingPath, variantSwitchHref } from "@/lib/reports/payment-balancing/paths";
import type { PaymentBalancingResult } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery, type PaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { BALANCE_RULE_TEXT } from "@/lib/reports/toolkit/balance-rule";
import "@/components/payment-balancing/payment-balancing.css";

const TITLES: Record<ReportVariant, string> = {
  standard: "Payment Balancing",
  "full-access": "Payment Balancing — Full Access",
};

type Request = PageRequest<unknown>;

function Heading({ variant, request }: { variant: ReportVariant; request: Request }) {
  const { viewer, search } = request;
  const otherVariant: ReportVariant = variant === "standard" ? "full-access" : "standard";
  return (
    <header className="report-heading">
      <h1>{TITLES[variant]}</h1>
      <p className="muted">
        {variant === "standard"
          ? "Every payment posted at the practice, from every source, except those posted by RCM staff."
          : "Every payment posted at the practice, from every source, including those posted by RCM staff."}{" "}
        Times are in {viewer.timezone}.
        {viewer.locationRestricted && " You see only your EMR locations."}{" "}
        {viewerCan(viewer, permissionForVariant(otherVariant)) && (
          <Link href={variantSwitchHref(otherVariant, search)}>
            {otherVariant === "full-access" ? "Switch to Full Access" : "Switch to the standard report"}
          </Link>
        )}
      </p>
    </header>
  );
}

/** The page with a message instead of the report: a bad link (query null, the filter bar reset) or a cancelled run. */
export function PaymentBalancingMessage(props: {
  variant: ReportVariant;
  request: Request;
  query: PaymentBalancingQuery | null;
  message: string;
  options: PaymentBalancingFilterOptions;
}) {
  const { variant, request, message, options } = props;
  const fallback = parsePaymentBalancingQuery({}, { today: request.today });
  const query = props.query ?? (fallback.ok ? fallback.value : null);
  return (
    <>
      <Heading variant={variant} request={request} />
      {query && <PaymentBalancingFilterBar key={request.search} query={query} options={options} today={request.today} />}
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

export function PaymentBalancingReport(props: {
  variant: ReportVariant;
  request: Request;
  query: PaymentBalancingQuery;
  options: PaymentBalancingFilterOptions;
  result: PaymentBalancingResult;
  glance: Glance;
}) {
  const { variant, request, query, options, result, glance } = props;
  const { viewer, search, today } = request;
  const { grandTotal } = result;
  const unknownFilters = filtersOutsideChoices(query, options);
  return (
    <>
      <Heading variant={variant} request={request} />
      {/* Keyed by the URL, so Back and Forward show the filters of the report on screen. */}
      <PaymentBalancingFilterBar key={search} query={query} options={options} today={today} />
      {unknownFilters.length > 0 && (
        <section className="notice" role="note">
          <p>Not among this report&apos;s choices, and no payment matches them: {unknownFilters.join(", ")}.</p>
        </section>
      )}
      <div className="toolbar" role="status">
        <span>
          {query.by === "deposit" ? "Deposit dates" : "Posting dates"} {formatUsDate(query.from)} – {formatUsDate(query.to)}
        </span>
        <span>
          {grandTotal.paymentCount.toLocaleString("en-US")} {grandTotal.paymentCount === 1 ? "payment" : "payments"}
        </span>
        <span>Posted {formatUsd(grandTotal.amountCents)}</span>
        <span>Applied {formatUsd(grandTotal.appliedCents)}</span>
        <span className={grandTotal.unappliedCents === 0 ? "balanced" : "out-of-balance"}>
          Unapplied {formatUsd(grandTotal.unappliedCents)}
        </span>
        <ExportButtons />
      </div>
      <PostedByDayChart chart={glance.postedByDay} by={query.by} />
      <BalancingGlance glance={glance} by={query.by} />
      <GroupingPicker groups={query.groups} />
      <PaymentBalancingGrid
        dimensions={query.groups}
        groups={result.groups}
        rows={result.rows}
        grandTotal={grandTotal}
        open={query.open}
        sort={query.sort}
        timezone={viewer.timezone}
        basePath={balancingPath(variant)}
        page={result.page}
        filterOptions={options}
      />
      <p className="muted">
        {BALANCE_RULE_TEXT} &ldquo;Only what does not balance&rdquo; keeps every payment of a batch that does not balance.
      </p>
    </>
  );
}
