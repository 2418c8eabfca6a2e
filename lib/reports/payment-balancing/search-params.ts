import { z } from "zod";
import { isRealIsoDate } from "@/lib/dates";
import { controlCharacterProblem, hasControlCharacter } from "@/lib/text";
import {
  DATE_BASES,
  dollars,
  isoDate,
  many,
  monthToDateRange,
  oneOf,
  parseWith,
  recordId,
  shown,
  single,
  unique,
  type DateBasis,
  type Parsed,
  type SearchParamsInput,
} from "@/lib/reports/toolkit/search-params";
import { BATCH_STATE_PARAM, BATCH_STATES, type BatchStateValue } from "@/lib/reports/toolkit/batch-state";
import { SORT_COLUMNS, type SortColumn } from "./columns";
import { BATCH_NUMBER, PAYER_TYPES, PAYMENT_METHODS, isRecordIdText, PAYMENT_SOURCES, type PaymentMethod, type PaymentSource } from "@/lib/ledger-vocabulary";

/*
 * The Payment Balancing URL, parsed in one place: the page that runs the report, the client
 * components that change the URL, middleware's 400 check and the export routes all read the
 * same schema, so they accept and refuse exactly the same links with the same message.
 * Pure: no database, no server-only imports.
 */

export const GROUP_DIMENSIONS = [
  "poster",
  "deposit_date",
  "posting_date",
  "location",
  "payer",
  "payer_type",
  "method",
  "source",
  "batch",
] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export const GROUP_LABELS: Readonly<Record<GroupDimension, string>> = {
  poster: "Poster",
  deposit_date: "Deposit date",
  posting_date: "Posting date",
  location: "Location",
  payer: "Payer",
  payer_type: "Payer type",
  method: "Method",
  source: "Source",
  batch: "Batch",
};

/** The glance's tabs (`glance=`), the first the default: which lines "Balancing at a glance" lists. */
export const GLANCE_TABS = ["poster", "batch", "day"] as const;
export type GlanceTab = (typeof GLANCE_TABS)[number];
const DEFAULT_GLANCE_TAB: GlanceTab = "poster";

/** "patient" stands for patient payments, which have no payer. */
export const PATIENT_PAYER = "patient";
/** The payer types a filter may name: the ledger's, and "patient" for patient payments. */
export const PAYER_TYPE_FILTERS = [...PAYER_TYPES, PATIENT_PAYER] as const;

export type PayerTypeFilter = (typeof PAYER_TYPE_FILTERS)[number];
export type SortDirection = "asc" | "desc";
export interface SortSpec {
  column: SortColumn;
  direction: SortDirection;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;
export const MIN_PAGE_SIZE = 1;
/** Joins the keys of a group path in `open=` (a character no key can contain). */
export const PATH_SEPARATOR = "~";
const MAX_OPEN = 200;

export interface PaymentBalancingQuery {
  by: DateBasis;
  /** Inclusive calendar dates in the practice's timezone. */
  from: string;
  to: string;
  locations: number[];
  posters: number[];
  /** Payer ids, or "patient" for patient payments. */
  payers: Array<number | typeof PATIENT_PAYER>;
  payerTypes: PayerTypeFilter[];
  methods: PaymentMethod[];
  sources: PaymentSource[];
  batches: string[];
  refs: string[];
  /** Exact deposit / posting dates: what opening a date group adds to the URL. */
  depositDates: string[];
  postingDates: string[];
  minCents: number | null;
  maxCents: number | null;
  unbalanced: boolean;
  /** `batch_state=`: only payments in open, or in closed, batches; null for both. */
  batchState: BatchStateValue | null;
  groups: GroupDimension[];
  /** The glance's tab: what is on screen, not what the report selects. */
  glance: GlanceTab;
  sort: SortSpec[];
  open: string[];
  page: number;
  size: number;
}

const sortSpec = z.string().transform((text, ctx): SortSpec => {
  const [column, direction = "asc", ...rest] = text.split(":");
  if (rest.length > 0 || !(SORT_COLUMNS as readonly string[]).includes(column ?? "") || !["asc", "desc"].includes(direction)) {
    ctx.addIssue({
      code: "custom",
      message: `"sort" must look like amount:desc, with a column among ${SORT_COLUMNS.join(", ")}; "${shown(text)}" is not one.`,
    });
    return z.NEVER;
  }
  return { column: column as SortColumn, direction: direction as SortDirection };
});

const pageNumber = z
  .string()
  .refine((t) => /^[1-9]\d{0,6}$/.test(t), { error: (issue) => `"page" must be a page number, not "${shown(issue.input)}".` })
  .transform(Number);

const pageSize = z
  .string()
  .refine((t) => /^\d{1,4}$/.test(t) && Number(t) >= MIN_PAGE_SIZE && Number(t) <= MAX_PAGE_SIZE, {
    error: `"size" must be a number of rows from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}.`,
  })
  .transform(Number);

const schema = z.object({
  by: single("by", oneOf("by", DATE_BASES)),
  from: single("from", isoDate("from")),
  to: single("to", isoDate("to")),
  location: many("location", recordId("location")),
  poster: many("poster", recordId("poster")),
  payer: many(
    "payer",
    z.union([z.literal(PATIENT_PAYER), recordId("payer")], {
      error: (issue) => `"payer" must be a payer id or "${PATIENT_PAYER}", not "${shown(issue.input)}".`,
    }),
  ),
  payer_type: many("payer_type", oneOf("payer_type", PAYER_TYPE_FILTERS)),
  method: many("method", oneOf("method", PAYMENT_METHODS)),
  source: many("source", oneOf("source", PAYMENT_SOURCES)),
  batch: many(
    "batch",
    z
      .string()
      .regex(BATCH_NUMBER, { error: (issue) => `"batch" must be a batch number like B260302-P1-1, not "${shown(issue.input)}".` })
      // In capitals, as every batch number is written (see BATCH_NUMBER).
      .toUpperCase(),
  ),
  ref: many(
    "ref",
    z
      .string()
      .max(60, `"ref" must be a reference number of at most 60 characters.`)
      .refine((text) => !hasControlCharacter(text), {
        error: (issue) => `"ref" must not contain ${controlCharacterProblem(String(issue.input))}.`,
      }),
  ),
  deposit_date: many("deposit_date", isoDate("deposit_date")),
  posting_date: many("posting_date", isoDate("posting_date")),
  min: single("min", dollars("min")),
  max: single("max", dollars("max")),
  unbalanced: single("unbalanced", oneOf("unbalanced", ["1", "0"])),
  [BATCH_STATE_PARAM]: single(BATCH_STATE_PARAM, oneOf(BATCH_STATE_PARAM, BATCH_STATES)),
  group: many("group", oneOf("group", GROUP_DIMENSIONS)),
  glance: single("glance", oneOf("glance", GLANCE_TABS)),
  sort: many("sort", sortSpec),
  open: z
    .array(z.string())
    .max(MAX_OPEN, `Give at most ${MAX_OPEN} open groups.`)
    .default([]),
  page: single("page", pageNumber),
  size: single("size", pageSize),
});

const glanceSchema = schema.pick({ glance: true });

const KEY_FORMATS: Readonly<Record<GroupDimension, (key: string) => boolean>> = {
  poster: isRecordIdText,
  location: isRecordIdText,
  payer: (key) => key === PATIENT_PAYER || isRecordIdText(key),
  batch: (key) => BATCH_NUMBER.test(key),
  deposit_date: isRealIsoDate,
  posting_date: isRealIsoDate,
  payer_type: (key) => (PAYER_TYPE_FILTERS as readonly string[]).includes(key),
  method: (key) => (PAYMENT_METHODS as readonly string[]).includes(key),
  source: (key) => (PAYMENT_SOURCES as readonly string[]).includes(key),
};

/** Why an `open=` path does not fit the grouping, or null when it does. */
function openPathProblem(path: string, groups: readonly GroupDimension[]): string | null {
  const keys = path.split(PATH_SEPARATOR);
  if (keys.length > groups.length) {
    return groups.length === 0
      ? `"open" needs a grouping ("group=…") to open.`
      : `"open=${shown(path)}" has more levels than the grouping (${groups.join(", ")}).`;
  }
  const bad = keys.findIndex((key, level) => !KEY_FORMATS[groups[level]!](key));
  return bad === -1 ? null : `"open=${shown(path)}": "${shown(keys[bad])}" is not a ${GROUP_LABELS[groups[bad]!].toLowerCase()} key.`;
}

/**
 * Batch or reference numbers typed into one box: "B1, B2" → ["B1", "B2"]. A batch number never
 * holds a space, so spaces separate batch numbers too; a reference number may ("EFT 12345").
 */
export function typedValues(param: "batch" | "ref", text: string): string[] {
  return text
    .split(param === "ref" ? /[,\r\n]+/ : /[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * Reads the URL. `today` is the practice's today (the default range is this month to date);
 * no outcome depends on it except those defaults, so middleware may pass any date.
 */
export function parsePaymentBalancingQuery(input: SearchParamsInput, options: { today: string }): Parsed<PaymentBalancingQuery> {
  const parsed = parseWith(schema, input);
  if (!parsed.ok) return parsed;
  const p = parsed.value;

  const range = monthToDateRange(p.from, p.to, options.today);
  if (!range.ok) return range;
  const { from, to } = range.value;
  if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
    return { ok: false, message: `"min" is more than "max".` };
  }
  const duplicate = p.group.find((dimension, i) => p.group.indexOf(dimension) !== i);
  if (duplicate) return { ok: false, message: `Group by "${duplicate}" only once.` };
  const sortedTwice = p.sort.find((spec, i) => p.sort.findIndex((s) => s.column === spec.column) !== i);
  if (sortedTwice) return { ok: false, message: `Sort by "${sortedTwice.column}" only once.` };
  for (const path of p.open) {
    const problem = openPathProblem(path, p.group);
    if (problem) return { ok: false, message: problem };
  }

  return {
    ok: true,
    value: {
      by: p.by ?? "deposit",
      from,
      to,
      locations: unique(p.location),
      posters: unique(p.poster),
      payers: unique(p.payer),
      payerTypes: unique(p.payer_type),
      methods: unique(p.method),
      sources: unique(p.source),
      batches: unique(p.batch),
      refs: unique(p.ref),
      depositDates: unique(p.deposit_date),
      postingDates: unique(p.posting_date),
      minCents: p.min ?? null,
      maxCents: p.max ?? null,
      unbalanced: p.unbalanced === "1",
      batchState: p[BATCH_STATE_PARAM] ?? null,
      groups: p.group,
      glance: p.glance ?? DEFAULT_GLANCE_TAB,
      sort: p.sort,
      open: unique(p.open),
      page: p.page ?? 1,
      size: p.size ?? DEFAULT_PAGE_SIZE,
    },
  };
}

/** The pure check middleware runs (lib/url/validators.ts): null, or the message for a 400. */
export function validatePaymentBalancingQuery(searchParams: URLSearchParams): string | null {
  const result = parsePaymentBalancingQuery(searchParams, { today: "2000-01-01" });
  return result.ok ? null : result.message;
}

/*
 * Small edits of the current URL for the client components. Each keeps every parameter it
 * does not own (so a bookmark's defaults stay defaults) and drops what the edit invalidates.
 */

export function withGrouping(params: URLSearchParams, groups: readonly GroupDimension[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("group");
  next.delete("open");
  next.delete("page");
  for (const group of groups) next.append("group", group);
  return next;
}

/** The glance's tab in the URL; the default tab leaves no parameter, so a bookmark's defaults stay defaults. */
export function withGlanceTab(params: URLSearchParams, tab: GlanceTab): URLSearchParams {
  const next = new URLSearchParams(params);
  if (tab === DEFAULT_GLANCE_TAB) next.delete("glance");
  else next.set("glance", tab);
  return next;
}

/** The glance's tab of a URL, read with the report's own schema (a URL it refuses never reaches the page). */
export function glanceTabOf(params: URLSearchParams): GlanceTab {
  const parsed = parseWith(glanceSchema, params, ["glance"]);
  return (parsed.ok && parsed.value.glance) || DEFAULT_GLANCE_TAB;
}

export function withOpenToggled(params: URLSearchParams, path: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const open = next.getAll("open");
  next.delete("open");
  const isOpen = open.includes(path);
  // Closing a group also forgets the groups opened inside it.
  const kept = isOpen ? open.filter((p) => p !== path && !p.startsWith(`${path}${PATH_SEPARATOR}`)) : [...open, path];
  for (const p of kept) next.append("open", p);
  return next;
}

export function withSort(params: URLSearchParams, sort: readonly SortSpec[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("sort");
  next.delete("page");
  for (const spec of sort) next.append("sort", `${spec.column}:${spec.direction}`);
  return next;
}

export function withPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page <= 1) next.delete("page");
  else next.set("page", String(page));
  return next;
}

/** The URL of a group's payments: the same filters plus the group's keys, ungrouped. */
export function groupDrillParams(params: URLSearchParams, groups: readonly GroupDimension[], path: string): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of ["group", "open", "page"]) next.delete(name);
  path.split(PATH_SEPARATOR).forEach((key, level) => {
    // Each group dimension is also the name of the filter that narrows to one of its keys.
    const name = groups[level]!;
    // The group exists only where every filter already lets its key through, so one value narrows.
    next.delete(name);
    next.append(name, key);
  });
  return next;
}

/** The human summary of a query's filters, for the audit trail and the page header. */
export function filtersForAudit(query: PaymentBalancingQuery): Record<string, unknown> {
  const { page: _page, size: _size, open: _open, glance: _glance, ...filters } = query;
  return filters;
}
