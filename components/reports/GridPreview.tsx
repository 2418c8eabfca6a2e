import type { ColDef, ValueFormatterParams, ValueGetterParams } from "ag-grid-community";
import type { ComponentType, ReactNode } from "react";
import { reportColumnTypes } from "./column-types";
import "./grid-preview.css";

/*
 * The grid's first rows as a plain table, rendered on the server and shown until AG Grid's
 * code has loaded (ReportGrid.tsx). The user reads the report at first paint instead of after
 * 250 KB of grid JavaScript has run, and its links already work. It renders what the grid's
 * columns say a cell shows (value getter, formatter, cell renderer), in the grid's column
 * order: pinned left, the rest, pinned right.
 */

/** Rows the preview renders: more than a window shows (the grid replaces it before anyone scrolls). */
const PREVIEW_ROWS = 30;

interface CellRendererLike<Row> {
  data: Row;
  value: unknown;
  valueFormatted: string | null;
  node: { rowPinned: "bottom" | null };
}

function keyOf<Row>(column: ColDef<Row>, index: number): string {
  return column.colId ?? String(column.field ?? index);
}

function orderedColumns<Row>(columnDefs: ColDef<Row>[]): ColDef<Row>[] {
  const shown = columnDefs.filter((column) => !column.hide);
  const side = (column: ColDef<Row>) => (column.pinned === "left" || column.pinned === true ? 0 : column.pinned === "right" ? 2 : 1);
  return [...shown].sort((a, b) => side(a) - side(b));
}

function typesOf<Row>(column: ColDef<Row>): ColDef[] {
  const names = Array.isArray(column.type) ? column.type : column.type ? [column.type] : [];
  return names.map((name) => reportColumnTypes?.[name]).filter((type): type is ColDef => Boolean(type));
}

function valueOf<Row>(column: ColDef<Row>, row: Row): unknown {
  if (typeof column.valueGetter === "function") return column.valueGetter({ data: row } as ValueGetterParams<Row>);
  return column.field ? (row as Record<string, unknown>)[column.field as string] : undefined;
}

function formatted<Row>(column: ColDef<Row>, row: Row, value: unknown): string | null {
  const formatter = column.valueFormatter ?? typesOf(column).find((type) => type.valueFormatter)?.valueFormatter;
  if (typeof formatter !== "function") return value === null || value === undefined ? null : String(value);
  return formatter({ value, data: row } as ValueFormatterParams<Row>);
}

function isNumeric<Row>(column: ColDef<Row>): boolean {
  return typesOf(column).some((type) => String(type.cellClass ?? "").includes("right-aligned"));
}

function cellOf<Row>(column: ColDef<Row>, row: Row, pinned: boolean): ReactNode {
  const value = valueOf(column, row);
  const text = formatted(column, row, value);
  if (typeof column.cellRenderer === "function") {
    const Renderer = column.cellRenderer as ComponentType<CellRendererLike<Row>>;
    return <Renderer data={row} value={value} valueFormatted={text} node={{ rowPinned: pinned ? "bottom" : null }} />;
  }
  return text;
}

export function GridPreview<Row>({
  columnDefs,
  rowData,
  totalRows,
  rowIdOf,
  compact,
}: {
  columnDefs: ColDef<Row>[];
  rowData: Row[];
  totalRows?: Row[];
  rowIdOf: (row: Row) => string;
  /** The grid's compact theme: smaller type, half the padding. */
  compact?: boolean;
}) {
  const columns = orderedColumns(columnDefs);
  const rowOf = (row: Row, pinned: boolean) => (
    <tr key={rowIdOf(row)}>
      {columns.map((column, index) => {
        const value = valueOf(column, row);
        const numeric = isNumeric(column);
        const negative = numeric && typeof value === "number" && value < 0;
        return (
          <td key={keyOf(column, index)} className={[numeric ? "numeric" : "", negative ? "money-negative" : ""].join(" ").trim() || undefined}>
            {cellOf(column, row, pinned)}
          </td>
        );
      })}
    </tr>
  );
  return (
    <div className="grid-preview-box">
      <table className={compact ? "grid-preview grid-preview-compact" : "grid-preview"} data-grid-preview="">
        <colgroup>
          {columns.map((column, index) => (
            // Fixed layout shares the width out in proportion: near enough AG Grid's flex above minimum widths.
            <col key={keyOf(column, index)} style={{ width: column.width ?? column.minWidth ?? 100 }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={keyOf(column, index)} scope="col" className={isNumeric(column) ? "numeric" : undefined}>
                {column.headerName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rowData.slice(0, PREVIEW_ROWS).map((row) => rowOf(row, false))}</tbody>
        {totalRows && totalRows.length > 0 && <tfoot>{totalRows.map((row) => rowOf(row, true))}</tfoot>}
      </table>
    </div>
  );
}
