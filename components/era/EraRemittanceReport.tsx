import Link from "next/link";
import { EraClaimsGrid } from "@/components/era/EraClaimsGrid";
import { ExportButtons } from "@/components/reports/ExportButtons";
import { Pager } from "@/components/reports/Pager";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import { CLAIM_STATUS_LABELS } from "@/lib/era";
import type { PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import { REMITTANCE_STATUS_LABELS } from "@/lib/reports/era/columns";
import type { EraAdjustment, EraClaimView, EraRemittanceView } from "@/lib/reports/era/remittance";
import { balancingBatchPath, ERA_EXCEPTIONS_PATH, ERA_PATH } from "@/lib/reports/era/search-params";
import { BALANCE_RULE_TEXT, BALANCED } from "@/lib/reports/toolkit/balance-rule";
import "@/components/payment-balancing/payment-balancing.css";
import "./era.css";

const adjustmentsText = (adjustments: readonly EraAdjustment[]) =>
  adjustments.length === 0 ? "" : adjustments.map((a) => `${a.group}-${a.reason} ${formatUsd(a.amountCents)}`).join(", ");

function Breadcrumbs() {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <Link href={ERA_PATH}>ERA remittances</Link> › Remittance
    </nav>
  );
}

export function EraRemittanceMessage({ message }: { message: string }) {
  return (
    <>
      <Breadcrumbs />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

function ClaimDetail({ claim }: { claim: EraClaimView }) {
  return (
    <details className="era-claim-detail">
      <summary>
        Claim {claim.claimNumber} · {CLAIM_STATUS_LABELS[claim.statusCode] ?? claim.statusCode} · {claim.patient} · paid {formatUsd(claim.paidCents)}
      </summary>
      {claim.detail.adjustments.length > 0 && <p>Claim adjustments: {adjustmentsText(claim.detail.adjustments)}</p>}
      <table className="simple">
        <thead>
          <tr>
            <th>Procedure</th>
            <th>Date of service</th>
            <th>Units</th>
            <th>Charged</th>
            <th>Paid</th>
            <th>Adjustments (CAS)</th>
          </tr>
        </thead>
        <tbody>
          {claim.detail.serviceLines.map((line, index) => (
            <tr key={index}>
              <td>{[line.procedure, ...line.modifiers].join(":")}</td>
              <td>{line.dateOfService ? formatUsDate(line.dateOfService) : ""}</td>
              <td>{line.units ?? ""}</td>
              <td>{formatUsd(line.chargedCents)}</td>
              <td>{formatUsd(line.paidCents)}</td>
              <td>{adjustmentsText(line.adjustments)}</td>
            </tr>
          ))}
          {claim.detail.serviceLines.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No service lines: the claim is paid as a whole.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </details>
  );
}

export function EraRemittanceReport({ request, view }: { request: PageRequest<unknown>; view: EraRemittanceView }) {
  const { remittance, claims, claimPage, providerAdjustments, balance } = view;
  const timezone = request.viewer.timezone;
  return (
    <>
      <Breadcrumbs />
      <header className="report-heading">
        <h1>
          ERA {remittance.traceNumber} · {remittance.payer}
          {remittance.payerNeedsReview && <span className="review-mark">new payer, review</span>}
        </h1>
        <p className="muted">
          {REMITTANCE_STATUS_LABELS[remittance.status] ?? remittance.status} · payment date {formatUsDate(remittance.paymentDate)} · imported by{" "}
          {remittance.importedBy} {formatLocalDateTime(remittance.importedAt, timezone)}
          {remittance.fileName && <> from {remittance.fileName}</>}
        </p>
      </header>
      {remittance.status === "refused" && (
        <section className="notice notice-error" role="alert">
          <p>Refused: {remittance.refusalReason}. Nothing of it was posted.</p>
        </section>
      )}
      {balance && (
        <section className="notice" aria-label="Balance">
          <p>
            <strong>{balance.line}</strong>
          </p>
          <p>
            Batch{" "}
            {remittance.batchNumber && remittance.depositDate ? (
              <Link href={balancingBatchPath(remittance.batchNumber, remittance.depositDate)}>{remittance.batchNumber}</Link>
            ) : (
              remittance.batchNumber
            )}
            : posted {formatUsd(balance.postedTotalCents)} · control total {balance.controlTotalCents === null ? "none" : formatUsd(balance.controlTotalCents)} ·
            unapplied {formatUsd(balance.unappliedCents)} ·{" "}
            <span className={balance.status === BALANCED ? "balanced" : "out-of-balance"}>{balance.status}</span>
          </p>
          {remittance.depositDate && remittance.depositDate !== remittance.paymentDate && (
            <p>
              Deposited {formatUsDate(remittance.depositDate)}, the first open day: the month of its payment date is closed, and its totals are
              frozen.
            </p>
          )}
          {remittance.openExceptions > 0 && (
            <p>
              <Link href={ERA_EXCEPTIONS_PATH}>
                {remittance.openExceptions} open {remittance.openExceptions === 1 ? "exception" : "exceptions"}
              </Link>{" "}
              {remittance.openExceptions === 1 ? "holds" : "hold"} money unapplied until a poster chooses the charge.
            </p>
          )}
          <p className="muted">{BALANCE_RULE_TEXT}</p>
        </section>
      )}
      <div className="toolbar">
        <span>
          {remittance.claims} {remittance.claims === 1 ? "claim" : "claims"}
        </span>
        <ExportButtons />
      </div>
      <EraClaimsGrid rows={claims.map(({ detail: _detail, ...row }) => row)} timezone={timezone} />
      <h2>Claim detail</h2>
      {claims.map((claim) => (
        <ClaimDetail key={claim.id} claim={claim} />
      ))}
      <Pager page={claimPage} noun="claims" labels={["← Previous claims", "Next claims →"]} />
      <h2>Provider-level adjustments (PLB)</h2>
      {providerAdjustments.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table className="simple" aria-label="Provider-level adjustments">
          <thead>
            <tr>
              <th>Reason code</th>
              <th>As sent</th>
              <th>Posted amount</th>
            </tr>
          </thead>
          <tbody>
            {providerAdjustments.map((adjustment) => (
              <tr key={adjustment.paymentId}>
                <td>{adjustment.code}</td>
                <td>{adjustment.note}</td>
                <td className={adjustment.amountCents < 0 ? "money-negative" : undefined}>{formatUsd(adjustment.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
