import { getDb } from "@/db/app-database";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { eraUploadResponse } from "@/lib/posting/era/upload";

export const dynamic = "force-dynamic";

/** One 835 file from the upload screen (/payments/era), as the raw body, with the session cookie. */
export const POST = answeringFailures("era upload", async (request: Request) =>
  eraUploadResponse(await getDb(), await currentViewer(), request),
);
