import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import { BATCH_STATE_LABELS, type BatchStateValue } from "@/lib/reports/toolkit/batch-state";
import type { ColumnSpec } from "@/lib/reports/toolkit/columns";
import type { PostedByDay } from "./posted-by-day";
import type { GlanceTab } from "./search-params";

/*
 * The Payment Balancing columns, in grid order: one list shared by the grid and the exports,
 * so an export never drops a column the screen shows. Pure data (no database, no React).
 */

/** Columns the URL may sort by (`sort=<column>:asc|desc`); the SQL maps each to an expression. */
export const SORT_COLUMNS = [
  "deposit_date",
  "posted_at",
  "poster",
  "batch",
  "location",
  "payer",
  "payer_type",
  "method",
  "reference_number",
  "amount",
  "applied",
  "unapplied",
  "source",
  "batch_state",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/**
 * One payment as the report returns it: cents as integers, dates as ISO dates, the posting
 * time as an ISO instant (UTC), enum values raw. Screens and exports format at the edge.
 */
export interface PaymentBalancingRow {
  id: number;
  depositDate: string;
  postedAt: string;
  /** posted_at as a calendar date in the practice's timezone. */
  postingDate: string;
  posterId: number;
  poster: string;
  batchId: number;
  batchNumber: string;
  /** The batch's state now: a closed batch takes no more payments. */
  batchState: BatchStateValue;
  locationId: number;
  location: string;
  payerId: number | null;
  patientId: number | null;
  payerOrPatient: string;
  payerType: string;
  method: string;
  referenceNumber: string | null;
  amountCents: number;
  appliedCents: number;
  unappliedCents: number;
  source: string;
  reversesPaymentId: number | null;
}

/** A payment column, and the `sort=` column its header sorts by. */
export interface PaymentColumnSpec extends ColumnSpec<PaymentBalancingRow> {
  sort: SortColumn;
}

export const PAYMENT_COLUMNS: readonly PaymentColumnSpec[] = [
  { key: "depositDate", header: "Deposit date", kind: "date", sort: "deposit_date" },
  { key: "postedAt", header: "Posted", kind: "datetime", sort: "posted_at" },
  { key: "poster", header: "Poster", kind: "text", sort: "poster" },
  { key: "batchNumber", header: "Batch", kind: "text", sort: "batch" },
  { key: "location", header: "Location", kind: "text", sort: "location" },
  { key: "payerOrPatient", header: "Payer or patient", kind: "text", sort: "payer" },
  { key: "payerType", header: "Payer type", kind: "text", sort: "payer_type", labels: PAYER_TYPE_LABELS },
  { key: "method", header: "Method", kind: "text", sort: "method", labels: METHOD_LABELS },
  { key: "referenceNumber", header: "Reference no.", kind: "text", sort: "reference_number" },
  { key: "amountCents", header: "Amount", kind: "money", sort: "amount" },
  { key: "appliedCents", header: "Applied", kind: "money", sort: "applied" },
  { key: "unappliedCents", header: "Unapplied", kind: "money", sort: "unapplied" },
  { key: "source", header: "Source", kind: "text", sort: "source", labels: SOURCE_LABELS },
  { key: "batchState", header: "Batch state", kind: "text", sort: "batch_state", labels: BATCH_STATE_LABELS },
];

/** A subtotal (or the grand total, level 0) as the report returns it. */
export interface PaymentBalancingGroupRow {
  /** 0 is the grand total; 1 the first `group=` dimension, and so on. */
  level: number;
  /** The group's key path, e.g. "12~2026-03-02" (the values `open=` holds); "" for the grand total. */
  path: string;
  label: string;
  paymentCount: number;
  amountCents: number;
  appliedCents: number;
  unappliedCents: number;
}

/** One line of a payment's drill-down: how it was applied, by patient and CPT code. */
export interface PaymentLineRow {
  id: number;
  patient: string;
  mrn: string;
  dateOfService: string;
  cptCode: string;
  modifiers: string | null;
  units: number;
  billedCents: number;
  paidCents: number;
  adjustmentCents: number;
  adjustmentReason: string | null;
  patientRespCents: number;
  referenceNumber: string | null;
}

export const PAYMENT_LINE_COLUMNS: ReadonlyArray<ColumnSpec<PaymentLineRow>> = [
  { key: "patient", header: "Patient", kind: "text" },
  { key: "mrn", header: "MRN", kind: "text" },
  { key: "dateOfService", header: "Date of service", kind: "date" },
  { key: "cptCode", header: "CPT", kind: "text" },
  { key: "modifiers", header: "Modifiers", kind: "text" },
  { key: "units", header: "Units", kind: "count" },
  { key: "billedCents", header: "Billed", kind: "money" },
  { key: "paidCents", header: "Paid", kind: "money" },
  { key: "adjustmentCents", header: "Adjustment", kind: "money" },
  { key: "adjustmentReason", header: "Reason", kind: "text" },
  { key: "patientRespCents", header: "Patient resp.", kind: "money" },
  { key: "referenceNumber", header: "Reference no.", kind: "text" },
];

/**
 * Balancing at a glance: one line per poster, batch or day. Its first sums are what the
 * report's filters show; the rest are the whole batches the line touches (a deposit slip
 * covers a whole batch), so that Difference = Control total − Batch posted on every line,
 * whatever the filters (glance.ts).
 */
export interface BalancingGlanceRow {
  kind: GlanceTab;
  key: string;
  label: string;
  paymentCount: number;
  /** Sum of the amounts of this line's payments in the report's result. */
  postedCents: number;
  unappliedCents: number;
  /** Whole posted totals (in the viewer's scope) of the batches this line touches that have a control total. */
  batchPostedCents: number | null;
  /** Sum of the control totals of the batches this line touches (batches without one are left out). */
  controlTotalCents: number | null;
  /** Control total − batch posted, over those batches; null when none has a control total. */
  differenceCents: number | null;
  /** Batches this line touches that do not balance (lib/reports/toolkit/balance-rule.ts). */
  unbalancedBatches: number;
}

export interface BalancingGlance {
  /** Every poster and day line; batch lines up to the caller's limit, those not balanced first. */
  rows: BalancingGlanceRow[];
  /** All the batches of the result, and how many of them do not balance, whatever the limit. */
  batchCount: number;
  batchesNotBalanced: number;
  /** Batches of the result of which the filters leave out some payments. */
  batchesSplit: number;
  /** The chart above the glance, from the same pass over the result. */
  postedByDay: PostedByDay;
}

/** Which of a glance line's sums a column shows: the filtered payments', or the whole batches'. */
export type GlanceColumnPart = "filtered" | "batches";

/** The glance's columns after its label, in order, each under its part's heading. */
export const GLANCE_COLUMNS: ReadonlyArray<ColumnSpec<BalancingGlanceRow> & { part: GlanceColumnPart }> = [
  { key: "paymentCount", header: "Payments", kind: "count", part: "filtered" },
  { key: "postedCents", header: "Posted", kind: "money", part: "filtered" },
  { key: "unappliedCents", header: "Unapplied", kind: "money", part: "filtered" },
  { key: "batchPostedCents", header: "Batch posted", kind: "money", part: "batches" },
  { key: "controlTotalCents", header: "Control total", kind: "money", part: "batches" },
  { key: "differenceCents", header: "Difference", kind: "money", part: "batches" },
];
