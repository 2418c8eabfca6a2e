import Link from "next/link";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb, getReportDb } from "@/db/app-database";
import { PaymentLinesGrid } from "@/components/payment-balancing/PaymentLinesGrid";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { viewerCan } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import { isRecordIdText } from "@/lib/ledger-vocabulary";
import { formatUsd } from "@/lib/money";
import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/reports/payment-balancing-columns";
import { paymentBalancingPayment } from "@/lib/reports/payment-balancing";
import { balancingPath, searchOf } from "./paths";
import "@/components/payment-balancing/payment-balancing.css";
import type { SearchParams } from "./BalancingReportPage";

export interface DrillDownProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}

/**
 * One payment's lines by patient and CPT code. The report's query string rides along only to
 * lead back to the same report; out of the viewer's scope the payment is not found (404).
 */
export async function PaymentDrillDownPage({ variant, params, searchParams }: DrillDownProps & { variant: ReportVariant }) {
  const { id } = await params;
  const search = searchOf(await searchParams);
  const reportPath = balancingPath(variant);
  const viewer = await currentViewer();
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`${reportPath}/payments/${id}${search ? `?${search}` : ""}`)}`);
  if (!viewerCan(viewer, permissionForVariant(variant))) forbidden();
  if (!isRecordIdText(id)) notFound();

  const drill = await paymentBalancingPayment(await getReportDb(), viewer, variant, Number(id));
  if (!drill) notFound();
  await recordAudit(await getDb(), {
    practiceId: viewer.practiceId,
    userId: viewer.userId,
    action: "report_run",
    details: { report: "payment-balancing", variant, view: "payment-lines", paymentId: drill.payment.id, rowCount: drill.lines.length },
  });

  const { payment, lines, totals } = drill;
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
        <Link href={`${reportPath}${search ? `?${search}` : ""}`}>← Back to the report</Link>
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
      <PaymentLinesGrid lines={lines} totals={totals} />
    </>
  );
}
