import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { location, patient, payer } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { ISO_DATE, isRealIsoDate } from "@/lib/dates";
import { hasControlCharacter } from "@/lib/text";
import { PostingError } from "./errors";
import { requirePosting } from "./rules";
import { PATIENT_SEARCH_LIMIT } from "./schemas";

/*
 * What the posting form looks up while a poster keys: payers, patients by MRN or name, and a
 * patient's open charges. Every query is scoped to the viewer's practice.
 */

export interface PayerOption {
  payerId: number;
  name: string;
  payerType: string;
}

export interface LocationOption {
  locationId: number;
  name: string;
  code: string;
}

export interface PatientMatch {
  patientId: number;
  mrn: string;
  firstName: string;
  lastName: string;
  /** ISO date; null when the practice does not have it. */
  dateOfBirth: string | null;
  /** Charges with money still open; shown in the search list to tell namesakes apart. */
  openChargeCount?: number;
}

export interface OpenCharge {
  chargeId: number;
  patientId: number;
  dateOfService: string;
  cptCode: string;
  modifiers: string | null;
  units: number;
  billedCents: number;
  /** Billed minus everything already paid, adjusted or moved to patient responsibility. */
  openCents: number;
  locationCode: string;
}

export async function listPayers(db: Database, viewer: Viewer): Promise<PayerOption[]> {
  requirePosting(viewer);
  return db
    .select({ payerId: payer.id, name: payer.name, payerType: payer.payerType })
    .from(payer)
    .where(eq(payer.practiceId, viewer.practiceId))
    .orderBy(asc(payer.name));
}

export async function listLocations(db: Database, viewer: Viewer): Promise<LocationOption[]> {
  requirePosting(viewer);
  return db
    .select({ locationId: location.id, name: location.name, code: location.code })
    .from(location)
    .where(eq(location.practiceId, viewer.practiceId))
    .orderBy(asc(location.name));
}

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What a patient search typed means: name words, an MRN prefix, a date of birth (each optional). */
export interface PatientQuery {
  words: string[];
  mrnPrefix: string | null;
  /** ISO date; "invalid" when a token looked like a date but is none (2/30/1984). */
  dateOfBirth: string | null | "invalid";
}

/** "1984-03-02", "3/2/1984" or "03/02/1984" as an ISO date; null when the token is no date at all. */
function birthDateToken(token: string): string | "invalid" | null {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(token);
  const iso = us ? `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}` : ISO_DATE.test(token) ? token : null;
  if (iso === null) return null;
  return isRealIsoDate(iso) ? iso : "invalid";
}

/**
 * One search box, narrowed by what is typed (issue 24): "anderson" searches names, "anderson
 * 3/2/1984" (or 1984-03-02) adds the date of birth, "anderson 1002" the MRN's beginning; a
 * date or digits alone search by that alone.
 */
export function parsePatientQuery(query: string): PatientQuery {
  const parsed: PatientQuery = { words: [], mrnPrefix: null, dateOfBirth: null };
  for (const token of query.trim().slice(0, 60).split(/[\s,]+/).filter(Boolean)) {
    const birth = birthDateToken(token);
    if (birth !== null) parsed.dateOfBirth = birth;
    else if (/^\d+$/.test(token)) parsed.mrnPrefix = token;
    else parsed.words.push(token);
  }
  return parsed;
}

/**
 * Patients matching a search, each with their open charges' count, at most `limit` of them.
 * Narrowed by a date of birth or an MRN prefix it walks patient_birth_idx or
 * patient_mrn_prefix_idx (migration 0010); the open counts are taken for the listed patients only.
 */
export async function searchPatients(db: Database, viewer: Viewer, query: string, limit = PATIENT_SEARCH_LIMIT): Promise<PatientMatch[]> {
  requirePosting(viewer);
  if (hasControlCharacter(query)) return [];
  const { words, mrnPrefix, dateOfBirth } = parsePatientQuery(query);
  if (dateOfBirth === "invalid" || (words.length === 0 && mrnPrefix === null && dateOfBirth === null)) return [];
  const conditions: SQL[] = [sql`p.practice_id = ${viewer.practiceId}`];
  if (mrnPrefix !== null) conditions.push(sql`p.mrn like ${`${likePattern(mrnPrefix)}%`}`);
  if (dateOfBirth !== null) conditions.push(sql`p.date_of_birth = ${dateOfBirth}::date`);
  for (const word of words) {
    const pattern = `%${likePattern(word)}%`;
    conditions.push(sql`(p.first_name ilike ${pattern} or p.last_name ilike ${pattern})`);
  }
  const rows = await queryRows<{
    patient_id: number;
    mrn: string;
    first_name: string;
    last_name: string;
    date_of_birth: string | null;
    open_charge_count: number;
  }>(
    db,
    sql`select m.id as patient_id, m.mrn, m.first_name, m.last_name, m.date_of_birth::text as date_of_birth,
               (select count(*)::int from charge c
                 where c.practice_id = m.practice_id and c.patient_id = m.id
                   and c.billed_cents > coalesce((select sum(pl.paid_cents + pl.adjustment_cents + pl.patient_resp_cents)
                                                    from payment_line pl
                                                   where pl.practice_id = c.practice_id and pl.charge_id = c.id), 0)) as open_charge_count
          from (select p.id, p.practice_id, p.mrn, p.first_name, p.last_name, p.date_of_birth
                  from patient p
                 where ${sql.join(conditions, sql` and `)}
                 order by p.last_name, p.first_name, p.mrn
                 limit ${limit}) m
         order by m.last_name, m.first_name, m.mrn`,
  );
  return rows.map((row) => ({
    patientId: row.patient_id,
    mrn: row.mrn,
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    openChargeCount: row.open_charge_count,
  }));
}

export async function patientOf(db: Database, viewer: Viewer, patientId: number): Promise<PatientMatch> {
  const [row] = await db
    .select({
      patientId: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      dateOfBirth: patient.dateOfBirth,
    })
    .from(patient)
    .where(and(eq(patient.practiceId, viewer.practiceId), eq(patient.id, patientId)));
  if (!row) throw new PostingError(404, "That patient is not in your practice.", "patientId");
  return row;
}

/** The patient's charges that still have money open, oldest service first. */
export async function openChargesForPatient(db: Database, viewer: Viewer, patientId: number): Promise<OpenCharge[]> {
  requirePosting(viewer);
  await patientOf(db, viewer, patientId);
  const rows = await queryRows<{
    charge_id: number;
    patient_id: number;
    date_of_service: string;
    cpt_code: string;
    modifiers: string | null;
    units: number;
    billed_cents: number;
    open_cents: number;
    location_code: string;
  }>(
    db,
    sql`select c.id as charge_id, c.patient_id, c.date_of_service::text as date_of_service, c.cpt_code, c.modifiers,
               c.units, c.billed_cents, l.code as location_code,
               (c.billed_cents - coalesce(a.applied_cents, 0))::bigint as open_cents
          from charge c
          join location l on l.practice_id = c.practice_id and l.id = c.location_id
          left join lateral (
            select sum(pl.paid_cents + pl.adjustment_cents + pl.patient_resp_cents)::bigint as applied_cents
              from payment_line pl
             where pl.practice_id = c.practice_id and pl.charge_id = c.id
          ) a on true
         where c.practice_id = ${viewer.practiceId} and c.patient_id = ${patientId}
           and c.billed_cents - coalesce(a.applied_cents, 0) > 0
         order by c.date_of_service, c.id`,
  );
  return rows.map((row) => ({
    chargeId: row.charge_id,
    patientId: row.patient_id,
    dateOfService: row.date_of_service,
    cptCode: row.cpt_code,
    modifiers: row.modifiers,
    units: row.units,
    billedCents: row.billed_cents,
    openCents: row.open_cents,
    locationCode: row.location_code,
  }));
}
