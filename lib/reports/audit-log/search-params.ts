import { z } from "zod";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit-actions";
import { isoDate, many, monthToDateRange, oneOf, parseWith, recordId, shown, single, unique, type Parsed, type SearchParamsInput } from "@/lib/reports/toolkit/search-params";

/*
 * The audit log's URL: `/admin/audit?from=&to=&user=&action=&page=`. Pure, so the page,
 * middleware's 400 check, the filter bar and the exports read it alike.
 */

export const AUDIT_LOG_PATH = "/admin/audit";
export const AUDIT_LOG_PAGE_SIZE = 100;

export interface AuditLogQuery {
  /** Inclusive calendar dates in the practice's timezone. */
  from: string;
  to: string;
  users: number[];
  actions: AuditAction[];
  page: number;
}

const pageNumber = z
  .string()
  .refine((text) => /^[1-9]\d{0,6}$/.test(text), { error: (issue) => `"page" must be a page number, not "${shown(issue.input)}".` })
  .transform(Number);

const schema = z.object({
  from: single("from", isoDate("from")),
  to: single("to", isoDate("to")),
  user: many("user", recordId("user")),
  action: many("action", oneOf("action", AUDIT_ACTIONS)),
  page: single("page", pageNumber),
});

/** `today` is the practice's today: the default range is this month to date. */
export function parseAuditLogQuery(input: SearchParamsInput, options: { today: string }): Parsed<AuditLogQuery> {
  const parsed = parseWith(schema, input);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  const range = monthToDateRange(p.from, p.to, options.today);
  if (!range.ok) return range;
  return { ok: true, value: { ...range.value, users: unique(p.user), actions: unique(p.action), page: p.page ?? 1 } };
}

/** For middleware: null when the URL is acceptable, else the page's message (any `today` gives the same outcome). */
export function validateAuditLogQuery(searchParams: URLSearchParams): string | null {
  const parsed = parseAuditLogQuery(searchParams, { today: "2000-01-01" });
  return parsed.ok ? null : parsed.message;
}
