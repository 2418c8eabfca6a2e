import { getDb } from "@/db/app-database";
import { answeringFailures } from "@/lib/http/failures";
import { emrPaymentResponse } from "@/lib/posting/http";

/** Front-desk collections from the EMR (DESIGN.md "EMR integration endpoint"); bearer token, no session. */
export const POST = answeringFailures("emr payment", async (request: Request) => emrPaymentResponse(await getDb(), request));
