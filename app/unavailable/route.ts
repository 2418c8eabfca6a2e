import { safeCallbackPath } from "@/lib/auth/redirect";
import { OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_SECONDS } from "@/lib/outage";

export const dynamic = "force-dynamic";

/*
 * What a page request gets while the database is down: middleware rewrites to it (see
 * lib/http/outage-gate.ts), so the reload is of the page asked for; a page that met the outage
 * itself redirects here with ?from=<its path> (lib/http/outage-page.ts), and the reload goes
 * back there. Plain HTML with no layout: the layout itself needs the database.
 */
function unavailablePage(request: Request): Response {
  const from = new URL(request.url).searchParams.get("from");
  const reload = from === null ? "" : `; url=${escapeHtml(safeCallbackPath(from))}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Payment Balancing: try again in a minute</title>
<meta http-equiv="refresh" content="${OUTAGE_RETRY_AFTER_SECONDS}${reload}"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The database is not answering</h1><p>${OUTAGE_MESSAGE}</p>
<p>This page reloads itself in ${OUTAGE_RETRY_AFTER_SECONDS} seconds.</p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(OUTAGE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export const GET = unavailablePage;
export const POST = unavailablePage;
