import { DateTime, IANAZone } from "luxon";
import { centsToDecimalString } from "@/lib/money";
import type { ColumnKind, ExportColumn } from "@/lib/reports/toolkit/columns";

/*
 * How one value of a report column becomes a cell in a CSV or .xlsx file. Pure functions,
 * shared by both writers, so the two formats always agree.
 */

/** The value a row holds for the column, an enum value replaced by its word. */
export function columnValue(row: Record<string, unknown>, column: ExportColumn): unknown {
  const value = row[column.key];
  return column.labels && typeof value === "string" ? (column.labels[value] ?? value) : value;
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** OWASP CSV injection: a text cell that a spreadsheet would run as a formula gets a leading quote. */
export function inertText(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

function localDateTime(instant: unknown, timezone: string): DateTime | null {
  if (instant === null || instant === undefined || instant === "") return null;
  const value =
    typeof instant === "number"
      ? DateTime.fromMillis(instant)
      : instant instanceof Date
        ? DateTime.fromJSDate(instant)
        : DateTime.fromISO(String(instant));
  return value.isValid ? value.setZone(timezone) : null;
}

/*
 * The fast path for posting times, which every exported payment has. Asking Intl for a zone's
 * offset (what luxon does for each DateTime) cost a third of a CSV export's time, so offsets
 * are kept per zone and UTC hour. An hour is kept only when its first and last millisecond
 * have the same offset, so an hour holding a DST change is asked again for each instant.
 */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const HOUR_MS = 3_600_000;
const offsetsByZone = new Map<string, Map<number, number>>();

function offsetMinutes(zone: IANAZone, epochMs: number): number {
  let hours = offsetsByZone.get(zone.name);
  if (!hours) offsetsByZone.set(zone.name, (hours = new Map()));
  const hour = Math.floor(epochMs / HOUR_MS);
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const offset = zone.offset(epochMs);
  if (zone.offset(hour * HOUR_MS) === offset && zone.offset(hour * HOUR_MS + HOUR_MS - 1) === offset) hours.set(hour, offset);
  return offset;
}

/**
 * Milliseconds since the epoch of an instant as the rows carry it (epoch milliseconds, a UTC
 * ISO string or a Date), or null to take luxon's path.
 */
function plainInstant(instant: unknown): number | null {
  if (typeof instant === "number") return instant;
  if (instant instanceof Date) return instant.getTime();
  return typeof instant === "string" && UTC_INSTANT.test(instant) ? Date.parse(instant) : null;
}

/** The instant in epoch milliseconds and the zone's offset then, in whole minutes; null to take luxon's path. */
function instantInZone(instant: unknown, timezone: string): { epochMs: number; offset: number } | null {
  const epochMs = plainInstant(instant);
  if (epochMs === null || !Number.isInteger(epochMs)) return null;
  // Region names only: luxon treats "UTC" and "UTC+3" as fixed offsets, written with a "Z".
  if (!timezone.includes("/")) return null;
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) return null;
  const offset = offsetMinutes(zone, epochMs);
  return Number.isInteger(offset) ? { epochMs, offset } : null;
}

/** The instant's wall clock in the zone, as UTC fields of a Date; null to take luxon's path. */
function wallClock(instant: unknown, timezone: string): Date | null {
  const known = instantInZone(instant, timezone);
  if (!known) return null;
  const wall = new Date(known.epochMs + known.offset * 60_000);
  const year = wall.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? wall : null;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));
const DAY_MS = 86_400_000;

/*
 * "YYYY-MM-DD" of a day counted from 1970-01-01 by Howard Hinnant's civil-from-days algorithm,
 * or null outside years 1000-9999 (luxon's path). Integer arithmetic instead of a Date and its
 * getters per posting time, which were a sixth of a month's CSV export.
 */
function civilDate(day: number): string | null {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return null;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[dayOfMonth]}`;
}

/** Exactly luxon's `toISO({ suppressMilliseconds: true })` for an IANA zone, or null to take luxon's path. */
function isoInZone(instant: unknown, timezone: string): string | null {
  const known = instantInZone(instant, timezone);
  if (!known) return null;
  const localMs = known.epochMs + known.offset * 60_000;
  const day = Math.floor(localMs / DAY_MS);
  const date = civilDate(day);
  if (date === null) return null;
  const msOfDay = localMs - day * DAY_MS;
  const millis = msOfDay % 1000;
  const seconds = Math.floor(msOfDay / 1000);
  const abs = Math.abs(known.offset);
  return (
    `${date}T${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}` +
    (millis === 0 ? "" : `.${String(millis).padStart(3, "0")}`) +
    `${known.offset < 0 ? "-" : "+"}${TWO_DIGITS[Math.trunc(abs / 60)]}:${TWO_DIGITS[abs % 60]}`
  );
}

export function csvCell(value: unknown, kind: ColumnKind, timezone: string): string {
  if (value === null || value === undefined) return "";
  switch (kind) {
    case "money":
      return centsToDecimalString(Number(value));
    case "count":
      return String(value);
    case "date":
      return String(value).slice(0, 10);
    case "datetime": {
      const fast = isoInZone(value, timezone);
      if (fast !== null) return fast;
      return localDateTime(value, timezone)?.toISO({ suppressMilliseconds: true }) ?? "";
    }
    case "text":
    case "status":
      return inertText(String(value));
  }
}

/** An Excel date serial holds wall-clock time with no zone: build it from the local parts. */
function excelWallClock(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

/*
 * The fast path for deposit dates, which every exported payment has: parsing them with luxon
 * was most of an .xlsx export's time.
 */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a "YYYY-MM-DD" naming a real day from year 1000 on, else null to take luxon's path. */
function plainDate(text: string): Date | null {
  const match = PLAIN_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March, so no such day matches; it reads years 0-99 as
  // 19xx, so early years take luxon's path.
  return year >= 1000 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export function xlsxCell(value: unknown, kind: ColumnKind, timezone: string): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "money":
      // The one place cents become a float: a numeric cell that SUM() can add.
      return Number(value) / 100;
    case "count":
      return Number(value);
    case "date": {
      const text = String(value).slice(0, 10);
      const fast = plainDate(text);
      if (fast) return fast;
      const date = DateTime.fromISO(text, { zone: "utc" });
      return date.isValid ? excelWallClock(date) : null;
    }
    case "datetime": {
      const wall = wallClock(value, timezone);
      // An Excel serial has whole seconds here, as excelWallClock builds it.
      if (wall) return new Date(wall.getTime() - wall.getUTCMilliseconds());
      const local = localDateTime(value, timezone);
      return local ? excelWallClock(local) : null;
    }
    case "text":
    case "status":
      return inertText(String(value));
  }
}

export const XLSX_FORMATS: Partial<Record<ColumnKind, string>> = {
  money: '"$"#,##0.00;[Red]-"$"#,##0.00',
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm",
  count: "0",
};
