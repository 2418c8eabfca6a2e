import { z } from "zod";
import { ledgerMonth, notAMonthMessage, type LedgerMonth } from "@/lib/month-end/month";
import { many, oneOf, parseWith, shown, single, unique, type Parsed, type SearchParamsInput } from "@/lib/reports/toolkit/search-params";

/*
 * The month-end URLs (issue 23). Pure, so the pages, middleware's 400 check and the exports read
 * them alike:
 *   /payments/month-end?month=2026-10                  the months, one of them opened
 *   /payments/month-end/2026-10?group=…&variant=…      its frozen breakdown beside a live one
 */

export const MONTH_END_PATH = "/payments/month-end";

export const VARIANTS = ["standard", "full-access"] as const;

/** The breakdown's dimensions, finest grain first to last; `group=` picks the lines' grain. */
export const BREAKDOWN_DIMENSIONS = ["deposit_date", "location", "payer_type", "method", "source", "poster"] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const DIMENSION_LABELS: Readonly<Record<BreakdownDimension, string>> = {
  deposit_date: "Deposit date",
  location: "Location",
  payer_type: "Payer type",
  method: "Method",
  source: "Source",
  poster: "Poster",
};

export interface MonthListQuery {
  /** The month opened below the list; null for the one a billing lead closes next. */
  month: string | null;
}

export interface BreakdownQuery {
  month: LedgerMonth;
  /** The lines' dimensions, in the URL's order. */
  groups: BreakdownDimension[];
  /** null: Full Access when the viewer may see it, else standard. */
  variant: (typeof VARIANTS)[number] | null;
}

const monthParam = z.string().refine((text) => ledgerMonth(text) !== null, { error: (issue) => notAMonthMessage(String(issue.input)) });

const listSchema = z.object({ month: single("month", monthParam) });

export function parseMonthListQuery(input: SearchParamsInput): Parsed<MonthListQuery> {
  const parsed = parseWith(listSchema, input);
  return parsed.ok ? { ok: true, value: { month: parsed.value.month ?? null } } : parsed;
}

const breakdownSchema = z.object({
  group: many("group", oneOf("group", BREAKDOWN_DIMENSIONS), BREAKDOWN_DIMENSIONS.length),
  variant: single("variant", oneOf("variant", VARIANTS)),
});

export function parseBreakdownQuery(monthText: string, input: SearchParamsInput): Parsed<BreakdownQuery> {
  const month = ledgerMonth(monthText);
  if (!month) return { ok: false, message: notAMonthMessage(monthText) };
  const parsed = parseWith(breakdownSchema, input);
  if (!parsed.ok) return parsed;
  const groups = unique(parsed.value.group);
  return { ok: true, value: { month, groups: groups.length > 0 ? groups : ["deposit_date"], variant: parsed.value.variant ?? null } };
}

export function breakdownPath(month: string): string {
  return `${MONTH_END_PATH}/${month}`;
}

const EXPORT = String.raw`(\/export\.(csv|xlsx))?`;
const LIST_PATH = /^\/payments\/month-end\/?$/;
const BREAKDOWN_PATH = new RegExp(`^\\/payments\\/month-end\\/([^/]+)${EXPORT}$`);

/** For middleware: null when the URL is acceptable, else the page's message. */
export function validateMonthEndUrl(searchParams: URLSearchParams, pathname: string): string | null {
  const outcome = (parsed: Parsed<unknown>) => (parsed.ok ? null : parsed.message);
  if (LIST_PATH.test(pathname)) return outcome(parseMonthListQuery(searchParams));
  const breakdown = BREAKDOWN_PATH.exec(pathname);
  if (!breakdown) return null;
  let monthText: string;
  try {
    monthText = decodeURIComponent(breakdown[1]!);
  } catch {
    return `"${shown(breakdown[1])}" is not a month.`;
  }
  return outcome(parseBreakdownQuery(monthText, searchParams));
}
