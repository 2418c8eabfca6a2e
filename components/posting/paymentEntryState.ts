import type { EarlierPayment } from "@/lib/posting/duplicates";
import type { OpenCharge, PatientMatch } from "@/lib/posting/lookup";
import type { PaymentMethod } from "@/lib/posting/schemas";

/*
 * The payment entry form's state, in one reducer: the payment being keyed (its header fields,
 * the patient and their open charges, the lines added and the line being keyed), the one
 * message under the form, and whether a post is on its way.
 */

/** The payment's own fields, as typed. Its deposit date is its batch's: there is no field for it. */
export interface PaymentFields {
  payerId: string;
  method: PaymentMethod;
  referenceNumber: string;
  amount: string;
}

export interface LineDraft {
  chargeId: string;
  paid: string;
  adjustment: string;
  adjustmentReason: string;
  patientResp: string;
}

export interface AddedLine extends LineDraft {
  key: number;
  charge: OpenCharge;
  patient: PatientMatch;
}

/** A refusal (its field, if any, is marked invalid) or the confirmation of the last post: never both. */
export type Notice = { kind: "problem"; message: string; field: string | null } | { kind: "posted"; message: string };

export interface PaymentEntryState {
  payment: PaymentFields;
  patient: PatientMatch | null;
  /** The patient's open charges, including those already on a line. */
  charges: OpenCharge[];
  lines: AddedLine[];
  /** The line being keyed. */
  entry: LineDraft;
  notice: Notice | null;
  pending: boolean;
  /** Earlier payments of the same payer, reference and amount: posting waits for "Post anyway" or "Cancel". */
  duplicates: EarlierPayment[] | null;
}

export const EMPTY_LINE: LineDraft = { chargeId: "", paid: "", adjustment: "", adjustmentReason: "", patientResp: "" };

export type PaymentEntryAction =
  | { type: "editPayment"; changes: Partial<PaymentFields> }
  | { type: "editEntry"; changes: Partial<LineDraft> }
  /** Escape in the line row: the amounts go, the charge stays. */
  | { type: "clearEntryAmounts" }
  /** A new patient (or none): their charges are still to come. */
  | { type: "choosePatient"; patient: PatientMatch | null }
  | { type: "chargesLoaded"; charges: OpenCharge[]; chargeId: string }
  /** A checked line joins the payment; the row moves on to `chargeId`. */
  | { type: "addLine"; line: AddedLine; chargeId: string }
  /** Posting with a line still in the row: it joins the payment and the row empties. */
  | { type: "includeEntry"; line: AddedLine }
  | { type: "removeLine"; key: number }
  | { type: "refuse"; message: string; field: string | null }
  | { type: "clearProblem" }
  | { type: "pending"; pending: boolean }
  /** The duplicate check found earlier payments like this one (issue 24). */
  | { type: "duplicates"; earlier: EarlierPayment[] }
  /** "Cancel" on the duplicate warning, or "Post anyway" on its way. */
  | { type: "dismissDuplicates" }
  /**
   * The server took the payment: a fresh form for the next one, with its confirmation. The payer
   * stays (the next check line is usually the same payer's); everything else is cleared.
   */
  | { type: "posted"; message: string };

function freshPayment(payerId = ""): Pick<PaymentEntryState, "payment" | "patient" | "charges" | "lines" | "entry"> {
  return {
    payment: { payerId, method: "check", referenceNumber: "", amount: "" },
    patient: null,
    charges: [],
    lines: [],
    entry: EMPTY_LINE,
  };
}

export function initialPaymentEntryState(): PaymentEntryState {
  return { ...freshPayment(), notice: null, pending: false, duplicates: null };
}

function withoutProblem(notice: Notice | null): Notice | null {
  return notice?.kind === "problem" ? null : notice;
}

export function paymentEntryReducer(state: PaymentEntryState, action: PaymentEntryAction): PaymentEntryState {
  switch (action.type) {
    case "editPayment":
      return { ...state, payment: { ...state.payment, ...action.changes }, duplicates: null };
    case "editEntry":
      return { ...state, entry: { ...state.entry, ...action.changes } };
    case "clearEntryAmounts":
      return { ...state, entry: { ...EMPTY_LINE, chargeId: state.entry.chargeId } };
    case "choosePatient":
      return { ...state, patient: action.patient, charges: [], entry: EMPTY_LINE };
    case "chargesLoaded":
      return { ...state, charges: action.charges, entry: { ...EMPTY_LINE, chargeId: action.chargeId } };
    case "addLine":
      return {
        ...state,
        lines: [...state.lines, action.line],
        entry: { ...EMPTY_LINE, chargeId: action.chargeId },
        notice: withoutProblem(state.notice),
      };
    case "includeEntry":
      return { ...state, lines: [...state.lines, action.line], entry: EMPTY_LINE };
    case "removeLine":
      return { ...state, lines: state.lines.filter((line) => line.key !== action.key) };
    case "refuse":
      return { ...state, notice: { kind: "problem", message: action.message, field: action.field } };
    case "clearProblem":
      return { ...state, notice: withoutProblem(state.notice) };
    case "pending":
      return { ...state, pending: action.pending };
    case "duplicates":
      return { ...state, duplicates: action.earlier, pending: false, notice: withoutProblem(state.notice) };
    case "dismissDuplicates":
      return { ...state, duplicates: null };
    case "posted":
      return {
        ...freshPayment(state.payment.payerId),
        notice: { kind: "posted", message: action.message },
        pending: false,
        duplicates: null,
      };
  }
}
