import type { ColDef } from "ag-grid-community";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import type { ColumnKind, ColumnSpec } from "@/lib/reports/my-activity-columns";

/*
 * AG Grid columns from the report's column specs, so the grid shows exactly the columns the
 * exports write. Values stay raw (cents, ISO dates, UTC instants): formatting happens here,
 * and sorting works on the raw values.
 */

const STATUS_MARKS: Record<string, string> = { Balanced: "✓ Balanced", "Out of balance": "✗ Out of balance" };

function kindDef<Row>(kind: ColumnKind, timezone: string): ColDef<Row> {
  switch (kind) {
    case "money":
      return { type: "money", minWidth: 105 };
    case "count":
      return { type: "count", minWidth: 110 };
    case "text":
      return { type: "text", minWidth: 110, valueFormatter: (p) => (p.value === null || p.value === undefined ? "" : String(p.value)) };
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
          balanced: (p) => p.value === "Balanced" || p.value === "All balanced",
          "out-of-balance": (p) => typeof p.value === "string" && p.value !== "Balanced" && p.value !== "All balanced",
        },
      };
  }
}

export function columnDefsOf<Row>(specs: ColumnSpec<Row>[], timezone: string): ColDef<Row>[] {
  return specs.map((spec) => ({
    colId: spec.key,
    // Row keys are plain top-level fields; ColDefField cannot see that through a generic Row.
    field: spec.key as unknown as ColDef<Row>["field"],
    headerName: spec.header,
    // Columns share the grid's width (down to their minimum; narrower screens scroll sideways).
    flex: spec.kind === "count" ? 0.7 : 1,
    ...kindDef<Row>(spec.kind, timezone),
    // Every grid here pins SQL totals: a column filter would hide rows they still count.
    filter: false,
  }));
}
