/*
 * One column of a report, as the grid and both export writers read it. Row values stay
 * export-friendly: money in integer cents, calendar dates as ISO dates, instants as ISO
 * strings in UTC (shown in the practice's timezone), enum values raw with `labels` for the
 * words. The grid formats at the edge (components/reports/columnDefs.ts), the writers in
 * lib/export/cells.ts, so a file never drops or words differently a column the screen shows.
 */

/** `status` is a word such as "Balanced": written like text, marked on screen. */
export type ColumnKind = "money" | "date" | "datetime" | "text" | "count" | "status";

export interface ColumnSpec<Row, Key extends string = keyof Row & string> {
  key: Key;
  header: string;
  kind: ColumnKind;
  /** Words for raw values (enum values such as "eft"); a value without one is shown as it is. */
  labels?: Readonly<Record<string, string>>;
}

/** A column of a file: any key, as an export adds its own (a group label, a payment id). */
export type ExportColumn = ColumnSpec<Record<string, unknown>, string>;

export function exportColumnsOf<Row>(specs: ReadonlyArray<ColumnSpec<Row>>): ExportColumn[] {
  return specs.map(({ key, header, kind, labels }) => ({ key, header, kind, labels }));
}

