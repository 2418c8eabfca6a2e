import { z } from "zod";
import { EARLIEST_DATE, LATEST_DATE, firstOfMonth, isOutsideDateRange, isRealIsoDate } from "@/lib/dates";
import { isRecordIdText } from "@/lib/ledger-vocabulary";
import { parseDollars } from "@/lib/money";

/*
 * The parts every report's URL parser is built from. A report declares one zod object of
 * these (its `search-params.ts`), and the page, middleware's 400 check, the client components
 * and the export routes all read the URL through it. Pure: no database, no server-only, so it
 * runs in middleware and in the browser too.
 *
 * Every parameter arrives as a list of strings (`valueLists`), so a parameter given twice is
 * refused by `single` with a message rather than one of its values silently picked.
 */

/** Which date a payment report's range is on: the deposit date, or the posting date in the practice's timezone. */
export const DATE_BASES = ["deposit", "posting"] as const;
export type DateBasis = (typeof DATE_BASES)[number];

/** What Next.js hands a page as `searchParams`. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** A page's searchParams, or the URLSearchParams of a request (middleware, exports, the browser). */
export type SearchParamsInput = URLSearchParams | SearchParams;

/** The outcome of reading a URL: the report's query, or the message a 400 shows. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Every parameter as the list of its values, in order. */
export function valueLists(input: SearchParamsInput, keys?: readonly string[]): Record<string, string[]> {
  // No prototype: a parameter named "constructor" or "__proto__" is just an unknown key.
  const lists: Record<string, string[]> = Object.create(null);
  const wanted = keys ? new Set(keys) : null;
  if (input instanceof URLSearchParams) {
    for (const [key, value] of input) if (!wanted || wanted.has(key)) (lists[key] ??= []).push(value);
    return lists;
  }
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || (wanted && !wanted.has(key))) continue;
    lists[key] = Array.isArray(value) ? value : [value];
  }
  return lists;
}

/** The query string of a page's searchParams, repeated parameters kept in order. */
export function searchOf(input: SearchParamsInput): string {
  if (input instanceof URLSearchParams) return input.toString();
  const search = new URLSearchParams();
  for (const [key, values] of Object.entries(valueLists(input))) for (const value of values) search.append(key, value);
  return search.toString();
}

/** A path with a query string, or the bare path when there is none. */
export function withSearch(path: string, search: string | URLSearchParams): string {
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The echo guard: user input quoted in a message is cut short, so a hostile link cannot fill the page. */
export function shown(input: unknown): string {
  const text = String(input);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The first problem zod found, as the report's message. */
export function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? "The link's filters could not be read.";
}

/** Reads `input` with a report's schema of `single`/`many` parameters. */
export function parseWith<Schema extends z.ZodType<unknown, Record<string, string[]>>>(
  schema: Schema,
  input: SearchParamsInput,
  keys?: readonly string[],
): Parsed<z.output<Schema>> {
  const parsed = schema.safeParse(valueLists(input, keys));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstMessage(parsed.error) };
}

/** A parameter given at most once; `repeated` is the message when it comes twice. */
export const single = <T extends z.ZodType<unknown, string>>(param: string, inner: T, repeated = `Give "${param}" only once.`) =>
  z
    .array(z.string())
    .max(1, repeated)
    .optional()
    .transform((values) => values?.[0])
    .pipe(inner.optional());

/** A repeatable parameter: `location=3&location=5`. Empty values are ignored (an emptied form field). */
export const many = <T extends z.ZodType<unknown, string>>(param: string, item: T, max = 100) =>
  z
    .array(z.string())
    .transform((values) => values.map((v) => v.trim()).filter((v) => v !== ""))
    .pipe(z.array(item).max(max, `Give at most ${max} values for "${param}".`))
    .default([]);

/** How a report words a bad date: `input` is already cut short by the echo guard. */
export interface DateWording {
  notADate(param: string, input: string): string;
  outOfRange(param: string, input: string, earliest: string, latest: string): string;
}

const DATE_WORDING: DateWording = {
  notADate: (param, input) => `"${param}" must be a date like 2026-03-31, not "${input}".`,
  outOfRange: (param, input, earliest, latest) => `"${param}" must be a date from ${earliest} to ${latest}, not "${input}".`,
};

/** A calendar date written YYYY-MM-DD, within the years the ledger accepts. */
export const isoDate = (param: string, wording: DateWording = DATE_WORDING) =>
  z.string().refine(isRealIsoDate, {
    error: (issue) =>
      isOutsideDateRange(String(issue.input))
        ? wording.outOfRange(param, shown(issue.input), EARLIEST_DATE, LATEST_DATE)
        : wording.notADate(param, shown(issue.input)),
  });

/** A record id ("42"), read as a number. */
export const recordId = (param: string, message = (input: string) => `"${param}" must be an id number, not "${input}".`) =>
  z
    .string()
    .refine(isRecordIdText, { error: (issue) => message(shown(issue.input)) })
    .transform(Number);

export const oneOf = <const T extends readonly [string, ...string[]]>(param: string, values: T) =>
  z.enum(values, { error: (issue) => `"${param}" must be one of ${values.join(", ")}, not "${shown(issue.input)}".` });

/** A dollar amount ("1,250.50"), read as integer cents. */
export const dollars = (param: string) =>
  z.string().transform((text, ctx) => {
    const cents = parseDollars(text);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: `"${param}" must be a dollar amount like 100.00, not "${shown(text)}".` });
      return z.NEVER;
    }
    return cents;
  });

/**
 * A report's `from`/`to` with this month to date as the default: a lone `from` after today
 * runs to itself, a lone `to` starts on the first of its month. `today` is the practice's.
 */
export function monthToDateRange(from: string | undefined, to: string | undefined, today: string): Parsed<{ from: string; to: string }> {
  const end = to ?? (from && from > today ? from : today);
  const start = from ?? firstOfMonth(end);
  if (start > end) return { ok: false, message: `"from" (${start}) is after "to" (${end}).` };
  return { ok: true, value: { from: start, to: end } };
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
