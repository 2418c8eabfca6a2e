import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { location, patient, payer } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { hasControlCharacter } from "@/lib/text";
import { PostingError } from "./errors";
import { requirePosting } from "./rules";

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

/** Digits search MRNs by prefix; words search names ("garc", "ana garcia", "garcía, ana"). */
export async function searchPatients(db: Database, viewer: Viewer, query: string, limit = 20): Promise<PatientMatch[]> {
  requirePosting(viewer);
  const text = query.trim().slice(0, 60);
  if (text === "" || hasControlCharacter(text)) return [];
  const scope = eq(patient.practiceId, viewer.practiceId);
  const words = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((word) => `%${likePattern(word)}%`);
  const match = /^\d+$/.test(text)
    ? sql`${patient.mrn} like ${`${likePattern(text)}%`}`
    : and(...words.map((word) => sql`(${patient.firstName} ilike ${word} or ${patient.lastName} ilike ${word})`));
  return db
    .select({ patientId: patient.id, mrn: patient.mrn, firstName: patient.firstName, lastName: patient.lastName })
    .from(patient)
    .where(and(scope, match))
    .orderBy(asc(patient.lastName), asc(patient.firstName), asc(patient.mrn))
    .limit(limit);
}

export async function patientOf(db: Database, viewer: Viewer, patientId: number): Promise<PatientMatch> {
  const [row] = await db
    .select({ patientId: patient.id, mrn: patient.mrn, firstName: patient.firstName, lastName: patient.lastName })
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
