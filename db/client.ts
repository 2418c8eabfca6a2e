import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type SQL } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { logFailure } from "../lib/outage";
import * as schema from "./schema";

/** One handle type for both drivers, so every query runs unchanged on either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseConnection {
  db: Database;
  driver: "pg" | "pglite";
  close(): Promise<void>;
}

const INT8_OID = 20;
/** How long past statement_timeout the client waits for the server's own cancellation. */
const CLIENT_TIMEOUT_GRACE_MS = 2_000;
const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
export const DEFAULT_PGLITE_DIR = path.join(process.cwd(), ".data", "pglite");

/** int8 arrives as a string from pg; money sums are cast to bigint, so parse it once, safely. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond safe integer range`);
  return value;
}

/*
 * drizzle's node-postgres session passes its own per-query parsers and falls back to pg's
 * global table, so int8 is registered there (a pool-level `types` option is ignored).
 */
pg.types.setTypeParser(INT8_OID, parseInt8);

/** A statement as sent, with its parameters. */
export type QueryLogger = (query: string, params: unknown[]) => void;

export interface OpenOptions {
  /** A PostgreSQL URL; without one the embedded PGlite database is used. */
  url?: string;
  pgliteDir?: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** How long to wait for a new connection before the request is answered as an outage. */
  connectTimeoutMs?: number;
  /** Sees every statement drizzle sends (the benchmark replays them as the raw-SQL floor). */
  logQuery?: QueryLogger;
}

/*
 * The pg pool behind each PostgreSQL handle, for the one reader that streams a result past
 * drizzle (exports, lib/export/snapshot.ts). PGlite handles have none.
 */
const pgPools = new WeakMap<Database, { pool: pg.Pool; logQuery?: QueryLogger }>();

export function pgPoolOf(db: Database): { pool: pg.Pool; logQuery?: QueryLogger } | null {
  return pgPools.get(db) ?? null;
}

/*
 * Session settings of the app's connections.
 * - jit=off: the reports' large cost estimates made PostgreSQL JIT-compile them, 20-140 ms of
 *   compiling for queries that run in 30-200 ms.
 * - No parallel workers: each is a new backend that loads its catalog caches from scratch, which
 *   cost a month's report 30-45 ms of launch for a few milliseconds of work. Exports turn them
 *   back on for the one statement that reads all of a result's rows (lib/export/snapshot.ts).
 */
export const APP_SESSION_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0";

/*
 * pg's pool-wide query_timeout also wraps the streamed statements of exports (a pg.Query read
 * row by row, lib/export/snapshot.ts): it replaces their events with a callback and would cut
 * a long download short. So the read timeout is given per statement, to plain queries only.
 */
function clientWithReadTimeout(readTimeoutMs: number): typeof pg.Client {
  return class ClientWithReadTimeout extends pg.Client {
    query(...args: unknown[]): never {
      const [config, ...rest] = args;
      const isStreamed = typeof (config as { submit?: unknown } | null)?.submit === "function";
      const timed = isStreamed
        ? config
        : { ...(typeof config === "string" ? { text: config } : (config as object)), query_timeout: readTimeoutMs };
      return (super.query as (...queryArgs: unknown[]) => never)(timed, ...rest);
    }
  };
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseConnection> {
  if (options.url) {
    const statementTimeoutMs = options.statementTimeoutMs ?? 20_000;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      /*
       * A server that stops answering (frozen, or cut off by the network) never cancels
       * anything: the client gives up on a new connection after connectTimeoutMs, and on a
       * statement a moment after the server's own statement_timeout would have cancelled it
       * (so a slow report still gets its "narrow the range" message from the server). 0 means
       * no statement timeout, as for migrations.
       */
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      Client: statementTimeoutMs > 0 ? clientWithReadTimeout(statementTimeoutMs + CLIENT_TIMEOUT_GRACE_MS) : pg.Client,
      options: APP_SESSION_OPTIONS,
    });
    /*
     * The server may close an idle connection (restart, failover, a test database dropped with
     * force). pg drops that client from the pool and emits 'error' on the pool, which would
     * end the process unless someone listens.
     */
    pool.on("error", (error) => logFailure("database pool", error));
    const logger = options.logQuery ? { logQuery: options.logQuery } : undefined;
    const db = drizzleNodePg(pool, { schema, logger }) as unknown as Database;
    pgPools.set(db, { pool, logQuery: options.logQuery });
    return { db, driver: "pg", close: () => pool.end() };
  }
  const dataDir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir,
    parsers: { [INT8_OID]: parseInt8 },
  });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { db, driver: "pglite", close: () => client.close() };
}

/**
 * Opens the database with its migrations applied. On PostgreSQL they run on a connection of
 * their own without a statement timeout: a migration that backfills a table over years of
 * ledger may take minutes, while the returned pool keeps the timeout reports run under.
 */
export async function openMigratedDatabase(options: OpenOptions = {}): Promise<DatabaseConnection> {
  if (options.url) {
    const migrator = await openDatabase({ url: options.url, poolSize: 1, statementTimeoutMs: 0, connectTimeoutMs: options.connectTimeoutMs });
    try {
      await migrateDatabase(migrator);
    } finally {
      await migrator.close();
    }
    return openDatabase(options);
  }
  const connection = await openDatabase(options);
  await migrateDatabase(connection);
  return connection;
}

export async function migrateDatabase(connection: DatabaseConnection): Promise<void> {
  if (connection.driver === "pg") {
    await migrateNodePg(connection.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePglite(connection.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Rows of a raw SQL query; both drivers answer with `{ rows }`. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
