import { DateTime } from "luxon";
import type pg from "pg";
import { write835, type ClaimToWrite } from "../lib/era/write";
import type { RunningServer } from "./server";

/*
 * The ERA rows of the benchmark (issue 22): one check of 10,000 claims, written from the
 * dataset's own claims and charges, posted through POST /api/integrations/era as a
 * clearinghouse would, end to end (upload, parse, match, post, answer). A handful of claim
 * numbers are altered so the import opens exceptions, which the worklist page then lists.
 * The check is dated today, outside the month the other rows measure, and taken out of the
 * dataset once measured (removeBenchRemittance), so every run finds the dataset as seeded.
 */

export const ERA_CLAIMS = 10_000;
/** Claims whose number the practice does not have: the worklist's rows. */
const UNMATCHED_CLAIMS = 25;
const EMR_TOKEN = "demo-emr-token-2026";

interface ChargeRow {
  claim_id: number;
  claim_number: string;
  first_name: string;
  last_name: string;
  mrn: string;
  cpt_code: string;
  modifiers: string | null;
  units: number;
  billed_cents: number;
  date_of_service: string;
}

export interface BenchRemittance {
  body: string;
  traceNumber: string;
  claims: number;
  serviceLines: number;
  bytes: number;
}

/** 10,000 claims of the dataset with their charges, paid at 80% with the rest a CO-45. */
export async function benchRemittance(client: pg.Client): Promise<BenchRemittance> {
  const { rows: practice } = await client.query<{ timezone: string }>("select timezone from practice where id = 1");
  const { rows: payers } = await client.query<{ name: string; edi_payer_id: string }>(
    "select name, edi_payer_id from payer where practice_id = 1 and edi_payer_id is not null order by id limit 1",
  );
  const { rows } = await client.query<ChargeRow>(
    // The claims with the most charges (four in the demo data), newest first: about 40,000 service lines.
    `with recent as (select claim_id as id from charge where practice_id = 1 and claim_id is not null
                      group by claim_id order by count(*) desc, claim_id desc limit $1)
     select cl.id as claim_id, cl.claim_number, p.first_name, p.last_name, p.mrn, c.cpt_code, c.modifiers, c.units,
            c.billed_cents::int as billed_cents, c.date_of_service::text as date_of_service
       from recent r
       join claim cl on cl.practice_id = 1 and cl.id = r.id
       join patient p on p.practice_id = 1 and p.id = cl.patient_id
       join charge c on c.practice_id = 1 and c.claim_id = cl.id
      order by cl.id, c.date_of_service, c.id`,
    [ERA_CLAIMS],
  );
  const claims = new Map<number, ClaimToWrite & { serviceLines: ClaimToWrite["serviceLines"][number][] }>();
  for (const row of rows) {
    let claim = claims.get(row.claim_id);
    if (!claim) {
      claim = {
        claimNumber: claims.size < UNMATCHED_CLAIMS ? `X${row.claim_number}` : row.claim_number,
        filingIndicator: "CI",
        payerClaimControlNumber: `PCN${row.claim_id}`,
        patient: { lastName: row.last_name, firstName: row.first_name, memberId: row.mrn },
        serviceLines: [],
      };
      claims.set(row.claim_id, claim);
    }
    const paidCents = Math.round(row.billed_cents * 0.8);
    claim.serviceLines.push({
      cptCode: row.cpt_code,
      modifiers: row.modifiers ? row.modifiers.split(/[\s,:]+/).filter(Boolean) : [],
      units: row.units,
      chargedCents: row.billed_cents,
      paidCents,
      dateOfService: row.date_of_service,
      adjustments: row.billed_cents === paidCents ? [] : [{ group: "CO", reason: "45", amountCents: row.billed_cents - paidCents }],
    });
  }
  const traceNumber = `BENCH${Date.now()}`;
  const body = write835({
    controlNumber: Date.now() % 999_999_999,
    payer: { name: payers[0]!.name, ediPayerId: payers[0]!.edi_payer_id },
    payee: { name: "DEMO PHYSICAL THERAPY", npi: "1234567893", taxId: "861234567" },
    method: "eft",
    paymentDate: DateTime.now().setZone(practice[0]!.timezone).toISODate()!,
    traceNumber,
    claims: [...claims.values()],
  });
  return { body, traceNumber, claims: claims.size, serviceLines: rows.length, bytes: Buffer.byteLength(body) };
}

export interface EraImportResult {
  seconds: number;
  peakRssMb: number;
  status: number;
  outcome: string;
  remittanceId: number | null;
}

/** Posts the check to the integration endpoint and waits for the answer; the server's peak RSS is sampled meanwhile. */
export async function importBenchRemittance(server: RunningServer, client: pg.Client, remittance: BenchRemittance): Promise<EraImportResult> {
  server.resetPeak();
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}/api/integrations/era`, {
    method: "POST",
    headers: { authorization: `Bearer ${EMR_TOKEN}`, "content-type": "application/edi-x12" },
    body: remittance.body,
  });
  const answer = await response.text();
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await client.query<{ id: number }>("select id from era_remittance where trace_number = $1 and status = 'posted'", [
    remittance.traceNumber,
  ]);
  const parsed = response.ok ? (JSON.parse(answer) as { transactions: Array<{ status: string; exceptions: number }> }) : null;
  return {
    seconds,
    peakRssMb: server.peakRss() / 2 ** 20,
    status: response.status,
    outcome: parsed ? parsed.transactions.map((t) => `${t.status}, ${t.exceptions} exceptions`).join("; ") : answer.slice(0, 200),
    remittanceId: rows[0]?.id ?? null,
  };
}

/**
 * Takes the benchmark's check back out of the dataset. The ledger refuses deletes (its
 * append-only triggers), so this runs as the database owner with triggers off
 * (session_replication_role = replica): a benchmark's own maintenance of its own rows, which
 * the app can never do.
 */
export async function removeBenchRemittance(client: pg.Client, remittanceId: number): Promise<void> {
  await client.query("begin");
  try {
    await client.query("set local session_replication_role = replica");
    const batch = "(select batch_id from era_remittance where id = $1)";
    const payments = `(select id from payment where practice_id = 1 and batch_id = ${batch})`;
    await client.query("delete from era_exception where practice_id = 1 and remittance_id = $1", [remittanceId]);
    await client.query("delete from era_claim where practice_id = 1 and remittance_id = $1", [remittanceId]);
    await client.query(`delete from payment_line where practice_id = 1 and payment_id in ${payments}`, [remittanceId]);
    await client.query(`delete from payment_applied where practice_id = 1 and payment_id in ${payments}`, [remittanceId]);
    await client.query(`delete from payment where practice_id = 1 and batch_id = ${batch}`, [remittanceId]);
    const { rows } = await client.query<{ batch_id: number }>("delete from era_remittance where id = $1 returning batch_id", [remittanceId]);
    await client.query("delete from batch where practice_id = 1 and id = $1", [rows[0]!.batch_id]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
  await client.query("vacuum (analyze) payment, payment_line, payment_applied, era_claim, era_exception");
}
