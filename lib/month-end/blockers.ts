import { formatUsd } from "@/lib/money";

/*
 * What stands in the way of closing a month: the checklist's failures, one item each, as the
 * month page lists them, the API's 409 returns them and an override's snapshot keeps them.
 * Facts only (batch numbers, ids, cents); links are the screens' business
 * (lib/reports/month-end/paths.ts). Pure.
 */

/** A batch with a deposit date in the month that is still open. */
export interface OpenBatchBlocker {
  kind: "open_batch";
  batchNumber: string;
  depositDate: string;
}

/** A batch of the month whose posted total is not its control total (the balance rule). */
export interface UnbalancedBatchBlocker {
  kind: "unbalanced_batch";
  batchNumber: string;
  depositDate: string;
  controlTotalCents: number;
  postedTotalCents: number;
}

/** ERA money held unapplied, in a remittance whose batch is of the month, not yet resolved. */
export interface OpenEraExceptionBlocker {
  kind: "open_era_exception";
  exceptionId: number;
  remittanceId: number;
  batchNumber: string;
  depositDate: string;
  amountCents: number;
}

export type Blocker = OpenBatchBlocker | UnbalancedBatchBlocker | OpenEraExceptionBlocker;
export type BlockerKind = Blocker["kind"];

/** The checklist's items, in the order the page shows them. */
export const CHECKLIST: ReadonlyArray<{ kind: BlockerKind; holds: string }> = [
  { kind: "open_batch", holds: "Every batch with a deposit date in the month is closed" },
  { kind: "unbalanced_batch", holds: "Every batch with a control total balances" },
  { kind: "open_era_exception", holds: "No ERA exception of the month is open" },
];

/** One blocker in words: "Batch B-12 (10/3/2026) is open". */
export function blockerText(blocker: Blocker): string {
  switch (blocker.kind) {
    case "open_batch":
      return `Batch ${blocker.batchNumber} is open`;
    case "unbalanced_batch":
      return `Batch ${blocker.batchNumber} is out of balance: posted ${formatUsd(blocker.postedTotalCents)}, control total ${formatUsd(blocker.controlTotalCents)} (difference ${formatUsd(blocker.controlTotalCents - blocker.postedTotalCents)})`;
    case "open_era_exception":
      return `ERA exception ${blocker.exceptionId} of remittance ${blocker.remittanceId} (batch ${blocker.batchNumber}) holds ${formatUsd(blocker.amountCents)} unapplied`;
  }
}
