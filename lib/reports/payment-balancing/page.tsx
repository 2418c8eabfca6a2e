import "server-only";
import { getReportDb } from "@/db/app-database";
import { PaymentBalancingMessage, PaymentBalancingReport } from "@/components/payment-balancing/PaymentBalancingReport";
import { PaymentDrillDownView } from "@/components/payment-balancing/PaymentDrillDownView";
import { BatchStateControl } from "@/components/posting/BatchStateControl";
import { closeBatchAction, reopenBatchAction } from "@/app/payments/post/actions";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { isRecordIdText } from "@/lib/ledger-vocabulary";
import { batchStateView } from "@/lib/posting/batch-state";
import { reportPage } from "@/lib/reports/toolkit/report-page";
import { ClosedMonthsNotice, closedMonthsIn } from "./closed-months";
import { paymentBalancingPayment, type PaymentDrillDown } from "./drill-down";
import { paymentBalancingFilterOptions } from "./filter-options";
import { paymentBalancingGlance } from "./glance";
import { balancingPath } from "./paths";
import { paymentBalancing } from "./report";
import { filtersForAudit, parsePaymentBalancingQuery } from "./search-params";

/** Batch lines sent with the page: a busy month has thousands, and the page should stay light. */
const GLANCE_BATCH_LIMIT = 200;

/** The report page of a variant: /payments/balancing and /payments/balancing/full-access. */
export function paymentBalancingPage(variant: ReportVariant) {
  return reportPage({
    report: "payment-balancing",
    permission: permissionForVariant(variant),
    path: () => balancingPath(variant),
    parse: ({ searchParams, today }) => parsePaymentBalancingQuery(searchParams, { today }),
    async run(db, viewer, query) {
      // One round trip: the filter bar's choices, the report and the glance together.
      const [options, result, glance, closedMonths, batchState] = await Promise.all([
        paymentBalancingFilterOptions(db, viewer, variant),
        paymentBalancing(db, viewer, variant, query),
        paymentBalancingGlance(db, viewer, variant, query, { batchLimit: GLANCE_BATCH_LIMIT }),
        closedMonthsIn(db, viewer, query.from, query.to),
        // Filtered to one batch (as the month-end checklist links each open batch), the billing
        // lead closes it here: no other screen shows them a batch they did not post.
        query.batches.length === 1 ? batchStateView(db, viewer, query.batches[0]!) : null,
      ]);
      // Only a batch the report shows, so a location-restricted viewer learns nothing of others.
      const shownBatch = result.grandTotal.paymentCount > 0 ? batchState : null;
      return { options, result, glance, closedMonths, batchState: shownBatch };
    },
    audit: (query, { result }) => ({ variant, filters: filtersForAudit(query), rowCount: result.grandTotal.paymentCount }),
    render: ({ request, query, result: { closedMonths, batchState, ...result } }) => (
      <>
        <ClosedMonthsNotice months={closedMonths} />
        {batchState && (
          <BatchStateControl
            {...batchState}
            timezone={request.viewer.timezone}
            closeBatch={closeBatchAction}
            reopenBatch={reopenBatchAction}
          />
        )}
        <PaymentBalancingReport variant={variant} request={request} query={query} {...result} />
      </>
    ),
    renderMessage: async ({ request, message, query }) => (
      <PaymentBalancingMessage
        variant={variant}
        request={request}
        query={query}
        message={message}
        options={await paymentBalancingFilterOptions(await getReportDb(), request.viewer, variant)}
      />
    ),
  });
}

/** One payment's lines by patient and CPT code; out of the viewer's scope it is not found (404). */
export function paymentDrillDownPage(variant: ReportVariant) {
  return reportPage<{ id: string }, number | null, PaymentDrillDown>({
    report: "payment-balancing",
    permission: permissionForVariant(variant),
    path: ({ id }) => `${balancingPath(variant)}/payments/${encodeURIComponent(id)}`,
    // A path that is no payment id names no payment: not found, like one out of scope.
    parse: ({ routeParams }) => ({ ok: true, value: isRecordIdText(routeParams.id) ? Number(routeParams.id) : null }),
    run: async (db, viewer, paymentId) => (paymentId === null ? null : paymentBalancingPayment(db, viewer, variant, paymentId)),
    audit: (_paymentId, drill) => ({ variant, view: "payment-lines", paymentId: drill.payment.id, rowCount: drill.lines.length }),
    render: ({ request, result }) => <PaymentDrillDownView variant={variant} request={request} drill={result} />,
    // The parser accepts every path, so no message is ever shown here but the timeout's.
    renderMessage: ({ message }) => (
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    ),
  });
}
