import { METHOD_LABELS } from "@/lib/ledger-vocabulary";
import type { BalanceStatus } from "@/lib/reports/toolkit/balance-rule";
import { BATCH_STATE_LABELS, type BatchStateValue } from "@/lib/reports/toolkit/batch-state";
import type { ColumnSpec } from "@/lib/reports/toolkit/columns";

/*
 * What each My Payment Activity view shows, column by column. Pure data shared by the grid
 * and the CSV/xlsx exports, so an export never drops a column the screen shows. Row values
 * stay export-friendly: money in integer cents, calendar dates as ISO dates, posting times
 * as ISO instants (shown in the practice's timezone), statuses and methods as plain words.
 */

/** One line per batch of the report. */
export interface MyActivityBatchRow {
  batchNumber: string;
  /** ISO date; null on the totals line. */
  depositDate: string | null;
  /** ISO instants (UTC) of the viewer's first and last posting in the batch. */
  firstPostedAt: string | null;
  lastPostedAt: string | null;
  payments: number;
  postedTotalCents: number;
  appliedCents: number;
  unappliedCents: number;
  controlTotalCents: number | null;
  differenceCents: number | null;
  /** On the totals line: "All balanced" or "2 out of balance". */
  status: BalanceStatus | string;
  /** Open or closed (null on the totals line). */
  batchState: BatchStateValue | null;
}

/** One payment of a batch, By Check; the All line carries the batch totals. */
export interface MyActivityCheckRow {
  /** null on the All line. */
  paymentId: number | null;
  /** Check number or EFT trace; a payment without one shows its method (e.g. "Cash"). */
  reference: string;
  payerOrPatient: string;
  method: string;
  amountCents: number;
  appliedCents: number;
  unappliedCents: number;
  postedAt: string | null;
}

/** One payment line: how a payment was applied to one charge (patient and CPT code). */
export interface MyActivityLineRow {
  /** null on the totals line. */
  lineId: number | null;
  paymentId: number | null;
  patient: string;
  mrn: string | null;
  dateOfService: string | null;
  cptCode: string | null;
  modifiers: string | null;
  billedCents: number;
  paidCents: number;
  adjustmentCents: number;
  adjustmentReason: string | null;
  patientRespCents: number;
  reference: string | null;
}

export const BATCH_COLUMNS: ColumnSpec<MyActivityBatchRow>[] = [
  { key: "batchNumber", header: "Batch", kind: "text" },
  { key: "depositDate", header: "Deposit date", kind: "date" },
  { key: "firstPostedAt", header: "First posted", kind: "datetime" },
  { key: "lastPostedAt", header: "Last posted", kind: "datetime" },
  { key: "payments", header: "Payments", kind: "count" },
  { key: "postedTotalCents", header: "Posted total", kind: "money" },
  { key: "appliedCents", header: "Applied", kind: "money" },
  { key: "unappliedCents", header: "Unapplied", kind: "money" },
  { key: "controlTotalCents", header: "Control total", kind: "money" },
  { key: "differenceCents", header: "Difference", kind: "money" },
  { key: "status", header: "Balance", kind: "status" },
  { key: "batchState", header: "State", kind: "text", labels: BATCH_STATE_LABELS },
];

export const CHECK_COLUMNS: ColumnSpec<MyActivityCheckRow>[] = [
  { key: "reference", header: "Reference no.", kind: "text" },
  { key: "payerOrPatient", header: "Payer or patient", kind: "text" },
  { key: "method", header: "Method", kind: "text" },
  { key: "amountCents", header: "Amount", kind: "money" },
  { key: "appliedCents", header: "Applied", kind: "money" },
  { key: "unappliedCents", header: "Unapplied", kind: "money" },
  { key: "postedAt", header: "Posted", kind: "datetime" },
];

export const LINE_COLUMNS: ColumnSpec<MyActivityLineRow>[] = [
  { key: "patient", header: "Patient", kind: "text" },
  { key: "mrn", header: "MRN", kind: "text" },
  { key: "dateOfService", header: "Date of service", kind: "date" },
  { key: "cptCode", header: "CPT", kind: "text" },
  { key: "modifiers", header: "Modifiers", kind: "text" },
  { key: "billedCents", header: "Billed", kind: "money" },
  { key: "paidCents", header: "Paid", kind: "money" },
  { key: "adjustmentCents", header: "Adjustment", kind: "money" },
  { key: "adjustmentReason", header: "Reason", kind: "text" },
  { key: "patientRespCents", header: "Patient resp.", kind: "money" },
  { key: "reference", header: "Reference no.", kind: "text" },
];

export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? method;
}

/** The label the All line carries in the By Check view; the grid opens view=all from it. */
export const ALL_PAYMENTS_LABEL = "All";

export function totalsStatus(outOfBalance: number): string {
  return outOfBalance === 0 ? "All balanced" : `${outOfBalance} out of balance`;
}
