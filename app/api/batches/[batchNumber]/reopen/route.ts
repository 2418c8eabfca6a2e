import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { reopenBatchResponse } from "@/lib/posting/http";

/** Reopen a closed batch, Billing Admin only: {"reason": "..."}. */
export const POST = requiringSameOriginJson(
  answeringFailures("reopen batch", async (request: Request, { params }: { params: Promise<{ batchNumber: string }> }) => {
    const { batchNumber } = await params;
    return reopenBatchResponse(await getDb(), await currentViewer(), request, batchNumber);
  }),
);
