import "server-only";
import type { z } from "zod";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { errorChain } from "@/lib/database-errors";
import { formatUsDate, todayIn } from "@/lib/dates";
import { fromZodError, PostingError } from "./errors";

/** Posting checks its permission itself: the data layer is the gate, not the page or middleware. */
export function requirePosting(viewer: Viewer): void {
  if (!viewerCan(viewer, "postPayments")) {
    throw new PostingError(403, "Your roles do not include posting payments. Ask a Billing Admin if you need it.");
  }
}

/** Parses with a posting schema; the first problem becomes a 422 naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Money is deposited on or before today in the practice's zone, never later. */
export function refuseFutureDate(isoDate: string, timezone: string, field: string, label = "Deposit date"): void {
  const today = todayIn(timezone);
  if (isoDate > today) {
    throw new PostingError(
      422,
      `${label} ${formatUsDate(isoDate)} is in the future; today is ${formatUsDate(today)}.`,
      field,
    );
  }
}

/** True when `error` (or the driver error drizzle wraps in `cause`) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (const { code, constraint: name } of errorChain(error)) {
    if (code === "23505") return name === undefined || name === constraint;
  }
  return false;
}
