"use client";

import type { ColDef, SortChangedEvent, SortDirection as GridSortDirection } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import Link from "next/link";
import { useMemo } from "react";
import { columnDefOf } from "@/components/reports/columnDefs";
import { ReportGrid } from "@/components/reports/ReportGrid";
import { METHOD_LABELS, PAYER_TYPE_LABELS, PAYMENT_METHODS, PAYMENT_SOURCES, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import {
  PAYMENT_COLUMNS,
  SORT_COLUMNS,
  type PaymentBalancingGroupRow,
  type PaymentBalancingRow,
  type SortColumn,
} from "@/lib/reports/payment-balancing/columns";
import {
  GROUP_LABELS,
  PAYER_TYPE_FILTERS,
  groupDrillParams,
  withOpenToggled,
  withPage,
  withSort,
  type GroupDimension,
  type SortSpec,
} from "@/lib/reports/payment-balancing/search-params";
import type { Option } from "@/components/reports/MultiSelect";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { ColumnFilter, columnFilterSpecs, isFilterActive } from "./ColumnFilter";
import { buildDisplayRows, totalRow, type DisplayRow } from "./display-rows";
import { groupLabelText } from "./labels";

export interface PaymentBalancingGridProps {
  dimensions: GroupDimension[];
  groups: PaymentBalancingGroupRow[];
  rows: Array<PaymentBalancingRow & { groupPath: string }>;
  grandTotal: PaymentBalancingGroupRow;
  open: string[];
  sort: SortSpec[];
  timezone: string;
  /** "/payments/balancing" or "/payments/balancing/full-access". */
  basePath: string;
  page: { number: number; size: number; pageCount: number };
  /** Choices for the column filters (the same the filter bar offers). */
  filterOptions: { locations: Option[]; posters: Option[]; payers: Option[] };
}

const enumOptions = (values: readonly string[], labels: Readonly<Record<string, string>>): Option[] =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

const INDENT_REM = 1.25;

function isSortColumn(value: string): value is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(value);
}

/**
 * The payments grid. Group rows are ordinary rows with a level, an indent and an
 * expand/collapse toggle; expanding changes `open=` in the URL and the server sends the
 * children. Header sorting writes `sort=` to the URL and the server sorts (the grid keeps the
 * server's order). The grand total is pinned at the bottom.
 */
export function PaymentBalancingGrid(props: PaymentBalancingGridProps) {
  const { dimensions, groups, rows, grandTotal, open, sort, timezone, basePath, page, filterOptions } = props;
  const { params, hrefOf, navigate, pending } = useReportUrl();
  const reportSearch = params.toString();

  const displayRows = useMemo(() => buildDisplayRows(dimensions, groups, rows, open), [dimensions, groups, rows, open]);
  const totals = useMemo(() => [totalRow(grandTotal)], [grandTotal]);

  const columnDefs = useMemo((): ColDef<DisplayRow>[] => {
    const current = new URLSearchParams(reportSearch);
    const paymentHref = (id: number) => `${basePath}/payments/${id}${reportSearch ? `?${reportSearch}` : ""}`;
    const groupHref = (path: string) => hrefOf(groupDrillParams(current, dimensions, path), basePath);

    const LeadCell = ({ data }: CustomCellRendererProps<DisplayRow>) => {
      if (!data) return null;
      const indent = { paddingLeft: `${Math.max(0, data.level - 1) * INDENT_REM}rem` };
      if (data.rowKind === "total") return <strong>Grand total</strong>;
      if (data.rowKind === "payment") {
        return (
          <span style={{ paddingLeft: `${Math.max(0, data.level - 1) * INDENT_REM + (dimensions.length > 0 ? 1.6 : 0)}rem` }}>
            <Link href={paymentHref(data.id!)} title="Open this payment's lines by patient and CPT code">
              Payment {data.id}
            </Link>
            {data.reversesPaymentId ? <span className="muted"> (reverses {data.reversesPaymentId})</span> : null}
          </span>
        );
      }
      if (data.rowKind === "more") {
        return (
          <span style={{ paddingLeft: `${(data.level - 1) * INDENT_REM + 1.6}rem` }}>
            <Link href={groupHref(data.path)}>
              {data.hiddenCount} more — open all {data.paymentCount} payments
            </Link>
          </span>
        );
      }
      const text = groupLabelText(data.dimension, data.label);
      return (
        <span className="group-cell" style={indent}>
          <button
            type="button"
            className="group-toggle"
            aria-expanded={data.expanded}
            aria-label={`${data.expanded ? "Collapse" : "Expand"} ${GROUP_LABELS[data.dimension!]} ${text}`}
            onClick={() => navigate(withOpenToggled(current, data.path))}
          >
            {data.expanded ? "▾" : "▸"}
          </button>
          <span className="group-label">{text}</span>
          <Link className="group-open" href={groupHref(data.path)} title={`Open the payments of ${text}`}>
            payments
          </Link>
        </span>
      );
    };

    const filters = columnFilterSpecs({
      ...filterOptions,
      payerTypes: enumOptions(PAYER_TYPE_FILTERS, PAYER_TYPE_LABELS),
      methods: enumOptions(PAYMENT_METHODS, METHOD_LABELS),
      sources: enumOptions(PAYMENT_SOURCES, SOURCE_LABELS),
    });
    const filterOf = (column: SortColumn): Partial<ColDef<DisplayRow>> => {
      const spec = filters[column];
      if (!spec) return { filter: false };
      return {
        filter: ColumnFilter,
        filterParams: { spec },
        headerClass: isFilterActive(spec, current) ? "url-filtered" : undefined,
      };
    };

    const sortState = (column: SortColumn): { sort: GridSortDirection; sortIndex: number | null } => {
      const index = sort.findIndex((spec) => spec.column === column);
      return index === -1 ? { sort: null, sortIndex: null } : { sort: sort[index]!.direction, sortIndex: index };
    };

    return [
      {
        colId: "lead",
        headerName: dimensions.length > 0 ? dimensions.map((d) => GROUP_LABELS[d]).join(" › ") : "Payment",
        pinned: "left",
        width: dimensions.length > 0 ? 300 : 170,
        sortable: false,
        filter: false,
        cellRenderer: LeadCell,
      },
      {
        colId: "paymentCount",
        field: "paymentCount",
        headerName: "Payments",
        type: "count",
        width: 100,
        pinned: "left",
        sortable: false,
        filter: false,
      },
      ...PAYMENT_COLUMNS.map(
        (spec): ColDef<DisplayRow> => ({
          ...(columnDefOf(spec, timezone) as ColDef<DisplayRow>),
          colId: spec.sort,
          width: spec.kind === "datetime" ? 165 : spec.kind === "money" ? 115 : spec.key === "payerOrPatient" ? 220 : 140,
          // Amounts stay in view beside the group labels however far the grid scrolls.
          pinned: spec.kind === "money" ? "right" : undefined,
          // The server sorts; the grid keeps the order it was given.
          comparator: () => 0,
          ...filterOf(spec.sort),
          ...sortState(spec.sort),
        }),
      ),
    ];
  }, [basePath, dimensions, filterOptions, hrefOf, navigate, reportSearch, sort, timezone]);

  function onSortChanged(event: SortChangedEvent<DisplayRow>) {
    if (event.source !== "uiColumnSorted") return;
    const specs = event.api
      .getColumnState()
      .filter((state) => state.sort && isSortColumn(state.colId))
      .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
      .map((state): SortSpec => ({ column: state.colId as SortColumn, direction: state.sort === "desc" ? "desc" : "asc" }));
    navigate(withSort(new URLSearchParams(reportSearch), specs));
  }

  // A link to page 999 of a six-page result shows no rows; saying no payment matches would
  // contradict the grand total beside it.
  const lastPage = Math.max(page.pageCount, 1);
  const pastLastPage = dimensions.length === 0 && page.number > lastPage;

  return (
    <div aria-busy={pending}>
      {pastLastPage && (
        <p className="notice" role="note">
          Page {page.number} is past the last page of this report.{" "}
          <Link href={hrefOf(withPage(new URLSearchParams(reportSearch), lastPage))}>Go to page {lastPage}</Link>
        </p>
      )}
      <ReportGrid<DisplayRow>
        columnDefs={columnDefs}
        rowData={displayRows}
        totalRows={totals}
        rowIdOf={(row) => row.rowId}
        onSortChanged={onSortChanged}
        getRowClass={(p) => (p.data?.rowKind === "group" ? `group-row group-level-${p.data.level}` : undefined)}
        overlayNoRowsTemplate={pastLastPage ? "No payments on this page." : "No payments match these filters."}
      />
      {dimensions.length === 0 && page.pageCount > 1 && (
        <nav className="pager" aria-label="Pages">
          {page.number > 1 ? (
            <Link href={hrefOf(withPage(new URLSearchParams(reportSearch), Math.min(page.number - 1, lastPage)))}>← Previous</Link>
          ) : (
            <span />
          )}
          <span>
            Page {page.number} of {page.pageCount} ({page.size} payments a page)
          </span>
          {page.number < page.pageCount ? (
            <Link href={hrefOf(withPage(new URLSearchParams(reportSearch), page.number + 1))}>Next →</Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
