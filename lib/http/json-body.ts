import { BODY_TOO_LARGE, declaresTooLargeBody, MAX_BODY_BYTES } from "./body-limit";

/*
 * A JSON request body, read only up to the JSON routes' cap (so a huge upload is refused before
 * it is held in memory), with the status and message its refusal answers: 413 too large, 400
 * empty or not JSON.
 */

export class JsonBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "JsonBodyError";
  }
}

async function cappedText(request: Request): Promise<string> {
  if (declaresTooLargeBody(request.headers)) throw new JsonBodyError(413, BODY_TOO_LARGE);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new JsonBodyError(413, BODY_TOO_LARGE);
    }
    chunks.push(read.value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The body parsed; an empty one is refused, or read as `{}` where the route has nothing to be told (`emptyIsObject`). */
export async function readJsonBody(request: Request, options: { emptyIsObject?: boolean } = {}): Promise<unknown> {
  const text = await cappedText(request);
  if (text.trim() === "") {
    if (options.emptyIsObject) return {};
    throw new JsonBodyError(400, "The request body is empty; send a JSON object.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonBodyError(400, "The request body is not valid JSON.");
  }
}
