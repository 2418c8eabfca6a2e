import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isRole } from "@/lib/access/permissions";
import { decideRoute, type TokenAccess } from "@/lib/access/routes";
import { validateQuery } from "@/lib/url/validators";

/*
 * An early, cheap turn-away from the session token. It is a convenience only: every page,
 * route handler and report function checks access again against the database.
 */
export async function middleware(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  const access: TokenAccess | null =
    token && !token.disabled
      ? {
          roles: (Array.isArray(token.roles) ? token.roles : []).filter(isRole),
          locationIds: Array.isArray(token.locationIds) ? (token.locationIds as number[]) : [],
        }
      : null;
  const decision = decideRoute(pathname, searchParams, access);
  if (decision.outcome === "allow") return badRequestOrNext(request);
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
  return NextResponse.rewrite(forbidden, { status: 403 });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

function badRequestOrNext(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const problem = validateQuery(pathname, searchParams);
  if (!problem) return NextResponse.next();
  if (pathname.startsWith("/api/") || /\/export\.(csv|xlsx)$/.test(pathname)) {
    return NextResponse.json({ error: problem }, { status: 400 });
  }
  const badRequest = new URL("/bad-request", request.url);
  badRequest.searchParams.set("message", problem);
  return NextResponse.rewrite(badRequest, { status: 400 });
}
