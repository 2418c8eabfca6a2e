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

/** A column as the preview needs it, worked out once rather than per cell. */
interface PreviewColumn<Row> {
  key: string;
  def: ColDef<Row>;
  numeric: boolean;
  format: ((params: ValueFormatterParams<Row>) => string) | null;
}

function typesOf<Row>(column: ColDef<Row>): ColDef[] {
  const names = Array.isArray(column.type) ? column.type : column.type ? [column.type] : [];
  return names.map((name) => reportColumnTypes?.[name]).filter((type): type is ColDef => Boolean(type));
}

/** Shown columns in the grid's order (pinned left, the rest, pinned right), each with its formatter and alignment. */
function previewColumns<Row>(columnDefs: ColDef<Row>[]): PreviewColumn<Row>[] {
  const side = (column: ColDef<Row>) => (column.pinned === "left" || column.pinned === true ? 0 : column.pinned === "right" ? 2 : 1);
  return columnDefs
    .filter((column) => !column.hide)
    .sort((a, b) => side(a) - side(b))
    .map((def, index) => {
      const types = typesOf(def);
      const format = def.valueFormatter ?? types.find((type) => type.valueFormatter)?.valueFormatter;
      return {
        key: def.colId ?? String(def.field ?? index),
        def,
        numeric: types.some((type) => String(type.cellClass ?? "").includes("right-aligned")),
        format: typeof format === "function" ? (format as PreviewColumn<Row>["format"]) : null,
      };
    });
}

function valueOf<Row>(column: ColDef<Row>, row: Row): unknown {
  if (typeof column.valueGetter === "function") return column.valueGetter({ data: row } as ValueGetterParams<Row>);
  return column.field ? (row as Record<string, unknown>)[column.field as string] : undefined;
}

function cellOf<Row>(column: PreviewColumn<Row>, row: Row, value: unknown, pinned: boolean): ReactNode {
  const plain = value === null || value === undefined ? null : String(value);
  const text = column.format ? column.format({ value, data: row } as ValueFormatterParams<Row>) : plain;
  if (typeof column.def.cellRenderer === "function") {
    const Renderer = column.def.cellRenderer as ComponentType<CellRendererLike<Row>>;
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
  const columns = previewColumns(columnDefs);
  const rowOf = (row: Row, pinned: boolean) => (
    <tr key={rowIdOf(row)}>
      {columns.map((column) => {
        const value = valueOf(column.def, row);
        const negative = column.numeric && typeof value === "number" && value < 0;
        const className = [column.numeric ? "numeric" : "", negative ? "money-negative" : ""].join(" ").trim();
        return (
          <td key={column.key} className={className || undefined}>
            {cellOf(column, row, value, pinned)}
          </td>
        );
      })}
    </tr>
  );
  return (
    <div className="grid-preview-box">
      <table className={compact ? "grid-preview grid-preview-compact" : "grid-preview"} data-grid-preview="">
        <colgroup>
          {columns.map(({ key, def }) => (
            // Fixed layout shares the width out in proportion: near enough AG Grid's flex above minimum widths.
            <col key={key} style={{ width: def.width ?? def.minWidth ?? 100 }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map(({ key, def, numeric }) => (
              <th key={key} scope="col" className={numeric ? "numeric" : undefined}>
                {def.headerName}
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
