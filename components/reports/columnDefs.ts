import type { ColDef } from "ag-grid-community";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import { BALANCED } from "@/lib/reports/toolkit/balance-rule";
import type { ColumnKind, ColumnSpec } from "@/lib/reports/toolkit/columns";

/*
 * AG Grid columns from a report's column specs, the same specs the exports write, so the
 * grid shows exactly the columns a file holds. Values stay raw (cents, ISO dates, UTC
 * instants, enum values): formatting happens here, and sorting works on the raw values.
 */

const STATUS_MARKS: Record<string, string> = { Balanced: "✓ Balanced", "Out of balance": "✗ Out of balance" };
const ALL_BALANCED = "All balanced";

function kindDef<Row>(kind: ColumnKind, timezone: string, labels: Readonly<Record<string, string>> | undefined): ColDef<Row> {
  switch (kind) {
    case "money":
      return { type: "money", minWidth: 105 };
    case "count":
      return { type: "count", minWidth: 110 };
    case "text":
      return {
        type: "text",
        minWidth: 110,
        valueFormatter: (p) => (p.value === null || p.value === undefined ? "" : (labels?.[String(p.value)] ?? String(p.value))),
      };
    case "date":
      return {
        minWidth: 110,
        valueFormatter: (p) => (typeof p.value === "string" ? formatUsDate(p.value) : ""),
      };
    case "datetime":
      return {
        minWidth: 155,
        valueFormatter: (p) => (typeof p.value === "string" ? formatLocalDateTime(p.value, timezone) : ""),
      };
    case "status":
      return {
        minWidth: 140,
        valueFormatter: (p) => (typeof p.value === "string" ? (STATUS_MARKS[p.value] ?? p.value) : ""),
        cellClassRules: {
          balanced: (p) => p.value === BALANCED || p.value === ALL_BALANCED,
          "out-of-balance": (p) => typeof p.value === "string" && p.value !== BALANCED && p.value !== ALL_BALANCED,
        },
      };
  }
}

/** One column: its field, header and the formatting of its kind; a grid adds its own layout. */
export function columnDefOf<Row>(spec: ColumnSpec<Row>, timezone: string): ColDef<Row> {
  return {
    colId: spec.key,
    // Row keys are plain top-level fields; ColDefField cannot see that through a generic Row.
    field: spec.key as unknown as ColDef<Row>["field"],
    headerName: spec.header,
    ...kindDef<Row>(spec.kind, timezone, spec.labels),
    // Every grid here pins SQL totals: a column filter would hide rows they still count.
    filter: false,
  };
}

/** Columns that share the grid's width (down to their minimum; narrower screens scroll sideways). */
export function columnDefsOf<Row>(specs: ReadonlyArray<ColumnSpec<Row>>, timezone: string): ColDef<Row>[] {
  return specs.map((spec) => ({ ...columnDefOf(spec, timezone), flex: spec.kind === "count" ? 0.7 : 1 }));
}
