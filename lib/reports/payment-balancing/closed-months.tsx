import "server-only";
import Link from "next/link";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { monthLabel } from "@/lib/posting/closed-period";
import { breakdownPath } from "@/lib/reports/month-end/search-params";

/*
 * Payment Balancing over a range that covers closed months says so (issue 23): their totals
 * are frozen, and each month links to its breakdown, where frozen and live stand side by side.
 */

/** The closed months ("2026-10") that share a day with [from, to]. */
export async function closedMonthsIn(db: Database, viewer: Viewer, from: string, to: string): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM') as month from closed_month
        where practice_id = ${viewer.practiceId} and month >= date_trunc('month', ${from}::date)::date and month <= ${to}::date
        order by month`,
  );
  return rows.map((row) => row.month);
}

export function ClosedMonthsNotice({ months }: { months: string[] }) {
  if (months.length === 0) return null;
  return (
    <section className="notice" role="status" aria-label="Closed months">
      <p>
        {months.length === 1 ? "This range covers a closed month: " : "This range covers closed months: "}
        {months.map((month, index) => (
          <span key={month}>
            {index > 0 && ", "}
            <Link href={breakdownPath(month)}>{monthLabel(month)}</Link>
          </span>
        ))}
        . {months.length === 1 ? "Its totals are" : "Their totals are"} frozen: nothing can be posted with a deposit date in{" "}
        {months.length === 1 ? "it" : "them"}, and a correction is posted in an open month.
      </p>
    </section>
  );
}
