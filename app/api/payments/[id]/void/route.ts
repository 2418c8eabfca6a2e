import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { voidPaymentResponse } from "@/lib/posting/http";

/** Void a payment by posting its reversal: {"reason": "..."}. */
export const POST = requiringSameOriginJson(
  answeringFailures("void payment", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    return voidPaymentResponse(await getDb(), await currentViewer(), request, id);
  }),
);
