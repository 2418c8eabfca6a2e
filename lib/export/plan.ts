import type { ExportColumn } from "@/lib/reports/toolkit/columns";

/** What one report view writes to a file: the route handler streams it as CSV or .xlsx. */
export interface ExportPlan {
  columns: ExportColumn[];
  batches: AsyncIterable<Record<string, unknown>[]>;
  sheetName: string;
  /** e.g. ["payment-balancing", "full-access", "deposit", "2026-03-01", "2026-03-31"]. */
  filenameParts: string[];
  /** Rows after the header, for the audit trail. */
  rowCount: number;
  /** Ends what the rows are read from when `batches` was never read (reading it to the end, or stopping it, ends it too). */
  close?: () => Promise<void>;
}

/** `payment-balancing_full-access_deposit_2026-03-01_2026-03-31.csv`: safe characters only. */
export function exportFilename(parts: readonly string[], format: "csv" | "xlsx"): string {
  const safe = parts.map((part) => part.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "")).filter(Boolean);
  return `${safe.join("_")}.${format}`;
}
