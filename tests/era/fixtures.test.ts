import { readdirSync } from "node:fs";
import { isPostable, refusalReason, type EraTransaction } from "@/lib/era";
import { FIXTURES, readFixture } from "./support";

/*
 * Every public sample in ../shared/fixtures/835, with what it must read as written by hand from
 * the file itself (SOURCES.md lists what each one is for). Money is in cents.
 */

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function summary(transaction: EraTransaction) {
  return {
    amount: transaction.payment?.amountCents,
    trace: transaction.traceNumber,
    claims: transaction.claims.length,
    statuses: transaction.claims.map((claim) => claim.status),
    providerAdjustments: transaction.balance?.providerAdjustmentsCents,
    balanced: transaction.balance?.balanced,
    difference: transaction.balance?.differenceCents,
  };
}

const EXPECTED_FIXTURES = [
  "affect-interest-l6-unbalanced.txt",
  "affect-nevada-medicaid-3st.txt",
  "keiron-bcbsnc-no-envelope.txt",
  "lfh-managed-care.835",
  "lfh-medicare-part-a.835",
  "lfh-secondary-payment.835",
  "oopfactory-5010-example1-reversals.txt",
  "pyx12-835id-reversal-correction.835",
];

it("has an expectation below for every fixture in the folder", () => {
  const files = readdirSync(FIXTURES).filter((name) => name !== "SOURCES.md");
  expect(files.sort()).toEqual(EXPECTED_FIXTURES);
});

describe("lfh-medicare-part-a.835: institutional Medicare, one PLB", () => {
  it("balances 150000.00 = 149998.73 − (−1.27)", async () => {
    const file = await readFixture("lfh-medicare-part-a.835");
    const transaction = only(file.transactions);
    expect(summary(transaction)).toEqual({
      amount: 15_000_000,
      trace: "12345",
      claims: 2,
      statuses: ["1", "1"],
      providerAdjustments: -127,
      balanced: true,
      difference: 0,
    });
    expect(transaction.balance?.claimsPaidCents).toBe(14_999_873);
    expect(transaction.payment).toMatchObject({ handlingCode: "C", method: "eft", methodCode: "ACH", date: "2002-09-13", dateSource: "BPR16", segment: 4 });
    expect(transaction.payer).toEqual({ name: "INSURANCE COMPANY OF TIMBUCKTU", id: "999", idSource: "REF*2U" });
    expect(transaction.payee).toEqual({ name: "REGIONAL HOPE HOSPITAL", npi: "6543210903", taxId: null });
    expect(transaction.release).toBe("5010");
    expect(transaction.version).toBe("005010X221A1");
    const [first, second] = transaction.claims;
    expect(first).toMatchObject({
      segment: 15,
      patientControlNumber: "666123",
      chargedCents: 21_136_697,
      paidCents: 13_801_840,
      patientResponsibilityCents: 0,
      filingIndicator: "MA",
      payerClaimControlNumber: "1999999444444",
      patient: { lastName: "JONES", firstName: "SAM", middleName: "O", idQualifier: "HN", id: "666666666A" },
      statementPeriod: { from: "2002-08-16", through: "2002-08-24" },
      adjustments: [{ segment: 16, group: "CO", reason: "45", amountCents: 7_334_857, quantity: null }],
      serviceLines: [],
    });
    expect(second).toMatchObject({ patientControlNumber: "777777", chargedCents: 1_500_000, paidCents: 1_198_033 });
    expect(transaction.providerAdjustments).toEqual([
      { segment: 29, providerId: "6543210903", fiscalPeriodDate: "2002-12-31", reasonCode: "CV", reference: "CP", amountCents: -127 },
    ]);
    expect(isPostable(transaction)).toBe(true);
    expect(transaction.notes).toEqual([]);
    expect(file.notes).toEqual([]);
  });
});

describe("lfh-managed-care.835: patient responsibility and claim-level CAS", () => {
  it("balances 945.00 and takes the payment date from DTM*405, since BPR16 20002316 is no date", async () => {
    const transaction = only((await readFixture("lfh-managed-care.835")).transactions);
    expect(summary(transaction)).toEqual({
      amount: 94_500,
      trace: "7170066655",
      claims: 2,
      statuses: ["1", "1"],
      providerAdjustments: 0,
      balanced: true,
      difference: 0,
    });
    expect(transaction.payment).toMatchObject({ method: "eft", date: "2002-03-14", dateSource: "DTM*405" });
    expect(transaction.notes).toEqual([
      { segment: 4, message: 'BPR16 "20002316" is not a date: the payment date is taken from DTM*405 (2002-03-14)' },
    ]);
    expect(transaction.payer).toEqual({ name: "RUSHMORE LIFE", id: null, idSource: null });
    expect(transaction.payee).toEqual({ name: "ACME MEDICAL CENTER", npi: "5544667733", taxId: "777667755" });
    const claim = transaction.claims[0]!;
    expect(claim).toMatchObject({
      patientControlNumber: "5554555444",
      chargedCents: 80_000,
      paidCents: 45_000,
      patientResponsibilityCents: 30_000,
      payerClaimControlNumber: "94060555410000",
      patient: { lastName: "BUDD", firstName: "WILLIAM", idQualifier: "MI", id: "33344555510" },
      adjustments: [{ group: "CO", reason: "A2", amountCents: 5_000 }],
    });
    expect(claim.serviceLines).toEqual([
      {
        segment: 16,
        procedure: { qualifier: "HC", code: "99211", modifiers: [] },
        chargedCents: 80_000,
        paidCents: 50_000,
        revenueCode: null,
        units: 1,
        originalProcedure: null,
        originalUnits: null,
        serviceDates: { from: "2002-03-01", through: "2002-03-04" },
        lineItemControlNumber: null,
        adjustments: [{ segment: 19, group: "PR", reason: "1", amountCents: 30_000, quantity: null }],
      },
    ]);
    expect(transaction.claims[1]!.serviceLines[0]!.adjustments.map((a) => [a.group, a.reason, a.amountCents])).toEqual([
      ["PR", "1", 60_000],
      ["CO", "45", 5_000],
    ]);
    expect(isPostable(transaction)).toBe(true);
  });
});

describe("lfh-secondary-payment.835: a paper check, secondary claims, SVC written with '>' under ISA16 ':'", () => {
  it("balances 1222.00 and splits HC>12345>26 into code and modifier", async () => {
    const transaction = only((await readFixture("lfh-secondary-payment.835")).transactions);
    expect(summary(transaction)).toEqual({
      amount: 122_200,
      trace: "0012524965",
      claims: 2,
      statuses: ["2", "2"],
      providerAdjustments: 0,
      balanced: true,
      difference: 0,
    });
    // Its BPR has 15 elements: no BPR16.
    expect(transaction.payment).toMatchObject({ method: "check", methodCode: "CHK", date: "2005-04-12", dateSource: "DTM*405" });
    expect(transaction.payee).toEqual({ name: "ACME MEDICAL CENTER", npi: null, taxId: "599944521" });
    const [first, second] = transaction.claims;
    expect(first).toMatchObject({
      patientControlNumber: "L0004828311",
      chargedCents: 1_032_364,
      paidCents: 91_200,
      adjustments: [{ group: "OA", reason: "23", amountCents: 941_164 }],
      patient: { lastName: "TOWNSEND", firstName: "WILLIAM", middleName: "P", id: "XXX123456789" },
      serviceLines: [],
    });
    expect(second).toMatchObject({ patientControlNumber: "0001000053", chargedCents: 75_150, paidCents: 31_000, patientResponsibilityCents: 22_000 });
    expect(second!.serviceLines.map((line) => [line.procedure, line.chargedCents, line.paidCents, line.revenueCode, line.units, line.serviceDates])).toEqual([
      [{ qualifier: "HC", code: "12345", modifiers: ["26"] }, 16_650, 3_000, null, 1, { from: "2005-01-06", through: "2005-01-06" }],
      [{ qualifier: "HC", code: "66543", modifiers: ["26"] }, 58_500, 28_000, "220", 1, { from: "2005-01-06", through: "2005-01-06" }],
    ]);
    expect(second!.serviceLines[1]!.adjustments.map((a) => `${a.group}-${a.reason} ${a.amountCents}`)).toEqual(["PR-1 15000", "PR-2 7000", "CO-42 8500"]);
    expect(transaction.refusals).toEqual([]);
  });
});

describe("affect-nevada-medicaid-3st.txt: one line, ISA not fixed-width, three transactions", () => {
  it("reads two $0 denials and a check paid entirely by PLB, all balanced", async () => {
    const file = await readFixture("affect-nevada-medicaid-3st.txt");
    expect(file.transactions.map(summary)).toEqual([
      { amount: 0, trace: "100004762", claims: 1, statuses: ["4"], providerAdjustments: 0, balanced: true, difference: 0 },
      { amount: 0, trace: "100004765", claims: 2, statuses: ["2", "4"], providerAdjustments: 0, balanced: true, difference: 0 },
      { amount: 181_227, trace: "000012382", claims: 0, statuses: [], providerAdjustments: -181_227, balanced: true, difference: 0 },
    ]);
    expect(file.transactions.map((t) => [t.index, t.controlNumber, t.segment, t.endSegment])).toEqual([
      [1, "0001", 3, 24],
      [2, "0002", 25, 53],
      [3, "0003", 54, 65],
    ]);
    expect(file.transactions.map((t) => [t.payment?.handlingCode, t.payment?.method])).toEqual([
      ["H", "none"],
      ["H", "none"],
      ["I", "check"],
    ]);
    const denial = file.transactions[0]!.claims[0]!;
    expect(denial).toMatchObject({
      patientControlNumber: "77777777",
      chargedCents: 7_223_200,
      paidCents: 0,
      patient: { lastName: "TOM", firstName: "SMITH", idQualifier: "MR", id: "77777777777" },
      statementPeriod: { from: "2018-03-14", through: "2018-03-17" },
    });
    expect(denial.adjustments.map((a) => [a.group, a.reason, a.amountCents, a.quantity])).toEqual([
      ["OA", "147", 5_001_600, 0],
      ["CO", "26", 2_221_600, 0],
    ]);
    expect(file.transactions[2]!.providerAdjustments.map((a) => [a.reasonCode, a.reference, a.amountCents])).toEqual([
      ["CT", "888888888", -109_246],
      ["CT", "888888888", -71_981],
      ["CS", "8888888888887", -18_155],
      ["CS", "8888888888887", 18_155],
      ["CS", "8888888888888", -13_000],
      ["CS", "8888888888888", 13_000],
    ]);
    expect(file.transactions.every(isPostable)).toBe(true);
    expect(file.notes).toEqual([{ segment: 67, message: 'IEA02 is "100000301", but ISA13 (segment 1): "100000300"' }]);
  });
});

describe("affect-interest-l6-unbalanced.txt: placeholders, a stray segment, ISA16 '>'", () => {
  it("refuses both transactions, the first off by $5.00 and the second by −$10.30, naming each bad segment", async () => {
    const file = await readFixture("affect-interest-l6-unbalanced.txt");
    expect(file.transactions.map(summary)).toEqual([
      { amount: 178, trace: "081000607720126", claims: 2, statuses: ["2", "2"], providerAdjustments: 500, balanced: false, difference: 500 },
      { amount: 14_113, trace: "081000607720039", claims: 4, statuses: ["1", "2", "2", "2"], providerAdjustments: -1_030, balanced: false, difference: -1_030 },
    ]);
    const [first, second] = file.transactions;
    expect(first!.providerAdjustments).toMatchObject([{ reasonCode: "resnCode", reference: "adjID", amountCents: 500 }]);
    expect(first!.payer).toEqual({ name: "WSFG - BENEFITStest", id: "31048", idSource: "REF*2U" });
    expect(first!.refusals).toEqual([
      { segment: 4, message: "BPR02 $1.78 ≠ claims $1.78 − provider adjustments $5.00 = -$3.22 (difference $5.00)" },
      { segment: 23, message: 'CAS01 "grp_code" is not an adjustment group (CO, CR, OA, PI, PR)' },
      { segment: 38, message: 'CAS01 "grp_code" is not an adjustment group (CO, CR, OA, PI, PR)' },
    ]);
    expect(second!.providerAdjustments).toMatchObject([{ reasonCode: "L6", reference: null, amountCents: -1_030 }]);
    expect(refusalReason(second!)).toBe(
      "segment 59: BPR02 $141.13 ≠ claims $141.13 − provider adjustments -$10.30 = $151.43 (difference -$10.30); " +
        'segment 165: "resnCode>adjID>5***" is not an X12 segment',
    );
    // Its SE01 counts are wrong too, which is only a note.
    expect(second!.notes).toEqual([{ segment: 166, message: 'SE01 says "96" segments; the transaction has 109' }]);
    // ISA16 is '>' here, so SVC01 splits on it.
    expect(second!.claims[1]!.serviceLines[0]!.procedure).toEqual({ qualifier: "HC", code: "99214", modifiers: ["25", "CR"] });
  });
});

describe("keiron-bcbsnc-no-envelope.txt: ST…SE with no ISA/GS", () => {
  it("reads with assumed delimiters, balances 1922.86, and keeps the payer's restated code (SVC06)", async () => {
    const file = await readFixture("keiron-bcbsnc-no-envelope.txt");
    const transaction = only(file.transactions);
    expect(summary(transaction)).toEqual({
      amount: 192_286,
      trace: "02790758",
      claims: 1,
      statuses: ["1"],
      providerAdjustments: 0,
      balanced: true,
      difference: 0,
    });
    expect(transaction.release).toBeNull();
    expect(transaction.payment).toMatchObject({ method: "check", date: "2011-01-08" });
    expect(transaction.payee).toEqual({ name: "XYZ HEALTHCARE CORPORATION", npi: "0987654321", taxId: "123456789" });
    const claim = transaction.claims[0]!;
    expect(claim).toMatchObject({
      patientControlNumber: "200200964A52",
      chargedCents: 210_000,
      paidCents: 192_286,
      patientResponsibilityCents: 14_254,
      payerClaimControlNumber: "94151100100",
      patient: { lastName: "Dough", firstName: "Mary", id: "YPB123456789001" },
    });
    expect(claim.serviceLines.map((line) => [line.procedure.code, line.chargedCents, line.paidCents, line.originalProcedure?.code ?? null, line.lineItemControlNumber])).toEqual([
      ["59430", 121_000, 105_786, "59410", "0001"],
      ["59440", 89_000, 86_500, "59410", "0002"],
      ["59426", 0, 0, null, "0003"],
    ]);
    expect(claim.serviceLines[0]!.serviceDates).toEqual({ from: "2010-12-31", through: "2010-12-31" });
    // The third SVC has its amounts shifted out of SVC02/SVC03, and SE01 says 33 for 32 segments: notes only.
    expect(transaction.notes).toEqual([
      { segment: 28, message: "SVC02 (the line charge) is empty: read as $0.00" },
      { segment: 28, message: "SVC03 (the line payment) is empty: read as $0.00" },
      { segment: 32, message: 'SE01 says "33" segments; the transaction has 32' },
    ]);
    expect(isPostable(transaction)).toBe(true);
    expect(file.notes).toEqual([{ segment: 1, message: 'no ISA envelope: the delimiters are taken from the first segment, with ":" assumed for components' }]);
  });
});

describe("oopfactory-5010-example1-reversals.txt: BOM, CRLF, indented segments", () => {
  it("reads nine claims with reversals and refuses the transaction off by −$1.27", async () => {
    const transaction = only((await readFixture("oopfactory-5010-example1-reversals.txt")).transactions);
    expect(summary(transaction)).toEqual({
      amount: 575,
      trace: "A04B001017.07504",
      claims: 9,
      statuses: ["1", "4", "4", "2", "4", "1", "25", "22", "22"],
      providerAdjustments: -127,
      balanced: false,
      difference: -127,
    });
    expect(transaction.balance).toMatchObject({ claimsPaidCents: 575, expectedCents: 702 });
    expect(refusalReason(transaction)).toBe("segment 4: BPR02 $5.75 ≠ claims $5.75 − provider adjustments -$1.27 = $7.02 (difference -$1.27)");
    // GS08 says 5010 although ISA12 says 00401.
    expect(transaction.release).toBe("5010");
    expect(transaction.payment).toMatchObject({ handlingCode: "H", method: "none", date: "2004-03-15" });
    const reversal = transaction.claims[7]!;
    expect(reversal).toMatchObject({ patientControlNumber: "123456", chargedCents: -4_258, paidCents: -4_258 });
    expect(reversal.serviceLines[0]).toMatchObject({ procedure: { code: "H0036", modifiers: ["GT", "UK"] }, units: -2 });
    expect(reversal.serviceLines[0]!.adjustments.map((a) => `${a.group}-${a.reason}`)).toEqual(["CR-141", "CR-42", "CR-22", "OA-141"]);
    expect(transaction.claims[0]!.serviceLines[0]!.procedure).toEqual({ qualifier: "HC", code: "H0005", modifiers: ["HF", "H9"] });
    expect(transaction.claims[2]!.serviceLines[0]!.units).toBe(1.9);
    expect(transaction.payee?.name).toBe("LAKE AREA RECOVERY CENTER");
    expect(transaction.notes).toEqual([]);
  });
});

describe("pyx12-835id-reversal-correction.835: 4010, a reversal and its correction", () => {
  it("reads the pair for the same claim and refuses the transaction with its difference stated", async () => {
    const transaction = only((await readFixture("pyx12-835id-reversal-correction.835")).transactions);
    expect(summary(transaction)).toEqual({
      amount: 595_021,
      trace: "0004926",
      claims: 3,
      statuses: ["22", "1", "22"],
      providerAdjustments: -97_794,
      balanced: false,
      difference: 548_252,
    });
    expect(transaction.release).toBe("4010");
    expect(transaction.version).toBe("004010X091A1");
    expect(transaction.balance).toMatchObject({ claimsPaidCents: -51_025, expectedCents: 46_769 });
    expect(transaction.refusals).toEqual([
      { segment: 4, message: "BPR02 $5,950.21 ≠ claims -$510.25 − provider adjustments -$977.94 = $467.69 (difference $5,482.52)" },
    ]);
    const [reversal, correction] = transaction.claims;
    expect([reversal!.patientControlNumber, reversal!.payerClaimControlNumber]).toEqual([correction!.patientControlNumber, correction!.payerClaimControlNumber]);
    expect(reversal).toMatchObject({ chargedCents: -31_000, paidCents: -21_000, patient: { lastName: "Flintstone", idQualifier: "34" } });
    expect(reversal!.serviceLines[0]).toMatchObject({
      procedure: { qualifier: "HC", code: "T1017", modifiers: [] },
      units: 6,
      serviceDates: { from: "2008-01-11", through: null },
      adjustments: [{ group: "CR", reason: "45", amountCents: -10_000 }],
    });
    expect(correction!.serviceLines[0]!.adjustments).toMatchObject([{ group: "CR", reason: "45", amountCents: 10_000 }]);
    expect(transaction.claims[2]!.serviceLines[0]!.procedure.modifiers).toEqual(["TG"]);
    expect(transaction.providerAdjustments.map((a) => [a.reasonCode, a.amountCents])).toEqual([
      ["CS", -100_810],
      ["CS", 2_421],
      ["CS", 595],
    ]);
    expect(transaction.payee).toEqual({ name: "Provider 1", npi: null, taxId: "382999999" });
    expect(transaction.notes).toEqual([]);
  });
});
