import { getDb } from "@/db/app-database";
import { answeringFailures } from "@/lib/http/failures";
import { eraImportResponse } from "@/lib/posting/era/http";

/** ERA (835) files from a clearinghouse; the practice's integration token, no session. */
export const POST = answeringFailures("era import", async (request: Request) => eraImportResponse(await getDb(), request));
