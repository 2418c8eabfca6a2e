import { OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_SECONDS } from "@/lib/outage";

export const dynamic = "force-dynamic";

/*
 * What a page request gets while the database is down (middleware rewrites to it, see
 * lib/http/outage-gate.ts). Plain HTML with no layout: the layout itself needs the database.
 */
function unavailablePage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment Balancing: try again in a minute</title>
<meta http-equiv="refresh" content="${OUTAGE_RETRY_AFTER_SECONDS}"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The database is not answering</h1><p>${OUTAGE_MESSAGE}</p>
<p>This page reloads itself in ${OUTAGE_RETRY_AFTER_SECONDS} seconds.</p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}

export const GET = unavailablePage;
export const POST = unavailablePage;
