import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { closeMonthResponse } from "@/lib/month-end/http";

/** Close a month: {} when its checklist holds, {"overrideReason": "..."} past it (Billing Admin). */
export const POST = requiringSameOriginJson(
  answeringFailures("close month", async (request: Request, { params }: { params: Promise<{ month: string }> }) => {
    const { month } = await params;
    return closeMonthResponse(await getDb(), await currentViewer(), request, month);
  }),
);
