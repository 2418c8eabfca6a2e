import { readyResponse } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Readiness: the database answers; 503 while it is down (README "Operating it"). */
export function GET() {
  return readyResponse();
}
