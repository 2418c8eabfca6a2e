"use client";

import Link from "next/link";
import { useState } from "react";
import { formatLocalDateTime } from "@/lib/dates";
import type { BatchPayment, VoidedPayment } from "@/lib/posting/payments";
import { METHOD_LABELS } from "@/lib/posting/schemas";
import { formatUsd } from "@/lib/money";
import { VoidReasonForm, voidedNotice, type VoidAction } from "./VoidReasonForm";

export type { VoidAction } from "./VoidReasonForm";

interface Props {
  payments: BatchPayment[];
  timezone: string;
  /** Absent in a void batch: reversals are not voided again. */
  voidPayment?: VoidAction;
  onVoided?: (voided: VoidedPayment) => void;
  /** Where a payment with money unapplied opens to apply it (`<path>/<id>`); absent in a closed batch. */
  applyPath?: string;
}

function Money({ cents }: { cents: number }) {
  return <span className={cents < 0 ? "money-negative" : undefined}>{formatUsd(cents)}</span>;
}

/** The batch's payments, newest first, each with its Void button. */
export function BatchPayments({ payments, timezone, voidPayment, onVoided, applyPath }: Props) {
  const [voiding, setVoiding] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (payments.length === 0) return <p className="posting-hint">No payments in this batch yet.</p>;
  return (
    <>
      {notice && (
        <p role="status" className="balanced">
          {notice}
        </p>
      )}
      <table className="simple posting-payments">
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col">Posted</th>
            <th scope="col">Payer or patient</th>
            <th scope="col">Method</th>
            <th scope="col">Reference</th>
            <th scope="col">Amount</th>
            <th scope="col">Applied</th>
            <th scope="col">Unapplied</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.paymentId} aria-label={`Payment ${payment.paymentId}`}>
              <td>{payment.paymentId}</td>
              <td>{formatLocalDateTime(payment.postedAt, timezone)}</td>
              <td>
                {payment.payerName ?? payment.patientName}
                {payment.payerName && payment.patientName && <div className="posting-hint">{payment.patientName}</div>}
              </td>
              <td>{METHOD_LABELS[payment.method]}</td>
              <td>{payment.referenceNumber ?? ""}</td>
              <td className="posting-money">
                <Money cents={payment.amountCents} />
              </td>
              <td className="posting-money">
                <Money cents={payment.appliedCents} />
              </td>
              <td className="posting-money">
                <Money cents={payment.unappliedCents} />
                {applyPath && payment.unappliedCents > 0 && payment.reversesPaymentId === null && !payment.voidedBy && (
                  <div>
                    <Link href={`${applyPath}/${payment.paymentId}`} aria-label={`Apply the unapplied money of payment ${payment.paymentId}`}>
                      Apply…
                    </Link>
                  </div>
                )}
              </td>
              <td>
                {payment.reversesPaymentId !== null ? (
                  <span>
                    Void of payment {payment.reversesPaymentId}
                    {payment.note && <div className="posting-hint">{payment.note}</div>}
                  </span>
                ) : payment.voidedBy ? (
                  <span className="out-of-balance">
                    Voided {formatLocalDateTime(payment.voidedBy.postedAt, timezone)}
                    {payment.voidedBy.reason && <div className="posting-hint">{payment.voidedBy.reason}</div>}
                  </span>
                ) : voidPayment && voiding === payment.paymentId ? (
                  <VoidReasonForm
                    paymentId={payment.paymentId}
                    amountCents={payment.amountCents}
                    voidPayment={voidPayment}
                    onCancel={() => setVoiding(null)}
                    onVoided={(voided) => {
                      setVoiding(null);
                      setNotice(voidedNotice(voided));
                      onVoided?.(voided);
                    }}
                  />
                ) : voidPayment ? (
                  <button type="button" onClick={() => setVoiding(payment.paymentId)} aria-label={`Void payment ${payment.paymentId}`}>
                    Void
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
