/*
 * Browsers ask for /favicon.ico whatever the page declares. Without this route the request
 * (which middleware does not see) rendered the not-found page, root layout and all: a
 * database query for every ask, and a 500 while the database is not answering. The site's
 * icon is app/icon.svg.
 */
export const dynamic = "force-static";

export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: "/icon.svg", "Cache-Control": "public, max-age=86400" } });
}
