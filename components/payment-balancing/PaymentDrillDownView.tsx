import Link from "next/link";
import { applyUnappliedAction, openChargesAction, searchPatientsAction, voidPaymentAction } from "@/app/payments/post/actions";
import { PaymentDrillDownActions } from "@/components/payment-balancing/PaymentDrillDownActions";
import { PaymentLinesGrid } from "@/components/payment-balancing/PaymentLinesGrid";
import type { ReportVariant } from "@/lib/access/permissions";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import { formatUsd } from "@/lib/money";
import type { PaymentDrillDown } from "@/lib/reports/payment-balancing/drill-down";
import { balancingPath } from "@/lib/reports/payment-balancing/paths";
import { withSearch } from "@/lib/reports/toolkit/search-params";
import "@/components/payment-balancing/payment-balancing.css";
import "@/components/posting/posting.css";

/** One payment's facts and its lines; the report's query string rides along only to lead back to the same report. */
export function PaymentDrillDownView({ variant, request, drill }: { variant: ReportVariant; request: PageRequest<unknown>; drill: PaymentDrillDown }) {
  const { payment, lines, totals } = drill;
  const { viewer, search } = request;
  const facts: Array<[string, string]> = [
    ["Payer or patient", payment.payerOrPatient],
    ["Payer type", PAYER_TYPE_LABELS[payment.payerType] ?? payment.payerType],
    ["Method", METHOD_LABELS[payment.method] ?? payment.method],
    ["Reference no.", payment.referenceNumber ?? "—"],
    ["Amount", formatUsd(payment.amountCents)],
    ["Applied", formatUsd(payment.appliedCents)],
    ["Unapplied", formatUsd(payment.unappliedCents)],
    ["Batch", payment.batchNumber],
    ["Deposit date", formatUsDate(payment.depositDate)],
    ["Posted", `${formatLocalDateTime(payment.postedAt, viewer.timezone)} by ${payment.poster}`],
    ["Location", payment.location],
    ["Source", SOURCE_LABELS[payment.source] ?? payment.source],
  ];
  if (payment.reversesPaymentId) facts.push(["Reverses", `Payment ${payment.reversesPaymentId}`]);
  return (
    <>
      <nav className="breadcrumbs">
        <Link href={withSearch(balancingPath(variant), search)}>← Back to the report</Link>
      </nav>
      <h1>Payment {payment.id}</h1>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd className={term === "Unapplied" && payment.unappliedCents !== 0 ? "out-of-balance" : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
      <PaymentDrillDownActions
        paymentId={payment.id}
        amountCents={payment.amountCents}
        unappliedCents={payment.unappliedCents}
        payingPatientId={payment.patientId}
        timezone={viewer.timezone}
        actions={drill.actions}
        voidPayment={voidPaymentAction}
        apply={applyUnappliedAction}
        searchPatients={searchPatientsAction}
        openCharges={openChargesAction}
      />
      <PaymentLinesGrid lines={lines} totals={totals} />
    </>
  );
}
