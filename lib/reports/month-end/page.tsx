import "server-only";
import { DateTime } from "luxon";
import { MonthBreakdownMessage, MonthBreakdownReport } from "@/components/month-end/MonthBreakdownReport";
import { MonthEndMessage, MonthEndReport } from "@/components/month-end/MonthEndReport";
import type { Database } from "@/db/client";
import { viewerCan, type Viewer } from "@/lib/access/viewer";
import { ledgerMonth, previousMonth } from "@/lib/month-end/month";
import { reportPage } from "@/lib/reports/toolkit/report-page";
import { monthBreakdown } from "./breakdown";
import { monthDetail } from "./month-detail";
import { MONTHS_PER_PAGE, practiceMonths } from "./months";
import { breakdownPath, MONTH_END_PATH, parseBreakdownQuery, parseMonthListQuery, type MonthListQuery } from "./search-params";

/** /payments/month-end: the practice's months, one opened with its checklist, close or reopen, and history. */
export const monthEndPage = reportPage<Record<string, never>, MonthListQuery & { today: string }, NonNullable<Awaited<ReturnType<typeof monthsView>>>>({
  report: "month-end",
  permission: "paymentBalancing",
  path: () => MONTH_END_PATH,
  parse: ({ searchParams, today }) => {
    const parsed = parseMonthListQuery(searchParams);
    return parsed.ok ? { ok: true, value: { ...parsed.value, today } } : parsed;
  },
  run: (db, viewer, query) => monthsView(db, viewer, query),
  audit: (query, view) => ({ filters: { month: view.selected.month }, rowCount: view.months.length }),
  render: ({ request, result }) => <MonthEndReport request={request} {...result} />,
  renderMessage: ({ message }) => <MonthEndMessage message={message} />,
});

/**
 * The months and the one opened: the one asked for, else last month (else the newest). The list
 * is the year ending this month, or ending with the month asked for when that is older; null
 * when the practice has no such month.
 */
async function monthsView(db: Database, viewer: Viewer, query: MonthListQuery & { today: string }) {
  const windowStart = DateTime.fromISO(query.today, { zone: "utc" }).minus({ months: MONTHS_PER_PAGE - 1 }).toFormat("yyyy-MM");
  const newest = query.month && query.month < windowStart ? `${query.month}-01` : undefined;
  const wanted = query.month ?? previousMonth(query.today);
  // The opened month's checklist is read beside the list; only a practice without that month reads it again.
  const [{ variant, months, earlier }, wantedDetail] = await Promise.all([
    practiceMonths(db, viewer, query.today, { newest }),
    monthDetail(db, viewer, ledgerMonth(wanted)!),
  ]);
  const selected = months.find((month) => month.month === wanted) ?? (query.month ? null : months[0]);
  if (!selected) return null;
  const detail = selected.month === wanted ? wantedDetail : await monthDetail(db, viewer, ledgerMonth(selected.month)!);
  return { variant, months, earlier, selected, detail, canClose: viewerCan(viewer, "closeMonth") };
}

/** /payments/month-end/<yyyy-mm>: the frozen breakdown beside the live one. */
export const monthBreakdownPage = reportPage({
  report: "month-end-breakdown",
  permission: "paymentBalancing",
  path: ({ month }: { month: string }) => breakdownPath(month),
  parse: ({ routeParams, searchParams }) => parseBreakdownQuery(routeParams.month, searchParams),
  run: monthBreakdown,
  audit: (query, breakdown) => ({
    variant: breakdown.variant,
    filters: { month: query.month.month, groups: query.groups },
    snapshotId: breakdown.snapshot?.snapshotId ?? null,
    differingLines: breakdown.differingLines,
    rowCount: breakdown.rows.length,
  }),
  render: ({ request, query, result }) => <MonthBreakdownReport request={request} query={query} breakdown={result} />,
  renderMessage: ({ request, message }) => <MonthBreakdownMessage message={message} month={ledgerMonth(request.routeParams.month)?.month ?? null} />,
});
