/*
 * Pure URL checks (no database) for report pages and exports, keyed by path pattern.
 * Middleware runs them so that a bad bookmark answers 400 with a message; the pages parse
 * the same URL again with the same schema and show the same message.
 */

import { validateMyActivityUrl } from "@/lib/reports/my-activity-query";
import { validatePaymentBalancingQuery } from "@/lib/reports/payment-balancing-query";

/** Returns null when the query string is acceptable, or a message for the user. */
export type QueryValidator = (searchParams: URLSearchParams, pathname: string) => string | null;

const VALIDATORS: ReadonlyArray<[RegExp, QueryValidator]> = [
  [/^\/payments\/my-activity(\/|$)/, validateMyActivityUrl],
  [/^\/payments\/balancing(\/full-access)?(\/export\.(csv|xlsx))?$/, validatePaymentBalancingQuery],
];

export function validateQuery(pathname: string, searchParams: URLSearchParams): string | null {
  const entry = VALIDATORS.find(([pattern]) => pattern.test(pathname));
  return entry ? entry[1](searchParams, pathname) : null;
}
