import "server-only";
import type { Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import {
  METHOD_LABELS,
  PAYER_TYPE_LABELS,
  PAYMENT_COLUMNS,
  SOURCE_LABELS,
  type PaymentBalancingGroupRow,
  type PaymentBalancingRow,
} from "@/lib/reports/payment-balancing-columns";
import { GROUP_LABELS, type GroupDimension, type PaymentBalancingQuery } from "@/lib/reports/payment-balancing-query";
import { paymentBalancingGroupsSql, paymentBalancingRowsSql } from "@/lib/reports/payment-balancing";
import { queryRows } from "@/db/client";
import type { ExportColumn } from "./cells";
import { cursorBatches } from "./cursor";
import type { ExportPlan } from "./plan";

/*
 * The Payment Balancing grid as a file: every payment of the result (not one page), in the
 * grid's order. Grouped, each group row (with its count and sums from PostgreSQL's ROLLUP)
 * comes before what it holds, every level expanded; the grand total is the last row.
 */

const GROUP_VALUE_LABELS: Partial<Record<GroupDimension, Readonly<Record<string, string>>>> = {
  payer_type: PAYER_TYPE_LABELS,
  method: METHOD_LABELS,
  source: SOURCE_LABELS,
};

function paymentColumns(): ExportColumn[] {
  return PAYMENT_COLUMNS.map((c) => ({ key: c.key, header: c.header, kind: c.kind }));
}

/** Raw enum values become the words the grid shows. */
function displayRow(row: PaymentBalancingRow): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...row };
  for (const column of PAYMENT_COLUMNS) {
    const value = row[column.key];
    if (column.labels && typeof value === "string") shown[column.key] = column.labels[value] ?? value;
  }
  return shown;
}

function groupLabel(group: PaymentBalancingGroupRow, dimensions: readonly GroupDimension[]): string {
  const dimension = dimensions[group.level - 1]!;
  const value = GROUP_VALUE_LABELS[dimension]?.[group.label] ?? group.label;
  return `${"  ".repeat(group.level - 1)}${GROUP_LABELS[dimension]}: ${value}`;
}

function totalsCells(group: PaymentBalancingGroupRow) {
  return {
    paymentCount: group.paymentCount,
    amountCents: group.amountCents,
    appliedCents: group.appliedCents,
    unappliedCents: group.unappliedCents,
  };
}

export async function paymentBalancingExport(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
): Promise<ExportPlan> {
  const groupRows = await queryRows<PaymentBalancingGroupRow>(
    db,
    paymentBalancingGroupsSql(viewer, variant, query, { expandAll: true }),
  );
  const grandTotal = groupRows.find((row) => row.level === 0)!;
  const groups = groupRows.filter((row) => row.level > 0);
  const grouped = query.groups.length > 0;
  const columns: ExportColumn[] = [
    { key: "group", header: grouped ? "Group" : "Total", kind: "text" },
    { key: "paymentCount", header: "Payments", kind: "count" },
    ...paymentColumns(),
  ];
  const details = cursorBatches<PaymentBalancingRow & { groupPath: string }>(
    db,
    paymentBalancingRowsSql(viewer, variant, query),
  );

  async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
    // Group rows come depth first, and the cursor gives payments in the same order, so each
    // leaf group's payments follow it; the group rows before a payment are those up to its leaf.
    let emitted = 0;
    for await (const rows of details) {
      const out: Record<string, unknown>[] = [];
      for (const row of rows) {
        while (grouped && groups[emitted - 1]?.path !== row.groupPath) {
          const group = groups[emitted];
          if (!group) throw new Error(`export order: payment ${row.id} has no group row "${row.groupPath}" left`);
          out.push({ group: groupLabel(group, query.groups), ...totalsCells(group) });
          emitted += 1;
        }
        out.push(displayRow(row));
      }
      yield out;
    }
    yield [{ group: "Grand total", ...totalsCells(grandTotal) }];
  }

  return {
    columns,
    batches: batches(),
    sheetName: variant === "full-access" ? "Payment Balancing (Full Access)" : "Payment Balancing",
    filenameParts: ["payment-balancing", variant, query.by, query.from, query.to],
    rowCount: grandTotal.paymentCount + groups.length + 1,
  };
}
