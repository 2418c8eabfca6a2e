import { describeProblem } from "./errors";
import type { EraTransaction } from "./model";

/*
 * What the import does with a transaction, decided here once: it posts when nothing refuses it.
 * Notes never stop a posting.
 */

export function isPostable(transaction: EraTransaction): boolean {
  return transaction.refusals.length === 0;
}

/** The API's `reason` for a refused transaction: every refusal, in file order; null when postable. */
export function refusalReason(transaction: EraTransaction): string | null {
  if (isPostable(transaction)) return null;
  return transaction.refusals.map(describeProblem).join("; ");
}
