import "server-only";
import type { SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import type { ExportPlan } from "@/lib/export/plan";
import { openReadSnapshot, type ReadSnapshot } from "@/lib/export/snapshot";
import { exportColumnsOf, type ExportColumn } from "@/lib/reports/toolkit/columns";
import { PAYMENT_COLUMNS, type PaymentBalancingGroupRow } from "./columns";
import { groupValueLabel } from "./group-labels";
import { paymentBalancingGroupsSql } from "./groups-sql";
import { paymentBalancingRowsSql } from "./rows-sql";
import { GROUP_LABELS, type GroupDimension, type PaymentBalancingQuery } from "./search-params";

/*
 * The Payment Balancing grid as a file: every payment of the result (not one page), in the
 * grid's order. Grouped, each group row (with its count and sums from PostgreSQL's ROLLUP)
 * comes before what it holds, every level expanded; the grand total is the last row.
 */

/** A payment as the export query reads it (EXPORT_COLUMNS): the file's columns, its id and group path. */
type ExportedPayment = Record<string, unknown> & { id: number; groupPath: string };

function groupLabel(group: PaymentBalancingGroupRow, dimensions: readonly GroupDimension[]): string {
  const dimension = dimensions[group.level - 1]!;
  const value = groupValueLabel(dimension, group.label);
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

/** The plan reads from one snapshot, which its `close` ends (planning failed: ended here). */
export async function paymentBalancingExport(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
): Promise<ExportPlan> {
  const groupsSql = paymentBalancingGroupsSql(viewer, variant, query, { expandAll: true });
  const rowsSql = paymentBalancingRowsSql(viewer, variant, query, { columns: "export" });
  const snapshot = openReadSnapshot(db);
  try {
    return await planFromSnapshot(snapshot, variant, query, groupsSql, rowsSql);
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

async function planFromSnapshot(
  snapshot: ReadSnapshot,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  groupsSql: SQL,
  rowsSql: SQL,
): Promise<ExportPlan> {
  const groupRows = await snapshot.rows<PaymentBalancingGroupRow>(groupsSql);
  const grandTotal = groupRows.find((row) => row.level === 0)!;
  const groups = groupRows.filter((row) => row.level > 0);
  const grouped = query.groups.length > 0;
  const columns: ExportColumn[] = [
    { key: "group", header: grouped ? "Group" : "Total", kind: "text" },
    { key: "paymentCount", header: "Payments", kind: "count" },
    // The grid's first column names each payment ("Payment 10639 (reverses 10230)"), so the file does too.
    { key: "id", header: "Payment", kind: "count" },
    { key: "reversesPaymentId", header: "Reverses payment", kind: "count" },
    ...exportColumnsOf(PAYMENT_COLUMNS),
  ];
  const details = snapshot.batches<ExportedPayment>(rowsSql);

  async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
    // Group rows come depth first, and the rows query gives payments in the same order, so each
    // leaf group's payments follow it; the group rows before a payment are those up to its leaf.
    try {
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
          out.push(row);
        }
        yield out;
      }
      yield [{ group: "Grand total", ...totalsCells(grandTotal) }];
    } finally {
      await snapshot.close();
    }
  }

  return {
    columns,
    batches: batches(),
    sheetName: variant === "full-access" ? "Payment Balancing (Full Access)" : "Payment Balancing",
    filenameParts: ["payment-balancing", variant, query.by, query.from, query.to],
    rowCount: grandTotal.paymentCount + groups.length + 1,
    close: () => snapshot.close(),
  };
}
