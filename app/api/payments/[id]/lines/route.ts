import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { requiringSameOriginJson } from "@/lib/http/same-origin-json";
import { applyUnappliedResponse } from "@/lib/posting/http";

/** Apply a payment's unapplied money to charges by appending lines: {"lines": [{"chargeId", "paid"}]}. */
export const POST = requiringSameOriginJson(
  answeringFailures("apply unapplied money", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    return applyUnappliedResponse(await getDb(), await currentViewer(), request, id);
  }),
);
