/*
 * A report PostgreSQL cancelled at statement_timeout (SQLSTATE 57014) is told apart from
 * every other failure: the user gets a message that says what to do, never an empty result
 * (a silent $0 on a financial report is the worst answer) and never a 500.
 */
export function isStatementTimeout(error: unknown): boolean {
  const withCause = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return withCause?.code === "57014" || withCause?.cause?.code === "57014";
}

export const STATEMENT_TIMEOUT_MESSAGE =
  "This report took too long and was cancelled. Narrow the date range or add a filter (a location, a poster or a batch), then run it again.";
