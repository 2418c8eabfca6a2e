import { DateTime } from "luxon";
import { EARLIEST_DATE, LATEST_DATE } from "@/lib/dates";

/*
 * A month of the ledger as the month-end close names it: "2026-10" in URLs and the API, its
 * first day "2026-10-01" in the database (closed_month.month, month_snapshot.month), and the
 * half-open range of deposit dates [first day, next month's first day) every query reads.
 * Pure, so middleware, the browser and the data layer read a month alike.
 */

export interface LedgerMonth {
  /** "2026-10" */
  month: string;
  /** "2026-10-01" */
  firstDay: string;
  /** "2026-11-01": deposit dates of the month are before it. */
  nextFirstDay: string;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month of "2026-10", or null for anything else (and for years outside the ledger's dates). */
export function ledgerMonth(text: string): LedgerMonth | null {
  if (!YEAR_MONTH.test(text)) return null;
  const firstDay = `${text}-01`;
  if (firstDay < EARLIEST_DATE || firstDay > LATEST_DATE) return null;
  const next = DateTime.fromISO(firstDay, { zone: "utc" }).plus({ months: 1 }).toISODate()!;
  return { month: text, firstDay, nextFirstDay: next };
}

/** The message for a month that is not one, quoting at most 20 characters of what came. */
export function notAMonthMessage(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return `"${shown}" is not a month: write it like 2026-10 (a year from ${EARLIEST_DATE.slice(0, 4)} to ${LATEST_DATE.slice(0, 4)}).`;
}

/** "2026-10" of a calendar date. */
export function monthOfDate(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** "2026-10" of "2026-10-01" as the database returns a month. */
export function monthOfFirstDay(firstDay: string): string {
  return firstDay.slice(0, 7);
}

/**
 * A month can be closed once it has ended in the practice's timezone: before that, money can
 * still be deposited on one of its days. `today` is the practice's.
 */
export function hasEnded(month: LedgerMonth, today: string): boolean {
  return month.nextFirstDay <= today;
}

/** The month before `today`'s: the one a billing lead closes next. */
export function previousMonth(today: string): string {
  return DateTime.fromISO(today, { zone: "utc" }).minus({ months: 1 }).toFormat("yyyy-MM");
}
