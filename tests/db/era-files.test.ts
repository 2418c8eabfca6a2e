import { createReadStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { ERA_FILE_BATCHES, seedDemoData } from "@/db/seed";
import { readEraFile, type EraTransaction } from "@/lib/era";
import { openTestDatabase, type TestDatabase } from "../support/database";

/*
 * npm run db:seed -- --era-files DIR: the demo's last ERA batches are left unposted and written
 * as 835 files, from the practice's own claims. Seeded twice, with and without the files, so the
 * test also sees that nothing else of the ledger changes. The expected files were read from this
 * seed once and written down: the generator is deterministic.
 */

const OPTIONS = { paymentLines: 3000, months: 3, endDate: "2026-03-31" };

const EXPECTED_FILES = [
  "2026-03-13_31059_EFT100612.835",
  "2026-03-13_39026_EFT100611.835",
  "2026-03-17_39027_EFT100644.835",
  "2026-03-17_86048_EFT100643.835",
  "2026-03-18_39026_EFT100651.835",
  "2026-03-19_60054_EFT100652.835",
  "2026-03-19_68069_EFT100653.835",
  "2026-03-19_87727_EFT100654.835",
  "2026-03-27_35361_EFT100730.835",
  "2026-03-27_35361_EFT100731.835",
  "2026-03-27_41124_EFT100732.835",
  "2026-03-30_03102_EFT100733.835",
  "2026-03-30_39026_EFT100734.835",
];
/** The oldest remittance carries the interest; the newest names claim C00001663 as "1663". */
const PLB_FILE = "2026-03-13_39026_EFT100611.835";
const EXCEPTION_FILE = "2026-03-30_39026_EFT100734.835";

let withFiles: TestDatabase;
let without: TestDatabase;
let dir: string;
let practiceId: number;
const transactions = new Map<string, EraTransaction>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "era-files-"));
  withFiles = await openTestDatabase();
  without = await openTestDatabase();
  const summary = await seedDemoData(withFiles.db, { ...OPTIONS, eraFilesDir: dir });
  await seedDemoData(without.db, OPTIONS);
  practiceId = summary.practiceId;
  expect(summary.eraFiles.map((file) => path.basename(file)).sort()).toEqual(EXPECTED_FILES);
  for (const name of readdirSync(dir)) {
    const file = await readEraFile(createReadStream(path.join(dir, name)));
    expect(file.transactions).toHaveLength(1);
    transactions.set(name, file.transactions[0]!);
  }
});

afterAll(async () => {
  await withFiles.close();
  await without.close();
  rmSync(dir, { recursive: true, force: true });
});

function all(): [string, EraTransaction][] {
  return [...transactions.entries()];
}

interface ChargeRow {
  claim_number: string;
  cpt_code: string;
  modifiers: string | null;
  date_of_service: string;
  billed_cents: number;
  units: number;
  first_name: string;
  last_name: string;
  mrn: string;
  edi_payer_id: string;
}

async function claimCharges(claimNumber: string): Promise<ChargeRow[]> {
  return queryRows<ChargeRow>(
    withFiles.db,
    sql`select cl.claim_number, c.cpt_code, c.modifiers, c.date_of_service::text as date_of_service, c.billed_cents::int as billed_cents,
               c.units, p.first_name, p.last_name, p.mrn, y.edi_payer_id
        from claim cl
        join charge c on c.practice_id = cl.practice_id and c.claim_id = cl.id
        join patient p on p.practice_id = cl.practice_id and p.id = cl.patient_id
        join payer y on y.practice_id = cl.practice_id and y.id = cl.payer_id
        where cl.practice_id = ${practiceId} and cl.claim_number = ${claimNumber}
        order by c.id`,
  );
}

describe("--era-files", () => {
  it("writes one 835 per remittance of the held-back ERA batches, every one balanced and postable", () => {
    expect(ERA_FILE_BATCHES).toBe(6);
    expect(readdirSync(dir).sort()).toEqual(EXPECTED_FILES);
    for (const [name, transaction] of all()) {
      expect({ name, balanced: transaction.balance?.balanced, refusals: transaction.refusals, notes: transaction.notes }).toEqual({
        name,
        balanced: true,
        refusals: [],
        notes: [],
      });
      expect(transaction.payment).toMatchObject({ method: "eft", methodCode: "ACH", creditDebit: "C", dateSource: "BPR16" });
      const [date, payerId, trace] = name.split(/[_.]/);
      expect([transaction.payment!.date, transaction.payer!.id, transaction.traceNumber]).toEqual([date, payerId, trace]);
      expect(transaction.payee).toEqual({ name: "Demo Physical Therapy", npi: "1234567893", taxId: "861234567" });
    }
  });

  it("has one PLB in all the files: L6 interest added to the oldest check", () => {
    const adjustments = all().flatMap(([name, t]) => t.providerAdjustments.map((a) => ({ name, reason: a.reasonCode, reference: a.reference })));
    expect(adjustments).toEqual([{ name: PLB_FILE, reason: "L6", reference: "C00001325" }]);
    const plb = transactions.get(PLB_FILE)!;
    expect(plb.providerAdjustments[0]!.amountCents).toBe(-224);
    expect(plb.payment!.amountCents).toBe(plb.balance!.claimsPaidCents + 224);
  });

  it("names claims of the practice in CLP01, except one claim of the newest file", async () => {
    const numbers = new Set(
      (await queryRows<{ claim_number: string }>(withFiles.db, sql`select claim_number from claim where practice_id = ${practiceId}`)).map(
        (row) => row.claim_number,
      ),
    );
    const unknown = all().flatMap(([name, t]) => t.claims.filter((c) => !numbers.has(c.patientControlNumber)).map((c) => [name, c.patientControlNumber]));
    expect(unknown).toEqual([[EXCEPTION_FILE, "1663"]]);
    expect(numbers.has("C00001663")).toBe(true);
  });

  it("bills each claim's charges as its service lines, for its patient and payer", async () => {
    let lines = 0;
    for (const [, transaction] of all()) {
      for (const claim of transaction.claims) {
        const number = claim.patientControlNumber === "1663" ? "C00001663" : claim.patientControlNumber;
        const charges = await claimCharges(number);
        expect(claim.serviceLines.map((l) => [l.procedure.code, l.procedure.modifiers.join(","), l.serviceDates?.from, l.chargedCents, l.units])).toEqual(
          charges.map((c) => [c.cpt_code, c.modifiers ?? "", c.date_of_service, c.billed_cents, c.units]),
        );
        expect(claim.chargedCents).toBe(charges.reduce((sum, c) => sum + c.billed_cents, 0));
        expect(claim.patient).toEqual({ lastName: charges[0]!.last_name, firstName: charges[0]!.first_name, middleName: null, idQualifier: "MI", id: charges[0]!.mrn });
        expect(transaction.payer!.id).toBe(charges[0]!.edi_payer_id);
        lines += claim.serviceLines.length;
      }
    }
    const claims = all().reduce((sum, [, t]) => sum + t.claims.length, 0);
    expect({ claims, lines }).toEqual({ claims: 135, lines: 316 });
  });

  it("posts none of them: no payment with their trace numbers, and their charges unpaid", async () => {
    const traces = JSON.stringify(all().map(([, t]) => t.traceNumber));
    const numbers = JSON.stringify(all().flatMap(([, t]) => t.claims.map((c) => (c.patientControlNumber === "1663" ? "C00001663" : c.patientControlNumber))));
    const [row] = await queryRows<{ payments: number; lines: number }>(
      withFiles.db,
      sql`select (select count(*)::int from payment where reference_number in (select json_array_elements_text(${traces}::json))) as payments,
                 (select count(*)::int from payment_line l join charge c on c.practice_id = l.practice_id and c.id = l.charge_id
                  join claim cl on cl.practice_id = c.practice_id and cl.id = c.claim_id
                  where cl.claim_number in (select json_array_elements_text(${numbers}::json))) as lines`,
    );
    expect(row).toEqual({ payments: 0, lines: 0 });
  });

  it("changes nothing else: the same claims, charges, and every other batch and payment", async () => {
    const traces = JSON.stringify(all().map(([, t]) => t.traceNumber));
    const digest = (database: TestDatabase, withoutHeld: boolean) =>
      queryRows<Record<string, string | number>>(
        database.db,
        sql`with held as (select id, batch_id from payment where ${withoutHeld} and reference_number in (select json_array_elements_text(${traces}::json)))
            select (select md5(string_agg(concat_ws('|', id, claim_number, payer_id, patient_id, location_id), ',' order by id)) from claim) as claims,
                   (select md5(string_agg(concat_ws('|', id, claim_id, patient_id, date_of_service, cpt_code, billed_cents), ',' order by id)) from charge) as charges,
                   (select md5(string_agg(concat_ws('|', id, batch_number, control_total_cents), ',' order by id)) from batch
                    where id not in (select batch_id from held)) as batches,
                   (select md5(string_agg(concat_ws('|', id, batch_id, amount_cents, reference_number, posted_at), ',' order by id)) from payment
                    where id not in (select id from held)) as payments,
                   (select count(*)::int from batch where id in (select batch_id from held)) as held_batches,
                   (select count(*)::int from held) as held_payments`,
      );
    const [kept] = await digest(withFiles, false);
    const [all_] = await digest(without, true);
    expect({ ...all_, held_batches: 0, held_payments: 0 }).toEqual(kept);
    expect({ batches: all_!.held_batches, payments: all_!.held_payments }).toEqual({ batches: 6, payments: 13 });
  });
});
