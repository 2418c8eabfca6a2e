import { REVERSAL_STATUS, type EraClaim, type EraTransaction } from "@/lib/era";
import { centsToDecimalString } from "@/lib/money";
import { linesOf, matchServiceLines, samePatient, type ClaimCharge, type ExceptionReason, type LineAmounts } from "./match";

/*
 * What one balanced ERA transaction posts, decided in memory from what the ledger already
 * holds (its claims, their charges, the ERA payments a reversal may take back). Pure, so the
 * import reads the ledger once per transaction and writes the whole plan in a few bulk
 * statements, instead of a round trip per claim (10,000 claims in one check are common).
 *
 *   - one payment per claim (CLP04, at the claim's location), its lines per matched service line
 *     with the CAS kept as reason codes; a claim-level CAS is a line of its own;
 *   - a reversal (CLP02=22) reverses the earlier ERA payment of the claim for the amount taken
 *     back, through the ledger's reversal rule (a new negative payment, its lines the earlier's negated);
 *   - PLB rows are payments of their own with their reason code (amount = −PLB, so the
 *     batch's posted total is BPR02);
 *   - what cannot be matched stays unapplied in the claim's payment and opens an exception.
 */

export interface KnownClaim {
  id: number;
  claimNumber: string;
  locationId: number;
  firstName: string;
  lastName: string;
}

/** An ERA payment of a claim not reversed yet: what a CLP02=22 may take back. */
export interface ReversiblePayment {
  id: number;
  claimId: number;
  amountCents: number;
}

export interface LedgerForTransaction {
  claimsByNumber: ReadonlyMap<string, KnownClaim>;
  chargesByClaim: ReadonlyMap<number, readonly ClaimCharge[]>;
  /** Oldest first. */
  reversiblePayments: readonly ReversiblePayment[];
  /** Where money that belongs to no claim of the practice is held. */
  defaultLocationId: number;
}

export interface PlannedPayment {
  amountCents: number;
  locationId: number;
  claimId: number | null;
  providerAdjustmentCode: string | null;
  note: string | null;
  reversesPaymentId: number | null;
}

/** Lines of `payments[payment]`. */
export interface PlannedLine extends LineAmounts {
  payment: number;
  chargeId: number;
}

export interface PlannedException extends ExceptionReason {
  serviceLine: number | null;
  amountCents: number;
}

/** A claim as the payer sent it, the payment that holds its money, and what of it did not match. */
export interface PlannedClaim {
  read: EraClaim;
  claimId: number | null;
  payment: number;
  exceptions: PlannedException[];
}

export interface TransactionPlan {
  payments: PlannedPayment[];
  lines: PlannedLine[];
  /** Reversal payment index → the payment whose lines it negates. */
  reversals: Array<{ payment: number; reversedPaymentId: number }>;
  claims: PlannedClaim[];
}

/** The PLB reason code as the ledger keeps it; anything it could not hold is a CS (adjustment). */
function providerAdjustmentCode(reasonCode: string): string {
  return /^[A-Z0-9]{1,3}$/.test(reasonCode) ? reasonCode : "CS";
}

export function planTransaction(transaction: EraTransaction, ledger: LedgerForTransaction): TransactionPlan {
  const plan: TransactionPlan = { payments: [], lines: [], reversals: [], claims: [] };
  const reversed = new Set<number>();
  const addPayment = (payment: Omit<PlannedPayment, "providerAdjustmentCode" | "note" | "reversesPaymentId"> & Partial<PlannedPayment>) =>
    plan.payments.push({ providerAdjustmentCode: null, note: null, reversesPaymentId: null, ...payment }) - 1;

  for (const read of transaction.claims) {
    const known = ledger.claimsByNumber.get(read.patientControlNumber);
    const exceptions: PlannedException[] = [];
    let payment: number;
    if (!known) {
      payment = addPayment({ amountCents: read.paidCents, locationId: ledger.defaultLocationId, claimId: null });
      exceptions.push({
        reason: "claim_not_found",
        explanation: `CLP01 ${read.patientControlNumber} is no claim of the practice.`,
        serviceLine: null,
        amountCents: read.paidCents,
      });
    } else if (read.status === REVERSAL_STATUS) {
      const earlier = ledger.reversiblePayments.find(
        (candidate) => candidate.claimId === known.id && candidate.amountCents === -read.paidCents && !reversed.has(candidate.id),
      );
      if (earlier) {
        reversed.add(earlier.id);
        payment = addPayment({ amountCents: read.paidCents, locationId: known.locationId, claimId: known.id, reversesPaymentId: earlier.id });
        plan.reversals.push({ payment, reversedPaymentId: earlier.id });
      } else {
        payment = addPayment({ amountCents: read.paidCents, locationId: known.locationId, claimId: known.id });
        exceptions.push({
          reason: "claim_not_found",
          explanation: `Claim ${read.patientControlNumber} has no earlier ERA payment of ${centsToDecimalString(-read.paidCents)} to reverse.`,
          serviceLine: null,
          amountCents: read.paidCents,
        });
      }
    } else if (!samePatient(read, known)) {
      payment = addPayment({ amountCents: read.paidCents, locationId: known.locationId, claimId: known.id });
      exceptions.push({
        reason: "patient_differs",
        explanation: `The payer names ${read.patient!.lastName}, ${read.patient!.firstName ?? ""}; claim ${read.patientControlNumber} is ${known.lastName}, ${known.firstName}.`,
        serviceLine: null,
        amountCents: read.paidCents,
      });
    } else {
      payment = addPayment({ amountCents: read.paidCents, locationId: known.locationId, claimId: known.id });
      const applied = applyClaim(read, ledger.chargesByClaim.get(known.id) ?? []);
      for (const line of applied.lines) plan.lines.push({ ...line, payment });
      exceptions.push(...applied.exceptions);
    }
    plan.claims.push({ read, claimId: known?.id ?? null, payment, exceptions });
  }

  for (const adjustment of transaction.providerAdjustments) {
    addPayment({
      amountCents: -adjustment.amountCents,
      locationId: ledger.defaultLocationId,
      claimId: null,
      providerAdjustmentCode: providerAdjustmentCode(adjustment.reasonCode),
      note: [`PLB ${adjustment.reasonCode}`, adjustment.reference].filter(Boolean).join(" "),
    });
  }
  return plan;
}

/** A matched claim's service lines applied to its charges; lines that match no charge stay unapplied, as exceptions. */
function applyClaim(
  read: EraClaim,
  charges: readonly ClaimCharge[],
): { lines: Array<LineAmounts & { chargeId: number }>; exceptions: PlannedException[] } {
  const lines: Array<LineAmounts & { chargeId: number }> = [];
  const exceptions: PlannedException[] = [];
  let appliedCents = 0;
  let firstCharge: number | null = null;
  for (const [index, match] of matchServiceLines(read.serviceLines, charges).entries()) {
    const line = read.serviceLines[index]!;
    if (match.kind === "exception") {
      exceptions.push({ reason: match.reason, explanation: match.explanation, serviceLine: index, amountCents: line.paidCents });
      continue;
    }
    firstCharge ??= match.charge.id;
    for (const amounts of linesOf(line.paidCents, line.adjustments)) lines.push({ ...amounts, chargeId: match.charge.id });
    appliedCents += line.paidCents;
  }
  if (read.serviceLines.length === 0) firstCharge = charges[0]?.id ?? null;
  // A claim-level adjustment (CAS before the first SVC) lowers what the claim pays below its lines:
  // a line of its own, paid −amount, so the payment's applied amount is CLP04.
  if (firstCharge !== null && read.adjustments.length > 0) {
    const claimLevelCents = read.adjustments
      .filter((adjustment) => adjustment.group !== "PR")
      .reduce((sum, adjustment) => sum + adjustment.amountCents, 0);
    const claimLines = read.adjustments.map((adjustment) => linesOf(0, [adjustment])[0]!);
    if (read.serviceLines.length > 0) {
      claimLines[0] = { ...claimLines[0]!, paidCents: -claimLevelCents };
      appliedCents -= claimLevelCents;
    }
    for (const amounts of claimLines) lines.push({ ...amounts, chargeId: firstCharge });
  }
  const unexplained = read.paidCents - appliedCents - exceptions.reduce((sum, exception) => sum + exception.amountCents, 0);
  if (unexplained !== 0) {
    exceptions.push({
      reason: "amount_differs",
      explanation: `The claim pays ${centsToDecimalString(read.paidCents)}, its service lines ${centsToDecimalString(read.paidCents - unexplained)}.`,
      serviceLine: null,
      amountCents: unexplained,
    });
  }
  return { lines, exceptions };
}
