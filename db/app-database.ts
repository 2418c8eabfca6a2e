import { appendFileSync } from "node:fs";
import { DatabaseUnavailable } from "../lib/outage";
import { openDatabase, openMigratedDatabase, type Database, type DatabaseConnection } from "./client";

/*
 * The server's own handles, opened once per process. Kept on globalThis so that dev-mode
 * module reloads do not open a second PGlite on the same folder (only one process, and
 * one handle, may hold it). A handle that failed to open is forgotten at once, so the next
 * request tries again: an app started while PostgreSQL is down recovers when it comes up.
 */
interface AppDatabases {
  primary: Promise<DatabaseConnection>;
  replica: Promise<DatabaseConnection> | null;
}
const holder = globalThis as typeof globalThis & { __paymentBalancingDb?: AppDatabases };

function open(): AppDatabases {
  const requestedPoolSize = Number(process.env.DATABASE_POOL_SIZE) || undefined;
  // Two at least: an export holds one connection while it records its audit event on another.
  const poolSize = requestedPoolSize && Math.max(2, requestedPoolSize);
  const statementTimeoutMs = Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS) || undefined;
  const connectTimeoutMs = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS) || undefined;
  const logQuery = queryLogger(process.env.DATABASE_QUERY_LOG);
  const options = { poolSize, statementTimeoutMs, connectTimeoutMs, logQuery };
  const primary = forgetOnFailure(openMigratedDatabase({ url: process.env.DATABASE_URL, ...options }), "primary");
  const replicaUrl = process.env.DATABASE_REPLICA_URL;
  const replica = replicaUrl ? forgetOnFailure(openDatabase({ url: replicaUrl, ...options }), "replica") : null;
  return { primary, replica };
}

/** A failed open clears the cached handles (if they are still these) and reads as an outage. */
function forgetOnFailure(opening: Promise<DatabaseConnection>, which: keyof AppDatabases): Promise<DatabaseConnection> {
  const guarded = opening.catch((error: unknown) => {
    if (holder.__paymentBalancingDb?.[which] === guarded) holder.__paymentBalancingDb = undefined;
    throw new DatabaseUnavailable({ cause: error });
  });
  return guarded;
}

/**
 * With DATABASE_QUERY_LOG set to a file, every statement and its parameters are appended
 * to it as a JSON line: the benchmark replays a page's statements to measure the raw-SQL
 * floor. Never set in production (parameters include patient data).
 */
function queryLogger(file: string | undefined) {
  if (!file) return undefined;
  return (query: string, params: unknown[]) => appendFileSync(file, `${JSON.stringify({ query, params })}\n`);
}

function databases(): AppDatabases {
  holder.__paymentBalancingDb ??= open();
  return holder.__paymentBalancingDb;
}

/** The database that takes writes (posting, admin changes, audit events). */
export async function getDb(): Promise<Database> {
  return (await databases().primary).db;
}

/** The database reports read from: the replica when one is configured. */
export async function getReportDb(): Promise<Database> {
  const { primary, replica } = databases();
  return (await (replica ?? primary)).db;
}
