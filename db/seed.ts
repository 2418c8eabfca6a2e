import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { type Database, queryRows } from "./client";
import { type HeldRemittance, writeEraFiles } from "./era-files";

/*
 * The demo-data generator: a believable physical-therapy practice, the same every time for
 * the same seed and end date. Rows are built in memory one chunk at a time and written with
 * one `INSERT … SELECT FROM unnest(arrays)` per chunk, which loads a million payment lines
 * in well under a minute on PostgreSQL and also runs on PGlite.
 */

export const DEMO_PASSWORD = "demo-pass-2026";
export const DEMO_EMR_TOKEN = "demo-emr-token-2026";
export const DEMO_PRACTICE_NAME = "Demo Physical Therapy";
export const OTHER_PRACTICE_NAME = "Other Practice PT";
export const INTEGRATION_USER_NAME = "Integration Import";

export interface SeedOptions {
  /** How many payment lines the demo practice gets, roughly. */
  paymentLines: number;
  /** The last day with postings (practice timezone); defaults to today there. */
  endDate?: string;
  months?: number;
  locations?: number;
  /** Extra Billing posters beyond the demo users (for scale runs). */
  extraPosters?: number;
  seed?: number;
  log?: (message: string) => void;
  /**
   * Leave the demo practice's last ERA_FILE_BATCHES ERA batches unposted and write their
   * remittances to this folder as 835 files instead, for a demo poster to upload.
   */
  eraFilesDir?: string;
}

export interface SeedSummary {
  practiceId: number;
  otherPracticeId: number;
  payments: number;
  paymentLines: number;
  postedTotalCents: number;
  /** The 835 files written to `eraFilesDir`, oldest first. */
  eraFiles: string[];
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** mulberry32: a tiny deterministic PRNG, so the same seed gives the same practice. */
export function makeRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Random = ReturnType<typeof makeRandom>;

const TIMEZONE = "America/Phoenix";
const BASE_LOCATIONS = [
  { name: "Mesa Clinic", code: "MESA" },
  { name: "Tempe Clinic", code: "TEMPE" },
  { name: "Scottsdale Clinic", code: "SCOTTSDALE" },
  { name: "Chandler Clinic", code: "CHANDLER" },
];

/** Name, type and EDI payer id (N1*PR N104 of their ERAs): five characters in the style of real ones, unique in a practice. */
const PAYERS: ReadonlyArray<readonly [string, string, string]> = [
  ["Blue Cross Blue Shield of Arizona", "commercial", "53589"],
  ["Aetna", "commercial", "60054"],
  ["UnitedHealthcare", "commercial", "87726"],
  ["Cigna", "commercial", "62308"],
  ["Humana", "commercial", "61101"],
  ["Banner Health Plans", "commercial", "86048"],
  ["Health Net of Arizona", "commercial", "68069"],
  ["Meritain Health", "commercial", "41124"],
  ["UMR", "commercial", "39026"],
  ["Medicare Part B (Noridian JF)", "medicare", "03102"],
  ["Humana Medicare Advantage", "medicare", "61102"],
  ["UnitedHealthcare Medicare Advantage", "medicare", "87727"],
  ["AHCCCS (Arizona Medicaid)", "medicaid", "86001"],
  ["Mercy Care", "medicaid", "86052"],
  ["Banner University Family Care", "medicaid", "66901"],
  ["Copperpoint Insurance (Workers' Comp)", "workers_comp", "86002"],
  ["The Hartford Workers' Comp", "workers_comp", "39027"],
  ["State Farm Auto", "auto", "31059"],
  ["GEICO Auto PIP", "auto", "35361"],
  ["Tricare West", "other", "99726"],
];

/** Real PT codes with a typical billed amount per unit, in cents. */
const CPT_CODES: ReadonlyArray<readonly [string, number, number]> = [
  ["97110", 5200, 4],
  ["97140", 4800, 3],
  ["97112", 5400, 2],
  ["97530", 5600, 3],
  ["97116", 4600, 2],
  ["97535", 5000, 2],
  ["97014", 2400, 1],
  ["G0283", 2400, 1],
  ["97035", 2200, 1],
  ["97161", 18000, 1],
  ["97162", 21000, 1],
  ["97163", 24000, 1],
  ["97164", 12000, 1],
];

const FIRST_NAMES = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
  "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "María",
  "José", "Sofía", "Andrés", "Zoë", "Chloé", "Nguyễn", "Aaliyah", "Mateo", "Camila", "Dmitri",
];
const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernández", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "O'Brien", "Nuñez", "Peña", "Smith-Jones", "Van der Berg", "Müller", "Østergaard", "Begay", "Yazzie", "Tsosie",
];

interface DemoUser {
  email: string;
  name: string;
  roles: string[];
  isRcmStaff?: boolean;
  isSystem?: boolean;
}

const DEMO_USERS: DemoUser[] = [
  { email: "admin@demo-pt.test", name: "Alex Admin", roles: ["Billing Admin"] },
  { email: "poster1@demo-pt.test", name: "Pat Poster", roles: ["Billing"] },
  { email: "poster2@demo-pt.test", name: "Sam Poster", roles: ["Billing"] },
  { email: "frontdesk@demo-pt.test", name: "Fran Frontdesk", roles: ["Front Office Billing"] },
  {
    email: "restricted@demo-pt.test",
    name: "Riley Restricted",
    roles: ["Front Office Billing - EMR Access Restriction"],
  },
  { email: "rcm1@demo-pt.test", name: "Casey RCM", roles: ["RCM Staff"], isRcmStaff: true },
  { email: "rcm2@demo-pt.test", name: "Jordan RCM", roles: ["RCM Staff"], isRcmStaff: true },
  { email: "auditor@demo-pt.test", name: "Avery Auditor", roles: ["Auditor"] },
  { email: "integration@demo-pt.test", name: INTEGRATION_USER_NAME, roles: [], isSystem: true },
];

class BulkTable {
  private rows: Record<string, unknown>[] = [];
  constructor(
    readonly table: string,
    readonly columnNames: readonly string[],
  ) {}
  get size() {
    return this.rows.length;
  }
  add(row: Record<string, unknown>) {
    this.rows.push(Object.fromEntries(this.columnNames.map((name) => [name, row[name] ?? null])));
  }
  /** Takes the buffered rows as one insert statement, leaving the buffer empty. */
  takeInsert(): SQL | null {
    if (this.rows.length === 0) return null;
    const columnList = sql.join(
      this.columnNames.map((n) => sql.identifier(n)),
      sql`, `,
    );
    const json = JSON.stringify(this.rows);
    this.rows = [];
    // One JSON parameter per chunk: the same fast bulk path on node-postgres and PGlite.
    return sql`insert into ${sql.identifier(this.table)} (${columnList})
          select ${columnList} from json_populate_recordset(null::${sql.identifier(this.table)}, ${json}::json)`;
  }
  async flush(db: Database) {
    const insert = this.takeInsert();
    if (insert) await db.execute(insert);
  }
}

async function insertReturningId(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ id: number }>(db, query);
  return row!.id;
}

async function hashPassword(): Promise<string> {
  return bcrypt.hash(DEMO_PASSWORD, 10);
}

interface PayerRef {
  id: number;
  type: string;
}

interface PracticeIds {
  practiceId: number;
  locationIds: number[];
  payerIds: PayerRef[];
  patientIds: number[];
  users: Map<string, number>;
}

async function createPractice(
  db: Database,
  name: string,
  emrToken: string,
  locations: { name: string; code: string }[],
  users: DemoUser[],
  patientCount: number,
  random: Random,
): Promise<PracticeIds> {
  const practiceId = await insertReturningId(
    db,
    sql`insert into practice (name, timezone, emr_token_hash) values (${name}, ${TIMEZONE}, ${hashToken(emrToken)}) returning id`,
  );
  const locationIds: number[] = [];
  for (const loc of locations) {
    locationIds.push(
      await insertReturningId(
        db,
        sql`insert into location (practice_id, name, code) values (${practiceId}, ${loc.name}, ${loc.code}) returning id`,
      ),
    );
  }
  const userIds = new Map<string, number>();
  for (const user of users) {
    const passwordHash = user.isSystem ? null : await hashPassword();
    const id = await insertReturningId(
      db,
      sql`insert into app_user (practice_id, email, name, password_hash, is_rcm_staff, is_system)
          values (${practiceId}, ${user.email}, ${user.name}, ${passwordHash}, ${user.isRcmStaff ?? false}, ${user.isSystem ?? false})
          returning id`,
    );
    userIds.set(user.email, id);
    for (const role of user.roles) {
      await db.execute(
        sql`insert into user_role (practice_id, user_id, role) values (${practiceId}, ${id}, ${role}::role_name)`,
      );
    }
  }
  const payerIds: PayerRef[] = [];
  for (const [payerName, type, ediPayerId] of PAYERS) {
    const id = await insertReturningId(
      db,
      sql`insert into payer (practice_id, name, payer_type, edi_payer_id)
          values (${practiceId}, ${payerName}, ${type}::payer_type, ${ediPayerId}) returning id`,
    );
    payerIds.push({ id, type });
  }
  const patientIds: number[] = [];
  const patients = new BulkTable("patient", ["practice_id", "mrn", "first_name", "last_name", "date_of_birth"]);
  const mrnBase = 100_000 + practiceId * 1_000_000;
  for (let i = 0; i < patientCount; i++) {
    patients.add({
      practice_id: practiceId,
      mrn: String(mrnBase + i),
      first_name: random.pick(FIRST_NAMES),
      last_name: random.pick(LAST_NAMES),
      date_of_birth: birthDateOf(i),
    });
    if (patients.size >= FLUSH_ROWS) await patients.flush(db);
  }
  await patients.flush(db);
  const rows = await queryRows<{ id: number }>(db, sql`select id from patient where practice_id = ${practiceId} order by id`);
  for (const row of rows) patientIds.push(row.id);
  return { practiceId, locationIds, payerIds, patientIds, users: userIds };
}

interface LedgerWriter {
  nextClaimId: number;
  nextChargeId: number;
  nextPaymentId: number;
  nextBatchId: number;
  charges: BulkTable;
  claims: BulkTable;
  batches: BulkTable;
  payments: BulkTable;
  lines: BulkTable;
  paymentCount: number;
  lineCount: number;
  postedTotalCents: number;
  inFlight: Promise<void>;
}

async function nextIds(db: Database) {
  const [row] = await queryRows<{ claim: number; charge: number; payment: number; batch: number }>(
    db,
    sql`select coalesce((select max(id) from claim), 0) + 1 as claim,
               coalesce((select max(id) from charge), 0) + 1 as charge,
               coalesce((select max(id) from payment), 0) + 1 as payment,
               coalesce((select max(id) from batch), 0) + 1 as batch`,
  );
  return row!;
}

function ledgerWriter(ids: { claim: number; charge: number; payment: number; batch: number }): LedgerWriter {
  return {
    nextClaimId: ids.claim,
    nextChargeId: ids.charge,
    nextPaymentId: ids.payment,
    nextBatchId: ids.batch,
    claims: new BulkTable("claim", ["id", "practice_id", "claim_number", "payer_id", "patient_id", "location_id"]),
    charges: new BulkTable("charge", ["id", "practice_id", "location_id", "patient_id", "date_of_service", "cpt_code", "modifiers", "units", "billed_cents", "claim_id"]),
    batches: new BulkTable("batch", ["id", "practice_id", "batch_number", "deposit_date", "location_id", "control_total_cents", "created_by", "created_at"]),
    payments: new BulkTable("payment", ["id", "practice_id", "batch_id", "location_id", "payer_id", "patient_id", "method", "reference_number", "amount_cents", "deposit_date", "posted_at", "posted_by", "source", "reverses_payment_id", "external_id", "note"]),
    lines: new BulkTable("payment_line", ["practice_id", "payment_id", "charge_id", "paid_cents", "adjustment_cents", "adjustment_reason", "patient_resp_cents"]),
    paymentCount: 0,
    lineCount: 0,
    postedTotalCents: 0,
    inFlight: Promise.resolve(),
  };
}

interface PlannedLine {
  chargeId: number;
  paidCents: number;
  adjustmentCents: number;
  adjustmentReason: string | null;
  patientRespCents: number;
}

interface PlannedPayment {
  id: number;
  locationId: number;
  payerId: number | null;
  patientId: number | null;
  method: string;
  referenceNumber: string | null;
  amountCents: number;
  postedAt: string;
  source: string;
  externalId: string | null;
  lines: PlannedLine[];
  /** Set on a void's reversal only. */
  reversesPaymentId?: number;
  note?: string;
}

interface PlannedBatch {
  id: number;
  batchNumber: string;
  depositDate: string;
  locationId: number;
  controlTotalCents: number | null;
  /** Also the poster of every payment in it. */
  createdBy: number;
  payments: PlannedPayment[];
}

/** What the steps that generate one practice's ledger share. */
interface LedgerRun {
  db: Database;
  writer: LedgerWriter;
  random: Random;
  practice: PracticeIds;
  /** The next check or EFT reference number: one counter for the practice's whole ledger. */
  nextReference: () => number;
  /** The latest ERA batches, held back from the ledger (for --era-files); null when none are. */
  heldEra: PlannedBatch[] | null;
}

function counterFrom(first: number): () => number {
  let next = first;
  return () => next++;
}

/** "C00001234": the practice's own claim number, which an ERA echoes in CLP01. */
export function claimNumberOf(claimId: number): string {
  return `C${String(claimId).padStart(8, "0")}`;
}

/** Buffers one charge (one CPT code of a visit) and returns its id and billed amount. */
function planCharge(run: LedgerRun, locationId: number, patientId: () => number, dos: (() => string) | string, claimId: number | null) {
  const { random, writer } = run;
  const [cpt, perUnit, maxUnits] = random.pick(CPT_CODES);
  const units = random.int(1, maxUnits);
  const billed = perUnit * units;
  const dateOfService = typeof dos === "string" ? dos : dos();
  const chargeId = writer.nextChargeId++;
  writer.charges.add({
    id: chargeId,
    practice_id: run.practice.practiceId,
    location_id: locationId,
    patient_id: patientId(),
    date_of_service: dateOfService,
    cpt_code: cpt,
    modifiers: cpt.startsWith("971") || cpt.startsWith("975") ? "GP" : null,
    units,
    billed_cents: billed,
    claim_id: claimId,
  });
  return { chargeId, billed };
}

/**
 * Buffers the charges a payment pays, and returns the planned lines. A payer pays claims: one
 * per visit (a patient, a date of service, at the payment's location), billing one to four
 * charges. A patient pays charges that were never billed to a payer, so they have no claim.
 */
function planLines(
  run: LedgerRun,
  locationId: number,
  depositDate: string,
  lineCount: number,
  payer: PayerRef | null,
  /** A patient payment pays only that patient's charges. */
  patientPaying: number | null = null,
): PlannedLine[] {
  const { random } = run;
  const lines: PlannedLine[] = [];
  if (payer === null) {
    const patientId = () => patientPaying ?? random.pick(run.practice.patientIds);
    for (let i = 0; i < lineCount; i++) {
      const { chargeId, billed } = planCharge(run, locationId, patientId, () => daysBefore(depositDate, random.int(7, 45)), null);
      lines.push(patientLine(random, chargeId, billed));
    }
    return lines;
  }
  while (lines.length < lineCount) {
    const patientId = patientPaying ?? random.pick(run.practice.patientIds);
    const dos = daysBefore(depositDate, random.int(7, 45));
    const claimId = planClaim(run, locationId, payer.id, patientId);
    const visitLines = Math.min(lineCount - lines.length, random.int(1, 4));
    for (let i = 0; i < visitLines; i++) {
      const { chargeId, billed } = planCharge(run, locationId, () => patientId, dos, claimId);
      lines.push(payerLine(random, chargeId, billed, payer.type));
    }
  }
  return lines;
}

function planClaim(run: LedgerRun, locationId: number, payerId: number, patientId: number): number {
  const claimId = run.writer.nextClaimId++;
  run.writer.claims.add({
    id: claimId,
    practice_id: run.practice.practiceId,
    claim_number: claimNumberOf(claimId),
    payer_id: payerId,
    patient_id: patientId,
    location_id: locationId,
  });
  return claimId;
}

/** A patient pays 10–25% of the billed amount, with no adjustment. */
function patientLine(random: Random, chargeId: number, billed: number): PlannedLine {
  const paid = Math.round((billed * random.int(10, 25)) / 100);
  return { chargeId, paidCents: paid, adjustmentCents: 0, adjustmentReason: null, patientRespCents: 0 };
}

/** A payer allows part of the billed amount (contractual adjustment CO-45) and leaves some to the patient. */
function payerLine(random: Random, chargeId: number, billed: number, payerType: string): PlannedLine {
  const rate = payerType === "medicaid" ? random.int(35, 50) : random.int(50, 80);
  const allowed = Math.round((billed * rate) / 100);
  const patientResp = payerType === "medicaid" ? 0 : Math.min(allowed, random.pick([0, 0, 1000, 2000, 3000, 4000]));
  const paid = allowed - patientResp;
  return {
    chargeId,
    paidCents: paid,
    adjustmentCents: billed - allowed,
    adjustmentReason: "CO-45",
    patientRespCents: patientResp,
  };
}

function paidCentsOf(lines: readonly PlannedLine[]): number {
  return lines.reduce((sum, l) => sum + l.paidCents, 0);
}

async function writePayment(run: LedgerRun, batchId: number, depositDate: string, postedBy: number, payment: PlannedPayment) {
  const { writer } = run;
  const practiceId = run.practice.practiceId;
  writer.payments.add({
    id: payment.id,
    practice_id: practiceId,
    batch_id: batchId,
    location_id: payment.locationId,
    payer_id: payment.payerId,
    patient_id: payment.patientId,
    method: payment.method,
    reference_number: payment.referenceNumber,
    amount_cents: payment.amountCents,
    deposit_date: depositDate,
    posted_at: payment.postedAt,
    posted_by: postedBy,
    source: payment.source,
    reverses_payment_id: payment.reversesPaymentId ?? null,
    external_id: payment.externalId,
    note: payment.note ?? null,
  });
  for (const line of payment.lines) {
    writer.lines.add({
      practice_id: practiceId,
      payment_id: payment.id,
      charge_id: line.chargeId,
      paid_cents: line.paidCents,
      adjustment_cents: line.adjustmentCents,
      adjustment_reason: line.adjustmentReason,
      patient_resp_cents: line.patientRespCents,
    });
  }
  writer.paymentCount += 1;
  writer.lineCount += payment.lines.length;
  writer.postedTotalCents += payment.amountCents;
  if (writer.lines.size >= FLUSH_ROWS || writer.charges.size >= FLUSH_ROWS) await flushLedger(run.db, writer);
}

function lineCountOf(batch: PlannedBatch): number {
  return batch.payments.reduce((sum, payment) => sum + payment.lines.length, 0);
}

function isEraBatch(batch: PlannedBatch): boolean {
  return batch.payments.every((payment) => payment.source === "era");
}

/**
 * Writes a batch, unless it is one of the latest ERA batches held back for --era-files: those
 * wait (at most ERA_FILE_BATCHES of them), and a held batch is written when a newer one takes
 * its place. What is planned is the same either way, so the rest of the ledger does not change.
 */
async function postOrHold(run: LedgerRun, batch: PlannedBatch): Promise<void> {
  if (run.heldEra === null || !isEraBatch(batch)) {
    await writeBatch(run, batch);
    return;
  }
  run.heldEra.push(batch);
  if (run.heldEra.length > ERA_FILE_BATCHES) await writeBatch(run, run.heldEra.shift()!);
}

/** Buffers a batch and then its payments, and returns how many payment lines it holds. */
async function writeBatch(run: LedgerRun, batch: PlannedBatch): Promise<number> {
  run.writer.batches.add({
    id: batch.id,
    practice_id: run.practice.practiceId,
    batch_number: batch.batchNumber,
    deposit_date: batch.depositDate,
    location_id: batch.locationId,
    control_total_cents: batch.controlTotalCents,
    created_by: batch.createdBy,
    created_at: batch.payments[0]!.postedAt,
  });
  let lineCount = 0;
  for (const payment of batch.payments) {
    await writePayment(run, batch.id, batch.depositDate, batch.createdBy, payment);
    lineCount += payment.lines.length;
  }
  return lineCount;
}

const FLUSH_ROWS = 20_000;

/** How many of the demo practice's latest ERA batches --era-files leaves unposted, as files. */
export const ERA_FILE_BATCHES = 6;

/**
 * Writes the buffered rows, parents before children so every composite foreign key finds
 * its row. The database works on one chunk while the next is generated (at most one chunk
 * in flight, so memory stays bounded).
 */
async function flushLedger(db: Database, writer: LedgerWriter) {
  await writer.inFlight;
  const inserts = [writer.claims, writer.charges, writer.batches, writer.payments, writer.lines]
    .map((table) => table.takeInsert())
    .filter((insert): insert is SQL => insert !== null);
  writer.inFlight = (async () => {
    for (const insert of inserts) await db.execute(insert);
  })();
}

/*
 * luxon is exact but slow for millions of rows, so the generator's two calendar
 * computations are memoised per date (a few thousand distinct keys at most).
 */
const daysBeforeCache = new Map<string, string>();
function daysBefore(date: string, days: number): string {
  const key = `${date}|${days}`;
  let value = daysBeforeCache.get(key);
  if (value === undefined) {
    value = DateTime.fromISO(date, { zone: "utc" }).minus({ days }).toISODate()!;
    daysBeforeCache.set(key, value);
  }
  return value;
}

/**
 * A patient's date of birth from their index alone, 1940-01-01 to mid-2008: the random stream
 * stays as it was, so every other row the generator makes is the same as before birth dates.
 */
function birthDateOf(index: number): string {
  return DateTime.fromISO("1940-01-01", { zone: "utc" }).plus({ days: (index * 7919) % 25_000 }).toISODate()!;
}

const openingInstantCache = new Map<string, number>();
/** A posting instant `minutesFromEight` after 8:00 on `date` in the practice's zone. */
function postingInstant(date: string, minutesFromEight: number): string {
  let opening = openingInstantCache.get(date);
  if (opening === undefined) {
    opening = DateTime.fromISO(date, { zone: TIMEZONE }).set({ hour: 8, minute: 0 }).toMillis();
    openingInstantCache.set(date, opening);
  }
  return new Date(opening + minutesFromEight * 60_000).toISOString();
}

interface PosterPlan {
  userId: number;
  code: string;
  /** ERA batches are loaded by billing staff and RCM staff, not the front desk. */
  loadsEra: boolean;
}

/** A manually keyed check that is later returned by the bank, and the poster who voids it. */
interface VoidableCheck {
  payment: PlannedPayment;
  postedBy: number;
}

/** The weekdays of the `months` months that end on `endDate` (ISO dates, oldest first). */
function workingDaysUntil(endDate: string, months: number): string[] {
  const end = DateTime.fromISO(endDate, { zone: "utc" });
  const start = end.minus({ months }).plus({ days: 1 });
  const workingDays: string[] = [];
  for (let day = start; day <= end; day = day.plus({ days: 1 })) {
    if (day.weekday <= 5) workingDays.push(day.toISODate()!);
  }
  return workingDays;
}

/** "2026-03-02" → "20260302", as batch numbers and external ids write a date. */
function compactDate(date: string): string {
  return date.replaceAll("-", "");
}

/** Front-desk collections arrive from the EMR into one integration batch per location; returns the lines posted. */
async function postFrontDeskDay(run: LedgerRun, depositDate: string, integrationUserId: number, locationCodes: string[]): Promise<number> {
  let lineCount = 0;
  for (const [index, locationId] of run.practice.locationIds.entries()) {
    if (!run.random.chance(0.7)) continue;
    const id = run.writer.nextBatchId++;
    const payments: PlannedPayment[] = [];
    const count = run.random.int(1, 4);
    for (let i = 0; i < count; i++) {
      payments.push(planCollection(run, locationId, depositDate, `FD-${compactDate(depositDate)}-${index}-${i}`));
    }
    payments.sort((a, b) => a.postedAt.localeCompare(b.postedAt));
    lineCount += await writeBatch(run, {
      id,
      batchNumber: `EMR-${locationCodes[index]}-${compactDate(depositDate)}`,
      depositDate,
      locationId,
      controlTotalCents: null,
      createdBy: integrationUserId,
      payments,
    });
  }
  return lineCount;
}

/** A patient's payment at the front desk: applied to one of their charges, or left unapplied. */
function planCollection(run: LedgerRun, locationId: number, depositDate: string, externalId: string): PlannedPayment {
  const { random } = run;
  const patientId = random.pick(run.practice.patientIds);
  const applied = random.chance(0.6);
  const lines = applied ? planLines(run, locationId, depositDate, 1, null, patientId) : [];
  const amount = applied ? paidCentsOf(lines) : random.pick([2000, 2500, 3000, 4000, 5000]);
  return {
    id: run.writer.nextPaymentId++,
    locationId,
    payerId: null,
    patientId,
    method: random.pick(["cash", "check", "credit_card", "credit_card"]),
    referenceNumber: null,
    amountCents: amount,
    postedAt: postingInstant(depositDate, random.int(30, 540)),
    source: "emr_integration",
    externalId,
    lines,
  };
}

/**
 * Posters, taking turns, key deposit batches (and load ERAs) until the day's posted lines reach
 * `lineTarget`; returns the manual checks picked to be voided later.
 */
async function postPosterDay(
  run: LedgerRun,
  depositDate: string,
  dayIndex: number,
  posters: PosterPlan[],
  lineTarget: number,
): Promise<VoidableCheck[]> {
  const voidable: VoidableCheck[] = [];
  let lineCount = 0;
  let batchSequence = 0;
  while (lineCount < lineTarget) {
    const poster = posters[(dayIndex + batchSequence) % posters.length]!;
    batchSequence += 1;
    const batch = planPosterBatch(run, poster, depositDate, batchSequence);
    lineCount += lineCountOf(batch);
    await postOrHold(run, batch);
    voidable.push(...pickVoidableChecks(run.random, batch));
  }
  return voidable;
}

function planPosterBatch(run: LedgerRun, poster: PosterPlan, depositDate: string, sequence: number): PlannedBatch {
  const { random } = run;
  const isEra = poster.loadsEra && random.chance(0.3);
  const locationId = random.pick(run.practice.locationIds);
  const id = run.writer.nextBatchId++;
  const paymentCount = isEra ? random.int(1, 3) : random.int(3, 12);
  const nextMinute = postingMinutes(random);
  const payments: PlannedPayment[] = [];
  for (let i = 0; i < paymentCount; i++) payments.push(planPosterPayment(run, locationId, depositDate, isEra, nextMinute));
  const postedTotal = payments.reduce((sum, p) => sum + p.amountCents, 0);
  return {
    id,
    batchNumber: `${isEra ? "ERA" : "B"}${compactDate(depositDate).slice(2)}-${poster.code}-${sequence}`,
    depositDate,
    locationId,
    controlTotalCents: controlTotalOf(random, isEra, postedTotal),
    createdBy: poster.userId,
    payments,
  };
}

/** The minutes after 8:00 at which a poster keys a batch's payments: a start, then a few minutes apart. */
function postingMinutes(random: Random): () => number {
  let minute = random.int(0, 400);
  return () => (minute += random.int(1, 6));
}

/** A payer's check or EFT, or a patient's payment, keyed by a poster or loaded from an ERA. */
function planPosterPayment(run: LedgerRun, locationId: number, depositDate: string, isEra: boolean, nextMinute: () => number): PlannedPayment {
  const { random } = run;
  const isPatientPayment = !isEra && random.chance(0.25);
  const payer = random.pick(run.practice.payerIds);
  const patientId = isPatientPayment ? random.pick(run.practice.patientIds) : null;
  const lineCount = isEra ? random.int(8, 40) : isPatientPayment ? random.int(1, 2) : random.int(1, 8);
  const lines = planLines(run, locationId, depositDate, lineCount, isPatientPayment ? null : payer, patientId);
  const applied = paidCentsOf(lines);
  const partlyApplied = !isEra && random.chance(0.06);
  const method = isEra ? "eft" : isPatientPayment ? random.pick(["check", "credit_card", "cash"]) : random.pick(["check", "check", "eft"]);
  const minute = nextMinute();
  return {
    id: run.writer.nextPaymentId++,
    locationId,
    payerId: isPatientPayment ? null : payer.id,
    patientId,
    method,
    referenceNumber: method === "cash" ? null : method === "eft" ? `EFT${run.nextReference()}` : String(run.nextReference()),
    amountCents: partlyApplied ? applied + random.int(1, 200) * 100 : applied,
    postedAt: postingInstant(depositDate, minute),
    source: isEra ? "era" : "manual",
    externalId: null,
    lines,
  };
}

/** An ERA has no control total; a keyed batch has its deposit slip's, which is sometimes off. */
function controlTotalOf(random: Random, isEra: boolean, postedTotalCents: number): number | null {
  const outOfBalance = !isEra && random.chance(0.08);
  if (isEra) return null;
  return outOfBalance ? postedTotalCents + random.pick([-5000, -1000, 2500, 10000]) : postedTotalCents;
}

/** A rare manually keyed check is returned by the bank later. */
function pickVoidableChecks(random: Random, batch: PlannedBatch): VoidableCheck[] {
  return batch.payments
    .filter((payment) => payment.source === "manual" && payment.method === "check" && random.chance(0.004))
    .map((payment) => ({ payment, postedBy: batch.createdBy }));
}

/** A few checks are voided three days later: each void posts a reversal on its own date, in its own batch. */
async function postVoids(run: LedgerRun, voidable: VoidableCheck[], lastDay: string) {
  for (const { payment, postedBy } of voidable) {
    const voidDay = DateTime.fromISO(payment.postedAt).setZone(TIMEZONE).plus({ days: 3 }).toISODate()!;
    if (voidDay > lastDay) continue;
    const id = run.writer.nextBatchId++;
    const reversal = reversalOf(payment, run.writer.nextPaymentId++, voidDay);
    await writeBatch(run, {
      id,
      batchNumber: `VOID-${payment.id}`,
      depositDate: voidDay,
      locationId: payment.locationId,
      controlTotalCents: reversal.amountCents,
      createdBy: postedBy,
      payments: [reversal],
    });
  }
}

/** The payment that cancels `payment`: every amount negated, posted at 18:00 on the void day. */
function reversalOf(payment: PlannedPayment, id: number, voidDay: string): PlannedPayment {
  return {
    ...payment,
    id,
    amountCents: -payment.amountCents,
    postedAt: postingInstant(voidDay, 600),
    externalId: null,
    lines: payment.lines.map((line) => ({
      ...line,
      paidCents: -line.paidCents,
      adjustmentCents: -line.adjustmentCents,
      patientRespCents: -line.patientRespCents,
    })),
    reversesPaymentId: payment.id,
    note: "Check returned by the bank",
  };
}

async function generateLedger(
  db: Database,
  ids: PracticeIds,
  posters: PosterPlan[],
  integrationUserId: number,
  options: Required<Pick<SeedOptions, "paymentLines" | "months">> & { endDate: string; holdEraBatches: boolean },
  random: Random,
  locationCodes: string[],
) {
  const run: LedgerRun = {
    db,
    writer: ledgerWriter(await nextIds(db)),
    random,
    practice: ids,
    nextReference: counterFrom(100_000),
    heldEra: options.holdEraBatches ? [] : null,
  };
  const workingDays = workingDaysUntil(options.endDate, options.months);
  const linesPerDay = Math.max(4, Math.round(options.paymentLines / workingDays.length));
  const voidable: VoidableCheck[] = [];
  for (const [dayIndex, depositDate] of workingDays.entries()) {
    const frontDeskLines = await postFrontDeskDay(run, depositDate, integrationUserId, locationCodes);
    voidable.push(...(await postPosterDay(run, depositDate, dayIndex, posters, linesPerDay - frontDeskLines)));
  }
  await postVoids(run, voidable, workingDays[workingDays.length - 1]!);
  await flushLedger(db, run.writer);
  await run.writer.inFlight;
  return { writer: run.writer, heldEra: run.heldEra ?? [] };
}

async function resetIdentities(db: Database) {
  for (const table of ["practice", "location", "app_user", "payer", "patient", "claim", "charge", "batch", "payment", "payment_line"]) {
    await db.execute(
      sql.raw(
        `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
      ),
    );
  }
}

/** Open charges (not yet paid) for the last weeks, so posting has something to apply to. */
async function addOpenCharges(db: Database, ids: PracticeIds, endDate: string, random: Random) {
  const charges = new BulkTable("charge", ["practice_id", "location_id", "patient_id", "date_of_service", "cpt_code", "modifiers", "units", "billed_cents"]);
  for (const patientId of ids.patientIds.slice(0, 400)) {
    const locationId = random.pick(ids.locationIds);
    const dos = daysBefore(endDate, random.int(3, 30));
    for (let i = 0; i < random.int(2, 4); i++) {
      const [cpt, perUnit, maxUnits] = random.pick(CPT_CODES);
      const units = random.int(1, maxUnits);
      charges.add({
        practice_id: ids.practiceId,
        location_id: locationId,
        patient_id: patientId,
        date_of_service: dos,
        cpt_code: cpt,
        modifiers: "GP",
        units,
        billed_cents: perUnit * units,
      });
    }
  }
  await charges.flush(db);
}

export async function isSeeded(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from practice`);
  return (row?.count ?? 0) > 0;
}

export async function seedDemoData(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const log = options.log ?? (() => {});
  const random = makeRandom(options.seed ?? 20260301);
  const endDate = options.endDate ?? DateTime.now().setZone(TIMEZONE).toISODate()!;
  const months = options.months ?? 12;
  const locationCount = options.locations ?? BASE_LOCATIONS.length;
  const locations = Array.from({ length: locationCount }, (_, i) =>
    BASE_LOCATIONS[i] ?? { name: `Clinic ${i + 1}`, code: `CLINIC${i + 1}` },
  );
  const extraPosters: DemoUser[] = Array.from({ length: options.extraPosters ?? 0 }, (_, i) => ({
    email: `poster${i + 3}@demo-pt.test`,
    name: `Poster ${i + 3}`,
    roles: ["Billing"],
  }));
  const patientCount = Math.max(2000, Math.min(200_000, Math.round(options.paymentLines / 20)));

  log(`practice ${DEMO_PRACTICE_NAME}: ${locationCount} locations, ${patientCount} patients`);
  const demo = await createPractice(
    db,
    DEMO_PRACTICE_NAME,
    DEMO_EMR_TOKEN,
    locations,
    [...DEMO_USERS, ...extraPosters],
    patientCount,
    random,
  );
  const restrictedId = demo.users.get("restricted@demo-pt.test")!;
  await db.execute(
    sql`insert into user_location (practice_id, user_id, location_id) values (${demo.practiceId}, ${restrictedId}, ${demo.locationIds[0]!})`,
  );
  const frontdeskId = demo.users.get("frontdesk@demo-pt.test")!;
  for (const locationId of demo.locationIds.slice(0, 2)) {
    await db.execute(
      sql`insert into user_location (practice_id, user_id, location_id) values (${demo.practiceId}, ${frontdeskId}, ${locationId})`,
    );
  }

  const posters: PosterPlan[] = [
    { userId: demo.users.get("poster1@demo-pt.test")!, code: "P1", loadsEra: true },
    { userId: demo.users.get("poster2@demo-pt.test")!, code: "P2", loadsEra: true },
    { userId: demo.users.get("rcm1@demo-pt.test")!, code: "R1", loadsEra: true },
    { userId: demo.users.get("rcm2@demo-pt.test")!, code: "R2", loadsEra: true },
    { userId: demo.users.get("frontdesk@demo-pt.test")!, code: "FD", loadsEra: false },
    { userId: demo.users.get("restricted@demo-pt.test")!, code: "RR", loadsEra: false },
    ...extraPosters.map((user, i) => ({ userId: demo.users.get(user.email)!, code: `X${i + 3}`, loadsEra: true })),
  ];
  const integrationUserId = demo.users.get("integration@demo-pt.test")!;
  const { writer, heldEra } = await generateLedger(
    db,
    demo,
    posters,
    integrationUserId,
    { paymentLines: options.paymentLines, months, endDate, holdEraBatches: options.eraFilesDir !== undefined },
    random,
    locations.map((l) => l.code),
  );
  log(`ledger: ${writer.paymentCount} payments, ${writer.lineCount} payment lines`);
  const eraFiles =
    options.eraFilesDir === undefined
      ? []
      : await writeEraFiles(db, demo.practiceId, DEMO_PRACTICE_NAME, heldEra.flatMap(remittancesOf), options.eraFilesDir);
  await resetIdentities(db);
  await addOpenCharges(db, demo, endDate, random);

  const other = await createPractice(
    db,
    OTHER_PRACTICE_NAME,
    "other-emr-token-2026",
    [{ name: "Flagstaff Clinic", code: "FLAG" }],
    [
      { email: "admin@other-pt.test", name: "Morgan Other", roles: ["Billing Admin"] },
      { email: "integration@other-pt.test", name: INTEGRATION_USER_NAME, roles: [], isSystem: true },
    ],
    50,
    random,
  );
  const otherPoster = other.users.get("admin@other-pt.test")!;
  await generateLedger(
    db,
    other,
    [{ userId: otherPoster, code: "OA", loadsEra: true }],
    other.users.get("integration@other-pt.test")!,
    { paymentLines: 500, months: 2, endDate, holdEraBatches: false },
    random,
    ["FLAG"],
  );
  await resetIdentities(db);
  // VACUUM, not only ANALYZE: it sets the visibility map, without which the reports' index-only
  // scans (payment_line_payment_idx) fetch every heap page anyway. It cannot run inside a
  // transaction block, and seeding never opens one.
  await db.execute(sql`vacuum (analyze)`);
  return {
    practiceId: demo.practiceId,
    otherPracticeId: other.practiceId,
    payments: writer.paymentCount,
    paymentLines: writer.lineCount,
    postedTotalCents: writer.postedTotalCents,
    eraFiles,
  };
}

/** A held-back ERA batch's payments, each one remittance (one 835 transaction). */
function remittancesOf(batch: PlannedBatch): HeldRemittance[] {
  return batch.payments.map((payment) => ({
    payerId: payment.payerId!,
    method: payment.method === "check" ? "check" : "eft",
    traceNumber: payment.referenceNumber!,
    paymentDate: batch.depositDate,
    amountCents: payment.amountCents,
    lines: payment.lines,
  }));
}
