import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { closeBatchesResponse } from "@/lib/month-end/http";

/** Close every open batch of a month that is not out of balance (Billing Admin), before closing the month. */
export const POST = requiringSameOriginJson(
  answeringFailures("close batches of month", async (_request: Request, { params }: { params: Promise<{ month: string }> }) => {
    const { month } = await params;
    return closeBatchesResponse(await getDb(), await currentViewer(), month);
  }),
);
