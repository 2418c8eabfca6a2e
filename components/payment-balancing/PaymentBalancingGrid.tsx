"use client";

import type { ColDef, RowDataUpdatedEvent, SortChangedEvent, SortDirection as GridSortDirection } from "ag-grid-community";
import type { CustomCellRendererProps } from "ag-grid-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef } from "react";
import { columnDefOf } from "@/components/reports/columnDefs";
import { GridLink } from "@/components/reports/GridLink";
import { openRowOn } from "@/components/reports/drillDown";
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
import { lazyModule } from "@/components/reports/lazy-module";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { columnFilterSpecs, isFilterActive } from "./column-filter-specs";
import { buildDisplayRows, paymentCountOf, totalRow, type DisplayRow } from "./display-rows";
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

/** The column filters' component needs AG Grid's code, so it loads with the grid, after the page has hydrated. */
const useColumnFilter = lazyModule(() => import("./ColumnFilter").then((module) => module.ColumnFilter));
export const preloadColumnFilter = useColumnFilter.preload;
if (typeof window !== "undefined") void preloadColumnFilter();

const INDENT_REM = 1.25;

/**
 * Column widths that fit a 1440-pixel window without sideways scrolling (in the compact
 * theme): each column shares the width (flex) down to what its header or usual values need,
 * longer values end in "…" with the whole in their tooltip. In a narrower window the centre
 * columns scroll while the group labels stay pinned left and the amounts pinned right.
 */
const MIN_WIDTHS: Readonly<Record<string, number>> = {
  depositDate: 88,
  postedAt: 140,
  poster: 88,
  batchNumber: 92,
  location: 94,
  payerOrPatient: 100,
  payerType: 80,
  method: 88,
  referenceNumber: 82,
  source: 84,
  batchState: 76,
  amountCents: 90,
  appliedCents: 88,
  unappliedCents: 104,
};
/** Shorter than the export's "Reference no.", whose first word alone would need 105 pixels. */
const GRID_HEADERS: Readonly<Record<string, string>> = { referenceNumber: "Ref. no." };

/** A column a grouping level already shows on its group rows: hidden while grouped by it. */
const COLUMN_OF_DIMENSION: Readonly<Partial<Record<GroupDimension, string>>> = {
  poster: "poster",
  deposit_date: "depositDate",
  location: "location",
  payer: "payerOrPatient",
  payer_type: "payerType",
  method: "method",
  source: "source",
  batch: "batchNumber",
};

function isSortColumn(value: string): value is SortColumn {
  return (SORT_COLUMNS as readonly string[]).includes(value);
}

/** Which control of a row to give focus back to once the URL's rows have arrived. */
interface Refocus {
  rowId: string;
  onToggle: boolean;
}

/**
 * The payments grid. Group rows are ordinary rows with a level, an indent and an
 * expand/collapse toggle; expanding changes `open=` in the URL and the server sends the
 * children. Header sorting writes `sort=` to the URL and the server sorts (the grid keeps the
 * server's order). The grand total is pinned at the bottom.
 *
 * The keyboard: arrows move between rows; Enter on a payment opens its drill-down (as a
 * double-click does); Enter or Space on a group expands or collapses it; Tab on a row reaches its
 * toggle and links, then leaves the grid.
 */
export function PaymentBalancingGrid(props: PaymentBalancingGridProps) {
  const { dimensions, groups, rows, grandTotal, open, sort, timezone, basePath, page, filterOptions } = props;
  const router = useRouter();
  const { params, hrefOf, navigate, pending } = useReportUrl();
  const { loaded: ColumnFilter } = useColumnFilter();
  const reportSearch = params.toString();
  const refocus = useRef<Refocus | null>(null);

  const displayRows = useMemo(() => buildDisplayRows(dimensions, groups, rows, open), [dimensions, groups, rows, open]);
  const totals = useMemo(() => [totalRow(grandTotal)], [grandTotal]);

  const links = useMemo(() => {
    const current = new URLSearchParams(reportSearch);
    return {
      payment: (id: number) => `${basePath}/payments/${id}${reportSearch ? `?${reportSearch}` : ""}`,
      group: (path: string) => hrefOf(groupDrillParams(current, dimensions, path), basePath),
      /** Expands or collapses a group through the URL; focus comes back to its row when the rows arrive. */
      toggle: (row: DisplayRow, onToggle: boolean) => {
        refocus.current = { rowId: row.rowId, onToggle };
        navigate(withOpenToggled(current, row.path));
      },
    };
  }, [basePath, dimensions, hrefOf, navigate, reportSearch]);

  const columnDefs = useMemo((): ColDef<DisplayRow>[] => {
    const current = new URLSearchParams(reportSearch);

    const LeadCell = ({ data }: CustomCellRendererProps<DisplayRow>) => {
      if (!data) return null;
      const indent = { paddingLeft: `${Math.max(0, data.level - 1) * INDENT_REM}rem` };
      if (data.rowKind === "total") return <strong>Grand total</strong>;
      if (data.rowKind === "payment") {
        return (
          <span style={{ paddingLeft: `${Math.max(0, data.level - 1) * INDENT_REM + (dimensions.length > 0 ? 1.6 : 0)}rem` }}>
            <GridLink href={links.payment(data.id!)} title="Open this payment's lines by patient and CPT code">
              Payment {data.id}
            </GridLink>
            {data.reversesPaymentId ? <span className="muted"> (reverses {data.reversesPaymentId})</span> : null}
          </span>
        );
      }
      if (data.rowKind === "more") {
        return (
          <span style={{ paddingLeft: `${(data.level - 1) * INDENT_REM + 1.6}rem` }}>
            <GridLink href={links.group(data.path)}>
              {data.hiddenCount} more — open all {data.paymentCount} payments
            </GridLink>
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
            onClick={() => links.toggle(data, true)}
          >
            {data.expanded ? "▾" : "▸"}
          </button>
          <span className="group-label" title={text}>
            {text}
          </span>
          <GridLink className="group-open" href={links.group(data.path)} title={`Open the payments of ${text}`}>
            payments
          </GridLink>
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
        // AG Grid's filter menu shows once the filter's code (AG Grid's own) has loaded.
        filter: ColumnFilter ?? false,
        filterParams: { spec },
        headerClass: isFilterActive(spec, current) ? "url-filtered" : undefined,
      };
    };

    const sortState = (column: SortColumn): { sort: GridSortDirection; sortIndex: number | null } => {
      const index = sort.findIndex((spec) => spec.column === column);
      return index === -1 ? { sort: null, sortIndex: null } : { sort: sort[index]!.direction, sortIndex: index };
    };

    const grouped = dimensions.length > 0;
    const shownByGroups = new Set(dimensions.map((dimension) => COLUMN_OF_DIMENSION[dimension]));
    return [
      {
        colId: "lead",
        headerName: grouped ? dimensions.map((d) => GROUP_LABELS[d]).join(" › ") : "Payment",
        pinned: "left",
        width: grouped ? 180 : 100,
        sortable: false,
        filter: false,
        cellRenderer: LeadCell,
      },
      // A payment is one payment: the count says something only of a group and of the total.
      ...(grouped
        ? [
            {
              colId: "paymentCount",
              headerName: "Payments",
              type: "count",
              width: 76,
              pinned: "left",
              sortable: false,
              filter: false,
              valueGetter: ({ data }) => (data ? paymentCountOf(data) : null),
            } satisfies ColDef<DisplayRow>,
          ]
        : []),
      ...PAYMENT_COLUMNS.filter((spec) => !shownByGroups.has(spec.key)).map((spec): ColDef<DisplayRow> => {
        const money = spec.kind === "money";
        return {
          ...(columnDefOf(spec, timezone) as ColDef<DisplayRow>),
          colId: spec.sort,
          headerName: GRID_HEADERS[spec.key] ?? spec.header,
          minWidth: MIN_WIDTHS[spec.key] ?? 90,
          // Amounts keep their width; the payer, the longest text, takes twice the others' share.
          ...(money ? { width: MIN_WIDTHS[spec.key] } : { flex: spec.key === "payerOrPatient" ? 2 : 1 }),
          // The cell's shown text, for a value cut short by a narrow column.
          tooltip: !money,
          // Amounts stay in view beside the group labels however far the grid scrolls.
          pinned: money ? "right" : undefined,
          // The server sorts; the grid keeps the order it was given.
          comparator: () => 0,
          ...filterOf(spec.sort),
          ...sortState(spec.sort),
        };
      }),
    ];
  }, [ColumnFilter, dimensions, filterOptions, links, reportSearch, sort, timezone]);

  const keyboard = openRowOn<DisplayRow>(
    (row, pinned, by) => {
      if (pinned) return;
      if (row.rowKind === "group") links.toggle(row, false);
      // Space is a group's key only; on a link it would be a scroll, not an activation.
      else if (by === " ") return;
      else if (row.rowKind === "payment") router.push(links.payment(row.id!));
      else if (row.rowKind === "more") router.push(links.group(row.path));
    },
    ["Enter", " "],
  );

  // The rows of an expanded (or collapsed) group arrive with the new URL and are drawn afresh:
  // focus goes back to the row it was on, and to its toggle if that was where it was.
  function onRowDataUpdated(event: RowDataUpdatedEvent<DisplayRow>) {
    const target = refocus.current;
    if (!target) return;
    refocus.current = null;
    const rowIndex = event.api.getRowNode(target.rowId)?.rowIndex;
    if (rowIndex === null || rowIndex === undefined) return;
    event.api.ensureIndexVisible(rowIndex);
    event.api.setFocusedCell(rowIndex, "lead");
    if (target.onToggle) {
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`.ag-row[row-id="${CSS.escape(target.rowId)}"] [col-id="lead"] .group-toggle`)?.focus(),
      );
    }
  }

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
      <p className="muted grid-keys">
        Keyboard: ↑ ↓ move between rows; Enter opens a payment; Enter or Space expands or collapses a group; Tab reaches a
        row&apos;s toggle and links. On a column header, Enter sorts and Ctrl+Enter (⌘+Enter on a Mac) opens its filter.
      </p>
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
        onRowDataUpdated={onRowDataUpdated}
        {...keyboard}
        compact
        tooltipShowMode="whenTruncated"
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
