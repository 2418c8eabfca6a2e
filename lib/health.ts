import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/app-database";
import { OUTAGE_RETRY_AFTER_SECONDS } from "@/lib/outage";

/** A readiness probe gives up on the database after this long and calls it down. */
const READY_TIMEOUT_MS = 2_000;

const noStore = { "Cache-Control": "no-store" };

/** GET /api/health/live: the process is up and serving; the database is not asked. */
export function liveResponse(): Response {
  return Response.json({ status: "live" }, { headers: noStore });
}

/** GET /api/health/ready: the database answers `select 1` within READY_TIMEOUT_MS. */
export async function readyResponse(): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), READY_TIMEOUT_MS);
  });
  const probe = getDb()
    .then((db) => db.execute(sql`select 1`))
    .then(() => "ready" as const, () => "down" as const);
  const outcome = await Promise.race([probe, timedOut]);
  clearTimeout(timer);
  if (outcome === "ready") return Response.json({ status: "ready" }, { headers: noStore });
  return Response.json(
    { status: "unavailable", error: "The database is not answering." },
    { status: 503, headers: { ...noStore, "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS) } },
  );
}
