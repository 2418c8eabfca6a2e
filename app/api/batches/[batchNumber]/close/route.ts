import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { closeBatchResponse } from "@/lib/posting/http";

/** Close a batch: its poster or a Billing Admin; nothing more can then be posted into it. */
export const POST = requiringSameOriginJson(
  answeringFailures("close batch", async (request: Request, { params }: { params: Promise<{ batchNumber: string }> }) => {
    const { batchNumber } = await params;
    return closeBatchResponse(await getDb(), await currentViewer(), request, batchNumber);
  }),
);
