import type { ColDef } from "ag-grid-community";
import { formatLocalDateTime, formatUsDate, localDateOf } from "@/lib/dates";
import type { ColumnKind, ColumnSpec } from "@/lib/reports/my-activity-columns";

/*
 * AG Grid columns from the report's column specs, so the grid shows exactly the columns the
 * exports write. Values stay raw (cents, ISO dates, UTC instants): formatting happens here,
 * and sorting and filtering work on the raw values.
 */

/** The date picker's local midnight as an ISO date, read from its own fields (no date math). */
function pickedIsoDate(picked: Date): string {
  const month = String(picked.getMonth() + 1).padStart(2, "0");
  const day = String(picked.getDate()).padStart(2, "0");
  return `${picked.getFullYear()}-${month}-${day}`;
}

function compareIsoDates(picked: Date, cellDate: string | null): number {
  if (!cellDate) return -1;
  const wanted = pickedIsoDate(picked);
  return cellDate === wanted ? 0 : cellDate < wanted ? -1 : 1;
}

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
        filter: "agDateColumnFilter",
        filterParams: { comparator: (picked: Date, value: string | null) => compareIsoDates(picked, value) },
      };
    case "datetime":
      return {
        minWidth: 155,
        valueFormatter: (p) => (typeof p.value === "string" ? formatLocalDateTime(p.value, timezone) : ""),
        // Filters by the posting date in the practice's timezone, as the report's dates are.
        filter: "agDateColumnFilter",
        filterParams: {
          comparator: (picked: Date, value: string | null) =>
            compareIsoDates(picked, value ? localDateOf(value, timezone) : null),
        },
      };
    case "status":
      return {
        minWidth: 140,
        filter: "agTextColumnFilter",
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
  }));
}
