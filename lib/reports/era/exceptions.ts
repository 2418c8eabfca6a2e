import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { allOf, isoDate, isoInstant } from "@/lib/reports/toolkit/sql";
import type { EraExceptionRow } from "./columns";
import { chargeVisible, scopedPatient } from "./scope";
import { ERA_PAGE_SIZE, type EraExceptionsQuery } from "./search-params";

/*
 * /payments/era/exceptions: ERA money the import could not apply, held unapplied until a
 * poster chooses the charge it pays (lib/posting/era/resolve.ts). Open ones (no resolution
 * row) by default; `show=all` adds the resolved ones with who resolved them to what.
 * Scope: see scope.ts.
 */

export interface EraExceptionsResult {
  rows: EraExceptionRow[];
  exceptionCount: number;
  /** The SQL sum of the amounts of every row of the query (not one page). */
  amountCents: number;
  page: { number: number; size: number; pageCount: number };
}

export function eraExceptionConditions(viewer: Viewer, query: EraExceptionsQuery): SQL {
  const conditions = [sql`x.practice_id = ${viewer.practiceId}`];
  if (query.show === "open") conditions.push(sql`res.exception_id is null`);
  return allOf(conditions);
}

export function eraExceptionSelect(viewer: Viewer): SQL {
  const resolvedCharge = sql`ch.cpt_code || ' on ' || ${isoDate(sql`ch.date_of_service`)} || ' for ' || rp.last_name || ', ' || rp.first_name`;
  return sql`x.id, x.remittance_id as "remittanceId", r.trace_number as "traceNumber", c.claim_number as "claimNumber",
    ${scopedPatient(viewer, "p", sql`c.patient_name`)} as patient, x.reason, x.explanation, x.amount_cents as "amountCents",
    ${isoInstant(sql`x.created_at`)} as "createdAt",
    case when res.exception_id is null then null else ${isoInstant(sql`res.resolved_at`)} end as "resolvedAt",
    ru.name as "resolvedBy",
    case when ch.id is null then null when ${chargeVisible(viewer, "ch")} then ${resolvedCharge} else 'Charge ' || ch.id end as "resolvedCharge"`;
}

export const ERA_EXCEPTION_FROM = sql`era_exception x
  join era_claim c on c.practice_id = x.practice_id and c.id = x.era_claim_id
  join era_remittance r on r.practice_id = x.practice_id and r.id = x.remittance_id
  join payment p on p.practice_id = c.practice_id and p.id = c.payment_id
  left join era_exception_resolution res on res.practice_id = x.practice_id and res.exception_id = x.id
  left join app_user ru on ru.practice_id = res.practice_id and ru.id = res.resolved_by
  left join charge ch on ch.practice_id = res.practice_id and ch.id = res.charge_id
  left join patient rp on rp.practice_id = ch.practice_id and rp.id = ch.patient_id`;

export const ERA_EXCEPTION_ORDER = sql`x.remittance_id desc, x.id`;

export async function eraExceptions(db: Database, viewer: Viewer, query: EraExceptionsQuery): Promise<EraExceptionsResult> {
  requirePermission(viewer, "postPayments");
  const where = eraExceptionConditions(viewer, query);
  const [totals] = await queryRows<{ exceptionCount: number; amountCents: number }>(
    db,
    sql`select count(*)::int as "exceptionCount", coalesce(sum(x.amount_cents), 0)::bigint as "amountCents" from ${ERA_EXCEPTION_FROM} where ${where}`,
  );
  const rows = await queryRows<EraExceptionRow>(
    db,
    sql`select ${eraExceptionSelect(viewer)} from ${ERA_EXCEPTION_FROM} where ${where}
        order by ${ERA_EXCEPTION_ORDER}
        limit ${ERA_PAGE_SIZE} offset ${(query.page - 1) * ERA_PAGE_SIZE}`,
  );
  const { exceptionCount, amountCents } = totals!;
  return {
    rows,
    exceptionCount,
    amountCents,
    page: { number: query.page, size: ERA_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(exceptionCount / ERA_PAGE_SIZE)) },
  };
}

/** A charge a poster may choose to resolve an exception with. */
export interface ChargeCandidate {
  chargeId: number;
  patient: string;
  mrn: string;
  dateOfService: string;
  cptCode: string;
  modifiers: string | null;
  billedCents: number;
  claimNumber: string | null;
  location: string;
}

export const CANDIDATE_LIMIT = 50;

const likeEscaped = (term: string) => term.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * The practice's charges whose patient name, MRN or claim number holds every word typed
 * ("lee kim", "Lee, Kim", "100900", "C-100"), newest date of service first; a location-restricted
 * viewer's own locations only.
 */
export async function eraChargeCandidates(db: Database, viewer: Viewer, text: string): Promise<ChargeCandidate[]> {
  requirePermission(viewer, "postPayments");
  const terms = text
    .split(/[\s,]+/)
    .map((term) => term.trim())
    .filter((term) => term !== "")
    .slice(0, 5)
    .map((term) => term.slice(0, 60));
  if (terms.length === 0) return [];
  const matches = terms.map((term) => {
    const like = `%${likeEscaped(term)}%`;
    return sql`(pt.last_name ilike ${like} or pt.first_name ilike ${like} or pt.mrn ilike ${like} or cl.claim_number ilike ${like})`;
  });
  return queryRows<ChargeCandidate>(
    db,
    sql`select ch.id as "chargeId", pt.last_name || ', ' || pt.first_name as patient, pt.mrn, ${isoDate(sql`ch.date_of_service`)} as "dateOfService",
               ch.cpt_code as "cptCode", ch.modifiers, ch.billed_cents as "billedCents", cl.claim_number as "claimNumber", l.name as location
        from charge ch
        join patient pt on pt.practice_id = ch.practice_id and pt.id = ch.patient_id
        join location l on l.practice_id = ch.practice_id and l.id = ch.location_id
        left join claim cl on cl.practice_id = ch.practice_id and cl.id = ch.claim_id
        where ch.practice_id = ${viewer.practiceId} and ${chargeVisible(viewer, "ch")} and ${allOf(matches)}
        order by ch.date_of_service desc, ch.id desc
        limit ${CANDIDATE_LIMIT}`,
  );
}

/** Whether the viewer may choose charge `chargeId` (in the practice, and in a restricted viewer's locations). */
export async function chargeInScope(db: Database, viewer: Viewer, chargeId: number): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select ch.id from charge ch where ch.practice_id = ${viewer.practiceId} and ch.id = ${chargeId} and ${chargeVisible(viewer, "ch")}`,
  );
  return rows.length > 0;
}
