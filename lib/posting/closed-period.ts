import "server-only";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows, type Database } from "@/db/client";
import { PostingError } from "./errors";

/*
 * The closed-period rule (issue 23), as the app reads it. The database enforces it itself
 * (migration 0006: SQLSTATE PB001 for a closed month, PB002 for a closed batch); this module
 * turns those refusals into a 422 a poster can read, and finds where money for a closed month
 * goes instead: the first open day after it.
 */

export const CLOSED_MONTH_SQLSTATE = "PB001";
export const CLOSED_BATCH_SQLSTATE = "PB002";

/** "October 2026" for "2026-10". */
export function monthLabel(yearMonth: string): string {
  return DateTime.fromISO(`${yearMonth}-01`).toFormat("LLLL yyyy");
}

function databaseRefusal(error: unknown): { code: string; detail: string } | null {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    const { code, detail } = current as { code?: unknown; detail?: unknown };
    if (code === CLOSED_MONTH_SQLSTATE || code === CLOSED_BATCH_SQLSTATE) {
      return { code, detail: typeof detail === "string" ? detail : "" };
    }
  }
  return null;
}

/**
 * The database's refusal to write into a closed month or batch, as a PostingError (422) naming
 * it; any other error is returned as it is, for the caller to rethrow.
 */
export function closedPeriodError(error: unknown): unknown {
  const refusal = databaseRefusal(error);
  if (!refusal) return error;
  if (refusal.code === CLOSED_MONTH_SQLSTATE) {
    return new PostingError(
      422,
      `${monthLabel(refusal.detail)} is closed: nothing can be posted with a deposit date in it. Post with a date in an open month, or ask a Billing Admin to reopen it.`,
      "depositDate",
    );
  }
  return new PostingError(
    422,
    `Batch ${refusal.detail} is closed: nothing more can be posted into it. Post into an open batch, or ask a Billing Admin to reopen it.`,
    "batchNumber",
  );
}

/** Whether the month of `isoDate` is closed in the practice. */
export async function isMonthClosed(db: Database, practiceId: number, isoDate: string): Promise<boolean> {
  const rows = await queryRows<{ closed: boolean }>(
    db,
    sql`select exists (select 1 from closed_month where practice_id = ${practiceId}
                        and month = date_trunc('month', ${isoDate}::date)::date) as closed`,
  );
  return rows[0]?.closed === true;
}

/**
 * Where money dated `isoDate` is posted: that date when its month is open, else the first day
 * of the first open month after it (a late EMR collection or ERA for a closed month).
 */
export async function firstOpenDay(db: Database, practiceId: number, isoDate: string): Promise<string> {
  let month = DateTime.fromISO(isoDate).startOf("month");
  if (!(await isMonthClosed(db, practiceId, isoDate))) return isoDate;
  const closed = await queryRows<{ month: string }>(
    db,
    sql`select month::text as month from closed_month
         where practice_id = ${practiceId} and month > date_trunc('month', ${isoDate}::date)::date order by month`,
  );
  const closedMonths = new Set(closed.map((row) => row.month));
  do month = month.plus({ months: 1 });
  while (closedMonths.has(month.toISODate()!));
  return month.toISODate()!;
}
