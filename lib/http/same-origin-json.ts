/*
 * The cookie-authenticated JSON APIs (app/api/batches, app/api/payments) are called only by
 * this site's own pages. A cross-site page can make a browser send the session cookie with a
 * form post or a "simple" fetch, but not with Content-Type: application/json, and the browser
 * always names the page's origin in Origin: requiring both refuses cross-site request forgery.
 * The bearer-token EMR endpoint carries no cookie and is not wrapped.
 */

/** This site's origin: NEXTAUTH_URL's, or the request's own when it is unset. */
export function siteOrigin(request: Request): string {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed NEXTAUTH_URL falls back to the request's own origin, as an unset one does.
    }
  }
  return new URL(request.url).origin;
}

/** 403 unless Origin is this site's; 415 unless the body is declared JSON; null when both hold. */
export function sameOriginJsonRefusal(request: Request): Response | null {
  if (request.headers.get("origin") !== siteOrigin(request)) {
    return Response.json({ error: "This request must come from a page of this site." }, { status: 403 });
  }
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return Response.json({ error: "Send the request body as JSON, with Content-Type: application/json." }, { status: 415 });
  }
  return null;
}

/** Wraps a route handler so that it runs only for a same-origin request with a JSON body. */
export function requiringSameOriginJson<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Promise<Response>,
): (request: Request, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => sameOriginJsonRefusal(request) ?? handler(request, ...rest);
}
