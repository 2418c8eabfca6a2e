import "server-only";
import type { Database } from "@/db/client";
import { EraFileError } from "@/lib/era";
import { integrationUserOf, practiceForToken } from "@/lib/posting/emr";
import { BODY_TOO_LARGE, declaresTooLargeBody, MAX_ERA_FILE_BYTES } from "@/lib/http/body-limit";
import { PostingError } from "@/lib/posting/errors";
import { bearerToken, errorResponse } from "@/lib/posting/http";
import { importEraFile, type TransactionOutcome } from "./import";

/*
 * POST /api/integrations/era (issue 22's contract): a clearinghouse sends a raw 835 with the
 * practice's integration token; the import is recorded as the practice's system user. 200 with
 * one entry per ST/SE (posted, already_posted or refused, neighbours of a refused one still
 * posted); 422 {error, segment} for a file that cannot be read at all; 401 for a bad token;
 * 415 for another content type.
 */

const ACCEPTED_TYPES = ["application/edi-x12", "text/plain"];

export function transactionJson(outcome: TransactionOutcome) {
  return {
    traceNumber: outcome.traceNumber,
    amount: outcome.amount,
    status: outcome.status,
    batchNumber: outcome.batchNumber,
    exceptions: outcome.exceptions,
    reason: outcome.reason,
  };
}

/** An unreadable file: the API's 422 and the upload screen's message. */
export function unreadableFileJson(error: EraFileError) {
  return { error: error.message, segment: error.segment };
}

/** The body as it streams in, refused (413) once it passes the ERA file limit, declared or not. */
export async function* cappedBody(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ERA_FILE_BYTES) throw new PostingError(413, BODY_TOO_LARGE);
    yield chunk;
  }
}

export async function eraImportResponse(db: Database, request: Request): Promise<Response> {
  try {
    const { practiceId, timezone } = await practiceForToken(db, bearerToken(request.headers.get("authorization")));
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      throw new PostingError(415, "Send the 835 as Content-Type: application/edi-x12 or text/plain.");
    }
    if (declaresTooLargeBody(request.headers, "/api/integrations/era")) throw new PostingError(413, BODY_TOO_LARGE);
    if (!request.body) throw new PostingError(400, "The request body is empty; send the 835 file.");
    const importer = { practiceId, timezone, userId: (await integrationUserOf(db, practiceId)).id };
    const outcomes = await importEraFile(db, importer, cappedBody(request.body), { fileName: null });
    return Response.json({ transactions: outcomes.map(transactionJson) });
  } catch (error) {
    if (error instanceof EraFileError) return Response.json(unreadableFileJson(error), { status: 422 });
    return errorResponse(error);
  }
}
