/** The largest request body any route takes. */
export const MAX_BODY_BYTES = 1_000_000;

export const BODY_TOO_LARGE = "The request body is too large.";

/*
 * Next.js buffers a body for middleware before a route sees it, so a request that declares a
 * larger body than it sends would hang there until the client gives up. One that declares
 * more than any route takes is refused at once, before a byte is read.
 */
export function declaresTooLargeBody(headers: Headers): boolean {
  return Number(headers.get("content-length")) > MAX_BODY_BYTES;
}
