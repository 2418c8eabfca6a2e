"use client";

import type { ColDef } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { formatUsDate } from "@/lib/dates";
import { GLANCE_COLUMNS, type BalancingGlance as Glance, type BalancingGlanceRow } from "@/lib/reports/payment-balancing/columns";
import { withGrouping } from "@/lib/reports/payment-balancing/search-params";
import { BALANCED, balanceStatus } from "@/lib/reports/toolkit/balance-rule";
import { useReportUrl } from "@/components/reports/useReportUrl";

const TABS = [
  { kind: "poster", title: "Per poster" },
  { kind: "batch", title: "Per batch" },
  { kind: "day", title: "Per day" },
] as const;

/** A line balances when every batch it touches does (the server judged each by the balance rule). */
function isBalanced(row: BalancingGlanceRow): boolean {
  return row.unbalancedBatches === 0;
}

/** Lines the glance shows before it scrolls. */
const GLANCE_LINES_SHOWN = 5;

/**
 * Balancing at a glance: per poster, batch and day, what was posted against the deposit
 * slips' control totals, and what is still unapplied. A line opens the report narrowed to it.
 */
export function BalancingGlance({ glance, by }: { glance: Glance; by: "deposit" | "posting" }) {
  const { rows } = glance;
  const { params, hrefOf } = useReportUrl();
  const [tab, setTab] = useState<(typeof TABS)[number]["kind"]>("poster");
  const reportSearch = params.toString();
  const visible = useMemo(() => rows.filter((row) => row.kind === tab), [rows, tab]);
  const outOfBalance = (kind: string) =>
    kind === "batch" ? glance.batchesNotBalanced : rows.filter((row) => row.kind === kind && !isBalanced(row)).length;
  const batchesShown = rows.filter((row) => row.kind === "batch").length;

  const columnDefs = useMemo((): ColDef<BalancingGlanceRow>[] => {
    const narrowTo = (row: BalancingGlanceRow) => {
      const next = new URLSearchParams(reportSearch);
      for (const name of ["group", "open", "page"]) next.delete(name);
      const param = row.kind === "day" ? (by === "deposit" ? "deposit_date" : "posting_date") : row.kind;
      next.delete(param);
      next.append(param, row.key);
      return hrefOf(next);
    };
    const LabelCell = ({ data }: CustomCellRendererProps<BalancingGlanceRow>) =>
      data ? <Link href={narrowTo(data)}>{data.kind === "day" ? formatUsDate(data.label) : data.label}</Link> : null;
    return [
      ...GLANCE_COLUMNS.map(
        (column): ColDef<BalancingGlanceRow> =>
          column.key === "label"
            ? {
                field: "label",
                headerName: tab === "poster" ? "Poster" : tab === "batch" ? "Batch (deposit date)" : by === "deposit" ? "Deposit date" : "Posting date",
                cellRenderer: LabelCell,
                width: 240,
                pinned: "left",
                type: "text",
              }
            : { field: column.key, headerName: column.header, type: column.kind === "money" ? "money" : column.kind === "count" ? "count" : undefined },
      ),
      {
        colId: "status",
        headerName: "Status",
        // The word is the balance rule's; unapplied money has its own column.
        valueGetter: (p) => (p.data ? balanceStatus(isBalanced(p.data)) : ""),
        cellClassRules: { balanced: (p) => p.value === BALANCED, "out-of-balance": (p) => p.value !== BALANCED },
        width: 140,
      },
    ];
  }, [by, hrefOf, reportSearch, tab]);

  return (
    <section className="glance" aria-label="Balancing at a glance">
      {/* The heading stays outside the tablist: a tablist may own only tabs (axe aria-required-children). */}
      <div className="glance-heading">
        <h2 id="glance-heading">Balancing at a glance</h2>
        <div className="tabs" role="tablist" aria-labelledby="glance-heading">
          {TABS.map((t) => (
            <button
              key={t.kind}
              type="button"
              role="tab"
              aria-selected={tab === t.kind}
              className={tab === t.kind ? "tab tab-active" : "tab"}
              onClick={() => setTab(t.kind)}
            >
              {t.title}
              {outOfBalance(t.kind) > 0 && (
                <span className="out-of-balance"> · {outOfBalance(t.kind).toLocaleString("en-US")} need attention</span>
              )}
            </button>
          ))}
        </div>
      </div>
      {tab === "batch" && batchesShown < glance.batchCount && (
        <p className="muted" role="note">
          The first {batchesShown.toLocaleString("en-US")} of {glance.batchCount.toLocaleString("en-US")} batches, those that do
          not balance first.{" "}
          <Link href={hrefOf(withGrouping(params, ["batch"]))}>Group the report by batch</Link> to see every batch.
        </p>
      )}
      <ReportGrid<BalancingGlanceRow>
        key={tab}
        columnDefs={columnDefs}
        rowData={visible}
        rowIdOf={(row) => `${row.kind}:${row.key}`}
        overlayNoRowsTemplate="No payments in this report to balance."
        // A few lines take only their own height, which leaves the payments in view; more scroll.
        {...(visible.length <= GLANCE_LINES_SHOWN ? { domLayout: "autoHeight" as const, height: "auto" } : { height: "240px" })}
      />
    </section>
  );
}
