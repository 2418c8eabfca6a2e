/*
 * The ledger's enum values and the words the screens and exports use for them: one list, so a
 * form, a filter and a report never disagree. db/schema.ts builds its pgEnums from these tuples
 * (this module imports nothing, so middleware and browser components can read it without the
 * ORM), and tests/db/enum-vocabulary.server.test.ts fails if a migration and a tuple disagree.
 */

/** Record ids are PostgreSQL integers: a larger number is no record's id, and PostgreSQL refuses to compare with it. */
export const MAX_RECORD_ID = 2_147_483_647;

/** A record id written in a URL: "42", not "042", "4.2" or a number past MAX_RECORD_ID. */
export function isRecordIdText(text: string): boolean {
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= MAX_RECORD_ID;
}

/**
 * The ledger's own rule for batch numbers (db/schema.ts `batch_number_format`). The app writes
 * them in capitals (the posting form, the EMR endpoint and voids), so the reports read a typed
 * batch number in capitals too.
 */
export const BATCH_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/** The payer_type enum: a payer's kind. Patient payments have no payer (see PAYER_TYPE_LABELS). */
export const PAYER_TYPES = ["commercial", "medicare", "medicaid", "workers_comp", "auto", "other"] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

export const PAYMENT_METHODS = ["check", "eft", "credit_card", "cash", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_SOURCES = ["manual", "era", "emr_integration"] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

/** Indexed by any stored value (a report row holds plain text); `satisfies` keeps every method named. */
export const METHOD_LABELS: Readonly<Record<string, string>> = {
  check: "Check",
  eft: "EFT",
  credit_card: "Credit card",
  cash: "Cash",
  other: "Other",
} satisfies Record<PaymentMethod, string>;

export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  manual: "Manual",
  era: "ERA",
  emr_integration: "EMR integration",
} satisfies Record<PaymentSource, string>;

/** Payer types, plus "patient" for patient payments (which have no payer). */
export const PAYER_TYPE_LABELS: Readonly<Record<string, string>> = {
  commercial: "Commercial",
  medicare: "Medicare",
  medicaid: "Medicaid",
  workers_comp: "Workers' comp",
  auto: "Auto",
  other: "Other",
  patient: "Patient",
} satisfies Record<PayerType | "patient", string>;
