import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { getDb, getReportDb } from "@/db/app-database";
import { BalancingGlance } from "@/components/payment-balancing/BalancingGlance";
import { ExportButtons } from "@/components/export/ExportButtons";
import { GroupingPicker } from "@/components/payment-balancing/GroupingPicker";
import { PaymentBalancingFilterBar } from "@/components/payment-balancing/PaymentBalancingFilterBar";
import { PaymentBalancingGrid } from "@/components/payment-balancing/PaymentBalancingGrid";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { AccessDenied, viewerCan } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { formatUsDate, todayIn } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import {
  STATEMENT_TIMEOUT_MESSAGE,
  filtersOutsideChoices,
  isStatementTimeout,
  paymentBalancing,
  paymentBalancingFilterOptions,
  paymentBalancingGlance,
} from "@/lib/reports/payment-balancing";
import { filtersForAudit, parsePaymentBalancingQuery, type RawSearchParams } from "@/lib/reports/payment-balancing-query";
import { balancingPath, searchOf } from "./paths";
import "@/components/payment-balancing/payment-balancing.css";

export type SearchParams = Record<string, string | string[] | undefined>;

/** Batch lines sent with the page: a busy month has thousands, and the page should stay light. */
const GLANCE_BATCH_LIMIT = 200;

const TITLES: Record<ReportVariant, string> = {
  standard: "Payment Balancing",
  "full-access": "Payment Balancing — Full Access",
};

/** The page of both variants: parse the URL, run the report in the viewer's scope, render. */
export async function BalancingReportPage({ variant, searchParams }: { variant: ReportVariant; searchParams: Promise<SearchParams> }) {
  const params: RawSearchParams = await searchParams;
  const search = searchOf(params);
  const path = balancingPath(variant);
  const viewer = await currentViewer();
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`${path}${search ? `?${search}` : ""}`)}`);
  if (!viewerCan(viewer, permissionForVariant(variant))) forbidden();

  const today = todayIn(viewer.timezone);
  const db = await getReportDb();
  // Started now and awaited with the report, so the filter bar's choices cost no round trip of their own.
  const optionsQuery = paymentBalancingFilterOptions(db, viewer, variant);
  const parsed = parsePaymentBalancingQuery(params, { today });
  const otherVariant: ReportVariant = variant === "standard" ? "full-access" : "standard";
  const heading = (
    <header className="report-heading">
      <h1>{TITLES[variant]}</h1>
      <p className="muted">
        {variant === "standard"
          ? "Every payment posted at the practice, from every source, except those posted by RCM staff."
          : "Every payment posted at the practice, from every source, including those posted by RCM staff."}{" "}
        Times are in {viewer.timezone}.
        {viewer.locationRestricted && " You see only your EMR locations."}{" "}
        {viewerCan(viewer, permissionForVariant(otherVariant)) && (
          <Link href={`${balancingPath(otherVariant)}${search ? `?${search}` : ""}`}>
            {otherVariant === "full-access" ? "Switch to Full Access" : "Switch to the standard report"}
          </Link>
        )}
      </p>
    </header>
  );

  if (!parsed.ok) {
    const options = await optionsQuery;
    const fallback = parsePaymentBalancingQuery({}, { today });
    return (
      <>
        {heading}
        {fallback.ok && <PaymentBalancingFilterBar query={fallback.query} options={options} today={today} />}
        <section className="notice notice-error" role="alert">
          <p>{parsed.message}</p>
        </section>
      </>
    );
  }

  const query = parsed.query;
  let options: Awaited<typeof optionsQuery>;
  let result: Awaited<ReturnType<typeof paymentBalancing>>;
  let glance: Awaited<ReturnType<typeof paymentBalancingGlance>>;
  try {
    [options, result, glance] = await Promise.all([
      optionsQuery,
      paymentBalancing(db, viewer, variant, query),
      paymentBalancingGlance(db, viewer, variant, query, { batchLimit: GLANCE_BATCH_LIMIT }),
    ]);
  } catch (error) {
    if (error instanceof AccessDenied) forbidden();
    if (!isStatementTimeout(error)) throw error;
    const options = await optionsQuery;
    return (
      <>
        {heading}
        <PaymentBalancingFilterBar key={search} query={query} options={options} today={today} />
        <section className="notice notice-error" role="alert">
          <p>{STATEMENT_TIMEOUT_MESSAGE}</p>
        </section>
      </>
    );
  }

  await recordAudit(await getDb(), {
    practiceId: viewer.practiceId,
    userId: viewer.userId,
    action: "report_run",
    details: { report: "payment-balancing", variant, filters: filtersForAudit(query), rowCount: result.grandTotal.paymentCount },
  });

  const { grandTotal } = result;
  const unknownFilters = filtersOutsideChoices(query, options);
  return (
    <>
      {heading}
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
        basePath={path}
        page={result.page}
        filterOptions={options}
      />
      <p className="muted">
        A payment balances when all of it is applied; a batch balances when its posted total equals its control total.
        &ldquo;Only what does not balance&rdquo; keeps payments with an unapplied amount and every payment of a batch that
        does not match its control total.
      </p>
    </>
  );
}
