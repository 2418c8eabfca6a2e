import "server-only";
import { and, eq, like, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows, type Database } from "@/db/client";
import { batch, location } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { BATCH_NUMBER } from "@/lib/ledger-vocabulary";
import { todayIn } from "@/lib/dates";
import { PostingError } from "./errors";
import { inPostingTransaction } from "./idempotency";
import { parseInput, refuseFutureDate, requirePosting } from "./rules";
import { batchInput, VOID_BATCH_PREFIX, type BatchInput } from "./schemas";

export interface BatchSummary {
  batchId: number;
  batchNumber: string;
  depositDate: string;
  locationId: number | null;
  locationName: string | null;
  controlTotalCents: number | null;
  postedTotalCents: number;
  /** Control total minus posted total; null without a control total. */
  differenceCents: number | null;
  paymentCount: number;
  createdAt: string;
  /** Void batches hold reversals only; nothing is keyed into them. */
  kind: "deposit" | "void";
  /** When the batch was closed (UTC ISO), null while it is open: nothing is posted into a closed batch. */
  closedAt: string | null;
}

interface BatchRow {
  batch_id: number;
  batch_number: string;
  deposit_date: string;
  location_id: number | null;
  location_name: string | null;
  control_total_cents: number | null;
  posted_total_cents: number;
  difference_cents: number | null;
  payment_count: number;
  created_at: string;
  created_by: number;
  created_by_name: string;
  closed_at: string | null;
}

/** An instant as UTC ISO text, made in SQL: both drivers then hand back the same string. */
export function utcIso(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function summaryOf(row: BatchRow): BatchSummary {
  return {
    batchId: row.batch_id,
    batchNumber: row.batch_number,
    depositDate: row.deposit_date,
    locationId: row.location_id,
    locationName: row.location_name,
    controlTotalCents: row.control_total_cents,
    postedTotalCents: row.posted_total_cents,
    differenceCents: row.difference_cents,
    paymentCount: row.payment_count,
    createdAt: row.created_at,
    kind: row.batch_number.startsWith(VOID_BATCH_PREFIX) ? "void" : "deposit",
    closedAt: row.closed_at,
  };
}

/** Batches with their posted totals, summed in SQL; `where` scopes them. */
async function batchRows(db: Database, practiceId: number, where: ReturnType<typeof sql>, limit: number) {
  return queryRows<BatchRow>(
    db,
    sql`select b.id as batch_id, b.batch_number, b.deposit_date::text as deposit_date, b.location_id,
               l.name as location_name, b.control_total_cents, ${utcIso(sql`b.created_at`)} as created_at, b.created_by, u.name as created_by_name,
               ${utcIso(sql`b.closed_at`)} as closed_at,
               coalesce(t.posted_total_cents, 0)::bigint as posted_total_cents,
               (b.control_total_cents - coalesce(t.posted_total_cents, 0))::bigint as difference_cents,
               coalesce(t.payment_count, 0)::int as payment_count
          from batch b
          join app_user u on u.practice_id = b.practice_id and u.id = b.created_by
          left join location l on l.practice_id = b.practice_id and l.id = b.location_id
          left join lateral (
            select sum(p.amount_cents)::bigint as posted_total_cents, count(*)::int as payment_count
              from payment p
             where p.practice_id = b.practice_id and p.batch_id = b.id
          ) t on true
         where b.practice_id = ${practiceId} and ${where}
         order by b.created_at desc, b.id desc
         limit ${limit}`,
  );
}

/** The viewer's own batches, newest first: the ones they may post into. */
export async function listMyBatches(db: Database, viewer: Viewer, limit = 50): Promise<BatchSummary[]> {
  requirePosting(viewer);
  const rows = await batchRows(db, viewer.practiceId, sql`b.created_by = ${viewer.userId}`, limit);
  return rows.map(summaryOf);
}

/**
 * A batch of the viewer's practice that the viewer created: another practice's batch is not
 * found, another poster's batch is refused with a message saying whose it is.
 */
export async function myBatch(db: Database, viewer: Viewer, batchNumber: string): Promise<BatchSummary> {
  requirePosting(viewer);
  // A number the ledger could not hold (it comes from the URL) is simply not found, never sent to SQL.
  const [row] = BATCH_NUMBER.test(batchNumber)
    ? await batchRows(db, viewer.practiceId, sql`b.batch_number = ${batchNumber}`, 1)
    : [];
  if (!row) throw new PostingError(404, `Batch ${batchNumber} was not found in your practice.`, "batchNumber");
  if (row.created_by !== viewer.userId) {
    throw new PostingError(
      403,
      `Batch ${batchNumber} was created by ${row.created_by_name}; you can post only into batches you created.`,
      "batchNumber",
    );
  }
  return summaryOf(row);
}

/** B<yymmdd>-U<user id>-<n>: today's date, the poster, the next number free for them today. */
export async function suggestBatchNumber(db: Database, viewer: Viewer): Promise<string> {
  const prefix = `B${DateTime.fromISO(todayIn(viewer.timezone)).toFormat("yyMMdd")}-U${viewer.userId}-`;
  const taken = await db
    .select({ batchNumber: batch.batchNumber })
    .from(batch)
    .where(and(eq(batch.practiceId, viewer.practiceId), like(batch.batchNumber, `${prefix}%`)));
  const used = new Set(taken.map((row) => row.batchNumber));
  let sequence = 1;
  while (used.has(`${prefix}${sequence}`)) sequence += 1;
  return `${prefix}${sequence}`;
}

/**
 * Inserts a batch unless its number is taken (ON CONFLICT DO NOTHING, so a concurrent
 * insert of the same number waits for the first and then sees it). Null when taken.
 */
export async function insertBatchIfFree(
  tx: Database,
  values: typeof batch.$inferInsert,
): Promise<{ id: number; createdAt: Date } | null> {
  const [inserted] = await tx
    .insert(batch)
    .values(values)
    .onConflictDoNothing({ target: [batch.practiceId, batch.batchNumber] })
    .returning({ id: batch.id, createdAt: batch.createdAt });
  return inserted ?? null;
}

export async function createBatch(
  db: Database,
  viewer: Viewer,
  input: BatchInput,
  options: { idempotencyKey?: string | null } = {},
): Promise<BatchSummary> {
  requirePosting(viewer);
  const parsed = parseInput(batchInput, input);
  refuseFutureDate(parsed.depositDate, viewer.timezone, "depositDate");
  const request = { operation: "create-batch", input: parsed };
  return inPostingTransaction(db, viewer, options.idempotencyKey ?? null, request, async (tx) => {
    const [place] = await tx
      .select({ id: location.id, name: location.name })
      .from(location)
      .where(and(eq(location.practiceId, viewer.practiceId), eq(location.id, parsed.locationId)));
    if (!place) throw new PostingError(422, "That location is not in your practice.", "locationId");
    const values = {
      practiceId: viewer.practiceId,
      depositDate: parsed.depositDate,
      locationId: place.id,
      controlTotalCents: parsed.controlTotal,
      createdBy: viewer.userId,
    };
    let batchNumber = parsed.batchNumber;
    let inserted: { id: number; createdAt: Date } | null = null;
    if (batchNumber !== null) {
      inserted = await insertBatchIfFree(tx, { ...values, batchNumber });
      if (!inserted) throw new PostingError(409, `Batch ${batchNumber} already exists; choose another number.`, "batchNumber");
    } else {
      // A suggested number may be taken by a concurrent request of the same poster: take the next.
      for (let attempt = 0; attempt < 5 && !inserted; attempt++) {
        batchNumber = await suggestBatchNumber(tx, viewer);
        inserted = await insertBatchIfFree(tx, { ...values, batchNumber });
      }
      if (!inserted || batchNumber === null) throw new PostingError(409, "No free batch number; enter one yourself.", "batchNumber");
    }
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "batch_created",
      details: {
        batchId: inserted.id,
        batchNumber,
        depositDate: parsed.depositDate,
        locationId: place.id,
        controlTotalCents: parsed.controlTotal,
      },
    });
    return {
      batchId: inserted.id,
      batchNumber,
      depositDate: parsed.depositDate,
      locationId: place.id,
      locationName: place.name,
      controlTotalCents: parsed.controlTotal,
      postedTotalCents: 0,
      differenceCents: parsed.controlTotal,
      paymentCount: 0,
      createdAt: inserted.createdAt.toISOString(),
      kind: "deposit",
      closedAt: null,
    };
  });
}

/**
 * Whether a batch is closed, read under a share lock held to the end of the transaction: a
 * close of the same batch (which updates the row) waits for this posting to commit, and a
 * posting that waited for a close sees it. So no payment lands in a batch closed meanwhile.
 */
export async function lockBatchForPosting(tx: Database, practiceId: number, batchId: number): Promise<{ closed: boolean }> {
  const [row] = await tx
    .select({ closedAt: batch.closedAt })
    .from(batch)
    .where(and(eq(batch.practiceId, practiceId), eq(batch.id, batchId)))
    .for("share");
  if (!row) throw new Error(`batch ${batchId} is not in practice ${practiceId}`);
  return { closed: row.closedAt !== null };
}

/**
 * The open batch the system posts into under `baseNumber` (a day's VOID- or EMR- batch),
 * created on first use (race-safe). Once someone has closed it, later money of that day goes
 * into `<baseNumber>-2`, then `-3`: closing a day's batch never stops voids or the front desk.
 */
export async function openSystemBatch(
  tx: Database,
  baseNumber: string,
  values: Omit<typeof batch.$inferInsert, "batchNumber">,
): Promise<{ id: number; batchNumber: string; created: boolean }> {
  for (let sequence = 1; ; sequence++) {
    const batchNumber = sequence === 1 ? baseNumber : `${baseNumber}-${sequence}`;
    const created = await insertBatchIfFree(tx, { ...values, batchNumber });
    if (created) return { id: created.id, batchNumber, created: true };
    const [existing] = await tx
      .select({ id: batch.id, createdBy: batch.createdBy })
      .from(batch)
      .where(and(eq(batch.practiceId, values.practiceId), eq(batch.batchNumber, batchNumber)));
    // System numbers are reserved (createBatch refuses them), so only this user makes this one.
    if (!existing || existing.createdBy !== values.createdBy) throw new Error(`batch ${batchNumber} is not the system's`);
    const { closed } = await lockBatchForPosting(tx, values.practiceId, existing.id);
    if (!closed) return { id: existing.id, batchNumber, created: false };
  }
}
