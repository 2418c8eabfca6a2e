import "server-only";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { EraFileError } from "@/lib/era";
import { BODY_TOO_LARGE, declaresTooLargeBody } from "@/lib/http/body-limit";
import { siteOrigin } from "@/lib/http/same-origin-json";
import { PostingError } from "@/lib/posting/errors";
import { errorResponse } from "@/lib/posting/http";
import { requirePosting } from "@/lib/posting/rules";
import { importEraFile } from "./import";
import { cappedBody, transactionJson, unreadableFileJson } from "./http";

/*
 * POST /payments/era/upload: the upload screen sends each file in its own request, the file
 * as the raw body, with the session cookie. The same-origin JSON rule cannot hold for a file
 * body, so this asks its two halves separately: Origin must be this site's (a cross-site page
 * cannot forge it), and the body must be declared a file (text/plain, application/edi-x12 or
 * application/octet-stream). Who may post payments may import (DESIGN's role table); the
 * import is recorded as the viewer. Answers like POST /api/integrations/era: 200
 * {transactions: [...]}, 422 {error, segment} for a file that cannot be read at all.
 */

const ACCEPTED_TYPES = ["text/plain", "application/edi-x12", "application/octet-stream"];

/** The header the browser names the file in (URI-encoded), kept with the remittance. */
export const FILE_NAME_HEADER = "x-era-file-name";

function fileNameOf(request: Request): string | null {
  const raw = request.headers.get(FILE_NAME_HEADER);
  if (!raw) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // Only the name's last part, printable and short: it is shown on the list and in the export.
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200);
  return clean === "" ? null : clean;
}

export async function eraUploadResponse(db: Database, viewer: Viewer | null, request: Request): Promise<Response> {
  if (request.headers.get("origin") !== siteOrigin(request)) {
    return Response.json({ error: "This request must come from a page of this site." }, { status: 403 });
  }
  try {
    if (!viewer) throw new PostingError(401, "Sign in first.");
    requirePosting(viewer);
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      throw new PostingError(415, "Send the 835 file as Content-Type: text/plain, application/edi-x12 or application/octet-stream.");
    }
    if (declaresTooLargeBody(request.headers, "/payments/era/upload")) throw new PostingError(413, BODY_TOO_LARGE);
    if (!request.body) throw new PostingError(400, "The request body is empty; send the 835 file.");
    const importer = { practiceId: viewer.practiceId, userId: viewer.userId, timezone: viewer.timezone };
    const outcomes = await importEraFile(db, importer, cappedBody(request.body), { fileName: fileNameOf(request) });
    return Response.json({ transactions: outcomes.map((outcome) => ({ ...transactionJson(outcome), remittanceId: outcome.remittanceId })) });
  } catch (error) {
    if (error instanceof EraFileError) return Response.json(unreadableFileJson(error), { status: 422 });
    return errorResponse(error);
  }
}
