import "server-only";
import { getDb } from "@/db/app-database";
import type { Database } from "@/db/client";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { currentViewer } from "@/lib/auth/session";
import { answeringFailures } from "@/lib/http/failures";
import { isStatementTimeout, STATEMENT_TIMEOUT_MESSAGE } from "@/lib/reports/payment-balancing";
import { exportFilename, type ExportPlan } from "./plan";
import { CSV_CONTENT_TYPE, csvChunks, downloadHeaders, streamedDownload, XLSX_CONTENT_TYPE, xlsxChunks } from "./writers";

export type ExportFormat = "csv" | "xlsx";

/** A request the export cannot serve: answered with this status and message as JSON. */
export class ExportRefused extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = "ExportRefused";
  }
}

export interface ExportRequest {
  report: string;
  variant?: string;
  /** Reads the URL (throwing ExportRefused on bad input) and plans the file, scope applied. */
  plan(db: Database, viewer: Viewer, searchParams: URLSearchParams): Promise<{ plan: ExportPlan; filters: unknown }>;
}

const refuse = (status: number, error: string) => Response.json({ error }, { status });

const contentType = (format: ExportFormat) => (format === "csv" ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);

/**
 * The route handler behind every `/export.csv` and `/export.xlsx`: the same access rules as
 * the page (checked again here, whatever middleware did), the same rows, streamed, and an
 * audit event with the filters and row count.
 */
export function exportRoute(format: ExportFormat, request: ExportRequest) {
  return answeringFailures(`export ${request.report}`, async function GET(httpRequest: Request): Promise<Response> {
    const viewer = await currentViewer();
    if (!viewer) return refuse(401, "Sign in first.");
    const db = await getDb();
    let planned: { plan: ExportPlan; filters: unknown };
    try {
      planned = await request.plan(db, viewer, new URL(httpRequest.url).searchParams);
    } catch (error) {
      if (error instanceof ExportRefused) return refuse(error.status, error.message);
      if (error instanceof AccessDenied) return refuse(403, error.message);
      if (isStatementTimeout(error)) return refuse(503, STATEMENT_TIMEOUT_MESSAGE);
      throw error;
    }
    const { plan, filters } = planned;
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
      await recordAudit(db, {
        practiceId: viewer.practiceId,
        userId: viewer.userId,
        action: "export",
        details: { report: request.report, variant: request.variant ?? null, format, filters, rowCount: plan.rowCount },
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
  });
}
