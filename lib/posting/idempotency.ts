import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { idempotencyKey } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { closedPeriodError } from "./closed-period";
import { PostingError } from "./errors";

/** JSON with object keys sorted, so equal requests hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function requestHash(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

const PENDING_STATUS = 0;

/**
 * Runs one posting in one transaction. With an Idempotency-Key, the key row is inserted
 * first (ON CONFLICT DO NOTHING): a concurrent request with the same key blocks on that
 * insert until this transaction ends, then finds the committed row and answers with the
 * first result instead of posting again. A refused posting rolls back its key too, so the
 * same key may be retried after a fix. `request` is the parsed request (operation, target
 * and input); the same key with a different request is refused with 422. The database's
 * refusal to write into a closed month or batch becomes the 422 that names it.
 */
export async function inPostingTransaction<T>(
  db: Database,
  viewer: Viewer,
  key: string | null,
  request: unknown,
  post: (tx: Database) => Promise<T>,
): Promise<T> {
  try {
    return await postingTransaction(db, viewer, key, request, post);
  } catch (error) {
    throw closedPeriodError(error);
  }
}

async function postingTransaction<T>(
  db: Database,
  viewer: Viewer,
  key: string | null,
  request: unknown,
  post: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    if (key === null) return post(tx);
    const hash = requestHash(request);
    const scope = and(
      eq(idempotencyKey.practiceId, viewer.practiceId),
      eq(idempotencyKey.userId, viewer.userId),
      eq(idempotencyKey.key, key),
    );
    const claimed = await tx
      .insert(idempotencyKey)
      .values({
        practiceId: viewer.practiceId,
        userId: viewer.userId,
        key,
        requestHash: hash,
        responseStatus: PENDING_STATUS,
        responseBody: {},
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKey.key });
    if (claimed.length === 0) {
      const [first] = await tx.select().from(idempotencyKey).where(scope);
      if (!first || first.responseStatus === PENDING_STATUS) {
        throw new PostingError(409, "A request with this Idempotency-Key is still being processed; retry in a moment.");
      }
      if (first.requestHash !== hash) {
        throw new PostingError(422, "This Idempotency-Key was already used for a different request.");
      }
      return first.responseBody as T;
    }
    const result = await post(tx);
    await tx.update(idempotencyKey).set({ responseStatus: 201, responseBody: result }).where(scope);
    return result;
  });
}
