import { liveResponse } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Liveness: the process answers (README "Operating it"). */
export function GET() {
  return liveResponse();
}
