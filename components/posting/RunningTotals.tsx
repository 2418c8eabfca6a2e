import { useId } from "react";
import { formatUsd } from "@/lib/money";
import type { RunningTotalsValues } from "./totals";

interface FigureProps {
  label: string;
  cents: number | null;
  tone?: "good" | "bad";
  /** Shown for null: "?" while the typed text is not an amount. */
  missing?: string;
}

function Figure({ label, cents, tone, missing = "?" }: FigureProps) {
  const id = useId();
  const className = tone === "good" ? "balanced" : tone === "bad" ? "out-of-balance" : cents !== null && cents < 0 ? "money-negative" : "";
  return (
    <div className="posting-figure">
      <dt id={id}>{label}</dt>
      <dd aria-labelledby={id} className={className}>
        {cents === null ? missing : formatUsd(cents)}
      </dd>
    </div>
  );
}

/** This payment (amount, applied, unapplied) and its batch (posted against the deposit slip's control total). */
export function RunningTotals({ totals }: { totals: RunningTotalsValues }) {
  const { unappliedCents, differenceCents } = totals;
  const unappliedTone = unappliedCents === null ? undefined : unappliedCents === 0 ? "good" : "bad";
  const differenceTone = differenceCents === null ? undefined : differenceCents === 0 ? "good" : "bad";
  const withThis = totals.keying ? " with this payment" : "";
  return (
    <div className="posting-totals" aria-live="polite">
      <dl aria-label="This payment">
        <Figure label="Payment amount" cents={totals.amountCents} />
        <Figure label="Applied" cents={totals.appliedCents} />
        <Figure label="Unapplied" cents={unappliedCents} tone={unappliedTone} />
      </dl>
      <dl aria-label="This batch">
        <Figure label="Control total" cents={totals.controlTotalCents} missing="none" />
        <Figure label="Posted in batch" cents={totals.postedTotalCents} />
        <Figure label="With this payment" cents={totals.withThisPaymentCents} />
        {totals.controlTotalCents !== null && (
          <Figure label="Difference" cents={differenceCents} tone={differenceTone} />
        )}
      </dl>
      {differenceCents !== null && (
        <p className={differenceCents === 0 ? "balanced" : "out-of-balance"}>
          {differenceCents === 0
            ? `Batch balanced${withThis}`
            : differenceCents > 0
              ? `${formatUsd(differenceCents)} left to post to reach the control total`
              : `${formatUsd(-differenceCents)} over the control total${withThis}`}
        </p>
      )}
    </div>
  );
}
