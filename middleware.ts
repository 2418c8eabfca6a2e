import { getToken, type JWT } from "next-auth/jwt";
import { NextRequest, NextResponse, type NextFetchEvent } from "next/server";
import { isRole } from "@/lib/access/permissions";
import { decideRoute, type RouteDecision, type TokenAccess } from "@/lib/access/routes";
import { BODY_TOO_LARGE, declaresTooLargeBody } from "@/lib/http/body-limit";
import { expiredCookie, isSafeCallbackUrl, withoutUnsafeCallbackUrlCookies } from "@/lib/auth/redirect";
import { isHeldForOutage, isPageRequest, REQUEST_PATH_HEADER } from "@/lib/http/outage-gate";
import { siteOrigin } from "@/lib/http/same-origin-json";
import { isWellFormedRouterStateTree, validateQuery } from "@/lib/url/validators";

/*
 * An early, cheap turn-away from the session token. It is a convenience only: every page,
 * route handler and report function checks access again against the database.
 */
export async function middleware(request: NextRequest, event: NextFetchEvent) {
  if (declaresTooLargeBody(request.headers, request.nextUrl.pathname)) return NextResponse.json({ error: BODY_TOO_LARGE }, { status: 413 });
  if (await isHeldForOutage(request, event)) return NextResponse.rewrite(new URL("/unavailable", request.url), { status: 503 });
  if (isCrossOriginServerAction(request)) {
    return NextResponse.json({ error: "This request must come from a page of this site." }, { status: 403 });
  }
  const malformed = malformedRequestProblem(request);
  if (malformed) return NextResponse.json({ error: malformed }, { status: 400 });
  const { pathname, searchParams } = request.nextUrl;
  const callbackCookies = withoutUnsafeCallbackUrlCookies(request.headers.get("cookie"), siteOrigin(request));
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  let decision = decideRoute(pathname, searchParams, accessOf(token));
  let refreshedCookies: string[] = [];
  if (decision.outcome === "forbidden") {
    const refreshed = await refreshedToken(request, callbackCookies.cookieHeader);
    if (refreshed) {
      refreshedCookies = refreshed.setCookies;
      decision = decideRoute(pathname, searchParams, accessOf(refreshed.token));
    }
  }
  const response = respond(request, decision, forwardedHeaders(request, callbackCookies));
  for (const cookie of refreshedCookies) response.headers.append("set-cookie", cookie);
  for (const name of callbackCookies.dropped) response.headers.append("set-cookie", expiredCookie(name));
  return response;
}

/*
 * The request headers the app gets, when they differ from the browser's (null otherwise):
 * - A next-auth callback-URL cookie that isSafeCallbackUrl rejects is dropped, not answered
 *   with a 400 as a bad callbackUrl parameter is: next-auth set that cookie, not the user, and
 *   would answer 500 to every /api/auth/* request while the browser keeps sending it (the
 *   sign-in form's csrf and session calls included). The request goes on without it, so
 *   next-auth falls back to the site's home as for a missing cookie, and the browser is told
 *   to forget it.
 * - A page gets its own path and query, to come back to from the outage page should the
 *   database stop answering under it (lib/http/outage-page.ts).
 */
function forwardedHeaders(request: NextRequest, callbackCookies: { cookieHeader: string | null; dropped: string[] }) {
  const { pathname, search } = request.nextUrl;
  const page = isPageRequest(pathname);
  if (callbackCookies.dropped.length === 0 && !page && !request.headers.has(REQUEST_PATH_HEADER)) return null;
  const headers = new Headers(request.headers);
  if (callbackCookies.cookieHeader === null) headers.delete("cookie");
  else headers.set("cookie", callbackCookies.cookieHeader);
  // Set here only: sent by a client to a route handler, it would turn an outage's 503 into a redirect.
  if (page) headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  else headers.delete(REQUEST_PATH_HEADER);
  return headers;
}

/* A server action posted from another origin, which Next.js would refuse with a 500. */
function isCrossOriginServerAction(request: NextRequest): boolean {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  return request.headers.get("origin") !== siteOrigin(request);
}

/*
 * Requests Next.js or next-auth would answer with a 500 rather than a 400:
 * - a Next-Router-State-Tree header (sent with RSC: 1) that is not URI-encoded JSON of an array,
 *   which Next.js fails to parse while rendering the page;
 * - a callbackUrl under /api/auth/ that next-auth's own check rejects (or that safeCallbackPath
 *   would replace): only a path starting with a single "/", or a URL on this site's origin.
 */
function malformedRequestProblem(request: NextRequest): string | null {
  const tree = request.headers.get("next-router-state-tree");
  if (tree !== null && !isWellFormedRouterStateTree(tree)) return "The Next-Router-State-Tree header is malformed.";
  const { pathname, searchParams } = request.nextUrl;
  if (!pathname.startsWith("/api/auth/")) return null;
  const origin = siteOrigin(request);
  const unsafe = searchParams.getAll("callbackUrl").some((url) => url !== "" && !isSafeCallbackUrl(url, origin));
  return unsafe ? "callbackUrl must be a path on this site, starting with a single \"/\"." : null;
}

function respond(request: NextRequest, decision: RouteDecision, forwarded: Headers | null): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (decision.outcome === "allow") return badRequestOrNext(request, forwarded);
  if (decision.outcome === "sign-in") {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json({ error: "Sign in first." }, { status: 401 });
    }
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "You do not have access to this." }, { status: 403 });
  }
  const forbidden = new URL("/forbidden", request.url);
  forbidden.searchParams.set("reason", decision.reason);
  for (const id of decision.deniedLocationIds ?? []) forbidden.searchParams.append("location", String(id));
  return NextResponse.rewrite(forbidden, { status: 403, ...(forwarded && { request: { headers: forwarded } }) });
}

function accessOf(token: JWT | null): TokenAccess | null {
  if (!token || token.disabled) return null;
  return {
    roles: (Array.isArray(token.roles) ? token.roles : []).filter(isRole),
    locationIds: Array.isArray(token.locationIds) ? (token.locationIds as number[]) : [],
  };
}

/*
 * The token's copy of roles and locations dates from sign-in or its last refresh. Before
 * turning a request away, middleware asks next-auth's session endpoint, whose jwt callback
 * reloads them from the database and which answers with a fresh cookie: access an admin has
 * just granted holds from the user's next request. Only refusals pay for this round trip;
 * if the endpoint cannot be reached, the token's copy decides, and pages check again anyway.
 */
async function refreshedToken(
  request: NextRequest,
  cookieHeader: string | null,
): Promise<{ token: JWT; setCookies: string[] } | null> {
  try {
    const response = await fetch(new URL("/api/auth/session", request.url), {
      headers: { cookie: cookieHeader ?? "" },
      cache: "no-store",
    });
    if (!response.ok) return null;
    const setCookies = response.headers.getSetCookie();
    const cookie = setCookies.map((c) => c.split(";")[0]).join("; ");
    const token = await getToken({
      req: new NextRequest(request.url, { headers: { cookie } }),
      secret: process.env.NEXTAUTH_SECRET,
    });
    return token ? { token, setCookies } : null;
  } catch {
    return null;
  }
}

export const config = {
  // The icon files are static and public: the sign-in page shows the icon too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};

function badRequestOrNext(request: NextRequest, forwarded: Headers | null) {
  const { pathname, searchParams } = request.nextUrl;
  const problem = validateQuery(pathname, searchParams);
  if (!problem) return forwarded ? NextResponse.next({ request: { headers: forwarded } }) : NextResponse.next();
  if (pathname.startsWith("/api/") || /\/export\.(csv|xlsx)$/.test(pathname)) {
    return NextResponse.json({ error: problem }, { status: 400 });
  }
  const badRequest = new URL("/bad-request", request.url);
  badRequest.searchParams.set("message", problem);
  return NextResponse.rewrite(badRequest, { status: 400, ...(forwarded && { request: { headers: forwarded } }) });
}
