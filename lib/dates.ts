import { DateTime } from "luxon";

/*
 * Calendar dates are ISO strings (YYYY-MM-DD). A posting date is `posted_at` seen in the
 * practice's timezone, so an inclusive range of calendar dates becomes a half-open range of
 * UTC instants computed with luxon in that zone.
 */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/*
 * The calendar dates the app accepts, from URLs and from posting alike: any ledger's dates,
 * while keeping a day's bounds ordinary four-digit-year instants. PostgreSQL has no year 0,
 * and the day after 9999-12-31 is not an ISO date that it or luxon's formatting reads back.
 */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2999-12-31";

/** A well-formed date before EARLIEST_DATE or after LATEST_DATE, for a message that says so. */
export function isOutsideDateRange(text: string): boolean {
  return ISO_DATE.test(text) && (text < EARLIEST_DATE || text > LATEST_DATE);
}

export function isRealIsoDate(text: string): boolean {
  return (
    ISO_DATE.test(text) && text >= EARLIEST_DATE && text <= LATEST_DATE && DateTime.fromISO(text, { zone: "utc" }).isValid
  );
}

export function todayIn(timezone: string): string {
  return DateTime.now().setZone(timezone).toISODate()!;
}

export function firstOfMonth(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: "utc" }).startOf("month").toISODate()!;
}

/** Days from `from` to `to` counting both ends: 2026-03-01..2026-03-31 is 31. */
export function inclusiveDays(from: string, to: string): number {
  const start = DateTime.fromISO(from, { zone: "utc" });
  const end = DateTime.fromISO(to, { zone: "utc" });
  return Math.round(end.diff(start, "days").days) + 1;
}

export interface InstantRange {
  startUtc: string;
  endUtcExclusive: string;
}

/** [from 00:00, to+1 00:00) in the practice's zone, as UTC ISO instants. */
export function postingInstantRange(from: string, to: string, timezone: string): InstantRange {
  const start = DateTime.fromISO(from, { zone: timezone }).startOf("day");
  const end = DateTime.fromISO(to, { zone: timezone }).plus({ days: 1 }).startOf("day");
  return { startUtc: start.toUTC().toISO()!, endUtcExclusive: end.toUTC().toISO()! };
}

/** The calendar date an instant falls on in the practice's zone. */
export function localDateOf(instant: Date | string, timezone: string): string {
  const value = typeof instant === "string" ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return value.setZone(timezone).toISODate()!;
}

/** "3/2/2026 9:15 AM" in the practice's zone. */
export function formatLocalDateTime(instant: Date | string, timezone: string): string {
  const value = typeof instant === "string" ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return value.setZone(timezone).toFormat("M/d/yyyy h:mm a");
}

/** "3/2/2026" for a calendar date. */
export function formatUsDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: "utc" }).toFormat("M/d/yyyy");
}
