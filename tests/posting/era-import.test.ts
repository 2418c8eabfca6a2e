import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { appUser, claim, practice as practiceTable } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { EraFileError } from "@/lib/era";
import { eraImportResponse } from "@/lib/posting/era/http";
import { importEraFile, type EraImporter } from "@/lib/posting/era/import";
import { resolveEraException } from "@/lib/posting/era/resolve";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";
import { sharedPath } from "../support/shared";
import { CLAIM_100, era835 } from "../support/era835";

/*
 * ERA import against real PostgreSQL: every public fixture posts or is refused with its reason,
 * and hand-made 835s cover matching, exceptions and their resolution, posted-once (also under
 * concurrency), a reversal then correction, a $0 denial, provider-level adjustments, BOM + CRLF.
 * Amounts below are worked out by hand from the segments.
 */

const TOKEN = "era-test-token";

let test: TestDatabase;
let importer: EraImporter;
let poster: Viewer;
const ids: Record<string, number> = {};

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "ERA PT", "America/Phoenix");
  ids.practice = practice.practiceId;
  ids.mesa = await practice.location("MESA");
  ids.poster = await practice.user({ email: "poster@test.example", name: "Pat Poster", roles: ["Billing"] });
  const [system] = await test.db
    .insert(appUser)
    .values({ practiceId: practice.practiceId, email: "integration@test.example", name: "Integration Import", isSystem: true })
    .returning({ id: appUser.id });
  ids.system = system!.id;
  await test.db
    .update(practiceTable)
    .set({ emrTokenHash: createHash("sha256").update(TOKEN).digest("hex") })
    .where(eq(practiceTable.id, practice.practiceId));
  ids.acme = await practice.payer("Acme Health");
  await test.db.execute(sql`update payer set edi_payer_id = 'ACME1' where id = ${ids.acme}`);
  const lee = await practice.patient("100900", "Kim", "Lee");
  const doe = await practice.patient("100901", "Jane", "Doe");
  const newClaim = async (claimNumber: string, patientId: number) => {
    const [row] = await test.db
      .insert(claim)
      .values({ practiceId: practice.practiceId, claimNumber, payerId: ids.acme!, patientId, locationId: ids.mesa! })
      .returning({ id: claim.id });
    return row!.id;
  };
  const claimCharge = async (claimId: number, patientId: number, cptCode: string, billedCents: number, dateOfService = "2026-03-02") => {
    const chargeId = await practice.charge({ patientId, locationId: ids.mesa!, dateOfService, cptCode, billedCents, modifiers: "GP" });
    await test.db.execute(sql`update charge set claim_id = ${claimId} where id = ${chargeId}`);
    return chargeId;
  };
  const c100 = await newClaim("C-100", lee);
  ids.c100a = await claimCharge(c100, lee, "97110", 15000);
  ids.c100b = await claimCharge(c100, lee, "97140", 10000);
  const c200 = await newClaim("C-200", doe);
  ids.c200 = await claimCharge(c200, doe, "97110", 8000);
  const c300 = await newClaim("C-300", lee);
  ids.c300 = await claimCharge(c300, lee, "97110", 15000, "2026-03-05");
  const c500 = await newClaim("C-500", doe);
  ids.c500 = await claimCharge(c500, doe, "97530", 6000, "2026-03-06");
  importer = { practiceId: practice.practiceId, userId: ids.poster, timezone: "America/Phoenix" };
  poster = await practice.viewer(ids.poster);
});

afterAll(() => test.close());

/** An 835 with one transaction, segments joined by "~\n". */
const UNKNOWN_CLAIM = ["CLP*C-999*1*80*50**12*PCN999", "NM1*QC*1*DOE*JANE", "SVC*HC:97110*80*50**1", "DTM*472*20260302", "CAS*CO*45*30"];
const INTEREST = ["PLB*1234567893*20261231*L6:INT1*-2.50"];
// 180.00 + 50.00 − (−2.50)
const FILE_A = era835("EFT100", "232.50", [...CLAIM_100, ...UNKNOWN_CLAIM, ...INTEREST]);

async function batchTotals(batchNumber: string) {
  const [row] = await queryRows<{ control: number; posted: number; applied: number; payments: number }>(
    test.db,
    sql`select b.control_total_cents as control, sum(p.amount_cents)::bigint as posted, sum(pa.applied_cents)::bigint as applied,
               count(*)::int as payments
        from batch b join payment p on p.batch_id = b.id join payment_applied pa on pa.payment_id = p.id
        where b.practice_id = ${ids.practice} and b.batch_number = ${batchNumber}
        group by b.control_total_cents`,
  );
  return row;
}

describe("an ERA the practice's claims match", () => {
  let batchNumber: string;

  it("posts one batch balanced to the check: claims by their charges, the unknown claim unapplied, interest as a provider adjustment", async () => {
    const [first, ...rest] = await importEraFile(test.db, importer, [FILE_A], { fileName: "a.835" });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ traceNumber: "EFT100", amount: "232.50", status: "posted", exceptions: 1, reason: null });
    batchNumber = first!.batchNumber!;
    expect(batchNumber).toMatch(/^ERA-\d+$/);
    // Posted 232.50 = its control total; applied 180.00 (C-100) + 2.50 (the interest), 50.00 held.
    expect(await batchTotals(batchNumber)).toEqual({ control: 23250, posted: 23250, applied: 18250, payments: 3 });
    const lines = await queryRows<{ chargeId: number; paid: number; adjustment: number; reason: string | null; patientResp: number }>(
      test.db,
      sql`select pl.charge_id as "chargeId", pl.paid_cents as paid, pl.adjustment_cents as adjustment, pl.adjustment_reason as reason,
                 pl.patient_resp_cents as "patientResp"
          from payment_line pl join payment p on p.id = pl.payment_id join batch b on b.id = p.batch_id
          where b.batch_number = ${batchNumber} order by pl.id`,
    );
    expect(lines).toEqual([
      { chargeId: ids.c100a, paid: 11000, adjustment: 3000, reason: "CO-45", patientResp: 0 },
      { chargeId: ids.c100a, paid: 0, adjustment: 0, reason: "PR-2", patientResp: 1000 },
      { chargeId: ids.c100b, paid: 7000, adjustment: 2000, reason: "CO-45", patientResp: 0 },
      { chargeId: ids.c100b, paid: 0, adjustment: 0, reason: "PR-2", patientResp: 1000 },
    ]);
    const [plb] = await queryRows<{ code: string; amount: number }>(
      test.db,
      sql`select p.provider_adjustment_code as code, p.amount_cents as amount from payment p join batch b on b.id = p.batch_id
          where b.batch_number = ${batchNumber} and p.provider_adjustment_code is not null`,
    );
    expect(plb).toEqual({ code: "L6", amount: 250 });
  });

  it("shows in Payment Balancing with source ERA to the cent, and the exception's money as unapplied", async () => {
    const parsed = parsePaymentBalancingQuery(new URLSearchParams("from=2026-03-01&to=2026-03-31&source=era"), { today: "2026-03-31" });
    if (!parsed.ok) throw new Error(parsed.message);
    const { grandTotal } = await paymentBalancing(test.db, poster, "standard", parsed.value);
    expect(grandTotal).toMatchObject({ paymentCount: 3, amountCents: 23250, appliedCents: 18250, unappliedCents: 5000 });
  });

  it("posts nothing the second time the file comes", async () => {
    const [again] = await importEraFile(test.db, importer, [FILE_A]);
    expect(again).toMatchObject({ status: "already_posted", batchNumber, exceptions: 1 });
    expect(await batchTotals(batchNumber)).toEqual({ control: 23250, posted: 23250, applied: 18250, payments: 3 });
  });

  it("lets a poster resolve the unknown claim by choosing its charge, once", async () => {
    const [exception] = await queryRows<{ id: number; reason: string; amount: number }>(
      test.db,
      sql`select x.id, x.reason, x.amount_cents as amount from era_exception x where x.practice_id = ${ids.practice}`,
    );
    expect(exception).toMatchObject({ reason: "claim_not_found", amount: 5000 });
    await resolveEraException(test.db, poster, exception!.id, ids.c200!);
    expect(await batchTotals(batchNumber)).toEqual({ control: 23250, posted: 23250, applied: 23250, payments: 3 });
    await expect(resolveEraException(test.db, poster, exception!.id, ids.c200!)).rejects.toMatchObject({ status: 409 });
    const [audit] = await queryRows<{ count: number }>(
      test.db,
      sql`select count(*)::int as count from audit_event where action = 'era_exception_resolved' and practice_id = ${ids.practice}`,
    );
    expect(audit!.count).toBe(1);
  });
});

describe("posted once", () => {
  it("posts a file sent twice at the same moment once", async () => {
    const file = era835("EFT200", "180.00", [...CLAIM_100.map((segment) => segment.replace("PCN100", "PCN200"))]);
    const outcomes = await Promise.all([importEraFile(test.db, importer, [file]), importEraFile(test.db, importer, [file])]);
    expect(outcomes.map(([outcome]) => outcome!.status).sort()).toEqual(["already_posted", "posted"]);
    const [row] = await queryRows<{ count: number }>(
      test.db,
      sql`select count(*)::int as count from era_remittance where trace_number = 'EFT200' and status = 'posted'`,
    );
    expect(row!.count).toBe(1);
    expect(outcomes[0]![0]!.batchNumber).toBe(outcomes[1]![0]!.batchNumber);
  });
});

describe("a reversal, then the correction", () => {
  it("takes back the earlier payment by the ledger's reversal rule and posts the corrected one", async () => {
    const first = era835("CHK300", "100.00", ["CLP*C-300*1*150*100**12*PCN300", "SVC*HC:97110:GP*150*100**1", "DTM*472*20260305", "CAS*CO*45*50"], {
      method: "CHK",
    });
    const [original] = await importEraFile(test.db, importer, [first]);
    expect(original).toMatchObject({ status: "posted", exceptions: 0 });
    // −100.00 + 120.00
    const second = era835(
      "CHK301",
      "20.00",
      [
        "CLP*C-300*22*-150*-100**12*PCN300",
        "SVC*HC:97110:GP*-150*-100**-1",
        "DTM*472*20260305",
        "CAS*CO*45*-50",
        "CLP*C-300*1*150*120**12*PCN300B",
        "SVC*HC:97110:GP*150*120**1",
        "DTM*472*20260305",
        "CAS*CO*45*30",
      ],
      { method: "CHK" },
    );
    const [corrected] = await importEraFile(test.db, importer, [second]);
    expect(corrected).toMatchObject({ status: "posted", exceptions: 0 });
    const payments = await queryRows<{ amount: number; reverses: boolean; applied: number }>(
      test.db,
      sql`select p.amount_cents as amount, p.reverses_payment_id is not null as reverses, pa.applied_cents as applied
          from payment p join payment_applied pa on pa.payment_id = p.id
          where p.claim_id = (select id from claim where claim_number = 'C-300') order by p.id`,
    );
    expect(payments).toEqual([
      { amount: 10000, reverses: false, applied: 10000 },
      { amount: -10000, reverses: true, applied: -10000 },
      { amount: 12000, reverses: false, applied: 12000 },
    ]);
    const [charge] = await queryRows<{ paid: number; adjusted: number }>(
      test.db,
      sql`select sum(paid_cents)::bigint as paid, sum(adjustment_cents)::bigint as adjusted from payment_line where charge_id = ${ids.c300}`,
    );
    expect(charge).toEqual({ paid: 12000, adjusted: 3000 });
  });
});

describe("a $0 denial", () => {
  it("posts $0.00 with its reason code on the claim's charge", async () => {
    const [denied] = await importEraFile(test.db, importer, [
      era835("DENY500", "0", ["CLP*C-500*4*60*0**12*PCN500", "NM1*QC*1*DOE*JANE", "CAS*CO*50*60"], { method: "NON" }),
    ]);
    expect(denied).toMatchObject({ status: "posted", amount: "0.00", exceptions: 0 });
    const lines = await queryRows<{ paid: number; adjustment: number; reason: string }>(
      test.db,
      sql`select paid_cents as paid, adjustment_cents as adjustment, adjustment_reason as reason from payment_line where charge_id = ${ids.c500}`,
    );
    expect(lines).toEqual([{ paid: 0, adjustment: 6000, reason: "CO-50" }]);
  });
});

describe("files as they come", () => {
  it("posts a file with a BOM and CRLF line ends", async () => {
    const file = "\uFEFF" + era835("EFT700", "180.00", CLAIM_100.map((segment) => segment.replace("PCN100", "PCN700")), { terminator: "~\r\n" });
    const [posted] = await importEraFile(test.db, importer, [Buffer.from(file, "utf8")]);
    expect(posted).toMatchObject({ status: "posted", amount: "180.00", exceptions: 0 });
  });

  it("refuses a file that cannot be read, posting nothing", async () => {
    await expect(importEraFile(test.db, importer, ["ISA*00*"])).rejects.toBeInstanceOf(EraFileError);
  });

  const fixture = (name: string) => readFileSync(sharedPath("fixtures", "835", name));
  const statuses = async (name: string) =>
    (await importEraFile(test.db, importer, [fixture(name)])).map(({ traceNumber, amount, status, exceptions }) => ({
      traceNumber,
      amount,
      status,
      exceptions,
    }));

  it.each([
    // The practice has none of these claims: each claim's money waits in the worklist.
    ["lfh-medicare-part-a.835", [{ traceNumber: "12345", amount: "150000.00", status: "posted", exceptions: 2 }]],
    ["lfh-managed-care.835", [{ traceNumber: "7170066655", amount: "945.00", status: "posted", exceptions: 2 }]],
    ["lfh-secondary-payment.835", [{ traceNumber: "0012524965", amount: "1222.00", status: "posted", exceptions: 2 }]],
    ["keiron-bcbsnc-no-envelope.txt", [{ traceNumber: "02790758", amount: "1922.86", status: "posted", exceptions: 1 }]],
    [
      "affect-nevada-medicaid-3st.txt",
      [
        { traceNumber: "100004762", amount: "0.00", status: "posted", exceptions: 1 },
        { traceNumber: "100004765", amount: "0.00", status: "posted", exceptions: 2 },
        // Paid entirely by provider-level adjustments: no claim, nothing to match.
        { traceNumber: "000012382", amount: "1812.27", status: "posted", exceptions: 0 },
      ],
    ],
    [
      "affect-interest-l6-unbalanced.txt",
      [
        { traceNumber: "081000607720126", amount: "1.78", status: "refused", exceptions: 0 },
        { traceNumber: "081000607720039", amount: "141.13", status: "refused", exceptions: 0 },
      ],
    ],
    ["oopfactory-5010-example1-reversals.txt", [{ traceNumber: "A04B001017.07504", amount: "5.75", status: "refused", exceptions: 0 }]],
    ["pyx12-835id-reversal-correction.835", [{ traceNumber: "0004926", amount: "5950.21", status: "refused", exceptions: 0 }]],
  ])("%s posts or is refused as its arithmetic says", async (name, expected) => {
    expect(await statuses(name)).toEqual(expected);
  });

  it("states the difference of a refused transaction and posts none of it", async () => {
    const [refused] = await importEraFile(test.db, importer, [fixture("pyx12-835id-reversal-correction.835")]);
    expect(refused!.reason).toContain("BPR02 $5,950.21 ≠ claims -$510.25 − provider adjustments -$977.94 = $467.69 (difference $5,482.52)");
    const [row] = await queryRows<{ count: number }>(
      test.db,
      sql`select count(*)::int as count from era_remittance where trace_number = '0004926' and batch_id is not null`,
    );
    expect(row!.count).toBe(0);
  });

  it("lists a transaction refused again for the same reason once, with its first record", async () => {
    const [first] = await importEraFile(test.db, importer, [fixture("pyx12-835id-reversal-correction.835")]);
    const [again] = await importEraFile(test.db, importer, [fixture("pyx12-835id-reversal-correction.835")]);
    expect(again!.status).toBe("refused");
    expect(again!.remittanceId).toBe(first!.remittanceId);
    const [row] = await queryRows<{ count: number }>(
      test.db,
      sql`select count(*)::int as count from era_remittance where trace_number = '0004926' and status = 'refused'`,
    );
    expect(row!.count).toBe(1);
  });

  it("balances every posted fixture's batch to its check", async () => {
    const unbalanced = await queryRows<{ batchNumber: string }>(
      test.db,
      sql`select b.batch_number as "batchNumber" from batch b join era_remittance r on r.batch_id = b.id
          left join payment p on p.batch_id = b.id
          group by b.batch_number, b.control_total_cents
          having coalesce(sum(p.amount_cents), 0) <> b.control_total_cents`,
    );
    expect(unbalanced).toEqual([]);
  });

  it("adds a payer it does not know from N1*PR, flagged for review", async () => {
    const payers = await queryRows<{ name: string; type: string; review: boolean }>(
      test.db,
      sql`select name, payer_type::text as type, needs_review as review from payer where practice_id = ${ids.practice} and name = 'RUSHMORE LIFE'`,
    );
    expect(payers).toEqual([{ name: "RUSHMORE LIFE", type: "other", review: true }]);
  });
});

describe("POST /api/integrations/era", () => {
  const request = (body: string, headers: Record<string, string>) =>
    new Request("http://localhost/api/integrations/era", { method: "POST", body, headers });

  it("answers one entry per transaction for the practice's token, recorded as its system user", async () => {
    const file = era835("EFT900", "180.00", CLAIM_100.map((segment) => segment.replace("PCN100", "PCN900")));
    const response = await eraImportResponse(test.db, request(file, { authorization: `Bearer ${TOKEN}`, "content-type": "application/edi-x12" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { transactions: Array<Record<string, unknown>> };
    expect(body.transactions).toEqual([
      { traceNumber: "EFT900", amount: "180.00", status: "posted", batchNumber: expect.stringMatching(/^ERA-\d+$/), exceptions: 0, reason: null },
    ]);
    const [posted] = await queryRows<{ postedBy: number }>(
      test.db,
      sql`select distinct p.posted_by as "postedBy" from payment p join era_remittance r on r.batch_id = p.batch_id where r.trace_number = 'EFT900'`,
    );
    expect(posted!.postedBy).toBe(ids.system);
  });

  it("refuses a bad token (401), another content type (415) and an unreadable file (422 with its segment)", async () => {
    expect((await eraImportResponse(test.db, request("ISA", { authorization: "Bearer wrong", "content-type": "text/plain" }))).status).toBe(401);
    expect((await eraImportResponse(test.db, request("ISA", { "content-type": "text/plain" }))).status).toBe(401);
    expect((await eraImportResponse(test.db, request("ISA", { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }))).status).toBe(415);
    const unreadable = await eraImportResponse(test.db, request("ST*835*0001~BPR*I*1*C*ACH~", { authorization: `Bearer ${TOKEN}`, "content-type": "text/plain" }));
    expect(unreadable.status).toBe(422);
    expect(await unreadable.json()).toEqual({ error: expect.stringMatching(/^segment \d+: /), segment: expect.any(Number) });
  });
});

describe("a late ERA for a closed month", () => {
  it("posts on the first open day after it, and its payments say so", async () => {
    // March 2026 closed, as a close would leave it (the snapshot's rows do not matter here).
    const [snapshot] = await queryRows<{ id: number }>(
      test.db,
      sql`insert into month_snapshot (practice_id, month, closed_by) values (${ids.practice}, '2026-03-01', ${ids.poster}) returning id`,
    );
    await test.db.execute(sql`insert into closed_month (practice_id, month, snapshot_id) values (${ids.practice}, '2026-03-01', ${snapshot!.id})`);
    try {
      const file = era835("LATE1", "180.00", CLAIM_100.map((segment) => segment.replace("PCN100", "PCNLATE")));
      const [late] = await importEraFile(test.db, importer, [file]);
      expect(late).toMatchObject({ status: "posted", exceptions: 0 });
      const rows = await queryRows<{ depositDate: string; paymentDate: string; note: string | null; amountCents: number }>(
        test.db,
        sql`select b.deposit_date::text as "depositDate", r.payment_date::text as "paymentDate", p.note, p.amount_cents as "amountCents"
            from era_remittance r join batch b on b.id = r.batch_id join payment p on p.batch_id = b.id
            where r.trace_number = 'LATE1'`,
      );
      expect(rows).toEqual([{ depositDate: "2026-04-01", paymentDate: "2026-03-10", note: "Paid 2026-03-10; March 2026 is closed", amountCents: 18000 }]);
    } finally {
      await test.db.execute(sql`delete from closed_month where practice_id = ${ids.practice} and month = '2026-03-01'`);
    }
  });
});
