import { z } from "zod";
import { EARLIEST_DATE, LATEST_DATE, isOutsideDateRange, isRealIsoDate } from "@/lib/dates";
import { formatUsd, parseDollars } from "@/lib/money";
import { MAX_RECORD_ID, PAYMENT_METHODS } from "@/lib/ledger-vocabulary";
import { controlCharacterProblem, hasControlCharacter } from "@/lib/text";

/*
 * The posting inputs, shared by the posting form (to flag a bad line as it is keyed), the
 * server actions and the JSON API. Amounts travel as dollar text ("125.00") and become
 * integer cents here, through parseDollars: no float ever holds money. Pure: no database,
 * so client components import it too. Rules that need the database (does the charge exist,
 * is the date in the future in the practice's zone) live in lib/posting.
 */

/** $10,000,000.00: no deposit is larger, and it keeps every sum far inside safe integers. */
const MAX_AMOUNT_CENTS = 1_000_000_000;
const MAX_LINES = 500;
/** The posting form's patient search lists this many; the picker asks to narrow when it is full. */
export const PATIENT_SEARCH_LIMIT = 20;

export { METHOD_LABELS, PAYMENT_METHODS, type PaymentMethod } from "@/lib/ledger-vocabulary";

const EMR_METHODS = ["cash", "check", "credit_card"] as const;

/** X12 claim adjustment group code, a dash, the reason code: CO-45, PR-1, OA-23. */
export const ADJUSTMENT_REASON = /^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,5}$/;
export const COMMON_ADJUSTMENT_REASONS = ["CO-45", "CO-97", "CO-253", "PR-1", "PR-2", "PR-3", "OA-23", "CO-16"];

const BATCH_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
/** Batch numbers the system makes itself: EMR-<location>-<date> and VOID-<date>-<user>. */
export const VOID_BATCH_PREFIX = "VOID-";
const RESERVED_BATCH_PREFIXES = ["EMR-", VOID_BATCH_PREFIX] as const;

function isReservedBatchNumber(batchNumber: string): boolean {
  return RESERVED_BATCH_PREFIXES.some((prefix) => batchNumber.toUpperCase().startsWith(prefix));
}

/** Dollar text to cents; blank means zero where `blankIsZero`. Refuses negatives. */
function dollarAmount(label: string, options: { blankIsZero?: boolean; positive?: boolean } = {}) {
  return z.string({ error: `${label} must be a dollar amount like 125.00.` }).transform((text, ctx) => {
    if (options.blankIsZero && text.trim() === "") return 0;
    const cents = parseDollars(text);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: `${label} must be a dollar amount like 125.00.` });
      return z.NEVER;
    }
    if (cents < 0) {
      ctx.addIssue({ code: "custom", message: `${label} cannot be negative.` });
      return z.NEVER;
    }
    if (options.positive && cents === 0) {
      ctx.addIssue({ code: "custom", message: `${label} must be more than $0.00.` });
      return z.NEVER;
    }
    if (cents > MAX_AMOUNT_CENTS) {
      ctx.addIssue({ code: "custom", message: `${label} is more than ${formatUsd(MAX_AMOUNT_CENTS)}.` });
      return z.NEVER;
    }
    return cents;
  });
}

/** A line amount: optional, blank or missing is $0.00. */
function lineAmount(label: string) {
  return dollarAmount(label, { blankIsZero: true })
    .optional()
    .transform((cents) => cents ?? 0);
}

function recordId(label: string) {
  return z
    .number({ error: `Choose the ${label.toLowerCase()}.` })
    .int({ error: `${label} must be a whole-number id.` })
    .positive({ error: `${label} must be a positive id.` })
    .max(MAX_RECORD_ID, { error: `${label} is not a known id.` });
}

function isoDate(label: string) {
  return z
    .string({ error: `${label} must be a date like 2026-03-02.` })
    .refine(isRealIsoDate, {
      error: (issue) =>
        isOutsideDateRange(String(issue.input))
          ? `${label} must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}.`
          : `${label} must be a date like 2026-03-02.`,
    });
}

/** Refuses text with a control character (tab and line breaks aside), which no field legitimately holds. */
function printable(label: string) {
  return [
    (text: string) => !hasControlCharacter(text),
    { error: (issue: { input?: unknown }) => `${label} must not contain ${controlCharacterProblem(String(issue.input))}.` },
  ] as const;
}

/** Trimmed text; blank becomes null. */
function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} is longer than ${max} characters.` })
    .refine(...printable(label))
    .nullish()
    .transform((text) => (text ? text : null));
}

export const batchInput = z.object({
  /** Left out, the server suggests one. */
  batchNumber: z
    .string({ error: "Batch number must be text." })
    .trim()
    .toUpperCase()
    .nullish()
    .transform((text) => (text ? text : null))
    .refine((text) => text === null || BATCH_NUMBER.test(text), {
      error: "Batch number: letters, digits and dashes only, up to 40, starting with a letter or digit.",
    })
    .refine((text) => text === null || !isReservedBatchNumber(text), {
      error: "Batch numbers starting with EMR- or VOID- are made by the system; choose another.",
    }),
  depositDate: isoDate("Deposit date"),
  locationId: recordId("Location"),
  controlTotal: dollarAmount("Control total", { blankIsZero: false })
    .nullish()
    .transform((cents) => cents ?? null),
}, { error: "Send the batch as a JSON object." });
export type BatchInput = z.input<typeof batchInput>;

export const paymentLineInput = z
  .object({
    chargeId: recordId("Charge"),
    paid: lineAmount("Paid"),
    adjustment: lineAmount("Adjustment"),
    adjustmentReason: z
      .string({ error: "Reason code must be text like CO-45." })
      .trim()
      .toUpperCase()
      .nullish()
      .transform((text) => (text ? text : null))
      .refine((text) => text === null || ADJUSTMENT_REASON.test(text), {
        error: "Reason code must look like CO-45: group CO, PR, OA, PI or CR, a dash, then the reason.",
      }),
    patientResp: lineAmount("Patient responsibility"),
  }, { error: "Each line must be an object with a chargeId and its amounts." })
  .superRefine((line, ctx) => {
    if (line.adjustment > 0 && line.adjustmentReason === null) {
      ctx.addIssue({ code: "custom", path: ["adjustmentReason"], message: "An adjustment needs a reason code such as CO-45." });
    }
    if (line.paid === 0 && line.adjustment === 0 && line.patientResp === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["paid"],
        message: "The line has no amounts: enter paid, adjustment or patient responsibility.",
      });
    }
  });
export type ParsedPaymentLine = z.output<typeof paymentLineInput>;

export const paymentInput = z
  .object({
    payerId: recordId("Payer")
      .nullish()
      .transform((id) => id ?? null),
    patientId: recordId("Patient")
      .nullish()
      .transform((id) => id ?? null),
    method: z.enum(PAYMENT_METHODS, { error: `Method must be one of ${PAYMENT_METHODS.join(", ")}.` }),
    referenceNumber: optionalText("Reference number", 50),
    amount: dollarAmount("Amount"),
    /** Left out, the payment takes its batch's deposit date; given, it must be that date (else 422). */
    depositDate: isoDate("Deposit date")
      .nullish()
      .transform((date) => date ?? null),
    lines: z
      .array(paymentLineInput, { error: "Lines must be a list." })
      .max(MAX_LINES, { error: `A payment can have at most ${MAX_LINES} lines.` })
      .default([]),
  }, { error: "Send the payment as a JSON object." })
  .superRefine((payment, ctx) => {
    if (payment.payerId === null && payment.patientId === null) {
      ctx.addIssue({
        code: "custom",
        path: ["payerId"],
        message: "Choose the payer, or the patient for a patient payment.",
      });
    }
    if ((payment.method === "check" || payment.method === "eft") && payment.referenceNumber === null) {
      ctx.addIssue({
        code: "custom",
        path: ["referenceNumber"],
        message: payment.method === "check" ? "Enter the check number." : "Enter the EFT trace number.",
      });
    }
    const firstLineOf = new Map<number, number>();
    payment.lines.forEach((line, index) => {
      const earlier = firstLineOf.get(line.chargeId);
      if (earlier === undefined) firstLineOf.set(line.chargeId, index);
      else {
        ctx.addIssue({
          code: "custom",
          path: ["lines", index, "chargeId"],
          message: `This charge is already on line ${earlier + 1}.`,
        });
      }
    });
    const applied = payment.lines.reduce((sum, line) => sum + line.paid, 0);
    if (applied > payment.amount) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: `The lines apply ${formatUsd(applied)}, more than the payment amount of ${formatUsd(payment.amount)}.`,
      });
    }
  });
export type PaymentInput = z.input<typeof paymentInput>;

export const voidInput = z.object({
  reason: z
    .string({ error: "Say why the payment is voided." })
    .trim()
    .min(1, { error: "Say why the payment is voided." })
    .max(500, { error: "The reason is longer than 500 characters." })
    .refine(...printable("The reason")),
}, { error: "Send the reason as a JSON object: {\"reason\": \"...\"}." });

/** Why a closed batch is reopened: required, as the database requires it of every reopen. */
export const reopenBatchInput = z.object({
  reason: z
    .string({ error: "Say why the batch is reopened." })
    .trim()
    .min(1, { error: "Say why the batch is reopened." })
    .max(500, { error: "The reason is longer than 500 characters." })
    .refine(...printable("The reason")),
}, { error: "Send the reason as a JSON object: {\"reason\": \"...\"}." });

/** The EMR integration's body (DESIGN.md "EMR integration endpoint"): field names are the contract. */
export const emrCollectionInput = z.object({
  externalId: z
    .string({ error: "externalId is required." })
    .trim()
    .min(1, { error: "externalId is required." })
    .max(100, { error: "externalId is longer than 100 characters." })
    .refine(...printable("externalId")),
  locationCode: z
    .string({ error: "locationCode is required." })
    .trim()
    .min(1, { error: "locationCode is required." })
    .max(40, { error: "locationCode is longer than 40 characters." })
    .refine(...printable("locationCode")),
  patientMrn: z
    .string({ error: "patientMrn is required." })
    .trim()
    .min(1, { error: "patientMrn is required." })
    .max(40, { error: "patientMrn is longer than 40 characters." })
    .refine(...printable("patientMrn")),
  amount: dollarAmount("amount", { positive: true }),
  method: z.enum(EMR_METHODS, { error: `method must be one of ${EMR_METHODS.join(", ")}.` }),
  referenceNumber: optionalText("referenceNumber", 50),
  collectedAt: z.iso.datetime({
    offset: true,
    error: "collectedAt must be an ISO date-time with its offset, like 2026-03-02T09:15:00-07:00.",
  }),
}, { error: "Send the collection as a JSON object." });

/** Unapplied money of a posted payment applied later (issue 24): new lines only, at least one. */
export const applyInput = z
  .object({
    lines: z
      .array(paymentLineInput, { error: "Lines must be a list." })
      .min(1, { error: "Choose at least one charge and the amount to apply to it." })
      .max(MAX_LINES, { error: `At most ${MAX_LINES} lines at a time.` }),
  }, { error: "Send the lines as a JSON object: {\"lines\": [{\"chargeId\": 1, \"paid\": \"25.00\"}]}." })
  .superRefine((input, ctx) => {
    const firstLineOf = new Map<number, number>();
    input.lines.forEach((line, index) => {
      const earlier = firstLineOf.get(line.chargeId);
      if (earlier === undefined) firstLineOf.set(line.chargeId, index);
      else ctx.addIssue({ code: "custom", path: ["lines", index, "chargeId"], message: `This charge is already on line ${earlier + 1}.` });
    });
  });
export type ApplyInput = z.input<typeof applyInput>;
