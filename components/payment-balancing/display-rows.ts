import type { PaymentBalancingGroupRow, PaymentBalancingRow } from "@/lib/reports/payment-balancing/columns";
import { PATH_SEPARATOR, type GroupDimension } from "@/lib/reports/payment-balancing/search-params";

/*
 * AG Grid Community has no row grouping, so group rows are ordinary rows with a level: the
 * server sends the group rows (with their SQL subtotals) depth first and the payments of open
 * leaf groups; this only puts them in display order. No amount is computed here.
 */

export type DisplayRow = Partial<PaymentBalancingRow> & {
  rowKind: "group" | "payment" | "more" | "total";
  rowId: string;
  level: number;
  /** Group rows: the key path (`open=` values); payment rows: their group's path. */
  path: string;
  label: string;
  dimension?: GroupDimension;
  expanded?: boolean;
  paymentCount?: number;
  amountCents?: number;
  appliedCents?: number;
  unappliedCents?: number;
  /** "more" rows: how many payments of the group are not shown. */
  hiddenCount?: number;
};

export function parentPathOf(path: string): string {
  const keys = path.split(PATH_SEPARATOR);
  return keys.slice(0, -1).join(PATH_SEPARATOR);
}

function paymentRow(row: PaymentBalancingRow & { groupPath?: string }, level: number): DisplayRow {
  return { ...row, rowKind: "payment", rowId: `payment:${row.id}`, level, path: row.groupPath ?? "", label: "" };
}

/** The Payments column: a group's or the grand total's count; a payment row is one payment, so it says nothing. */
export function paymentCountOf(row: DisplayRow): number | null {
  return row.rowKind === "group" || row.rowKind === "total" ? (row.paymentCount ?? null) : null;
}

export function totalRow(total: PaymentBalancingGroupRow): DisplayRow {
  return {
    rowKind: "total",
    rowId: "total",
    level: 0,
    path: "",
    label: "Grand total",
    paymentCount: total.paymentCount,
    amountCents: total.amountCents,
    appliedCents: total.appliedCents,
    unappliedCents: total.unappliedCents,
  };
}

export function buildDisplayRows(
  dimensions: readonly GroupDimension[],
  groups: readonly PaymentBalancingGroupRow[],
  rows: ReadonlyArray<PaymentBalancingRow & { groupPath?: string }>,
  open: readonly string[],
): DisplayRow[] {
  if (dimensions.length === 0) return rows.map((row) => paymentRow(row, 0));
  const openPaths = new Set(open);
  const depth = dimensions.length;
  const paymentsByGroup = new Map<string, Array<PaymentBalancingRow & { groupPath?: string }>>();
  for (const row of rows) {
    const list = paymentsByGroup.get(row.groupPath ?? "") ?? [];
    list.push(row);
    paymentsByGroup.set(row.groupPath ?? "", list);
  }
  // A group shows when its parent is shown and open (a hand-edited URL may open a child of a closed group).
  const shownOpen = new Set<string>([""]);
  const display: DisplayRow[] = [];
  for (const group of groups) {
    if (!shownOpen.has(parentPathOf(group.path))) continue;
    const expanded = openPaths.has(group.path);
    display.push({
      rowKind: "group",
      rowId: `group:${group.path}`,
      level: group.level,
      path: group.path,
      label: group.label,
      dimension: dimensions[group.level - 1],
      expanded,
      paymentCount: group.paymentCount,
      amountCents: group.amountCents,
      appliedCents: group.appliedCents,
      unappliedCents: group.unappliedCents,
    });
    if (!expanded) continue;
    shownOpen.add(group.path);
    if (group.level < depth) continue;
    const payments = paymentsByGroup.get(group.path) ?? [];
    for (const payment of payments) display.push(paymentRow(payment, group.level + 1));
    if (group.paymentCount > payments.length) {
      display.push({
        rowKind: "more",
        rowId: `more:${group.path}`,
        level: group.level + 1,
        path: group.path,
        label: "",
        hiddenCount: group.paymentCount - payments.length,
        paymentCount: group.paymentCount,
      });
    }
  }
  return display;
}
