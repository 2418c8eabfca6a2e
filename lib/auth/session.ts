import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { getDb } from "@/db/app-database";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import { REQUEST_PATH_HEADER } from "@/lib/http/outage-gate";
import { redirectOnOutage } from "@/lib/http/outage-page";
import { isDatabaseUnavailable, outageWithoutStatement } from "@/lib/outage";
import { sessionEpochOf } from "./session-epoch";

/**
 * The signed-in user as the database knows them now, or null when signed out or disabled.
 *
 * Read once per request (the layout and the page both ask): the session cookie is decrypted
 * and the user, roles and locations are loaded from the database. getServerSession would
 * also run the jwt callback, load the user a second time and re-encrypt a token that a
 * Server Component cannot send back anyway.
 */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  // getToken reads the cookie (chunked or not, secure name or not) from any object with
  // getAll() cookies and Headers, which is what Next's request-scoped accessors give.
  const request = { cookies: await cookies(), headers: await headers() } as unknown as NextRequest;
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  const { userId, practiceId } = (token ?? {}) as { userId?: unknown; practiceId?: unknown };
  if (typeof userId !== "number" || typeof practiceId !== "number") return null;
  try {
    return await loadViewer(await getDb(), userId, practiceId, sessionEpochOf(token!));
  } catch (error) {
    // Rendering a page (middleware names it), the outage page answers instead of a 500; a
    // route handler gets the outage and answers 503 itself (lib/http/failures.ts). Whatever
    // logs it then never sees the failed statement's parameters.
    const page = request.headers.get(REQUEST_PATH_HEADER);
    if (page !== null) redirectOnOutage("page", error, page);
    throw isDatabaseUnavailable(error) ? outageWithoutStatement(error) : error;
  }
});
