"use client";

import { usePathname, useSearchParams } from "next/navigation";

/**
 * Downloads of the view on screen: the same path and query string with `/export.csv` or
 * `/export.xlsx` appended, so the file holds exactly what this URL shows (every page of it).
 */
export function ExportButtons() {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const href = (format: "csv" | "xlsx") => `${pathname.replace(/\/$/, "")}/export.${format}${query ? `?${query}` : ""}`;
  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <span className="muted">Export</span>
      <a className="button-link" href={href("csv")} download>
        CSV
      </a>
      <a className="button-link" href={href("xlsx")} download>
        Excel (.xlsx)
      </a>
    </div>
  );
}
