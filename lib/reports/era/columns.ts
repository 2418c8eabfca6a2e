import { CLAIM_STATUS_LABELS } from "@/lib/era";
import type { ColumnSpec } from "@/lib/reports/toolkit/columns";

/*
 * The ERA screens' rows (cents, ISO dates, UTC instants, raw values with their words) and the
 * one column list per screen that the grid and both export writers read.
 */

export const REMITTANCE_STATUS_LABELS: Readonly<Record<string, string>> = { posted: "Posted", refused: "Refused" };

export const EXCEPTION_REASON_LABELS: Readonly<Record<string, string>> = {
  claim_not_found: "Claim not found",
  service_line_not_found: "Service line not found",
  patient_differs: "Patient differs",
  amount_differs: "Amount differs",
};

/** What a location-restricted viewer sees instead of a patient treated outside their locations. */
export const OTHER_LOCATION_PATIENT = "Patient at another location";

/** One imported remittance (an ST…SE) on /payments/era. */
export interface EraRemittanceRow {
  id: number;
  payer: string;
  /** payer.needs_review: added by an import from N1*PR, its type still a guess. */
  payerNeedsReview: boolean;
  traceNumber: string;
  paymentDate: string;
  amountCents: number;
  claims: number;
  /** The sum of the batch's payments; null for a refused remittance (it has no batch). */
  postedCents: number | null;
  openExceptions: number;
  exceptions: number;
  /** "posted" | "refused" */
  status: string;
  refusalReason: string | null;
  batchNumber: string | null;
  depositDate: string | null;
  fileName: string | null;
  importedBy: string;
  importedAt: string;
}

export const ERA_REMITTANCE_COLUMNS: ReadonlyArray<ColumnSpec<EraRemittanceRow>> = [
  { key: "payer", header: "Payer", kind: "text" },
  { key: "traceNumber", header: "Trace number", kind: "text" },
  { key: "paymentDate", header: "Payment date", kind: "date" },
  { key: "amountCents", header: "Amount", kind: "money" },
  { key: "claims", header: "Claims", kind: "count" },
  { key: "postedCents", header: "Posted", kind: "money" },
  { key: "openExceptions", header: "Open exceptions", kind: "count" },
  { key: "exceptions", header: "Exceptions", kind: "count" },
  { key: "status", header: "Status", kind: "text", labels: REMITTANCE_STATUS_LABELS },
  { key: "refusalReason", header: "Refusal reason", kind: "text" },
  { key: "batchNumber", header: "Batch", kind: "text" },
  { key: "importedBy", header: "Imported by", kind: "text" },
  { key: "importedAt", header: "Imported", kind: "datetime" },
];

/** One CLP of a remittance. */
export interface EraClaimRow {
  id: number;
  position: number;
  claimNumber: string;
  statusCode: string;
  /** The patient as the payer sent it, or OTHER_LOCATION_PATIENT. */
  patient: string;
  chargedCents: number;
  paidCents: number;
  patientRespCents: number;
  payerClaimNumber: string | null;
  /** The practice's claim CLP01 matched, or "not found". */
  matchedClaim: string;
  exceptions: number;
}

export const ERA_CLAIM_COLUMNS: ReadonlyArray<ColumnSpec<EraClaimRow>> = [
  { key: "claimNumber", header: "Claim number", kind: "text" },
  { key: "statusCode", header: "Status", kind: "text", labels: CLAIM_STATUS_LABELS },
  { key: "patient", header: "Patient", kind: "text" },
  { key: "chargedCents", header: "Charged", kind: "money" },
  { key: "paidCents", header: "Paid", kind: "money" },
  { key: "patientRespCents", header: "Patient resp.", kind: "money" },
  { key: "payerClaimNumber", header: "Payer claim number", kind: "text" },
  { key: "matchedClaim", header: "Matched claim", kind: "text" },
  { key: "exceptions", header: "Exceptions", kind: "count" },
];

/** One era_exception on the worklist. */
export interface EraExceptionRow {
  id: number;
  remittanceId: number;
  traceNumber: string;
  claimNumber: string;
  /** The patient name as the payer sent it, or OTHER_LOCATION_PATIENT. */
  patient: string;
  /** One of EXCEPTION_REASON_LABELS' keys. */
  reason: string;
  explanation: string;
  amountCents: number;
  createdAt: string;
  /** Null while open. */
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolvedCharge: string | null;
}

export const ERA_EXCEPTION_COLUMNS: ReadonlyArray<ColumnSpec<EraExceptionRow>> = [
  { key: "remittanceId", header: "Remittance", kind: "text" },
  { key: "traceNumber", header: "Trace number", kind: "text" },
  { key: "claimNumber", header: "Claim number", kind: "text" },
  { key: "patient", header: "Patient (as sent)", kind: "text" },
  { key: "reason", header: "Reason", kind: "text", labels: EXCEPTION_REASON_LABELS },
  { key: "explanation", header: "Explanation", kind: "text" },
  { key: "amountCents", header: "Amount", kind: "money" },
  { key: "createdAt", header: "Opened", kind: "datetime" },
  { key: "resolvedAt", header: "Resolved", kind: "datetime" },
  { key: "resolvedBy", header: "Resolved by", kind: "text" },
  { key: "resolvedCharge", header: "Resolved to", kind: "text" },
];
