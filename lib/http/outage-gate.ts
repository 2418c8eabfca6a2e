import type { NextFetchEvent, NextRequest } from "next/server";

/*
 * Pages cannot choose their own status when the database fails under them (Next.js answers
 * 500), so middleware keeps a cheap view of the database's health: at most one readiness
 * probe every PROBE_INTERVAL_MS, run beside the request while the database was last seen up.
 * While the last probe said "down", page requests are answered by /unavailable with 503 and
 * Retry-After; the first probe that succeeds lets them through again, and a page asked for
 * after a stale "down" waits for that probe rather than being held on an old answer. APIs
 * and exports answer outages themselves (lib/http/failures.ts) and are never held here.
 */
const PROBE_INTERVAL_MS = 3_000;

/** The path and query of a page request, handed to the page by middleware (lib/http/outage-page.ts). */
export const REQUEST_PATH_HEADER = "x-payment-balancing-path";

const gate = { down: false, lastProbeAt: 0 };

/** A request for a page (not an API, not an export), which the outage page may answer. */
export function isPageRequest(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !/\/export\.(csv|xlsx)$/.test(pathname);
}

export async function isHeldForOutage(request: NextRequest, event: NextFetchEvent): Promise<boolean> {
  const { pathname } = request.nextUrl;
  if (!isPageRequest(pathname) || pathname === "/unavailable") return false;
  const now = Date.now();
  if (now - gate.lastProbeAt >= PROBE_INTERVAL_MS) {
    gate.lastProbeAt = now;
    const probing = probe(new URL("/api/health/ready", request.url));
    // A "down" older than the interval is not trusted: this request waits for the fresh answer,
    // so the first page after the database returns (however long after) is served. An "up" is,
    // and the probe runs beside the request.
    if (gate.down) await probing;
    else event.waitUntil(probing);
  }
  return gate.down;
}

async function probe(readyUrl: URL): Promise<void> {
  try {
    const response = await fetch(readyUrl, { cache: "no-store" });
    gate.down = response.status === 503;
  } catch {
    // The app itself did not answer its own probe: that is not the database's outage to show.
    gate.down = false;
  }
}
