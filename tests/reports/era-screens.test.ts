import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { claim } from "@/db/schema";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { csvChunks } from "@/lib/export/writers";
import { importEraFile, type EraImporter } from "@/lib/posting/era/import";
import { resolveEraException } from "@/lib/posting/era/resolve";
import { eraUploadResponse } from "@/lib/posting/era/upload";
import { eraChargeCandidates, chargeInScope, eraExceptions } from "@/lib/reports/era/exceptions";
import { eraExceptionsExport, eraListExport, eraRemittanceExport } from "@/lib/reports/era/export";
import { eraPayerOptions, eraRemittances } from "@/lib/reports/era/list";
import { eraRemittanceView } from "@/lib/reports/era/remittance";
import { parseEraExceptionsQuery, parseEraListQuery, parseEraRemittanceQuery, type EraListQuery } from "@/lib/reports/era/search-params";
import type { ExportPlan } from "@/lib/export/plan";
import { todayIn } from "@/lib/dates";
import { validateQuery } from "@/lib/url/validators";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";
import { CLAIM_100, era835 } from "../support/era835";

/*
 * The ERA screens (issue 22) against real PostgreSQL, with data brought in by importing 835
 * text: the list's row, the remittance page's claims and balance line, the worklist before
 * and after a resolution, scope (practice, permission, location restriction), the URL's
 * messages, the exports and the upload route. Amounts are worked out by hand from the segments.
 */

let test: TestDatabase;
let poster: Viewer;
let restricted: Viewer;
let auditor: Viewer;
let otherAdmin: Viewer;
let importer: EraImporter;
const ids: Record<string, number> = {};
const TODAY = todayIn("America/Phoenix");

const UNKNOWN_CLAIM = ["CLP*C-999*1*80*50**12*PCN999", "NM1*QC*1*DOE*JANE", "SVC*HC:97110*80*50**1", "DTM*472*20260302", "CAS*CO*45*30"];
const INTEREST = ["PLB*1234567893*20261231*L6:INT1*-2.50"];
// 180.00 + 50.00 − (−2.50)
const FILE_A = era835("EFT100", "232.50", [...CLAIM_100, ...UNKNOWN_CLAIM, ...INTEREST]);
// 180.00 claimed, 999.00 on the check: refused whole, from a payer the practice does not know.
const FILE_REFUSED = era835("EFT300", "999.00", CLAIM_100, { payer: "N1*PR*NEW PAYER CO*XV*NEWP1" });

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "ERA PT", "America/Phoenix");
  ids.practice = practice.practiceId;
  ids.mesa = await practice.location("MESA");
  ids.tempe = await practice.location("TEMPE");
  ids.poster = await practice.user({ email: "poster@test.example", name: "Pat Poster", roles: ["Billing"] });
  ids.restricted = await practice.user({
    email: "restricted@test.example",
    name: "Rita Restricted",
    roles: ["Front Office Billing - EMR Access Restriction"],
    locationIds: [ids.tempe],
  });
  ids.auditor = await practice.user({ email: "auditor@test.example", name: "Otto Auditor", roles: ["Auditor"] });
  ids.acme = await practice.payer("Acme Health");
  await test.db.execute(sql`update payer set edi_payer_id = 'ACME1' where id = ${ids.acme}`);
  const lee = await practice.patient("100900", "Kim", "Lee");
  const doe = await practice.patient("100901", "Jane", "Doe");
  const [c100] = await test.db
    .insert(claim)
    .values({ practiceId: practice.practiceId, claimNumber: "C-100", payerId: ids.acme, patientId: lee, locationId: ids.mesa })
    .returning({ id: claim.id });
  for (const [cptCode, billedCents] of [["97110", 15000], ["97140", 10000]] as const) {
    const chargeId = await practice.charge({ patientId: lee, locationId: ids.mesa, dateOfService: "2026-03-02", cptCode, billedCents, modifiers: "GP" });
    await test.db.execute(sql`update charge set claim_id = ${c100!.id} where id = ${chargeId}`);
  }
  ids.doeCharge = await practice.charge({ patientId: doe, locationId: ids.mesa, dateOfService: "2026-03-02", cptCode: "97110", billedCents: 8000 });
  ids.doeTempe = await practice.charge({ patientId: doe, locationId: ids.tempe, dateOfService: "2026-03-04", cptCode: "97530", billedCents: 6000 });
  poster = await practice.viewer(ids.poster);
  restricted = await practice.viewer(ids.restricted);
  auditor = await practice.viewer(ids.auditor);
  importer = { practiceId: practice.practiceId, userId: ids.poster, timezone: "America/Phoenix" };
  const [posted] = await importEraFile(test.db, importer, [FILE_A], { fileName: "a.835" });
  ids.remittanceA = posted!.remittanceId!;
  const [refused] = await importEraFile(test.db, importer, [FILE_REFUSED], { fileName: "refused.835" });
  ids.remittanceRefused = refused!.remittanceId!;

  const other = await PracticeFixture.create(test.db, "Other PT", "America/Phoenix");
  await other.location("MAIN");
  const otherAdminId = await other.user({ email: "other-admin@test.example", roles: ["Billing Admin"] });
  otherAdmin = await other.viewer(otherAdminId);
  const [otherPosted] = await importEraFile(
    test.db,
    { practiceId: other.practiceId, userId: otherAdminId, timezone: "America/Phoenix" },
    [era835("EFT900", "50.00", UNKNOWN_CLAIM)],
  );
  ids.otherRemittance = otherPosted!.remittanceId!;
});

afterAll(() => test.close());

function listQuery(search: string): EraListQuery {
  const parsed = parseEraListQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

async function csvOf(plan: ExportPlan | null): Promise<string[][]> {
  if (!plan) throw new Error("no plan");
  const parts: Buffer[] = [];
  for await (const chunk of csvChunks({ ...plan, timezone: "America/Phoenix" })) parts.push(Buffer.from(chunk));
  return parse(Buffer.concat(parts).toString(), { bom: true });
}

describe("the ERA URLs", () => {
  it("read filters, with nothing given meaning every import", () => {
    expect(listQuery("")).toEqual({ from: null, to: null, statuses: [], payers: [], page: 1 });
    expect(listQuery("from=2026-03-01&to=2026-03-31&status=posted&payer=4&page=2")).toEqual({
      from: "2026-03-01",
      to: "2026-03-31",
      statuses: ["posted"],
      payers: [4],
      page: 2,
    });
    expect(parseEraExceptionsQuery(new URLSearchParams(""))).toEqual({ ok: true, value: { show: "open", page: 1 } });
  });

  it.each([
    ["/payments/era", "status=paid", `"status" must be one of posted, refused, not "paid".`],
    ["/payments/era/export.csv", "payer=acme", `"payer" must be an id number, not "acme".`],
    ["/payments/era", "from=2026-04-10&to=2026-04-01", `"from" (2026-04-10) is after "to" (2026-04-01).`],
    ["/payments/era/export.xlsx", "from=2026-02-30", `"from" must be a date like 2026-03-31, not "2026-02-30".`],
    ["/payments/era/exceptions", "show=some", `"show" must be one of open, all, not "some".`],
    ["/payments/era/exceptions/export.csv", "page=0", `"page" must be a page number, not "0".`],
    ["/payments/era/abc", "", `"abc" is not a remittance number.`],
    ["/payments/era/abc/export.csv", "", `"abc" is not a remittance number.`],
  ])("%s?%s is refused with a message, in middleware too", (path, search, message) => {
    expect(validateQuery(path, new URLSearchParams(search))).toBe(message);
  });

  it("lets good links and the upload path through middleware", () => {
    expect(validateQuery("/payments/era", new URLSearchParams("status=refused&from=2026-03-01"))).toBeNull();
    expect(validateQuery("/payments/era/12", new URLSearchParams())).toBeNull();
    expect(validateQuery("/payments/era/exceptions", new URLSearchParams("show=all"))).toBeNull();
    expect(validateQuery("/payments/era/upload", new URLSearchParams())).toBeNull();
  });
});

describe("the list of imported remittances", () => {
  it("shows each import newest first, with posted as the batch's sum and the new payer marked", async () => {
    const { rows, remittanceCount } = await eraRemittances(test.db, poster, listQuery(""));
    expect(remittanceCount).toBe(2);
    expect(rows.map((row) => row.traceNumber)).toEqual(["EFT300", "EFT100"]);
    expect(rows[1]).toMatchObject({
      id: ids.remittanceA,
      payer: "Acme Health",
      payerNeedsReview: false,
      traceNumber: "EFT100",
      paymentDate: "2026-03-10",
      amountCents: 23250,
      claims: 2,
      postedCents: 23250,
      openExceptions: 1,
      exceptions: 1,
      status: "posted",
      refusalReason: null,
      batchNumber: `ERA-${ids.remittanceA}`,
      depositDate: "2026-03-10",
      fileName: "a.835",
      importedBy: "Pat Poster",
    });
    expect(rows[0]).toMatchObject({
      payer: "NEW PAYER CO",
      payerNeedsReview: true,
      amountCents: 99900,
      postedCents: null,
      status: "refused",
      batchNumber: null,
      exceptions: 0,
    });
    expect(rows[0]!.refusalReason).toMatch(/\$999\.00/);
    expect(localDay(rows[1]!.importedAt)).toBe(TODAY);
  });

  it("filters by status, payer and the imported day in the practice's timezone", async () => {
    expect((await eraRemittances(test.db, poster, listQuery("status=refused"))).rows.map((r) => r.traceNumber)).toEqual(["EFT300"]);
    expect((await eraRemittances(test.db, poster, listQuery(`payer=${ids.acme}`))).rows.map((r) => r.traceNumber)).toEqual(["EFT100"]);
    expect((await eraRemittances(test.db, poster, listQuery(`from=${TODAY}&to=${TODAY}`))).remittanceCount).toBe(2);
    expect((await eraRemittances(test.db, poster, listQuery("to=2026-01-01"))).remittanceCount).toBe(0);
    expect((await eraPayerOptions(test.db, poster)).map((option) => option.label)).toEqual(["Acme Health", "NEW PAYER CO (new payer, review)"]);
  });

  it("shows another practice nothing of this one, and refuses a viewer who may not post payments", async () => {
    expect((await eraRemittances(test.db, otherAdmin, listQuery(""))).rows.map((r) => r.traceNumber)).toEqual(["EFT900"]);
    await expect(eraRemittances(test.db, auditor, listQuery(""))).rejects.toBeInstanceOf(AccessDenied);
    await expect(eraListExport(test.db, auditor, listQuery(""))).rejects.toBeInstanceOf(AccessDenied);
  });

  it("exports every row of the filters", async () => {
    const records = await csvOf(await eraListExport(test.db, poster, listQuery("status=posted")));
    expect(records[0]!.slice(0, 6)).toEqual(["Payer", "Trace number", "Payment date", "Amount", "Claims", "Posted"]);
    expect(records.slice(1).map((record) => record.slice(0, 6))).toEqual([["Acme Health", "EFT100", "2026-03-10", "232.50", "2", "232.50"]]);
  });
});

function localDay(instant: string): string {
  return new Date(instant).toLocaleDateString("en-CA", { timeZone: "America/Phoenix" });
}

describe("one remittance", () => {
  it("shows it claim by claim with service lines, CAS, the PLB row and the balance line", async () => {
    const view = await eraRemittanceView(test.db, poster, { remittanceId: ids.remittanceA!, page: 1 });
    expect(view!.claims.map(({ detail: _detail, id: _id, ...claimRow }) => claimRow)).toEqual([
      {
        position: 0,
        claimNumber: "C-100",
        statusCode: "1",
        patient: "LEE, KIM",
        chargedCents: 25000,
        paidCents: 18000,
        patientRespCents: 2000,
        payerClaimNumber: "PCN100",
        matchedClaim: "C-100",
        exceptions: 0,
      },
      {
        position: 1,
        claimNumber: "C-999",
        statusCode: "1",
        patient: "DOE, JANE",
        chargedCents: 8000,
        paidCents: 5000,
        patientRespCents: 0,
        payerClaimNumber: "PCN999",
        matchedClaim: "not found",
        exceptions: 1,
      },
    ]);
    expect(view!.claims[0]!.detail.serviceLines[0]).toEqual({
      procedure: "97110",
      modifiers: ["GP"],
      dateOfService: "2026-03-02",
      chargedCents: 15000,
      paidCents: 11000,
      units: 1,
      adjustments: [
        { group: "CO", reason: "45", amountCents: 3000 },
        { group: "PR", reason: "2", amountCents: 1000 },
      ],
    });
    expect(view!.providerAdjustments).toEqual([{ paymentId: expect.any(Number), code: "L6", note: "PLB L6 INT1", amountCents: 250 }]);
    expect(view!.balance).toEqual({
      checkCents: 23250,
      claimsCents: 23000,
      providerAdjustmentsCents: -250,
      line: "Check $232.50 = claims $230.00 − provider adjustments -$2.50",
      controlTotalCents: 23250,
      postedTotalCents: 23250,
      unappliedCents: 5000,
      status: "Balanced",
    });
  });

  it("shows the claims a page at a time, counted whole, while the balance stays the whole check's", async () => {
    const second = await eraRemittanceView(test.db, poster, { remittanceId: ids.remittanceA!, page: 2 });
    expect(second!.claims).toEqual([]);
    expect(second!.claimPage).toEqual({ number: 2, size: 50, pageCount: 1 });
    expect(second!.remittance.claims).toBe(2);
    expect(second!.balance!.postedTotalCents).toBe(23250);
    expect(parseEraRemittanceQuery("7", new URLSearchParams("page=3"))).toEqual({ ok: true, value: { remittanceId: 7, page: 3 } });
    expect(parseEraRemittanceQuery("7", new URLSearchParams("page=0"))).toEqual({ ok: false, message: expect.stringContaining('"page" must be a page number') });
  });

  it("shows a refused remittance with no balance, and exports the claims list", async () => {
    const refused = await eraRemittanceView(test.db, poster, { remittanceId: ids.remittanceRefused!, page: 1 });
    expect(refused).toMatchObject({ claims: [], providerAdjustments: [], balance: null, remittance: { status: "refused" } });
    const records = await csvOf(await eraRemittanceExport(test.db, poster, { remittanceId: ids.remittanceA! }));
    expect(records.map((record) => record.slice(0, 6))).toEqual([
      ["Claim number", "Status", "Patient", "Charged", "Paid", "Patient resp."],
      ["C-100", "Processed as primary", "LEE, KIM", "250.00", "180.00", "20.00"],
      ["C-999", "Processed as primary", "DOE, JANE", "80.00", "50.00", "0.00"],
    ]);
  });

  it("is not found for another practice, refused without postPayments, and names no patient outside a restricted viewer's locations", async () => {
    expect(await eraRemittanceView(test.db, poster, { remittanceId: ids.otherRemittance!, page: 1 })).toBeNull();
    expect(await eraRemittanceView(test.db, otherAdmin, { remittanceId: ids.remittanceA!, page: 1 })).toBeNull();
    expect(await eraRemittanceExport(test.db, poster, { remittanceId: ids.otherRemittance! })).toBeNull();
    await expect(eraRemittanceView(test.db, auditor, { remittanceId: ids.remittanceA!, page: 1 })).rejects.toBeInstanceOf(AccessDenied);
    const seen = await eraRemittanceView(test.db, restricted, { remittanceId: ids.remittanceA!, page: 1 });
    expect(seen!.claims.map((claimRow) => claimRow.patient)).toEqual(["Patient at another location", "Patient at another location"]);
    expect(seen!.balance!.status).toBe("Balanced");
  });
});

describe("the exceptions worklist", () => {
  it("lists the open exception, and resolving it empties the worklist and applies the money", async () => {
    const open = await eraExceptions(test.db, poster, { show: "open", page: 1 });
    expect(open.exceptionCount).toBe(1);
    expect(open.amountCents).toBe(5000);
    expect(open.rows).toEqual([
      {
        id: expect.any(Number),
        remittanceId: ids.remittanceA,
        traceNumber: "EFT100",
        claimNumber: "C-999",
        patient: "DOE, JANE",
        reason: "claim_not_found",
        explanation: "CLP01 C-999 is no claim of the practice.",
        amountCents: 5000,
        createdAt: expect.any(String),
        resolvedAt: null,
        resolvedBy: null,
        resolvedCharge: null,
      },
    ]);
    expect((await eraExceptions(test.db, restricted, { show: "open", page: 1 })).rows[0]!.patient).toBe("Patient at another location");
    expect((await eraExceptions(test.db, otherAdmin, { show: "open", page: 1 })).rows.map((row) => row.traceNumber)).toEqual(["EFT900"]);
    await expect(eraExceptions(test.db, auditor, { show: "open", page: 1 })).rejects.toBeInstanceOf(AccessDenied);

    const candidates = await eraChargeCandidates(test.db, poster, "doe, jane");
    expect(candidates.map(({ chargeId, patient, dateOfService, cptCode, billedCents, claimNumber }) => ({ chargeId, patient, dateOfService, cptCode, billedCents, claimNumber }))).toEqual([
      { chargeId: ids.doeTempe, patient: "Doe, Jane", dateOfService: "2026-03-04", cptCode: "97530", billedCents: 6000, claimNumber: null },
      { chargeId: ids.doeCharge, patient: "Doe, Jane", dateOfService: "2026-03-02", cptCode: "97110", billedCents: 8000, claimNumber: null },
    ]);
    expect((await eraChargeCandidates(test.db, poster, "C-100")).map((c) => c.cptCode)).toEqual(["97140", "97110"]);
    expect((await eraChargeCandidates(test.db, poster, "100900")).length).toBe(2);
    expect((await eraChargeCandidates(test.db, poster, "%")).length).toBe(0);
    // A restricted poster chooses among their own locations' charges only.
    expect((await eraChargeCandidates(test.db, restricted, "doe")).map((c) => c.chargeId)).toEqual([ids.doeTempe]);
    expect(await chargeInScope(test.db, restricted, ids.doeCharge!)).toBe(false);
    expect(await chargeInScope(test.db, otherAdmin, ids.doeCharge!)).toBe(false);

    await resolveEraException(test.db, poster, open.rows[0]!.id, ids.doeCharge!);

    expect((await eraExceptions(test.db, poster, { show: "open", page: 1 })).exceptionCount).toBe(0);
    const all = await eraExceptions(test.db, poster, { show: "all", page: 1 });
    expect(all.rows).toEqual([
      expect.objectContaining({ claimNumber: "C-999", resolvedAt: expect.any(String), resolvedBy: "Pat Poster", resolvedCharge: "97110 on 2026-03-02 for Doe, Jane" }),
    ]);
    const view = await eraRemittanceView(test.db, poster, { remittanceId: ids.remittanceA!, page: 1 });
    expect(view!.balance).toMatchObject({ postedTotalCents: 23250, unappliedCents: 0, status: "Balanced" });
    const [row] = (await eraRemittances(test.db, poster, listQuery("status=posted"))).rows;
    expect(row).toMatchObject({ openExceptions: 0, exceptions: 1, postedCents: 23250 });
    const records = await csvOf(await eraExceptionsExport(test.db, poster, { show: "all", page: 1 }));
    expect(records.map((record) => [record[2], record[4], record[6], record[9]])).toEqual([
      ["Claim number", "Reason", "Amount", "Resolved by"],
      ["C-999", "Claim not found", "50.00", "Pat Poster"],
    ]);
  });
});

describe("POST /payments/era/upload", () => {
  const URL_ = "http://localhost/payments/era/upload";
  const upload = (body: string, headers: Record<string, string>) => new Request(URL_, { method: "POST", body, headers });
  const SAME_SITE = { origin: "http://localhost", "content-type": "text/plain", "x-era-file-name": encodeURIComponent("day 2.835") };

  it("imports the file as the viewer and answers each transaction; the same file again posts nothing", async () => {
    const file = era835("EFT400", "180.00", CLAIM_100.map((segment) => segment.replace("PCN100", "PCN400")));
    const first = await eraUploadResponse(test.db, poster, upload(file, SAME_SITE));
    expect(first.status).toBe(200);
    const { transactions } = (await first.json()) as { transactions: Array<Record<string, unknown>> };
    expect(transactions).toEqual([
      { traceNumber: "EFT400", amount: "180.00", status: "posted", batchNumber: expect.stringMatching(/^ERA-\d+$/), exceptions: 0, reason: null, remittanceId: expect.any(Number) },
    ]);
    const again = await (await eraUploadResponse(test.db, poster, upload(file, SAME_SITE))).json();
    expect(again.transactions[0]).toMatchObject({ status: "already_posted", batchNumber: transactions[0]!.batchNumber });
    const [row] = (await eraRemittances(test.db, poster, listQuery(""))).rows;
    expect(row).toMatchObject({ traceNumber: "EFT400", fileName: "day 2.835", importedBy: "Pat Poster" });
  });

  it("refuses another origin (403), another content type (415), no session (401), no postPayments (403) and an unreadable file (422)", async () => {
    expect((await eraUploadResponse(test.db, poster, upload(FILE_A, { ...SAME_SITE, origin: "https://evil.example" }))).status).toBe(403);
    expect((await eraUploadResponse(test.db, poster, upload(FILE_A, { ...SAME_SITE, "content-type": "application/x-www-form-urlencoded" }))).status).toBe(415);
    expect((await eraUploadResponse(test.db, null, upload(FILE_A, SAME_SITE))).status).toBe(401);
    expect((await eraUploadResponse(test.db, auditor, upload(FILE_A, SAME_SITE))).status).toBe(403);
    const unreadable = await eraUploadResponse(test.db, poster, upload("ST*835*0001~BPR*I*1*C*ACH~", { ...SAME_SITE, "content-type": "application/octet-stream" }));
    expect(unreadable.status).toBe(422);
    expect(await unreadable.json()).toEqual({ error: expect.stringMatching(/^segment \d+: /), segment: expect.any(Number) });
  });
});
