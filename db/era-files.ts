import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { ledgerAdjustments, write835, type ClaimToWrite, type RemittanceToWrite } from "../lib/era/write";
import { type Database, queryRows } from "./client";

/*
 * The demo's 835 files (npm run db:seed -- --era-files DIR): the ERA remittances the generator
 * planned but left unposted, written from the ledger's own claims, charges and patients, so a
 * demo poster uploads files that match the practice. Two of them carry what a poster meets in
 * real life, both still balanced: the oldest has a provider-level adjustment (PLB L6, interest
 * added to the check), and the newest names one claim by a number the practice does not have
 * (the payer dropped CLP01's "C" and zeros), which the import makes an exception to resolve.
 */

/** The demo practice's NPI (a valid check digit) and tax id, as its payers write them in N1*PE. */
export const DEMO_PRACTICE_NPI = "1234567893";
export const DEMO_PRACTICE_TAX_ID = "861234567";

/** One planned ERA payment the generator did not post. */
export interface HeldRemittance {
  payerId: number;
  method: "eft" | "check";
  traceNumber: string;
  /** ISO date: the deposit date the batch would have had. */
  paymentDate: string;
  amountCents: number;
  lines: readonly {
    chargeId: number;
    paidCents: number;
    adjustmentCents: number;
    adjustmentReason: string | null;
    patientRespCents: number;
  }[];
}

/** CLP06 by the payer's type. */
const FILING_INDICATORS: Readonly<Record<string, string>> = {
  commercial: "CI",
  medicare: "MB",
  medicaid: "MC",
  workers_comp: "WC",
  auto: "AM",
  other: "CH",
};

interface PayerRow {
  id: number;
  name: string;
  edi_payer_id: string;
  payer_type: string;
}

interface ChargeRow {
  id: number;
  cpt_code: string;
  modifiers: string | null;
  units: number;
  billed_cents: number;
  date_of_service: string;
  claim_id: number;
  claim_number: string;
  mrn: string;
  first_name: string;
  last_name: string;
}

async function chargesOf(db: Database, practiceId: number, chargeIds: number[]): Promise<Map<number, ChargeRow>> {
  const rows = await queryRows<ChargeRow>(
    db,
    sql`select c.id, c.cpt_code, c.modifiers, c.units, c.billed_cents::int as billed_cents, c.date_of_service::text as date_of_service,
               cl.id as claim_id, cl.claim_number, p.mrn, p.first_name, p.last_name
        from charge c
        join claim cl on cl.practice_id = c.practice_id and cl.id = c.claim_id
        join patient p on p.practice_id = cl.practice_id and p.id = cl.patient_id
        where c.practice_id = ${practiceId}
          and c.id in (select value::int from json_array_elements_text(${JSON.stringify(chargeIds)}::json))`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

function modifiersOf(text: string | null): string[] {
  return (text ?? "").split(/[\s,:]+/).filter((modifier) => modifier !== "");
}

/** The remittance's claims in the order the payment's lines name them, each with its charges as service lines. */
function claimsOf(remittance: HeldRemittance, charges: Map<number, ChargeRow>, payer: PayerRow): ClaimToWrite[] {
  const claims = new Map<number, { row: ChargeRow; lines: ClaimToWrite["serviceLines"][number][] }>();
  for (const line of remittance.lines) {
    const charge = charges.get(line.chargeId);
    if (!charge) throw new Error(`charge ${line.chargeId} of ERA ${remittance.traceNumber} has no claim`);
    const claim = claims.get(charge.claim_id) ?? { row: charge, lines: [] };
    claim.lines.push({
      cptCode: charge.cpt_code,
      modifiers: modifiersOf(charge.modifiers),
      units: charge.units,
      chargedCents: charge.billed_cents,
      paidCents: line.paidCents,
      dateOfService: charge.date_of_service,
      adjustments: ledgerAdjustments(line),
    });
    claims.set(charge.claim_id, claim);
  }
  return [...claims.entries()].map(([claimId, { row, lines }]) => ({
    claimNumber: row.claim_number,
    filingIndicator: FILING_INDICATORS[payer.payer_type] ?? "CI",
    payerClaimControlNumber: `${payer.edi_payer_id}${String(claimId).padStart(10, "0")}`,
    patient: { lastName: row.last_name, firstName: row.first_name, memberId: row.mrn },
    serviceLines: lines,
  }));
}

/** Interest of $1.00–$9.99, from the payment's own amount, so it is the same every time. */
function interestCents(claims: readonly ClaimToWrite[]): number {
  const paid = claims.reduce((sum, claim) => sum + claim.serviceLines.reduce((s, line) => s + line.paidCents, 0), 0);
  return 100 + (paid % 900);
}

/** The remittances as the payer would send them, oldest first (see the header for the two deliberate ones). */
export async function remittancesToWrite(db: Database, practiceId: number, practiceName: string, held: readonly HeldRemittance[]): Promise<RemittanceToWrite[]> {
  const payers = new Map(
    (
      await queryRows<PayerRow>(db, sql`select id, name, edi_payer_id, payer_type::text from payer where practice_id = ${practiceId}`)
    ).map((row) => [row.id, row]),
  );
  const charges = await chargesOf(db, practiceId, held.flatMap((remittance) => remittance.lines.map((line) => line.chargeId)));
  const remittances = held.map((remittance, index): RemittanceToWrite => {
    const payer = payers.get(remittance.payerId)!;
    return {
      controlNumber: 100_001 + index,
      payer: { name: payer.name, ediPayerId: payer.edi_payer_id },
      payee: { name: practiceName, npi: DEMO_PRACTICE_NPI, taxId: DEMO_PRACTICE_TAX_ID },
      method: remittance.method,
      paymentDate: remittance.paymentDate,
      traceNumber: remittance.traceNumber,
      claims: claimsOf(remittance, charges, payer),
    };
  });
  const oldest = remittances[0];
  const newest = remittances[remittances.length - 1];
  if (oldest) {
    const claims = oldest.claims;
    remittances[0] = {
      ...oldest,
      providerAdjustments: [{ reasonCode: "L6", reference: claims[0]?.claimNumber, amountCents: -interestCents(claims) }],
    };
  }
  if (newest && newest.claims.length > 0) {
    const [first, ...rest] = newest.claims;
    remittances[remittances.length - 1] = {
      ...remittances[remittances.length - 1]!,
      claims: [{ ...first!, claimNumber: String(Number(first!.claimNumber.slice(1))) }, ...rest],
    };
  }
  return remittances;
}

/** "2026-03-27_60054_EFT123456.835": payment date, payer id, trace number. */
export function eraFileName(remittance: RemittanceToWrite): string {
  return `${remittance.paymentDate}_${remittance.payer.ediPayerId}_${remittance.traceNumber}.835`;
}

/**
 * Writes each remittance as its own .835 file in `dir` (created if need be), after removing the
 * .835 files an earlier seed left there; returns the paths, oldest first.
 */
export async function writeEraFiles(
  db: Database,
  practiceId: number,
  practiceName: string,
  held: readonly HeldRemittance[],
  dir: string,
): Promise<string[]> {
  const remittances = await remittancesToWrite(db, practiceId, practiceName, held);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.endsWith(".835")) await rm(path.join(dir, name));
  }
  const files: string[] = [];
  for (const remittance of remittances) {
    const file = path.join(dir, eraFileName(remittance));
    await writeFile(file, write835(remittance), "utf8");
    files.push(file);
  }
  return files;
}
