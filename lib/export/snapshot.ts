import "server-only";
import type { Socket } from "node:net";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { pgPoolOf, queryRows, type Database, type QueryLogger } from "@/db/client";
import { cursorBatches } from "./cursor";

/**
 * What an export reads: its totals, then its rows a batch at a time. On a PostgreSQL server both
 * come from one read-only repeatable-read transaction, so the file's group rows and grand total
 * add up to exactly the payments it lists even while others post. Call `close` once the rows
 * are written or abandoned; it is safe to call more than once.
 */
export interface ReadSnapshot {
  rows<Row>(query: SQL): Promise<Row[]>;
  batches<Row>(query: SQL, batchSize?: number): AsyncGenerator<Row[]>;
  close(): Promise<void>;
}

const DEFAULT_BATCH = 1000;

export function openReadSnapshot(db: Database): ReadSnapshot {
  const pgPool = pgPoolOf(db);
  if (pgPool) return new PgSnapshot(pgPool.pool, pgPool.logQuery);
  /*
   * PGlite (the embedded demo database) is one connection in this process, with no parallel
   * query to gain. Its totals and rows are two statements, so a posting between them can still
   * make them differ there.
   */
  return {
    rows: (query) => queryRows(db, query),
    batches: (query, batchSize = DEFAULT_BATCH) => cursorBatches(db, query, batchSize),
    close: async () => {},
  };
}

const dialect = new PgDialect();

/*
 * An export keeps its connection from its totals to its last row, and meanwhile asks the pool
 * for another (the audit insert). If every connection held a snapshot, every export would wait
 * for ever; so at most half of a pool's connections hold one, and further exports wait for a
 * slot. The other half serve pages, postings and audit events.
 */
class SnapshotSlots {
  private waiting: Array<() => void> = [];

  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

const slotsByPool = new WeakMap<pg.Pool, SnapshotSlots>();

function slotsOf(pool: pg.Pool): SnapshotSlots {
  let slots = slotsByPool.get(pool);
  if (!slots) slotsByPool.set(pool, (slots = new SnapshotSlots(Math.max(1, Math.floor((pool.options.max ?? 10) / 2)))));
  return slots;
}

/*
 * A download that neither reads nor goes away would hold its statement open: past this, the
 * statement is cancelled and the export ends with an error. The whole 10M-line ledger streams
 * in well under a minute to a client that reads.
 */
const STREAM_STATEMENT_TIMEOUT = "1h";
/*
 * The app's sessions run without parallel workers (db/client.ts). Reading every row of a
 * month, two workers join and sort the payments while this backend writes them: the 10M
 * month's statement ran in 165-200 ms with them, against 310-380 ms through a cursor, which
 * runs without (BENCHMARKS.md, C1).
 */
const STREAM_PARALLEL_WORKERS = "set local max_parallel_workers_per_gather = 2";

/** Batches waiting for the writer before the socket is paused, which makes PostgreSQL wait too. */
const BATCHES_AHEAD = 4;

/*
 * Rows are streamed from one plain statement rather than fetched through a cursor: PostgreSQL
 * never runs a cursor's query in parallel, and a month's export at 10M lines took half again as
 * long through one. Memory stays flat because the connection's socket is paused while the
 * writer is BATCHES_AHEAD batches behind; PostgreSQL then blocks on a full send buffer.
 */
class PgSnapshot implements ReadSnapshot {
  private opening: Promise<pg.PoolClient> | null = null;
  private streaming = false;
  private closed = false;
  private lost: Error | null = null;
  /*
   * A checked-out pg client emits 'error' when the server ends its connection (a restart, an
   * administrator); with nobody listening that would end the process. The statement in flight
   * fails on its own, and close() then drops the connection.
   */
  private readonly onConnectionError = (error: Error) => {
    this.lost = error;
  };

  private readonly slots: SnapshotSlots;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logQuery?: QueryLogger,
  ) {
    this.slots = slotsOf(pool);
  }

  async rows<Row>(query: SQL): Promise<Row[]> {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const client = await this.connection();
    this.logQuery?.(text, params);
    const result = await client.query(text, params);
    return result.rows as Row[];
  }

  async *batches<Row>(query: SQL, batchSize = DEFAULT_BATCH): AsyncGenerator<Row[]> {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const client = await this.connection();
    if (this.closed) throw new Error("the export's snapshot is closed");
    // From here until the last row, close() drops the connection instead of committing on it.
    this.streaming = true;
    const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
    const ready: Row[][] = [];
    let filling: Row[] = [];
    let ended = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const signal = () => {
      const waiting = wake;
      wake = null;
      waiting?.();
    };
    try {
      // One statement runs for as long as the client downloads, longer than the pool's timeout
      // allows a report; a client that goes away ends it sooner (close drops the connection).
      await client.query(`set local statement_timeout = '${STREAM_STATEMENT_TIMEOUT}'`);
      // Logged, so the benchmark's replay of the statement runs it with the same workers.
      this.logQuery?.(STREAM_PARALLEL_WORKERS, []);
      await client.query(STREAM_PARALLEL_WORKERS);
      this.logQuery?.(text, params);
      const statement = client.query(new pg.Query(text, params));
      statement.on("row", (row: Row) => {
        filling.push(row);
        if (filling.length < batchSize) return;
        ready.push(filling);
        filling = [];
        if (ready.length >= BATCHES_AHEAD) socket.pause();
        signal();
      });
      statement.on("end", () => {
        if (filling.length > 0) ready.push(filling);
        ended = true;
        socket.resume();
        signal();
      });
      statement.on("error", (error: unknown) => {
        failure = error;
        ended = true;
        socket.resume();
        signal();
      });
      for (;;) {
        if (failure !== null) throw failure;
        const batch = ready.shift();
        if (batch) {
          if (ready.length < BATCHES_AHEAD && !ended) socket.resume();
          yield batch;
        } else if (ended) {
          break;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
    } finally {
      this.streaming = !ended;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const client = this.opening ? await this.opening.catch(() => null) : null;
    if (!client) return;
    try {
      if (this.lost || this.streaming) {
        // Rows still on their way: dropping the connection is what stops PostgreSQL sending them.
        client.release(this.lost ?? new Error("export stopped before its last row"));
        return;
      }
      try {
        await client.query("commit");
        client.off("error", this.onConnectionError);
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      this.slots.release();
    }
  }

  private connection(): Promise<pg.PoolClient> {
    if (this.closed) return Promise.reject(new Error("the export's snapshot is closed"));
    this.opening ??= (async () => {
      await this.slots.acquire();
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        this.slots.release();
        throw error;
      }
      client.on("error", this.onConnectionError);
      try {
        await client.query("begin isolation level repeatable read, read only");
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        this.slots.release();
        throw error;
      }
      return client;
    })();
    return this.opening;
  }
}
