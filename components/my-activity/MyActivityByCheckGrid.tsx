"use client";

import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { CHECK_COLUMNS, type MyActivityCheckRow } from "@/lib/reports/my-activity/columns";
import { myActivityBatchHref } from "@/lib/reports/my-activity/search-params";
import { columnDefsOf } from "@/components/reports/columnDefs";
import { openRowOn } from "@/components/reports/drillDown";

interface Props {
  batchNumber: string;
  rows: MyActivityCheckRow[];
  /** The All line: the batch totals, pinned on top, opening every line of the batch. */
  all: MyActivityCheckRow;
  timezone: string;
  reportSearch: string;
}

/** The batch By Check: double-click (or Enter on) All for every line, or on one payment for its lines. */
export function MyActivityByCheckGrid({ batchNumber, rows, all, timezone, reportSearch }: Props) {
  const router = useRouter();
  const columnDefs = useMemo(() => columnDefsOf(CHECK_COLUMNS, timezone), [timezone]);
  const handlers = openRowOn<MyActivityCheckRow>((row) => {
    const reportParams = new URLSearchParams(reportSearch);
    const target = row.paymentId === null ? { view: "all" as const } : { paymentId: row.paymentId };
    router.push(myActivityBatchHref(batchNumber, target, reportParams));
  });
  return (
    <ReportGrid<MyActivityCheckRow>
      columnDefs={columnDefs}
      rowData={rows}
      pinnedTopRowData={[all]}
      rowIdOf={(row) => (row.paymentId === null ? "all" : String(row.paymentId))}
      {...handlers}
    />
  );
}
