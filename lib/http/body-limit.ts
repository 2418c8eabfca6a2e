/** The largest request body a JSON route takes. */
export const MAX_BODY_BYTES = 1_000_000;

/** An ERA (835) file: a clearinghouse's day can be tens of megabytes, and the import streams it. */
export const MAX_ERA_FILE_BYTES = 50_000_000;

/** The routes that take ERA files. */
const ERA_FILE_ROUTES = /^\/(api\/integrations\/era|payments\/era\/upload)\/?$/;

export const BODY_TOO_LARGE = "The request body is too large.";

/** The most a request to this path may send. */
export function maxBodyBytesFor(pathname: string): number {
  return ERA_FILE_ROUTES.test(pathname) ? MAX_ERA_FILE_BYTES : MAX_BODY_BYTES;
}

/*
 * Next.js buffers a body for middleware before a route sees it, so a request that declares a
 * larger body than it sends would hang there until the client gives up. One that declares
 * more than its route takes is refused at once, before a byte is read.
 */
export function declaresTooLargeBody(headers: Headers, pathname = ""): boolean {
  return Number(headers.get("content-length")) > maxBodyBytesFor(pathname);
}
