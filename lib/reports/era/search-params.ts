import { z } from "zod";
import { isRecordIdText } from "@/lib/ledger-vocabulary";
import {
  isoDate,
  many,
  oneOf,
  parseWith,
  recordId,
  shown,
  single,
  unique,
  type Parsed,
  type SearchParamsInput,
} from "@/lib/reports/toolkit/search-params";

/*
 * The ERA screens' URLs (issue 22). Pure, so the pages, middleware's 400 check, the filter
 * bars and the exports read them alike:
 *   /payments/era?from=&to=&status=&payer=&page=     imported remittances, newest first
 *   /payments/era/<remittance id>                     one remittance claim by claim
 *   /payments/era/exceptions?show=open|all&page=      the exceptions worklist
 */

export const ERA_PATH = "/payments/era";
export const ERA_EXCEPTIONS_PATH = "/payments/era/exceptions";
export const ERA_UPLOAD_PATH = "/payments/era/upload";
export const ERA_PAGE_SIZE = 100;

export const REMITTANCE_STATUSES = ["posted", "refused"] as const;
export type RemittanceStatus = (typeof REMITTANCE_STATUSES)[number];

export interface EraListQuery {
  /** Inclusive calendar dates of the import in the practice's timezone; null leaves that side open. */
  from: string | null;
  to: string | null;
  statuses: RemittanceStatus[];
  payers: number[];
  page: number;
}

export const EXCEPTION_SHOWS = ["open", "all"] as const;
export interface EraExceptionsQuery {
  /** "open": without a resolution (the worklist); "all": resolved ones too. */
  show: (typeof EXCEPTION_SHOWS)[number];
  page: number;
}

export interface EraRemittanceQuery {
  remittanceId: number;
  /** Claims are shown a page at a time (a check can carry 10,000); the export holds them all. */
  page: number;
}

const pageNumber = z
  .string()
  .refine((text) => /^[1-9]\d{0,6}$/.test(text), { error: (issue) => `"page" must be a page number, not "${shown(issue.input)}".` })
  .transform(Number);

const listSchema = z.object({
  from: single("from", isoDate("from")),
  to: single("to", isoDate("to")),
  status: many("status", oneOf("status", REMITTANCE_STATUSES)),
  payer: many("payer", recordId("payer")),
  page: single("page", pageNumber),
});

export function parseEraListQuery(input: SearchParamsInput): Parsed<EraListQuery> {
  const parsed = parseWith(listSchema, input);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (p.from && p.to && p.from > p.to) return { ok: false, message: `"from" (${p.from}) is after "to" (${p.to}).` };
  return {
    ok: true,
    value: { from: p.from ?? null, to: p.to ?? null, statuses: unique(p.status), payers: unique(p.payer), page: p.page ?? 1 },
  };
}

const exceptionsSchema = z.object({
  show: single("show", oneOf("show", EXCEPTION_SHOWS)),
  page: single("page", pageNumber),
});

export function parseEraExceptionsQuery(input: SearchParamsInput): Parsed<EraExceptionsQuery> {
  const parsed = parseWith(exceptionsSchema, input);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { show: parsed.value.show ?? "open", page: parsed.value.page ?? 1 } };
}

const remittanceSchema = z.object({ page: single("page", pageNumber) });

/** The remittance's id is the path's; its one query parameter is the page of claims. */
export function parseEraRemittanceQuery(idText: string, input: SearchParamsInput): Parsed<EraRemittanceQuery> {
  if (!isRecordIdText(idText)) return { ok: false, message: `"${shown(idText)}" is not a remittance number.` };
  const parsed = parseWith(remittanceSchema, input);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { remittanceId: Number(idText), page: parsed.value.page ?? 1 } };
}

const EXPORT = String.raw`(\/export\.(csv|xlsx))?`;
const LIST_PATH = new RegExp(`^\\/payments\\/era${EXPORT}$`);
const EXCEPTIONS_PATH = new RegExp(`^\\/payments\\/era\\/exceptions${EXPORT}$`);
const REMITTANCE_PATH = new RegExp(`^\\/payments\\/era\\/([^/]+)${EXPORT}$`);

/** For middleware: null when the URL is acceptable, else the page's message. */
export function validateEraUrl(searchParams: URLSearchParams, pathname: string): string | null {
  const outcome = (parsed: Parsed<unknown>) => (parsed.ok ? null : parsed.message);
  if (LIST_PATH.test(pathname)) return outcome(parseEraListQuery(searchParams));
  if (EXCEPTIONS_PATH.test(pathname)) return outcome(parseEraExceptionsQuery(searchParams));
  if (pathname === ERA_UPLOAD_PATH) return null;
  const remittance = REMITTANCE_PATH.exec(pathname);
  if (remittance) {
    let id: string;
    try {
      id = decodeURIComponent(remittance[1]!);
    } catch {
      id = remittance[1]!;
    }
    return outcome(parseEraRemittanceQuery(id, searchParams));
  }
  return null;
}

/** The remittance page of `remittanceId`. */
export function eraRemittancePath(remittanceId: number): string {
  return `${ERA_PATH}/${remittanceId}`;
}

/** Payment Balancing opened on one batch, on its deposit date. */
export function balancingBatchPath(batchNumber: string, depositDate: string): string {
  const search = new URLSearchParams({ batch: batchNumber, from: depositDate, to: depositDate });
  return `/payments/balancing?${search.toString()}`;
}
