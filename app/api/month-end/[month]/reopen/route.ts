import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { reopenMonthResponse } from "@/lib/month-end/http";

/** Reopen a closed month: {"reason": "..."} (Billing Admin); its snapshot is kept. */
export const POST = requiringSameOriginJson(
  answeringFailures("reopen month", async (request: Request, { params }: { params: Promise<{ month: string }> }) => {
    const { month } = await params;
    return reopenMonthResponse(await getDb(), await currentViewer(), request, month);
  }),
);
