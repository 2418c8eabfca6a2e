import type { NextFetchEvent, NextRequest } from "next/server";

/*
 * Pages cannot choose their own status when the database fails under them (Next.js answers
 * 500), so middleware keeps a cheap view of the database's health: at most one readiness
 * probe every PROBE_INTERVAL_MS, run beside the request, never in its way. While the last
 * probe said "down", page requests are answered by /unavailable with 503 and Retry-After;
 * the first probe that succeeds lets them through again. APIs and exports answer outages
 * themselves (lib/http/failures.ts) and are never held here.
 */
const PROBE_INTERVAL_MS = 3_000;

const gate = { down: false, lastProbeAt: 0 };

export function isHeldForOutage(request: NextRequest, event: NextFetchEvent): boolean {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/") || pathname === "/unavailable" || /\/export\.(csv|xlsx)$/.test(pathname)) return false;
  const now = Date.now();
  if (now - gate.lastProbeAt >= PROBE_INTERVAL_MS) {
    gate.lastProbeAt = now;
    event.waitUntil(probe(new URL("/api/health/ready", request.url)));
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
