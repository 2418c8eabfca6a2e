import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { postPaymentResponse } from "@/lib/posting/http";

/** Post a payment with its lines into one of the signed-in poster's batches. */
export const POST = requiringSameOriginJson(
  answeringFailures("post payment", async (request: Request, { params }: { params: Promise<{ batchNumber: string }> }) => {
    const { batchNumber } = await params;
    return postPaymentResponse(await getDb(), await currentViewer(), request, batchNumber);
  }),
);
