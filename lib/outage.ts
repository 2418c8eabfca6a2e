import { createHash } from "node:crypto";

/*
 * Telling "the database is not answering" apart from every other failure, so that pages,
 * exports and APIs say "try again in a minute" (503 with Retry-After) instead of a 500 that an
 * integration would read as "your request is wrong". A statement cancelled at
 * statement_timeout is not an outage: the report says to narrow it (isStatementTimeout).
 */

/** Seconds a client is told to wait before retrying during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

export const OUTAGE_MESSAGE = "The database is not answering. Nothing was changed; try again in a minute.";

/** The database could not be opened (down, unreachable, or its migrations could not run). */
export class DatabaseUnavailable extends Error {
  /** The hash of the statement that failed (statementHash), when one did. */
  readonly statement?: string;

  constructor(options?: { cause?: unknown; statement?: string }) {
    super("The database could not be reached.", options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DatabaseUnavailable";
    if (options?.statement) this.statement = options.statement;
  }
}

/**
 * An outage as an error any logger may print whole: the failed statement's error (whose
 * message and fields carry its SQL and parameters) is left out of the cause chain; only the
 * connection's own failure (ECONNREFUSED, 57P01, a timeout) and the statement's hash stay.
 */
export function outageWithoutStatement(error: unknown): DatabaseUnavailable {
  let root: unknown = error;
  let statement: string | undefined;
  for (let depth = 0; root && depth < 5; depth++) {
    const { query, cause } = root as { query?: unknown; cause?: unknown };
    if (typeof query === "string") statement ??= statementHash(query);
    if (!cause) break;
    root = cause;
  }
  const carriesStatement = (candidate: unknown) =>
    !(candidate instanceof Error) || "query" in candidate || "params" in candidate || candidate.message.includes("params:");
  return new DatabaseUnavailable({ cause: carriesStatement(root) ? undefined : root, statement });
}

function statementHash(query: string): string {
  return createHash("sha256").update(query).digest("hex").slice(0, 12);
}

/*
 * SQLSTATE classes and codes that mean the server cannot serve us now: 08 connection
 * exceptions, 53 insufficient resources (too many connections), 57P01-57P03 shutdown and
 * startup. Node's socket error codes mean it could not be reached at all.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[1-3])$/;
const UNREACHABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);
/* pg reports its own timeouts and dropped connections only in words. */
const UNAVAILABLE_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated",
  "Query read timeout",
  "Connection ended",
  "Client has encountered a connection error",
  "the database system is",
];

/** The error, or one in its cause chain, says the database is down or not answering. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DatabaseUnavailable) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNREACHABLE_SOCKET_CODES.has(code))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((words) => message.includes(words))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The JSON answer of every API and export while the database is not answering. */
export function outageResponse(): Response {
  return Response.json(
    { error: OUTAGE_MESSAGE },
    { status: 503, headers: { "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } },
  );
}

/**
 * One structured line per failure, without the statement's parameters or any row: a failed
 * query's message carries its SQL and parameters (emails, patient ids, token hashes), so
 * only the SQLSTATE, the error's class and a hash of the statement text are written. With
 * DEBUG=payment-balancing outside production the message itself is added, for a developer.
 */
export function logFailure(where: string, error: unknown): void {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const query = (error as { query?: unknown } | null)?.query;
  const line: Record<string, unknown> = {
    level: "error",
    at: new Date().toISOString(),
    where,
    error: typeof name === "string" ? name : "Error",
    code: typeof code === "string" ? code : typeof cause?.code === "string" ? cause.code : null,
    unavailable: isDatabaseUnavailable(error),
  };
  if (typeof query === "string") line.statement = statementHash(query);
  else if (error instanceof DatabaseUnavailable && error.statement) line.statement = error.statement;
  if (process.env.NODE_ENV !== "production" && process.env.DEBUG === "payment-balancing") {
    line.message = error instanceof Error ? error.message : String(error);
  }
  console.error(JSON.stringify(line));
}
