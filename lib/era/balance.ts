import { formatUsd } from "@/lib/money";
import type { EraProblem } from "./errors";
import type { BalanceCheck, ClaimAdjustment, EraClaim, EraPayment, ProviderAdjustment, ServiceLine } from "./model";

/*
 * The 835's own arithmetic. At transaction level, BPR02 = ΣCLP04 − ΣPLB: a transaction that
 * breaks it is refused whole, because posting it would leave a batch that does not balance to
 * the check. At claim and line level (charged = paid + ΣCAS) a mismatch is reported as a note:
 * the money of the payment is still right, and the issue refuses only on the transaction's
 * identity. (CLP04 = ΣSVC03 is not an identity: a claim-level CAS, such as the managed-care
 * fixture's CO-A2, lowers a claim's payment below its lines'.)
 */

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function adjustmentTotal(adjustments: readonly ClaimAdjustment[]): number {
  return sum(adjustments.map((adjustment) => adjustment.amountCents));
}

/** BPR03 = D: the payer takes BPR02 back, so the claims and PLBs add up to minus BPR02. */
export function signedPaymentCents(payment: EraPayment): number {
  return payment.creditDebit === "D" ? -payment.amountCents : payment.amountCents;
}

export function checkBalance(payment: EraPayment, claims: readonly EraClaim[], providerAdjustments: readonly ProviderAdjustment[]): BalanceCheck {
  const paymentCents = signedPaymentCents(payment);
  const claimsPaidCents = sum(claims.map((claim) => claim.paidCents));
  const providerAdjustmentsCents = sum(providerAdjustments.map((adjustment) => adjustment.amountCents));
  const expectedCents = claimsPaidCents - providerAdjustmentsCents;
  const differenceCents = paymentCents - expectedCents;
  return { paymentCents, claimsPaidCents, providerAdjustmentsCents, expectedCents, differenceCents, balanced: differenceCents === 0 };
}

/** "BPR02 $5,950.21 ≠ claims -$510.25 − provider adjustments -$977.94 = $467.69 (difference $5,482.52)". */
export function describeImbalance(balance: BalanceCheck): string {
  return (
    `BPR02 ${formatUsd(balance.paymentCents)} ≠ claims ${formatUsd(balance.claimsPaidCents)} − provider adjustments ` +
    `${formatUsd(balance.providerAdjustmentsCents)} = ${formatUsd(balance.expectedCents)} (difference ${formatUsd(balance.differenceCents)})`
  );
}

/** charged − paid − ΣCAS of one service line; 0 when its adjustments explain the whole charge. */
export function serviceLineDifferenceCents(line: ServiceLine): number {
  return line.chargedCents - line.paidCents - adjustmentTotal(line.adjustments);
}

/** Every CAS of the claim: its own and its lines'. */
function allAdjustmentsCents(claim: EraClaim): number {
  return adjustmentTotal(claim.adjustments) + sum(claim.serviceLines.map((line) => adjustmentTotal(line.adjustments)));
}

/** charged − paid − every CAS of the claim; 0 when the adjustments explain the whole charge. */
export function claimDifferenceCents(claim: EraClaim): number {
  return claim.chargedCents - claim.paidCents - allAdjustmentsCents(claim);
}

function procedureText(line: ServiceLine): string {
  return [line.procedure.code, ...line.procedure.modifiers].join("-");
}

/** The claim- and line-level identities that do not hold, as notes. */
export function claimArithmeticNotes(claim: EraClaim): EraProblem[] {
  const notes: EraProblem[] = [];
  const claimDifference = claimDifferenceCents(claim);
  if (claimDifference !== 0) {
    notes.push({
      segment: claim.segment,
      message:
        `claim ${claim.patientControlNumber}: charged ${formatUsd(claim.chargedCents)} ≠ paid ${formatUsd(claim.paidCents)} + ` +
        `adjustments ${formatUsd(allAdjustmentsCents(claim))} (difference ${formatUsd(claimDifference)})`,
    });
  }
  for (const line of claim.serviceLines) {
    const difference = serviceLineDifferenceCents(line);
    if (difference === 0) continue;
    notes.push({
      segment: line.segment,
      message:
        `service line ${procedureText(line)} of claim ${claim.patientControlNumber}: charged ${formatUsd(line.chargedCents)} ≠ ` +
        `paid ${formatUsd(line.paidCents)} + adjustments ${formatUsd(adjustmentTotal(line.adjustments))} (difference ${formatUsd(difference)})`,
    });
  }
  return notes;
}
