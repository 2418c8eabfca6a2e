import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";

/**
 * Rows of a query, a batch at a time, from a server-side cursor inside a read-only
 * transaction: memory holds one batch however large the result. Stopping the iteration
 * (the client went away) rolls the transaction back, which ends the query.
 */
export async function* cursorBatches<Row>(db: Database, query: SQL, batchSize = 2000): AsyncGenerator<Row[]> {
  const handoff = new Handoff<Row[]>();
  const producer = db
    .transaction(async (tx) => {
      const handle = tx as unknown as Database;
      await handle.execute(sql`set transaction read only`);
      await handle.execute(sql`declare export_rows no scroll cursor for ${query}`);
      for (;;) {
        const rows = await queryRows<Row>(handle, sql.raw(`fetch forward ${batchSize} from export_rows`));
        if (rows.length === 0) break;
        await handoff.put(rows);
      }
    })
    .then(
      () => handoff.finish(),
      (error: unknown) => handoff.fail(error),
    );
  try {
    for (;;) {
      const batch = await handoff.take();
      if (batch === null) break;
      yield batch;
    }
  } finally {
    handoff.close();
    await producer;
  }
}

class ConsumerGone extends Error {}

/** A one-slot channel between the transaction that fetches and the response that writes. */
class Handoff<T> {
  private slot: T | null = null;
  private done = false;
  private closed = false;
  private error: unknown = null;
  private wakeTaker: (() => void) | null = null;
  private wakePutter: (() => void) | null = null;

  async put(value: T): Promise<void> {
    while (this.slot !== null && !this.closed) await new Promise<void>((resolve) => (this.wakePutter = resolve));
    if (this.closed) throw new ConsumerGone("export stopped by the client");
    this.slot = value;
    this.wake("taker");
  }

  async take(): Promise<T | null> {
    while (this.slot === null && !this.done) await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    if (this.error !== null) throw this.error;
    const value = this.slot;
    this.slot = null;
    this.wake("putter");
    return value;
  }

  finish() {
    this.done = true;
    this.wake("taker");
  }

  fail(error: unknown) {
    if (!(error instanceof ConsumerGone)) this.error = error;
    this.finish();
  }

  close() {
    this.closed = true;
    this.wake("putter");
  }

  private wake(who: "taker" | "putter") {
    const wake = who === "taker" ? this.wakeTaker : this.wakePutter;
    if (who === "taker") this.wakeTaker = null;
    else this.wakePutter = null;
    wake?.();
  }
}
