import "server-only";
import { getReportDb } from "@/db/app-database";
import { EraExceptionsMessage, EraExceptionsReport } from "@/components/era/EraExceptionsReport";
import { EraListMessage, EraListReport } from "@/components/era/EraListReport";
import { EraRemittanceMessage, EraRemittanceReport } from "@/components/era/EraRemittanceReport";
import { reportPage } from "@/lib/reports/toolkit/report-page";
import { eraExceptions } from "./exceptions";
import { eraPayerOptions, eraRemittances } from "./list";
import { eraRemittanceView } from "./remittance";
import {
  ERA_EXCEPTIONS_PATH,
  ERA_PATH,
  parseEraExceptionsQuery,
  parseEraListQuery,
  parseEraRemittanceQuery,
  type EraRemittanceQuery,
} from "./search-params";

/** /payments/era: the upload form and the imported remittances, for who may post payments. */
export const eraListPage = reportPage({
  report: "era-remittances",
  permission: "postPayments",
  path: () => ERA_PATH,
  parse: ({ searchParams }) => parseEraListQuery(searchParams),
  async run(db, viewer, query) {
    const [list, payers] = await Promise.all([eraRemittances(db, viewer, query), eraPayerOptions(db, viewer)]);
    return { list, payers };
  },
  audit: ({ page: _page, ...filters }, { list }) => ({ filters, rowCount: list.remittanceCount }),
  render: ({ request, query, result }) => <EraListReport request={request} query={query} {...result} />,
  renderMessage: async ({ request, query, message }) => (
    <EraListMessage request={request} query={query} message={message} payers={await eraPayerOptions(await getReportDb(), request.viewer)} />
  ),
});

/** /payments/era/<id>: one remittance claim by claim; another practice's is not found. */
export const eraRemittancePage = reportPage<{ id: string }, EraRemittanceQuery, NonNullable<Awaited<ReturnType<typeof eraRemittanceView>>>>({
  report: "era-remittance",
  permission: "postPayments",
  path: ({ id }) => `${ERA_PATH}/${encodeURIComponent(id)}`,
  parse: ({ routeParams, searchParams }) => parseEraRemittanceQuery(routeParams.id, searchParams),
  run: (db, viewer, query) => eraRemittanceView(db, viewer, query),
  audit: ({ page: _page, ...filters }, view) => ({ filters, rowCount: view.remittance.claims }),
  render: ({ request, result }) => <EraRemittanceReport request={request} view={result} />,
  renderMessage: ({ message }) => <EraRemittanceMessage message={message} />,
});

/** /payments/era/exceptions: the worklist of what an import could not apply. */
export const eraExceptionsPage = reportPage({
  report: "era-exceptions",
  permission: "postPayments",
  path: () => ERA_EXCEPTIONS_PATH,
  parse: ({ searchParams }) => parseEraExceptionsQuery(searchParams),
  run: eraExceptions,
  audit: ({ page: _page, ...filters }, result) => ({ filters, rowCount: result.exceptionCount }),
  render: ({ request, query, result }) => <EraExceptionsReport request={request} query={query} result={result} />,
  renderMessage: ({ request, message }) => <EraExceptionsMessage request={request} message={message} />,
});
