/*
 * A database error as the app meets it: drizzle wraps the driver's error (which carries the
 * SQLSTATE `code`, `detail` and `constraint`) in a `cause`, sometimes more than once.
 */

/** What PostgreSQL said about a failed statement. */
export interface DatabaseErrorFields {
  code?: unknown;
  detail?: unknown;
  constraint?: unknown;
}

/** The error and each cause it wraps, outermost first. */
export function* errorChain(error: unknown): Generator<DatabaseErrorFields> {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    yield current as DatabaseErrorFields;
  }
}

/** The first SQLSTATE in the chain; null when no part of it came from the database. */
export function sqlStateOf(error: unknown): string | null {
  for (const { code } of errorChain(error)) if (typeof code === "string") return code;
  return null;
}
