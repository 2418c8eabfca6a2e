import { EARLIEST_DATE, LATEST_DATE } from "@/lib/dates";
import { SegmentProblem } from "./errors";
import type { Segment } from "./segments";

/*
 * Reading one element's value. Money becomes integer cents from its decimal text, digit by digit:
 * "1922.86" is 192286 without ever being the float 1922.86, so no sum of claims can drift by a
 * cent. Anything unreadable throws a SegmentProblem naming the element ("CLP04 …"), which refuses
 * the transaction it is in.
 */

/** "CLP04": how X12 and its implementation guides name an element. */
export function elementName(segment: Segment, position: number): string {
  return `${segment.id}${String(position).padStart(2, "0")}`;
}

/** The element's value without the padding some payers leave in names and ids; "" when absent. */
export function element(segment: Segment, position: number): string {
  return segment.elements[position]?.trim() ?? "";
}

export function optionalElement(segment: Segment, position: number): string | null {
  const value = element(segment, position);
  return value === "" ? null : value;
}

/** X12's decimal type R: an optional minus, digits, an optional point; no exponent, no plus. */
const X12_DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;
/** 13 digits of dollars keep every amount, in cents, a safe integer. */
const MAX_DOLLAR_DIGITS = 13;

/** "1,222.00" is not X12; "-42.58" → -4258, "5" → 500, "1.5" → 150. null when not an amount to the cent. */
export function parseCents(text: string): number | null {
  const match = X12_DECIMAL.exec(text);
  if (!match) return null;
  const [, minus, whole = "", fraction = ""] = match;
  if (whole === "" && fraction === "") return null;
  if (whole.length > MAX_DOLLAR_DIGITS) return null;
  // "12.500" is twelve dollars fifty; "12.505" is not an amount anyone can be paid.
  if (/[^0]/.test(fraction.slice(2))) return null;
  const cents = Number(whole || "0") * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"));
  return minus && cents !== 0 ? -cents : cents;
}

function problem(segment: Segment, position: number, what: string): SegmentProblem {
  return new SegmentProblem(segment.ordinal, `${elementName(segment, position)} ${what}`);
}

/** A money element the transaction cannot do without (BPR02, CLP04, a CAS amount…). */
export function requiredCents(segment: Segment, position: number): number {
  const value = element(segment, position);
  if (value === "") throw problem(segment, position, "(an amount) is empty");
  const cents = parseCents(value);
  if (cents === null) throw problem(segment, position, `${JSON.stringify(value)} is not an amount`);
  return cents;
}

/** A money element that may be absent (null); present but unreadable still refuses. */
export function optionalCents(segment: Segment, position: number): number | null {
  return element(segment, position) === "" ? null : requiredCents(segment, position);
}

/** Units and quantities are not money, but are read as exactly as X12 writes them ("1.9", "-2"). */
export function parseQuantity(text: string): number | null {
  const match = X12_DECIMAL.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  return Number(text);
}

/**
 * CCYYMMDD → "2002-09-13"; null when it is not a calendar date the ledger accepts. Checked by a
 * UTC round trip rather than luxon's format parser, which costs more than the rest of a segment's
 * reading put together, and a large remittance has a date on every service line.
 */
export function parseX12Date(text: string): string | null {
  if (!/^\d{8}$/.test(text)) return null;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return iso < EARLIEST_DATE || iso > LATEST_DATE ? null : iso;
}

const ALPHANUMERIC_OR_SPACE = /[A-Za-z0-9 ]/;

/**
 * A composite element (SVC01 "HC:99213:59", PLB03 "CV:CP") split into its components. Payers
 * sometimes write one with another separator than ISA16 (the LinuxForHealth secondary-payment
 * fixture declares ":" and writes "HC>12345>26"). Both composites start with a two-character code
 * (the procedure qualifier HC/ZZ/NU…, the adjustment reason CV/WO/L6…), so when the declared
 * separator is absent, a delimiter character in the third position is the separator actually used.
 */
export function splitComposite(value: string, declared: string): string[] {
  if (value.includes(declared)) return value.split(declared);
  const third = value[2];
  if (value.length > 3 && third !== undefined && !ALPHANUMERIC_OR_SPACE.test(third)) return value.split(third);
  return [value];
}
