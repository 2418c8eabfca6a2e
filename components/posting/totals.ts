import { parseDollars } from "@/lib/money";

/*
 * The running totals the posting screen shows while a poster types, in integer cents from
 * the dollar text (parseDollars: no floats). Display only: the server recomputes and
 * checks everything when the payment is posted.
 */

/** Blank is $0.00; text that is not a dollar amount (or is negative) is null, shown as "?" */
export function typedCents(text: string): number | null {
  if (text.trim() === "") return 0;
  const cents = parseDollars(text);
  return cents === null || cents < 0 ? null : cents;
}

export interface RunningTotalsInput {
  amountText: string;
  /** Paid text of every line on the payment, including the one being keyed. */
  paidTexts: string[];
  controlTotalCents: number | null;
  /** The batch's posted total before this payment (from the server). */
  postedTotalCents: number;
}

export interface RunningTotalsValues {
  amountCents: number | null;
  appliedCents: number | null;
  unappliedCents: number | null;
  postedTotalCents: number;
  withThisPaymentCents: number | null;
  controlTotalCents: number | null;
  /** Control total minus posted (with this payment); null without a control total. */
  differenceCents: number | null;
  /** Whether a payment is being keyed at all (an amount or a paid amount typed). */
  keying: boolean;
}

export function runningTotals(input: RunningTotalsInput): RunningTotalsValues {
  const amountCents = typedCents(input.amountText);
  const paid = input.paidTexts.map(typedCents);
  const appliedCents = paid.some((cents) => cents === null) ? null : paid.reduce<number>((sum, cents) => sum + cents!, 0);
  const unappliedCents = amountCents === null || appliedCents === null ? null : amountCents - appliedCents;
  const withThisPaymentCents = amountCents === null ? null : input.postedTotalCents + amountCents;
  const differenceCents =
    input.controlTotalCents === null || withThisPaymentCents === null ? null : input.controlTotalCents - withThisPaymentCents;
  return {
    amountCents,
    appliedCents,
    unappliedCents,
    postedTotalCents: input.postedTotalCents,
    withThisPaymentCents,
    controlTotalCents: input.controlTotalCents,
    differenceCents,
    keying: [input.amountText, ...input.paidTexts].some((text) => text.trim() !== ""),
  };
}
