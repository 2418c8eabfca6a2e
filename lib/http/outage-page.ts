import "server-only";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { isDatabaseUnavailable, logFailure } from "@/lib/outage";

/*
 * Middleware holds page requests on /unavailable (503) once its readiness probe has seen the
 * database down, but the probe runs at most every few seconds: a page requested in between
 * meets the outage itself. A page cannot choose its status (Next.js would answer 500 and log
 * the failed statement with its parameters), so the viewer lookup every page starts with
 * (currentViewer, for the layout and the page alike) sends such a request to the same 503
 * page instead, naming the page to go back to.
 */

/** The outage page, and the page (a path on this site) it reloads into once it is over. */
export function unavailablePath(from: string | null | undefined): string {
  return `/unavailable?from=${encodeURIComponent(safeCallbackPath(from))}`;
}

/**
 * When `error` is the database not answering: one log line without the statement's text or
 * its parameters, then a redirect to the outage page (this never returns). Any other error
 * is left to the caller.
 */
export function redirectOnOutage(where: string, error: unknown, from: string | null): void {
  if (!isDatabaseUnavailable(error)) return;
  logFailure(where, error);
  redirect(unavailablePath(from));
}
