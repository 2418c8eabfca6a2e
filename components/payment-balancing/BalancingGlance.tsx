"use client";

import Link from "next/link";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { formatUsDate } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import { GLANCE_COLUMNS, type BalancingGlance as Glance, type BalancingGlanceRow } from "@/lib/reports/payment-balancing/columns";
import { GLANCE_TABS, glanceTabOf, withGlanceTab, withGrouping, type GlanceTab } from "@/lib/reports/payment-balancing/search-params";
import { BALANCED, balanceStatus } from "@/lib/reports/toolkit/balance-rule";
import { useReportUrl } from "@/components/reports/useReportUrl";
import "./glance.css";

const TAB_TITLES: Readonly<Record<GlanceTab, string>> = { poster: "Per poster", batch: "Per batch", day: "Per day" };

/** A line balances when every batch it touches does (the server judged each by the balance rule). */
function isBalanced(row: BalancingGlanceRow): boolean {
  return row.unbalancedBatches === 0;
}

/** The balance rule's word; a poster's or day's line also says how many of its batches are out. */
function statusText(row: BalancingGlanceRow): string {
  const word = balanceStatus(isBalanced(row));
  if (row.kind === "batch" || isBalanced(row)) return word;
  return `${word} (${row.unbalancedBatches.toLocaleString("en-US")} ${row.unbalancedBatches === 1 ? "batch" : "batches"})`;
}

/** The heading over each part of the columns: the filtered payments', then the whole batches' (with Status). */
const PART_SPANS = {
  filtered: GLANCE_COLUMNS.filter((column) => column.part === "filtered").length,
  batches: GLANCE_COLUMNS.filter((column) => column.part === "batches").length + 1,
};

function MoneyCell({ cents }: { cents: number | null }) {
  return <td className={cents !== null && cents < 0 ? "num money-negative" : "num"}>{cents === null ? "" : formatUsd(cents)}</td>;
}

/**
 * Balancing at a glance: per poster, batch and day, what the filters show beside the whole
 * batches' control totals and differences, and what is still unapplied. A line opens the
 * report narrowed to it. The tab is in the URL (`glance=`), changed without asking the
 * server again (the lines of every tab came with the page), so Back and Forward step through
 * tabs and a reload keeps one. A plain table, not a grid: its links are in the Tab order, and
 * a few dozen lines need no grid's JavaScript.
 */
export function BalancingGlance({ glance, by }: { glance: Glance; by: "deposit" | "posting" }) {
  const { rows } = glance;
  const { params, hrefOf } = useReportUrl();
  const tab = glanceTabOf(params);
  const tabButtons = useRef(new Map<GlanceTab, HTMLButtonElement>());
  /** "auto": the window's width decides (CSS); then what the user chose. */
  const [lines, setLines] = useState<"auto" | "open" | "closed">("auto");
  const panelId = useId();
  const outOfBalance = (kind: GlanceTab) =>
    kind === "batch" ? glance.batchesNotBalanced : rows.filter((row) => row.kind === kind && !isBalanced(row)).length;
  const visible = rows.filter((row) => row.kind === tab);

  const select = (next: GlanceTab) => {
    // Next.js keeps its router in step with pushState: useSearchParams follows, nothing is fetched.
    window.history.pushState(null, "", hrefOf(withGlanceTab(params, next)));
    tabButtons.current.get(next)?.focus();
    // Choosing a tab is asking for its lines, also where they started hidden.
    setLines("open");
  };
  // The ARIA tabs pattern: arrows, Home and End move between tabs, and a moved-to tab is shown.
  const onTabKey = (event: KeyboardEvent) => {
    const at = GLANCE_TABS.indexOf(tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: GLANCE_TABS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(GLANCE_TABS[(to + GLANCE_TABS.length) % GLANCE_TABS.length]!);
  };

  const narrowTo = (row: BalancingGlanceRow) => {
    const next = new URLSearchParams(params);
    for (const name of ["group", "open", "page"]) next.delete(name);
    const param = row.kind === "day" ? (by === "deposit" ? "deposit_date" : "posting_date") : row.kind;
    next.delete(param);
    next.append(param, row.key);
    return hrefOf(next);
  };
  const labelHeader = tab === "poster" ? "Poster" : tab === "batch" ? "Batch (deposit date)" : by === "deposit" ? "Deposit date" : "Posting date";
  const batchesShown = rows.filter((row) => row.kind === "batch").length;

  return (
    <section className={`glance glance-lines-${lines}`} aria-label="Balancing at a glance">
      {/* The heading stays outside the tablist: a tablist may own only tabs (axe aria-required-children). */}
      <div className="glance-heading">
        <h2 id="glance-heading">Balancing at a glance</h2>
        {/*
          Below 1280 pixels the lines start hidden (CSS), so the grid starts on the first screen; the tabs still count
          what needs attention. Before the tabs, so Tab goes from the chosen tab straight to its panel.
        */}
        <button type="button" className="link-button glance-show" aria-expanded="false" aria-controls={panelId} onClick={() => setLines("open")}>
          Show lines
        </button>
        <button type="button" className="link-button glance-hide" aria-expanded="true" aria-controls={panelId} onClick={() => setLines("closed")}>
          Hide lines
        </button>
        <div className="tabs" role="tablist" aria-labelledby="glance-heading" onKeyDown={onTabKey}>
          {GLANCE_TABS.map((kind) => (
            <button
              key={kind}
              ref={(button) => {
                if (button) tabButtons.current.set(kind, button);
                else tabButtons.current.delete(kind);
              }}
              id={`glance-tab-${kind}`}
              type="button"
              role="tab"
              aria-selected={tab === kind}
              aria-controls={`glance-panel-${kind}`}
              // Roving tabindex: Tab reaches the chosen tab only, then leaves for its panel.
              tabIndex={tab === kind ? 0 : -1}
              className={tab === kind ? "tab tab-active" : "tab"}
              onClick={() => select(kind)}
            >
              {TAB_TITLES[kind]}
              {outOfBalance(kind) > 0 && (
                <span className="out-of-balance"> · {outOfBalance(kind).toLocaleString("en-US")} need attention</span>
              )}
            </button>
          ))}
        </div>
      </div>
      {glance.batchesSplit > 0 && (
        <p className="glance-split" role="note">
          Filters split {glance.batchesSplit.toLocaleString("en-US")} {glance.batchesSplit === 1 ? "batch" : "batches"}: Posted
          and Unapplied count only the payments shown; Batch posted, Control total, Difference and Status are the whole
          batches&apos;.
        </p>
      )}
      <div id={panelId} className="glance-lines">
        <p className="muted glance-rule">
          Difference is the control total less the whole batch&apos;s posted total, whatever the filters: a deposit slip covers
          its whole batch. A batch counts whole in each line it touches.
        </p>
        {GLANCE_TABS.map((kind) => (
          <div
            key={kind}
            id={`glance-panel-${kind}`}
            role="tabpanel"
            aria-labelledby={`glance-tab-${kind}`}
            hidden={kind !== tab}
            tabIndex={0}
            className="glance-panel"
          >
            {kind === tab && (
              <>
                {kind === "batch" && batchesShown < glance.batchCount && (
                  <p className="muted" role="note">
                    The first {batchesShown.toLocaleString("en-US")} of {glance.batchCount.toLocaleString("en-US")} batches, those
                    that do not balance first.{" "}
                    <Link href={hrefOf(withGrouping(params, ["batch"]))}>Group the report by batch</Link> to see every batch.
                  </p>
                )}
                {visible.length === 0 ? (
                  <p className="muted">No payments in this report to balance.</p>
                ) : (
                  <table className="glance-table">
                    <colgroup span={1} />
                    <colgroup span={PART_SPANS.filtered} />
                    <colgroup span={PART_SPANS.batches} />
                    <thead>
                      <tr>
                        <td />
                        <th scope="colgroup" colSpan={PART_SPANS.filtered}>
                          These filters
                        </th>
                        <th scope="colgroup" colSpan={PART_SPANS.batches}>
                          Whole batches
                        </th>
                      </tr>
                      <tr>
                        <th scope="col">{labelHeader}</th>
                        {GLANCE_COLUMNS.map((column) => (
                          <th key={column.key} scope="col" className="num">
                            {column.header}
                          </th>
                        ))}
                        <th scope="col">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      {visible.map((row) => (
                        <tr key={row.key}>
                          <th scope="row">
                            {/* One prefetch per line would be a storm on a busy month (issue 25). */}
                            <Link href={narrowTo(row)} prefetch={false}>
                              {row.kind === "day" ? formatUsDate(row.label) : row.label}
                            </Link>
                          </th>
                          {GLANCE_COLUMNS.map((column) =>
                            column.kind === "money" ? (
                              <MoneyCell key={column.key} cents={row[column.key] as number | null} />
                            ) : (
                              <td key={column.key} className="num">
                                {(row[column.key] as number).toLocaleString("en-US")}
                              </td>
                            ),
                          )}
                          {/* The word is the balance rule's; unapplied money has its own column. */}
                          <td className={balanceStatus(isBalanced(row)) === BALANCED ? "balanced" : "out-of-balance"}>{statusText(row)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
