import "server-only";
import { getDb, getReportDb } from "@/db/app-database";
import type { Database } from "@/db/client";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { todayIn } from "@/lib/dates";
import { answeringFailures } from "@/lib/http/failures";
import type { Parsed } from "@/lib/reports/toolkit/search-params";
import { isStatementTimeout, STATEMENT_TIMEOUT_MESSAGE } from "@/lib/reports/toolkit/statement-timeout";
import { exportFilename, type ExportPlan } from "./plan";
import { CSV_CONTENT_TYPE, csvChunks, downloadHeaders, streamedDownload, XLSX_CONTENT_TYPE, xlsxChunks } from "./writers";

export type ExportFormat = "csv" | "xlsx";

/** What an export route is handed: the URL and the route's params, and the practice's today. */
export interface ExportRequest<RouteParams> {
  searchParams: URLSearchParams;
  routeParams: RouteParams;
  today: string;
}

/** A report's export, declared: how it reads the URL, plans the file and names its filters in the audit trail. */
export interface ExportSpec<Query, RouteParams> {
  report: string;
  variant?: string;
  parse(request: ExportRequest<RouteParams>): Parsed<Query>;
  /** The file in the viewer's scope, read from the database the report's page reads; null when none of it is theirs. */
  plan(db: Database, viewer: Viewer, query: Query): Promise<ExportPlan | null>;
  filters(query: Query): unknown;
  /** The 404 message for a plan of null. */
  notFound?: string;
}

const refuse = (status: number, error: string) => Response.json({ error }, { status });

const contentType = (format: ExportFormat) => (format === "csv" ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);

/**
 * The route handler behind every `/export.csv` and `/export.xlsx`: the same access rules as
 * the page (checked again here, whatever middleware did), the same rows from the same
 * database, streamed, and an audit event with the filters and row count. A bad URL is a 400
 * with the page's message, a refusal a 403, a cancelled report a 503 with the timeout's
 * message: never an empty file.
 */
export function exportRoute<Query, RouteParams = Record<string, never>>(format: ExportFormat, spec: ExportSpec<Query, RouteParams>) {
  return answeringFailures(
    `export ${spec.report}`,
    async function GET(httpRequest: Request, context: { params: Promise<RouteParams> }): Promise<Response> {
      const viewer = await currentViewer();
      if (!viewer) return refuse(401, "Sign in first.");
      const parsed = spec.parse({
        searchParams: new URL(httpRequest.url).searchParams,
        routeParams: await context.params,
        today: todayIn(viewer.timezone),
      });
      if (!parsed.ok) return refuse(400, parsed.message);
      let plan: ExportPlan | null;
      try {
        plan = await spec.plan(await getReportDb(), viewer, parsed.value);
      } catch (error) {
        if (error instanceof AccessDenied) return refuse(403, error.message);
        if (isStatementTimeout(error)) return refuse(503, STATEMENT_TIMEOUT_MESSAGE);
        throw error;
      }
      if (plan === null) return refuse(404, spec.notFound ?? "Nothing of yours matches that link.");
      return download(format, spec, viewer, httpRequest, plan, spec.filters(parsed.value));
    },
  );
}

async function download<Query, RouteParams>(
  format: ExportFormat,
  spec: ExportSpec<Query, RouteParams>,
  viewer: Viewer,
  httpRequest: Request,
  plan: ExportPlan,
  filters: unknown,
): Promise<Response> {
  const close = async () => plan.close?.();
  /*
   * Next.js neither reads nor cancels a body it will not send: for HEAD, and for a client that
   * left while the file was planned. The plan's connection is given back here in both cases,
   * and whenever the client goes away mid-download.
   */
  const filename = exportFilename(plan.filenameParts, format);
  if (httpRequest.method === "HEAD" || httpRequest.signal.aborted) {
    await close();
    return new Response(null, { headers: downloadHeaders(filename, contentType(format)) });
  }
  httpRequest.signal.addEventListener("abort", () => void close(), { once: true });
  try {
    await recordAudit(await getDb(), {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "export",
      details: { report: spec.report, variant: spec.variant ?? null, format, filters, rowCount: plan.rowCount },
    });
  } catch (error) {
    await close();
    throw error;
  }
  const source = { columns: plan.columns, batches: plan.batches, timezone: viewer.timezone };
  return streamedDownload(format === "csv" ? csvChunks(source) : xlsxChunks(source, plan.sheetName), {
    filename,
    contentType: contentType(format),
    onFinish: close,
  });
}
