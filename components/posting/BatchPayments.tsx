"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { formatLocalDateTime } from "@/lib/dates";
import type { ActionResult } from "@/lib/posting/errors";
import type { BatchPayment, VoidedPayment } from "@/lib/posting/payments";
import { METHOD_LABELS } from "@/lib/posting/schemas";
import { formatUsd } from "@/lib/money";
import { newIdempotencyKey } from "./keys";

export type VoidAction = (paymentId: number, reason: string, idempotencyKey: string) => Promise<ActionResult<VoidedPayment>>;

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

/** Asks why, then voids: the reason is kept on the reversal (payment.note). */
function VoidPrompt({
  payment,
  voidPayment,
  onDone,
  onCancel,
}: {
  payment: BatchPayment;
  voidPayment: VoidAction;
  onDone: (voided: VoidedPayment) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (reason.trim() === "") {
      setProblem("Say why the payment is voided.");
      return;
    }
    setPending(true);
    const result = await voidPayment(payment.paymentId, reason, key.current);
    setPending(false);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    onDone(result.value);
  }

  function keyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="posting-void" onSubmit={submit} onKeyDown={keyDown} aria-label={`Void payment ${payment.paymentId}`}>
      <label>
        Why is payment {payment.paymentId} ({formatUsd(payment.amountCents)}) voided?
        <input
          autoFocus
          value={reason}
          maxLength={500}
          placeholder="e.g. Check returned by the bank"
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Voiding…" : "Void payment"}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </form>
  );
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
                  <VoidPrompt
                    payment={payment}
                    voidPayment={voidPayment}
                    onCancel={() => setVoiding(null)}
                    onDone={(voided) => {
                      setVoiding(null);
                      setNotice(
                        `Voided payment ${voided.voidedPaymentId}: reversal ${voided.reversalPaymentId} of ${formatUsd(voided.amountCents)} posted in batch ${voided.batchNumber}.`,
                      );
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
