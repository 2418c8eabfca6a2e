import { z } from "zod";
import { BATCH_NUMBER, isRecordIdText } from "@/lib/ledger-vocabulary";
import { formatUsDate, inclusiveDays } from "@/lib/dates";
import { BATCH_STATE_PARAM, BATCH_STATES, type BatchStateValue } from "@/lib/reports/toolkit/batch-state";
import {
  firstMessage,
  isoDate,
  oneOf,
  parseWith,
  shown,
  single,
  valueLists,
  DATE_BASES,
  type DateBasis,
  type DateWording,
  type Parsed,
  type SearchParamsInput,
} from "@/lib/reports/toolkit/search-params";

/*
 * The URL state of My Payment Activity, parsed by one zod schema that the pages, the
 * middleware validator registry, the filter bar and the export routes all share. Pure: no
 * database, no server-only, so it also runs in middleware and in the browser.
 */

export const MY_ACTIVITY_PATH = "/payments/my-activity";
export const MAX_RANGE_DAYS = 366;

/** The report filters that belong in a My Payment Activity link, in the order they are written. */
export const REPORT_PARAM_KEYS = ["by", "from", "to", "batch", BATCH_STATE_PARAM] as const;

export type MyActivityQuery = (
  | { by: DateBasis; kind: "range"; from: string; to: string }
  | { by: DateBasis; kind: "batch"; batch: string }
) & {
  /** Only open or only closed batches; absent for both. */
  batchState?: BatchStateValue;
};

export type MyActivityView = "check" | "all" | "payment";

/** A batch drill-down: which batch, which view, and the report filters to go back to. */
export interface MyActivityBatchQuery {
  batchNumber: string;
  view: MyActivityView;
  paymentId: number | null;
  /** The report's own parameters, as given, so the way back opens the same report. */
  reportParams: URLSearchParams;
}

/** A parameter given twice is refused, never silently picked. */
const once = <T extends z.ZodType<unknown, string>>(name: string, inner: T) =>
  single(name, inner, `"${name}" appears more than once in the link; give it once.`);

const DATE_WORDING: DateWording = {
  notADate: (param, input) => `"${param}" must be a real calendar date written YYYY-MM-DD; "${input}" is not.`,
  outOfRange: (param, input, earliest, latest) => `"${param}" must be a date from ${earliest} to ${latest}; "${input}" is not.`,
};

/** Read in capitals, as every batch number is written (see BATCH_NUMBER): "b261123-p1-3" finds B261123-P1-3. */
export const batchNumberSchema = z
  .string()
  .trim()
  .refine((text) => BATCH_NUMBER.test(text), {
    error: (issue) =>
      `A batch number is 1 to 40 letters, digits and dashes, starting with a letter or digit; "${shown(String(issue.input))}" is not one.`,
  })
  .toUpperCase();

const reportSchema = z
  .object({
    by: once(
      "by",
      z.string().refine((text): text is DateBasis => (DATE_BASES as readonly string[]).includes(text), {
        error: (issue) => `"by" must be deposit or posting; "${shown(issue.input)}" is not one of them.`,
      }),
    ),
    from: once("from", isoDate("from", DATE_WORDING)),
    to: once("to", isoDate("to", DATE_WORDING)),
    batch: once("batch", batchNumberSchema),
    [BATCH_STATE_PARAM]: once(BATCH_STATE_PARAM, oneOf(BATCH_STATE_PARAM, BATCH_STATES)),
  })
  .superRefine((value, ctx) => {
    const { from, to, batch } = value;
    if (batch !== undefined && (from !== undefined || to !== undefined)) {
      ctx.addIssue({ code: "custom", message: "Search by a date range or by a batch number, not both." });
      return;
    }
    if ((from === undefined) !== (to === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: 'Give both "from" and "to" dates (YYYY-MM-DD), or neither to see today.',
      });
      return;
    }
    if (from === undefined || to === undefined) return;
    if (from > to) {
      ctx.addIssue({
        code: "custom",
        message: `The start date ${formatUsDate(from)} is after the end date ${formatUsDate(to)}.`,
      });
      return;
    }
    const days = inclusiveDays(from, to);
    if (days > MAX_RANGE_DAYS) {
      ctx.addIssue({
        code: "custom",
        message: `A date range may cover at most ${MAX_RANGE_DAYS} days; ${formatUsDate(from)}–${formatUsDate(to)} covers ${days}.`,
      });
    }
  });

const viewSchema = z.object({
  view: once(
    "view",
    z.string().refine((text) => text === "check" || text === "all", {
      error: (issue) => `"view" must be check or all; "${shown(issue.input)}" is not one of them.`,
    }),
  ),
  payment: once(
    "payment",
    z.string().refine(isRecordIdText, {
      error: (issue) => `"payment" must be a payment number; "${shown(issue.input)}" is not.`,
    }),
  ),
});

/**
 * The report query from a URL. `today` is the practice's today (the default range); it
 * cannot make a query invalid, because a range is given whole or not at all.
 */
export function parseMyActivityQuery(input: SearchParamsInput, today: string): Parsed<MyActivityQuery> {
  const result = parseWith(reportSchema, input, REPORT_PARAM_KEYS);
  if (!result.ok) return result;
  const by = (result.value.by ?? "deposit") as DateBasis;
  const { from, to, batch } = result.value;
  const state = result.value[BATCH_STATE_PARAM];
  const batchState = state === undefined ? {} : { batchState: state };
  if (batch !== undefined) return { ok: true, value: { by, kind: "batch", batch, ...batchState } };
  return { ok: true, value: { by, kind: "range", from: from ?? today, to: to ?? today, ...batchState } };
}

/** The drill-down URL: batch number from the path, view and payment, and the report's filters. */
export function parseMyActivityBatchQuery(batchSegment: string, input: SearchParamsInput): Parsed<MyActivityBatchQuery> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(batchSegment);
  } catch {
    return { ok: false, message: "The batch number in the link could not be read." };
  }
  const batchNumber = batchNumberSchema.safeParse(decoded);
  if (!batchNumber.success) return { ok: false, message: firstMessage(batchNumber.error) };
  const report = parseWith(reportSchema, input, REPORT_PARAM_KEYS);
  if (!report.ok) return report;
  const view = parseWith(viewSchema, input, ["view", "payment"]);
  if (!view.ok) return view;
  const { view: viewName, payment } = view.value;
  if (payment !== undefined && viewName === "check") {
    return { ok: false, message: 'One payment\'s lines open with "payment" alone; it cannot be combined with view=check.' };
  }
  return {
    ok: true,
    value: {
      batchNumber: batchNumber.data,
      view: payment !== undefined ? "payment" : viewName === "all" ? "all" : "check",
      paymentId: payment !== undefined ? Number(payment) : null,
      reportParams: reportParamsOf(input),
    },
  };
}

/** The report link for a query: what the filter bar pushes and what bookmarks hold. */
export function myActivityHref(query: MyActivityQuery): string {
  const params = new URLSearchParams({ by: query.by });
  if (query.kind === "batch") params.set("batch", query.batch);
  else {
    params.set("from", query.from);
    params.set("to", query.to);
  }
  if (query.batchState) params.set(BATCH_STATE_PARAM, query.batchState);
  return `${MY_ACTIVITY_PATH}?${params}`;
}

/** Back to the report with the filters it was opened from (none: today's report). */
export function myActivityReportHref(reportParams: URLSearchParams): string {
  const search = reportParams.toString();
  return search ? `${MY_ACTIVITY_PATH}?${search}` : MY_ACTIVITY_PATH;
}

/** A batch drill-down link that keeps the report's filters for the way back. */
export function myActivityBatchHref(
  batchNumber: string,
  target: { view: "check" | "all" } | { paymentId: number },
  reportParams: URLSearchParams,
): string {
  const params = new URLSearchParams();
  if ("paymentId" in target) params.set("payment", String(target.paymentId));
  else params.set("view", target.view);
  for (const [key, value] of reportParams) params.set(key, value);
  return `${MY_ACTIVITY_PATH}/batches/${encodeURIComponent(batchNumber)}?${params}`;
}

/** "deposit dates 3/1/2026–3/31/2026", "posting date 3/2/2026" or "batch B-17": what was searched. */
export function describeMyActivityQuery(query: MyActivityQuery): string {
  const state = query.batchState ? `, ${query.batchState} batches only` : "";
  if (query.kind === "batch") return `batch ${query.batch}${state}`;
  if (query.from === query.to) return `${query.by} date ${formatUsDate(query.from)}${state}`;
  return `${query.by} dates ${formatUsDate(query.from)}–${formatUsDate(query.to)}${state}`;
}

/** The report's parameters only, from a page's searchParams, for links back to the report. */
export function reportParamsOf(input: SearchParamsInput): URLSearchParams {
  const params = new URLSearchParams();
  // A parameter given twice is not the report's: the way back opens the report without it.
  for (const [key, values] of Object.entries(valueLists(input, REPORT_PARAM_KEYS))) {
    if (values.length === 1) params.set(key, values[0]!);
  }
  return params;
}

/** For the middleware registry: null when the URL is acceptable, else the message the page shows. */
export function validateMyActivityUrl(searchParams: URLSearchParams, pathname: string): string | null {
  const batchPath = /^\/payments\/my-activity\/batches\/([^/]+)/.exec(pathname);
  if (batchPath) {
    const parsed = parseMyActivityBatchQuery(batchPath[1]!, searchParams);
    return parsed.ok ? null : parsed.message;
  }
  // The placeholder "today" cannot change the outcome: an absent range is always valid.
  const parsed = parseMyActivityQuery(searchParams, "2000-01-01");
  return parsed.ok ? null : parsed.message;
}
