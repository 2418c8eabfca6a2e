import { DateTime } from "luxon";
import { centsToDecimalString } from "@/lib/money";

/*
 * How one value of a report column becomes a cell in a CSV or .xlsx file. Pure functions,
 * shared by both writers, so the two formats always agree.
 */

/** `status` is a word such as "Balanced": written like text. */
export type ColumnKind = "money" | "date" | "datetime" | "text" | "count" | "status";

export interface ExportColumn {
  key: string;
  header: string;
  kind: ColumnKind;
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** OWASP CSV injection: a text cell that a spreadsheet would run as a formula gets a leading quote. */
export function inertText(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

function localDateTime(instant: unknown, timezone: string): DateTime | null {
  if (instant === null || instant === undefined || instant === "") return null;
  const value = instant instanceof Date ? DateTime.fromJSDate(instant) : DateTime.fromISO(String(instant));
  return value.isValid ? value.setZone(timezone) : null;
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
    case "datetime":
      return localDateTime(value, timezone)?.toISO({ suppressMilliseconds: true }) ?? "";
    case "text":
    case "status":
      return inertText(String(value));
  }
}

/** An Excel date serial holds wall-clock time with no zone: build it from the local parts. */
function excelWallClock(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
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
      const date = DateTime.fromISO(String(value).slice(0, 10), { zone: "utc" });
      return date.isValid ? excelWallClock(date) : null;
    }
    case "datetime": {
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
