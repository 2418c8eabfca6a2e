/*
 * Pure URL checks (no database) for every page, then for report pages and exports by path pattern.
 * Middleware runs them so that a bad bookmark answers 400 with a message; the pages parse
 * the same URL again with the same schema and show the same message.
 */

import { validateAuditLogQuery } from "@/lib/reports/audit-log/search-params";
import { validateEraUrl } from "@/lib/reports/era/search-params";
import { validateMonthEndUrl } from "@/lib/reports/month-end/search-params";
import { validateMyActivityUrl } from "@/lib/reports/my-activity/search-params";
import { validatePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";

/** Returns null when the query string is acceptable, or a message for the user. */
export type QueryValidator = (searchParams: URLSearchParams, pathname: string) => string | null;

const VALIDATORS: ReadonlyArray<[RegExp, QueryValidator]> = [
  [/^\/payments\/my-activity(\/|$)/, validateMyActivityUrl],
  [/^\/payments\/balancing(\/full-access)?(\/export\.(csv|xlsx))?$/, validatePaymentBalancingQuery],
  [/^\/admin\/audit(\/export\.(csv|xlsx))?$/, (searchParams) => validateAuditLogQuery(searchParams)],
  [/^\/payments\/era(\/|$)/, validateEraUrl],
  [/^\/payments\/month-end(\/|$)/, validateMonthEndUrl],
];

/*
 * Next.js hands a page its searchParams as a promise that also carries each parameter as a
 * property. One named "constructor" replaces the promise's own, and awaiting it throws
 * (vercel/next.js#98148): the page could only answer 500. No page reads such a parameter.
 */
const UNREADABLE_PARAMETERS = ["constructor"];

export function validateQuery(pathname: string, searchParams: URLSearchParams): string | null {
  const unreadable = UNREADABLE_PARAMETERS.find((name) => searchParams.has(name));
  if (unreadable) return `The link has a parameter named "${unreadable}", which no page reads; remove it and try again.`;
  const entry = VALIDATORS.find(([pattern]) => pattern.test(pathname));
  return entry ? entry[1](searchParams, pathname) : null;
}

/**
 * Whether a Next-Router-State-Tree header (sent with RSC: 1) is what Next.js can parse:
 * URI-encoded JSON of an array. Anything else makes the page answer 500; middleware answers 400.
 */
export function isWellFormedRouterStateTree(header: string): boolean {
  try {
    return Array.isArray(JSON.parse(decodeURIComponent(header)));
  } catch {
    return false;
  }
}
