import "server-only";
import type { SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import { inReadSnapshot } from "@/lib/reports/toolkit/read-snapshot";
import type { PaymentBalancingGroupRow, PaymentBalancingRow } from "./columns";
import { paymentBalancingGroupsSql } from "./groups-sql";
import { paymentBalancingRowsSql } from "./rows-sql";
import { PATH_SEPARATOR, type PaymentBalancingQuery } from "./search-params";

/*
 * Payment Balancing: every payment posted at the practice in the range, from every source,
 * in the viewer's scope (scope.ts), grouped and totalled by PostgreSQL (groups-sql.ts), one
 * page of payments or the open groups' payments (rows-sql.ts), read in one snapshot.
 */

export interface PaymentBalancingResult {
  grandTotal: PaymentBalancingGroupRow;
  /** Group rows (level ≥ 1) depth first, in display order; empty when ungrouped. */
  groups: PaymentBalancingGroupRow[];
  /** Ungrouped: the page of payments. Grouped: the first `size` payments of each open leaf group. */
  rows: Array<PaymentBalancingRow & { groupPath: string }>;
  page: { number: number; size: number; pageCount: number };
}

export interface PaymentBalancingOptions {
  /** Every payment of the result in grid order, unpaged (exports). */
  allRows?: boolean;
  /** Every group level, whatever `open=` says (exports). */
  expandAll?: boolean;
}

export async function paymentBalancing(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: PaymentBalancingOptions = {},
): Promise<PaymentBalancingResult> {
  const depth = query.groups.length;
  const openLeaves = new Set(query.open.filter((path) => path.split(PATH_SEPARATOR).length === depth));
  const listsPayments = options.allRows || depth === 0 || openLeaves.size > 0;
  const read = async (tx: Database): Promise<PaymentBalancingResult> => {
    const groupRows = await queryRows<PaymentBalancingGroupRow>(
      tx,
      paymentBalancingGroupsSql(viewer, variant, query, { expandAll: options.expandAll }),
    );
    const grandTotal = groupRows.find((row) => row.level === 0)!;
    const groups = groupRows.filter((row) => row.level > 0);
    const pageCount = Math.max(1, Math.ceil(grandTotal.paymentCount / query.size));
    const page = { number: query.page, size: query.size, pageCount };

    let rowsSql: SQL;
    if (options.allRows) {
      rowsSql = paymentBalancingRowsSql(viewer, variant, query);
    } else if (depth > 0) {
      const leafPaths = groups.filter((g) => g.level === depth && openLeaves.has(g.path)).map((g) => g.path);
      if (leafPaths.length === 0) return { grandTotal, groups, rows: [], page };
      rowsSql = paymentBalancingRowsSql(viewer, variant, query, { leafPaths, perGroup: query.size });
    } else {
      rowsSql = paymentBalancingRowsSql(viewer, variant, query, { limit: query.size, offset: (query.page - 1) * query.size });
    }
    const rows = await queryRows<PaymentBalancingRow & { groupPath: string; rank_in_group?: number }>(tx, rowsSql);
    return { grandTotal, groups, rows: rows.map(({ rank_in_group: _rank, ...row }) => row), page };
  };
  // One snapshot when payments are listed: an open group's count and sums match the payments
  // under it. Group rows alone are one statement, which is its own snapshot.
  return listsPayments ? inReadSnapshot(db, read) : read(db);
}
