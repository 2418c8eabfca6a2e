import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { voidPaymentResponse } from "@/lib/posting/http";

/** Void a payment by posting its reversal: {"reason": "..."}. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return voidPaymentResponse(await getDb(), await currentViewer(), request, id);
}
