import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { createBatchResponse } from "@/lib/posting/http";

/** Create a deposit batch: {"batchNumber"?, "depositDate", "locationId", "controlTotal"?}. */
export async function POST(request: Request) {
  return createBatchResponse(await getDb(), await currentViewer(), request);
}
