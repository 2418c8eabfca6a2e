import { getDb } from "@/db/app-database";
import { emrPaymentResponse } from "@/lib/posting/http";

/** Front-desk collections from the EMR (DESIGN.md "EMR integration endpoint"); bearer token, no session. */
export async function POST(request: Request) {
  return emrPaymentResponse(await getDb(), request);
}
