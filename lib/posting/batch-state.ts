import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appUser, batch, batchStateChange } from "@/db/schema";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { formatUsDate, localDateOf } from "@/lib/dates";
import { BATCH_NUMBER } from "@/lib/ledger-vocabulary";
import { CLOSED_BATCH_SQLSTATE, closedPeriodError, isMonthClosed, monthLabel } from "./closed-period";
import { PostingError } from "./errors";
import { parseInput } from "./rules";
import { reopenBatchInput } from "./schemas";

/*
 * Closing and reopening a batch (issue 23). A poster closes a batch they may post into (their
 * own); a Billing Admin ("reopenBatch", standing in for the billing lead, whom no other role
 * names) closes any batch of the practice, and only they reopen one, with a reason. Each change
 * writes batch.closed_at/closed_by, a batch_state_change row and the audit event in one
 * transaction, with the batch row locked: of two changes at once, the second sees the first.
 */

export type BatchState = "open" | "closed";

export interface BatchStateChange {
  batchNumber: string;
  state: BatchState;
  /** The change's own instant (UTC ISO). */
  changedAt: string;
  reason: string | null;
}

interface LockedBatch {
  id: number;
  batchNumber: string;
  depositDate: string;
  createdBy: number;
  closedAt: Date | null;
  closedByName: string | null;
}

/** The batch's refusal in the words the database's refusal gets, so every screen says the same. */
export function closedBatchError(batchNumber: string): PostingError {
  return closedPeriodError({ code: CLOSED_BATCH_SQLSTATE, detail: batchNumber }) as PostingError;
}

async function lockBatch(tx: Database, viewer: Viewer, batchNumber: string): Promise<LockedBatch> {
  const notFound = new PostingError(404, `Batch ${batchNumber} was not found in your practice.`, "batchNumber");
  // A number the ledger could not hold (it comes from the URL) is simply not found, never sent to SQL.
  if (!BATCH_NUMBER.test(batchNumber)) throw notFound;
  const [row] = await tx
    .select({
      id: batch.id,
      batchNumber: batch.batchNumber,
      depositDate: batch.depositDate,
      createdBy: batch.createdBy,
      closedAt: batch.closedAt,
      closedBy: batch.closedBy,
    })
    .from(batch)
    .where(and(eq(batch.practiceId, viewer.practiceId), eq(batch.batchNumber, batchNumber)))
    // Not FOR UPDATE: a posting's key-share lock on the batch (its foreign key) need not wait for this.
    .for("no key update");
  if (!row) throw notFound;
  const { closedBy, ...locked } = row;
  const [closer] =
    closedBy === null
      ? []
      : await tx
          .select({ name: appUser.name })
          .from(appUser)
          .where(and(eq(appUser.practiceId, viewer.practiceId), eq(appUser.id, closedBy)));
  return { ...locked, closedByName: closer?.name ?? null };
}

/** Who may close a batch: whoever may post into it (its creator), or a Billing Admin. */
export function mayCloseBatch(viewer: Viewer, createdBy: number): boolean {
  return viewerCan(viewer, "reopenBatch") || (viewerCan(viewer, "postPayments") && createdBy === viewer.userId);
}

function requireMayClose(viewer: Viewer, target: LockedBatch): void {
  if (mayCloseBatch(viewer, target.createdBy)) return;
  throw new PostingError(
    403,
    viewerCan(viewer, "postPayments")
      ? `Batch ${target.batchNumber} is not yours; you can close only batches you created. A Billing Admin can close any batch.`
      : "Your roles do not include posting payments or closing batches.",
    "batchNumber",
  );
}

async function recordChange(
  tx: Database,
  viewer: Viewer,
  target: LockedBatch,
  state: BatchState,
  reason: string | null,
): Promise<BatchStateChange> {
  const now = new Date();
  await tx
    .update(batch)
    .set(state === "closed" ? { closedAt: now, closedBy: viewer.userId } : { closedAt: null, closedBy: null })
    .where(and(eq(batch.practiceId, viewer.practiceId), eq(batch.id, target.id)));
  await tx.insert(batchStateChange).values({
    practiceId: viewer.practiceId,
    batchId: target.id,
    state,
    reason,
    changedBy: viewer.userId,
    changedAt: now,
  });
  await recordAudit(tx, {
    practiceId: viewer.practiceId,
    userId: viewer.userId,
    action: state === "closed" ? "batch_closed" : "batch_reopened",
    details: { batchId: target.id, batchNumber: target.batchNumber, depositDate: target.depositDate, ...(reason ? { reason } : {}) },
  });
  return { batchNumber: target.batchNumber, state, changedAt: now.toISOString(), reason };
}

/** Marks a batch closed: nothing more can be posted into it until a Billing Admin reopens it. */
export async function closeBatch(db: Database, viewer: Viewer, batchNumber: string): Promise<BatchStateChange> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    const target = await lockBatch(tx, viewer, batchNumber);
    requireMayClose(viewer, target);
    if (target.closedAt !== null) {
      const by = target.closedByName ? ` by ${target.closedByName}` : "";
      throw new PostingError(
        409,
        `Batch ${target.batchNumber} is already closed (${formatUsDate(localDateOf(target.closedAt, viewer.timezone))}${by}).`,
        "batchNumber",
      );
    }
    return recordChange(tx, viewer, target, "closed", null);
  });
}

/**
 * Reopens a closed batch (Billing Admin only), with the reason kept in its history. A batch
 * whose month is closed stays closed: the month must be reopened first, or its frozen totals
 * could change under the snapshot.
 */
export async function reopenBatch(db: Database, viewer: Viewer, batchNumber: string, reason: unknown): Promise<BatchStateChange> {
  if (!viewerCan(viewer, "reopenBatch")) {
    throw new PostingError(403, "Only a Billing Admin can reopen a closed batch.", "batchNumber");
  }
  const parsed = parseInput(reopenBatchInput, { reason });
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    const target = await lockBatch(tx, viewer, batchNumber);
    if (target.closedAt === null) throw new PostingError(409, `Batch ${target.batchNumber} is already open.`, "batchNumber");
    if (await isMonthClosed(tx, viewer.practiceId, target.depositDate)) {
      throw new PostingError(
        422,
        `Batch ${target.batchNumber} is in ${monthLabel(target.depositDate.slice(0, 7))}, which is closed; reopen the month before the batch.`,
        "batchNumber",
      );
    }
    return recordChange(tx, viewer, target, "open", parsed.reason);
  });
}

export interface BatchStateView {
  batchNumber: string;
  /** UTC ISO instant it was closed; null while open. */
  closedAt: string | null;
  mayClose: boolean;
  mayReopen: boolean;
}

/** A batch's state as a screen shows it, with what the viewer may do about it; null when not in the practice. */
export async function batchStateView(db: Database, viewer: Viewer, batchNumber: string): Promise<BatchStateView | null> {
  if (!BATCH_NUMBER.test(batchNumber)) return null;
  const [row] = await db
    .select({ batchNumber: batch.batchNumber, closedAt: batch.closedAt, createdBy: batch.createdBy })
    .from(batch)
    .where(and(eq(batch.practiceId, viewer.practiceId), eq(batch.batchNumber, batchNumber)));
  if (!row) return null;
  return {
    batchNumber: row.batchNumber,
    closedAt: row.closedAt?.toISOString() ?? null,
    mayClose: mayCloseBatch(viewer, row.createdBy),
    mayReopen: viewerCan(viewer, "reopenBatch"),
  };
}
