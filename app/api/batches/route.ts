import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { createBatchResponse } from "@/lib/posting/http";

/** Create a deposit batch: {"batchNumber"?, "depositDate", "locationId", "controlTotal"?}. */
export const POST = requiringSameOriginJson(
  answeringFailures("create batch", async (request: Request) =>
    createBatchResponse(await getDb(), await currentViewer(), request),
  ),
);
