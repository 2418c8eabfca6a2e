import "server-only";
import { forbidden, notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb, getReportDb } from "@/db/app-database";
import type { Database } from "@/db/client";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { redirectOnOutage } from "@/lib/http/outage-page";
import { viewerPage, type PageRequest, type ViewerPageSpec } from "@/lib/http/viewer-page";
import { withSearch } from "./search-params";
import type { Parsed } from "./search-params";
import { isStatementTimeout, STATEMENT_TIMEOUT_MESSAGE } from "./statement-timeout";

/*
 * A report page, declared rather than written: its permission, its URL parser, its run
 * function and how it renders. The wrapper does the rest the same way on every report:
 * sign-in redirect with the full URL and 403 (viewerPage), the parser's message for a bad
 * link, the statement-timeout message for a report PostgreSQL cancelled (never an empty
 * result), 403 for a run the data layer refused (AccessDenied), 404 for a run that found
 * nothing in the viewer's scope, the outage page (503) when the database stops answering
 * mid-report, and a report_run audit event for every report shown.
 */

export interface ReportPageSpec<RouteParams, Query, Result> extends ViewerPageSpec<RouteParams> {
  /** The report's name in the audit trail ("payment-balancing"). */
  report: string;
  parse: (request: PageRequest<RouteParams>) => Parsed<Query>;
  /** Runs the report on the database reports read; null when nothing is in the viewer's scope (404). */
  run: (db: Database, viewer: Viewer, query: Query) => Promise<Result | null>;
  /** The audit event's details besides the report's name: variant, filters, row count. */
  audit: (query: Query, result: Result) => Record<string, unknown>;
  render: (view: { request: PageRequest<RouteParams>; query: Query; result: Result }) => ReactNode | Promise<ReactNode>;
  /**
   * The page around a message instead of a report: the parser's, for a bad link (query null),
   * or the timeout's, for a report that was cancelled (query as parsed).
   */
  renderMessage: (view: { request: PageRequest<RouteParams>; message: string; query: Query | null }) => ReactNode | Promise<ReactNode>;
}

export function reportPage<RouteParams, Query, Result>(spec: ReportPageSpec<RouteParams, Query, Result>) {
  return viewerPage<RouteParams>(spec, async (request) => {
    const parsed = spec.parse(request);
    if (!parsed.ok) return spec.renderMessage({ request, message: parsed.message, query: null });
    const query = parsed.value;
    let result: Result | null;
    try {
      result = await spec.run(await getReportDb(), request.viewer, query);
    } catch (error) {
      if (error instanceof AccessDenied) forbidden();
      // The database went away after the viewer was read: the outage page, which reloads back here.
      redirectOnOutage(`report ${spec.report}`, error, withSearch(spec.path(request.routeParams), request.search));
      if (!isStatementTimeout(error)) throw error;
      return spec.renderMessage({ request, message: STATEMENT_TIMEOUT_MESSAGE, query });
    }
    if (result === null) notFound();
    const { viewer } = request;
    await recordAudit(await getDb(), {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "report_run",
      details: { report: spec.report, ...spec.audit(query, result) },
    });
    return spec.render({ request, query, result });
  });
}
