/*
 * lib/era: reading X12 835 remittances (ERA). Pure: no database, no React, no server-only, so
 * the import, the API, the demo generator's round-trip test and the benchmark can all use it.
 *
 *   readEraFile(source)        → { transactions, notes }, or throws EraFileError (→ 422)
 *   readTransactions(source)   → each EraTransaction as its SE is read (see its caveat)
 *   readSegments(source)       → the raw segments, with their ordinals
 */

export { readEraFile, readTransactions, type EraFile, type ReadOptions } from "./file";
export { readSegments, MAX_SEGMENT_LENGTH, type Segment } from "./segments";
export type { Delimiters } from "./delimiters";
export type { EraChunk, EraSource } from "./source";
export { EraFileError, describeProblem, type EraProblem } from "./errors";
export { isPostable, refusalReason } from "./outcome";
export { checkBalance, claimDifferenceCents, describeImbalance, serviceLineDifferenceCents, signedPaymentCents } from "./balance";
export { parseCents } from "./values";
export {
  CLAIM_STATUS_LABELS,
  PAYMENT_METHOD_CODES,
  REVERSAL_STATUS,
  type BalanceCheck,
  type ClaimAdjustment,
  type DateRange,
  type EraClaim,
  type EraPatient,
  type EraPayee,
  type EraPayer,
  type EraPayment,
  type EraPaymentMethod,
  type EraTransaction,
  type ProcedureCode,
  type ProviderAdjustment,
  type ServiceLine,
} from "./model";
