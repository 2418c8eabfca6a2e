"use client";

import { useMemo } from "react";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { ERA_CLAIM_COLUMNS, type EraClaimRow } from "@/lib/reports/era/columns";

/** The remittance's claims in the order the 835 gives them. */
export function EraClaimsGrid({ rows, timezone }: { rows: EraClaimRow[]; timezone: string }) {
  const columnDefs = useMemo(() => columnDefsOf(ERA_CLAIM_COLUMNS, timezone), [timezone]);
  return (
    <ReportGrid<EraClaimRow>
      columnDefs={columnDefs}
      rowData={rows}
      rowIdOf={(row) => String(row.id)}
      height={rows.length > 12 ? "28rem" : "auto"}
      domLayout={rows.length > 12 ? "normal" : "autoHeight"}
      overlayNoRowsTemplate="This remittance has no claims."
    />
  );
}
