import "server-only";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows, type Database } from "@/db/client";
import { errorChain } from "@/lib/database-errors";
import { formatUsDate } from "@/lib/dates";
import { PostingError } from "./errors";

/*
 * The closed-period rule (issue 23), as the app reads it. The database enforces it itself
 * (migration 0006: SQLSTATE PB001 for a closed month, PB002 for a closed batch; migration 0008:
 * PB003 for a manual payment dated off its batch's deposit date); this module
 * turns those refusals into a 422 a poster can read, and finds where money for a closed month
 * goes instead: the first open day after it.
 */

export const CLOSED_MONTH_SQLSTATE = "PB001";
export const CLOSED_BATCH_SQLSTATE = "PB002";
/** Migration 0008: a manual payment's deposit date differs from its batch's; DETAIL "<batch number> <yyyy-mm-dd>". */
export const DEPOSIT_DATE_SQLSTATE = "PB003";
const REFUSALS: readonly string[] = [CLOSED_MONTH_SQLSTATE, CLOSED_BATCH_SQLSTATE, DEPOSIT_DATE_SQLSTATE];

/** "October 2026" for "2026-10". */
export function monthLabel(yearMonth: string): string {
  return DateTime.fromISO(`${yearMonth}-01`).toFormat("LLLL yyyy");
}

function databaseRefusal(error: unknown): { code: string; detail: string } | null {
  for (const { code, detail } of errorChain(error)) {
    if (typeof code === "string" && REFUSALS.includes(code)) {
      return { code, detail: typeof detail === "string" ? detail : "" };
    }
  }
  return null;
}

/** "Batch B1 has deposit date 12/02/2026: …": the PB003 refusal, whoever asks (the API checks it first too). */
export function depositDateError(batchNumber: string, batchDepositDate: string): PostingError {
  return new PostingError(
    422,
    `Batch ${batchNumber} has deposit date ${formatUsDate(batchDepositDate)}: a payment posted into it has the batch's deposit date. Leave depositDate out, or post into a batch of the date you mean.`,
    "depositDate",
  );
}

/**
 * The database's refusal to write into a closed month or batch, or a manual payment dated off
 * its batch's deposit date, as a PostingError (422) naming it; any other error is returned as
 * it is, for the caller to rethrow.
 */
export function closedPeriodError(error: unknown): unknown {
  const refusal = databaseRefusal(error);
  if (!refusal) return error;
  if (refusal.code === DEPOSIT_DATE_SQLSTATE) {
    const [batchNumber = "", batchDepositDate = ""] = refusal.detail.split(" ");
    return depositDateError(batchNumber, batchDepositDate);
  }
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
