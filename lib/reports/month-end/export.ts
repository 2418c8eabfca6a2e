import "server-only";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import type { ExportPlan } from "@/lib/export/plan";
import { exportColumnsOf, type ExportColumn } from "@/lib/reports/toolkit/columns";
import { monthBreakdown } from "./breakdown";
import { breakdownColumns } from "./columns";
import type { BreakdownQuery } from "./search-params";

/*
 * The breakdown as a file: the lines the page shows for the URL and a total line, with the
 * snapshot's time and who closed the month on every line, so a file that travels on its own
 * still says what it was frozen from. The lines are at most the month's grain (tens of
 * thousands at the most), so they are read in one statement rather than streamed.
 */

const SNAPSHOT_COLUMNS: ExportColumn[] = [
  { key: "frozenAt", header: "Frozen at", kind: "datetime" },
  { key: "closedBy", header: "Closed by", kind: "text" },
];

export async function breakdownExport(db: Database, viewer: Viewer, query: BreakdownQuery): Promise<ExportPlan> {
  const breakdown = await monthBreakdown(db, viewer, query);
  const stamp = { frozenAt: breakdown.snapshot?.closedAt ?? null, closedBy: breakdown.snapshot?.closedBy ?? "(not closed)" };
  const [firstKey] = breakdownColumns(query.groups).map((column) => column.key);
  const { totals } = breakdown;
  const totalLine = {
    ...(firstKey === "depositDate" ? {} : { [firstKey!]: "Total" }),
    ...totals,
    differenceCents: totals.liveTotalCents - totals.frozenTotalCents,
    status: breakdown.differingLines === 0 ? "Equal" : `${breakdown.differingLines} lines differ`,
  };
  const lines = [...breakdown.rows, totalLine].map((line) => ({ ...line, ...stamp }));
  async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
    yield lines;
  }
  return {
    columns: [...exportColumnsOf(breakdownColumns(query.groups)), ...SNAPSHOT_COLUMNS],
    batches: batches(),
    sheetName: "Month-end breakdown",
    filenameParts: ["month-end", query.month.month, breakdown.variant, ...query.groups],
    rowCount: lines.length,
  };
}
