"use client";

import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { ActionResult } from "@/lib/posting/errors";
import type { VoidedPayment } from "@/lib/posting/payments";
import { formatUsd } from "@/lib/money";
import { newIdempotencyKey } from "./keys";

export type VoidAction = (paymentId: number, reason: string, idempotencyKey: string) => Promise<ActionResult<VoidedPayment>>;

const NO_REASON = "Say why the payment is voided.";

/** What the screen says once a payment is voided. */
export function voidedNotice(voided: VoidedPayment): string {
  return `Voided payment ${voided.voidedPaymentId}: reversal ${voided.reversalPaymentId} of ${formatUsd(voided.amountCents)} posted in batch ${voided.batchNumber}.`;
}

/**
 * Asks why, then voids (Escape cancels): the reason is kept on the reversal (payment.note), and
 * the reversal's batch is the posting layer's choice. A reason is required, as the server
 * requires one: an empty one is stopped by the browser and said in the form's alert too.
 */
export function VoidReasonForm({
  paymentId,
  amountCents,
  voidPayment,
  onVoided,
  onCancel,
}: {
  paymentId: number;
  amountCents: number;
  voidPayment: VoidAction;
  onVoided: (voided: VoidedPayment) => void;
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
      setProblem(NO_REASON);
      return;
    }
    setPending(true);
    const result = await voidPayment(paymentId, reason, key.current);
    setPending(false);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    onVoided(result.value);
  }

  function keyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="posting-void" onSubmit={submit} onKeyDown={keyDown} aria-label={`Void payment ${paymentId}`}>
      <label>
        Why is payment {paymentId} ({formatUsd(amountCents)}) voided?
        <input
          autoFocus
          required
          value={reason}
          maxLength={500}
          placeholder="e.g. Check returned by the bank"
          onChange={(event) => setReason(event.target.value)}
          onInvalid={() => setProblem(NO_REASON)}
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
