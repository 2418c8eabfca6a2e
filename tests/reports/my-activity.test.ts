import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { myActivityBatches } from "@/lib/reports/my-activity/batches";
import { myActivityBatchByCheck } from "@/lib/reports/my-activity/by-check";
import { myActivityPaymentLines } from "@/lib/reports/my-activity/lines";
import {
  parseMyActivityBatchQuery,
  parseMyActivityQuery,
  validateMyActivityUrl,
  type MyActivityQuery,
} from "@/lib/reports/my-activity/search-params";
import { validateQuery } from "@/lib/url/validators";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * A hand-made ledger in America/Phoenix (UTC-7 all year). Amounts are in cents and every
 * expected total below is worked out by hand from these postings.
 *
 * Pat (the viewer):
 *   B-100  deposit 3/2,  control 300.00: P1 check 5001 Aetna 200.00 (lines 150.00 + 50.00) 3/2 09:00
 *                                        P2 cash  García   100.00 (line 60.00)            3/2 09:30
 *   B-101  deposit 3/3,  control 500.00: P3 EFT777 Medicare 450.00 (line 450.00)          3/3 10:00
 *   B-102  deposit 2/27, control 150.00: P7 check 7001 Humana 150.00 (line 150.00)        3/2 14:00
 *   ERA-1  deposit 3/31, no control:     P4 EFT Cigna 123.45 (line 123.45)                3/31 23:30 (4/1 06:30 UTC)
 *   B-200  deposit 4/1,  no control:     P5 check 6001 Aetna 80.00 (line 70.00)           4/1 08:00
 *   VOID-1 deposit 4/2,  control -200.00: P6 reverses P1, -200.00 (lines -150.00, -50.00) 4/2 09:00
 * Sam (another poster): B-300 (99.00) and one 50.00 payment inside Pat's B-101.
 * Another practice: its own B-100 (777.00) and B-999.
 */

let test: TestDatabase;
let pat: Viewer;
let sam: Viewer;
let auditor: Viewer;
let otherPoster: Viewer;
const ids: Record<string, number> = {};

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "Activity PT", "America/Phoenix");
  const mesa = await practice.location("MESA");
  const patId = await practice.user({ email: "pat@activity.test", name: "Pat Poster", roles: ["Billing"] });
  const samId = await practice.user({ email: "sam@activity.test", name: "Sam Poster", roles: ["Billing"] });
  const auditorId = await practice.user({ email: "audit@activity.test", roles: ["Auditor"] });
  const aetna = await practice.payer("Aetna");
  const medicare = await practice.payer("Medicare Part B", "medicare");
  const humana = await practice.payer("Humana");
  const cigna = await practice.payer("Cigna");
  const adams = await practice.patient("100001", "Bo", "Adams");
  const garcia = await practice.patient("100002", "Ana", "García");
  const charge = (patientId: number, cptCode: string, billedCents: number, modifiers: string | null = "GP") =>
    practice.charge({ patientId, locationId: mesa, dateOfService: "2026-02-10", cptCode, billedCents, modifiers });
  const c1 = await charge(adams, "97110", 20000);
  const c2 = await charge(adams, "97140", 6000);
  const c3 = await practice.charge({
    patientId: garcia,
    locationId: mesa,
    dateOfService: "2026-02-12",
    cptCode: "97530",
    billedCents: 8000,
    modifiers: null,
  });
  const c4 = await charge(adams, "97112", 60000);
  const c5 = await charge(garcia, "97116", 20000);
  const c6 = await charge(garcia, "97110", 10000);
  const c7 = await charge(adams, "97535", 20000);

  const batch = (batchNumber: string, depositDate: string, controlTotalCents: number | null, createdBy = patId) =>
    practice.batch({ batchNumber, depositDate, controlTotalCents, createdBy, locationId: mesa });
  const b100 = await batch("B-100", "2026-03-02", 30000);
  const b101 = await batch("B-101", "2026-03-03", 50000);
  const b102 = await batch("B-102", "2026-02-27", 15000);
  const era1 = await batch("ERA-1", "2026-03-31", null);
  const b200 = await batch("B-200", "2026-04-01", null);
  const void1 = await batch("VOID-1", "2026-04-02", -20000);
  const b300 = await batch("B-300", "2026-03-02", 9900, samId);

  const post = { postedBy: patId, locationId: mesa };
  ids.p1 = await practice.payment({
    ...post,
    batchId: b100,
    payerId: aetna,
    method: "check",
    referenceNumber: "5001",
    amountCents: 20000,
    postedAt: "2026-03-02T09:00:00-07:00",
    depositDate: "2026-03-02",
    lines: [
      { chargeId: c1, paidCents: 15000, adjustmentCents: 5000, adjustmentReason: "CO-45" },
      { chargeId: c2, paidCents: 5000, patientRespCents: 1000 },
    ],
  });
  ids.p2 = await practice.payment({
    ...post,
    batchId: b100,
    patientId: garcia,
    method: "cash",
    amountCents: 10000,
    postedAt: "2026-03-02T09:30:00-07:00",
    depositDate: "2026-03-02",
    lines: [{ chargeId: c3, paidCents: 6000 }],
  });
  ids.p3 = await practice.payment({
    ...post,
    batchId: b101,
    payerId: medicare,
    method: "eft",
    referenceNumber: "EFT777",
    amountCents: 45000,
    postedAt: "2026-03-03T10:00:00-07:00",
    depositDate: "2026-03-03",
    lines: [{ chargeId: c4, paidCents: 45000 }],
  });
  ids.p7 = await practice.payment({
    ...post,
    batchId: b102,
    payerId: humana,
    referenceNumber: "7001",
    amountCents: 15000,
    postedAt: "2026-03-02T14:00:00-07:00",
    depositDate: "2026-02-27",
    lines: [{ chargeId: c7, paidCents: 15000 }],
  });
  ids.p4 = await practice.payment({
    ...post,
    batchId: era1,
    payerId: cigna,
    method: "eft",
    referenceNumber: "EFT900",
    source: "era",
    amountCents: 12345,
    postedAt: "2026-03-31T23:30:00-07:00",
    depositDate: "2026-03-31",
    lines: [{ chargeId: c5, paidCents: 12345 }],
  });
  ids.p5 = await practice.payment({
    ...post,
    batchId: b200,
    payerId: aetna,
    referenceNumber: "6001",
    amountCents: 8000,
    postedAt: "2026-04-01T08:00:00-07:00",
    depositDate: "2026-04-01",
    lines: [{ chargeId: c6, paidCents: 7000 }],
  });
  ids.p6 = await practice.payment({
    ...post,
    batchId: void1,
    payerId: aetna,
    referenceNumber: "5001",
    amountCents: -20000,
    reversesPaymentId: ids.p1,
    postedAt: "2026-04-02T09:00:00-07:00",
    depositDate: "2026-04-02",
    lines: [
      { chargeId: c1, paidCents: -15000, adjustmentCents: -5000, adjustmentReason: "CO-45" },
      { chargeId: c2, paidCents: -5000, patientRespCents: -1000 },
    ],
  });
  await practice.payment({
    postedBy: samId,
    locationId: mesa,
    batchId: b300,
    payerId: aetna,
    referenceNumber: "9001",
    amountCents: 9900,
    postedAt: "2026-03-02T11:00:00-07:00",
    depositDate: "2026-03-02",
    lines: [{ chargeId: c6, paidCents: 2000 }],
  });
  ids.samInB101 = await practice.payment({
    postedBy: samId,
    locationId: mesa,
    batchId: b101,
    payerId: aetna,
    referenceNumber: "9002",
    amountCents: 5000,
    postedAt: "2026-03-03T11:00:00-07:00",
    depositDate: "2026-03-03",
    lines: [{ chargeId: c7, paidCents: 5000 }],
  });

  // B-110 (May 2025, away from the months above): control 100.00, posted over two days.
  const b110 = await batch("B-110", "2025-05-05", 10000);
  for (const [amountCents, postedAt, chargeId] of [
    [6000, "2025-05-05T09:00:00-07:00", c5],
    [4000, "2025-05-06T10:00:00-07:00", c6],
  ] as const) {
    await practice.payment({
      ...post,
      batchId: b110,
      payerId: aetna,
      referenceNumber: `11${amountCents}`,
      amountCents,
      postedAt,
      depositDate: "2025-05-05",
      lines: [{ chargeId, paidCents: amountCents }],
    });
  }

  const other = await PracticeFixture.create(test.db, "Other PT", "America/Phoenix");
  const flag = await other.location("FLAG");
  const otherId = await other.user({ email: "poster@other.test", roles: ["Billing"] });
  const otherPayer = await other.payer("Aetna");
  for (const [batchNumber, amountCents] of [
    ["B-100", 77700],
    ["B-999", 1000],
  ] as const) {
    const batchId = await other.batch({ batchNumber, depositDate: "2026-03-02", createdBy: otherId, controlTotalCents: amountCents });
    await other.payment({
      batchId,
      postedBy: otherId,
      locationId: flag,
      payerId: otherPayer,
      amountCents,
      postedAt: "2026-03-02T10:00:00-07:00",
      depositDate: "2026-03-02",
    });
  }

  pat = await practice.viewer(patId);
  sam = await practice.viewer(samId);
  auditor = await practice.viewer(auditorId);
  otherPoster = await other.viewer(otherId);
});

afterAll(() => test.close());

const range = (by: "deposit" | "posting", from: string, to: string): MyActivityQuery => ({ by, kind: "range", from, to });

describe("myActivityBatches", () => {
  it("gives one line per batch by deposit date, newest first, with hand-worked totals", async () => {
    const { rows, totals, timezone } = await myActivityBatches(test.db, pat, range("deposit", "2026-03-01", "2026-03-31"));
    expect(timezone).toBe("America/Phoenix");
    expect(rows).toEqual([
      {
        batchNumber: "ERA-1",
        depositDate: "2026-03-31",
        firstPostedAt: "2026-04-01T06:30:00.000Z",
        lastPostedAt: "2026-04-01T06:30:00.000Z",
        payments: 1,
        postedTotalCents: 12345,
        appliedCents: 12345,
        unappliedCents: 0,
        controlTotalCents: null,
        differenceCents: null,
        status: "Balanced",
        batchState: "open",
      },
      {
        batchNumber: "B-101",
        depositDate: "2026-03-03",
        firstPostedAt: "2026-03-03T17:00:00.000Z",
        lastPostedAt: "2026-03-03T17:00:00.000Z",
        payments: 1,
        postedTotalCents: 45000,
        appliedCents: 45000,
        unappliedCents: 0,
        controlTotalCents: 50000,
        differenceCents: 5000,
        status: "Out of balance",
        batchState: "open",
      },
      {
        batchNumber: "B-100",
        depositDate: "2026-03-02",
        firstPostedAt: "2026-03-02T16:00:00.000Z",
        lastPostedAt: "2026-03-02T16:30:00.000Z",
        payments: 2,
        postedTotalCents: 30000,
        appliedCents: 26000,
        unappliedCents: 4000,
        controlTotalCents: 30000,
        differenceCents: 0,
        status: "Balanced",
        batchState: "open",
      },
    ]);
    expect(totals).toEqual({
      batchNumber: "Total: 3 batches",
      depositDate: null,
      firstPostedAt: "2026-03-02T16:00:00.000Z",
      lastPostedAt: "2026-04-01T06:30:00.000Z",
      payments: 4,
      postedTotalCents: 87345,
      appliedCents: 83345,
      unappliedCents: 4000,
      controlTotalCents: 80000,
      differenceCents: 5000,
      status: "1 out of balance",
      batchState: null,
      batches: 3,
      outOfBalance: 1,
    });
  });

  it("by posting date takes payments posted in the range whatever their deposit date, first posted at the bottom", async () => {
    const { rows, totals } = await myActivityBatches(test.db, pat, range("posting", "2026-03-01", "2026-03-31"));
    expect(rows.map((row) => row.batchNumber)).toEqual(["ERA-1", "B-101", "B-102", "B-100"]);
    expect(rows[2]).toMatchObject({ depositDate: "2026-02-27", postedTotalCents: 15000, differenceCents: 0, status: "Balanced" });
    expect(totals).toMatchObject({ payments: 5, postedTotalCents: 102345, appliedCents: 98345, unappliedCents: 4000, controlTotalCents: 95000, differenceCents: 5000 });
  });

  it("by deposit date leaves out a batch deposited in another month although posted in this one", async () => {
    const march = await myActivityBatches(test.db, pat, range("deposit", "2026-03-01", "2026-03-31"));
    expect(march.rows.map((row) => row.batchNumber)).not.toContain("B-102");
    const february = await myActivityBatches(test.db, pat, range("deposit", "2026-02-01", "2026-02-28"));
    expect(february.rows.map((row) => row.batchNumber)).toEqual(["B-102"]);
  });

  it("puts a payment posted at 23:30 on the last day of the month in Phoenix in that month, although it is the next day in UTC", async () => {
    const lastDay = await myActivityBatches(test.db, pat, range("posting", "2026-03-31", "2026-03-31"));
    expect(lastDay.rows.map((row) => row.batchNumber)).toEqual(["ERA-1"]);
    expect(lastDay.totals.postedTotalCents).toBe(12345);
    const nextDay = await myActivityBatches(test.db, pat, range("posting", "2026-04-01", "2026-04-01"));
    expect(nextDay.rows.map((row) => row.batchNumber)).toEqual(["B-200"]);
    expect(nextDay.totals.postedTotalCents).toBe(8000);
  });

  it("counts a reversal in the period it was posted in and leaves the original's period as it was", async () => {
    const march = await myActivityBatches(test.db, pat, range("posting", "2026-03-01", "2026-03-31"));
    expect(march.rows.find((row) => row.batchNumber === "B-100")?.postedTotalCents).toBe(30000);
    const april = await myActivityBatches(test.db, pat, range("deposit", "2026-04-01", "2026-04-30"));
    expect(april.rows).toEqual([
      expect.objectContaining({
        batchNumber: "VOID-1",
        postedTotalCents: -20000,
        appliedCents: -20000,
        unappliedCents: 0,
        controlTotalCents: -20000,
        differenceCents: 0,
        status: "Balanced",
      }),
      expect.objectContaining({
        batchNumber: "B-200",
        postedTotalCents: 8000,
        appliedCents: 7000,
        unappliedCents: 1000,
        controlTotalCents: null,
        differenceCents: null,
        status: "Out of balance",
      }),
    ]);
    expect(april.totals).toMatchObject({
      payments: 2,
      postedTotalCents: -12000,
      appliedCents: -13000,
      unappliedCents: 1000,
      controlTotalCents: -20000,
      differenceCents: 0,
      status: "1 out of balance",
    });
  });

  it("counts only the viewer's own payments, even inside a batch another poster also used", async () => {
    const { rows } = await myActivityBatches(test.db, pat, range("deposit", "2026-03-02", "2026-03-03"));
    expect(rows.map((row) => row.batchNumber)).toEqual(["B-101", "B-100"]);
    expect(rows[0]).toMatchObject({ payments: 1, postedTotalCents: 45000 });
    const samRows = await myActivityBatches(test.db, sam, range("deposit", "2026-03-02", "2026-03-03"));
    expect(samRows.rows.map((row) => [row.batchNumber, row.postedTotalCents])).toEqual([
      ["B-101", 5000],
      ["B-300", 9900],
    ]);
  });

  it("balances a batch as a whole when the range holds only the part posted that day", async () => {
    const firstDay = await myActivityBatches(test.db, pat, { by: "posting", kind: "range", from: "2025-05-05", to: "2025-05-05" });
    expect(firstDay.rows).toEqual([
      expect.objectContaining({
        batchNumber: "B-110",
        payments: 1,
        postedTotalCents: 6000,
        appliedCents: 6000,
        unappliedCents: 0,
        controlTotalCents: 10000,
        differenceCents: 0,
        status: "Balanced",
      }),
    ]);
    expect(firstDay.totals).toMatchObject({ outOfBalance: 0, differenceCents: 0 });
    const header = await myActivityBatchByCheck(test.db, pat, "B-110");
    expect(header?.batch).toMatchObject({ postedTotalCents: 10000, differenceCents: 0, status: "Balanced" });
  });

  it("searches one batch by its number, and finds nothing in another poster's batch", async () => {
    const one = await myActivityBatches(test.db, pat, { by: "deposit", kind: "batch", batch: "B-101" });
    expect(one.rows).toHaveLength(1);
    expect(one.totals).toMatchObject({ batches: 1, payments: 1, postedTotalCents: 45000, differenceCents: 5000 });
    const notMine = await myActivityBatches(test.db, pat, { by: "deposit", kind: "batch", batch: "B-300" });
    expect(notMine.rows).toEqual([]);
    expect(notMine.totals).toMatchObject({ batches: 0, payments: 0, postedTotalCents: 0, controlTotalCents: null });
  });

  it("never shows another practice's postings", async () => {
    const { rows } = await myActivityBatches(test.db, otherPoster, range("deposit", "2026-03-01", "2026-03-31"));
    expect(rows.map((row) => [row.batchNumber, row.postedTotalCents])).toEqual([
      ["B-999", 1000],
      ["B-100", 77700],
    ]);
    const mine = await myActivityBatches(test.db, pat, { by: "deposit", kind: "batch", batch: "B-999" });
    expect(mine.rows).toEqual([]);
  });

  it("refuses a viewer without My Payment Activity", async () => {
    await expect(myActivityBatches(test.db, auditor, range("deposit", "2026-03-01", "2026-03-31"))).rejects.toBeInstanceOf(
      AccessDenied,
    );
  });
});

describe("myActivityBatchByCheck", () => {
  it("lists the batch's payments newest first with the All line of batch totals", async () => {
    const result = await myActivityBatchByCheck(test.db, pat, "B-100");
    expect(result).toEqual({
      batch: {
        batchNumber: "B-100",
        depositDate: "2026-03-02",
        controlTotalCents: 30000,
        payments: 2,
        postedTotalCents: 30000,
        appliedCents: 26000,
        unappliedCents: 4000,
        differenceCents: 0,
        status: "Balanced",
        closedAt: null,
        createdBy: pat.userId,
      },
      rows: [
        {
          paymentId: ids.p2,
          reference: "Cash",
          payerOrPatient: "García, Ana",
          method: "Cash",
          amountCents: 10000,
          appliedCents: 6000,
          unappliedCents: 4000,
          postedAt: "2026-03-02T16:30:00.000Z",
        },
        {
          paymentId: ids.p1,
          reference: "5001",
          payerOrPatient: "Aetna",
          method: "Check",
          amountCents: 20000,
          appliedCents: 20000,
          unappliedCents: 0,
          postedAt: "2026-03-02T16:00:00.000Z",
        },
      ],
      totals: {
        paymentId: null,
        reference: "All",
        payerOrPatient: "2 payments",
        method: "",
        amountCents: 30000,
        appliedCents: 26000,
        unappliedCents: 4000,
        postedAt: null,
        payments: 2,
      },
      timezone: "America/Phoenix",
    });
  });

  it("leaves out another poster's payment in the viewer's batch and shows the control-total difference", async () => {
    const result = await myActivityBatchByCheck(test.db, pat, "B-101");
    expect(result?.rows.map((row) => row.paymentId)).toEqual([ids.p3]);
    expect(result?.batch).toMatchObject({ postedTotalCents: 45000, controlTotalCents: 50000, differenceCents: 5000, status: "Out of balance" });
  });

  it("shows a reversal with negative amounts", async () => {
    const result = await myActivityBatchByCheck(test.db, pat, "VOID-1");
    expect(result?.rows).toEqual([expect.objectContaining({ paymentId: ids.p6, amountCents: -20000, appliedCents: -20000, unappliedCents: 0 })]);
  });

  it("gives null for another poster's batch, another practice's batch, and a batch that does not exist", async () => {
    expect(await myActivityBatchByCheck(test.db, pat, "B-300")).toBeNull();
    expect(await myActivityBatchByCheck(test.db, pat, "B-999")).toBeNull();
    expect(await myActivityBatchByCheck(test.db, pat, "NO-SUCH-BATCH")).toBeNull();
    expect((await myActivityBatchByCheck(test.db, otherPoster, "B-100"))?.batch.postedTotalCents).toBe(77700);
  });

  it("refuses a viewer without My Payment Activity", async () => {
    await expect(myActivityBatchByCheck(test.db, auditor, "B-100")).rejects.toBeInstanceOf(AccessDenied);
  });
});

describe("myActivityPaymentLines", () => {
  it("lists every line of the batch by patient and CPT code with totals", async () => {
    const result = await myActivityPaymentLines(test.db, pat, "B-100", "all");
    expect(result?.payment).toBeNull();
    expect(result?.rows).toEqual([
      {
        lineId: expect.any(Number),
        paymentId: ids.p1,
        patient: "Adams, Bo",
        mrn: "100001",
        dateOfService: "2026-02-10",
        cptCode: "97110",
        modifiers: "GP",
        billedCents: 20000,
        paidCents: 15000,
        adjustmentCents: 5000,
        adjustmentReason: "CO-45",
        patientRespCents: 0,
        reference: "5001",
      },
      {
        lineId: expect.any(Number),
        paymentId: ids.p1,
        patient: "Adams, Bo",
        mrn: "100001",
        dateOfService: "2026-02-10",
        cptCode: "97140",
        modifiers: "GP",
        billedCents: 6000,
        paidCents: 5000,
        adjustmentCents: 0,
        adjustmentReason: null,
        patientRespCents: 1000,
        reference: "5001",
      },
      {
        lineId: expect.any(Number),
        paymentId: ids.p2,
        patient: "García, Ana",
        mrn: "100002",
        dateOfService: "2026-02-12",
        cptCode: "97530",
        modifiers: null,
        billedCents: 8000,
        paidCents: 6000,
        adjustmentCents: 0,
        adjustmentReason: null,
        patientRespCents: 0,
        reference: "Cash",
      },
    ]);
    expect(result?.totals).toEqual({
      lineId: null,
      paymentId: null,
      patient: "Total: 3 lines",
      mrn: null,
      dateOfService: null,
      cptCode: null,
      modifiers: null,
      billedCents: 34000,
      paidCents: 26000,
      adjustmentCents: 5000,
      adjustmentReason: null,
      patientRespCents: 1000,
      reference: null,
      lines: 3,
    });
  });

  it("lists one payment's lines", async () => {
    const result = await myActivityPaymentLines(test.db, pat, "B-100", ids.p2!);
    expect(result?.payment).toMatchObject({ paymentId: ids.p2, reference: "Cash", amountCents: 10000 });
    expect(result?.rows.map((row) => [row.patient, row.cptCode, row.paidCents])).toEqual([["García, Ana", "97530", 6000]]);
    expect(result?.totals).toMatchObject({ paidCents: 6000, billedCents: 8000, lines: 1 });
  });

  it("shows a reversal's lines negative", async () => {
    const result = await myActivityPaymentLines(test.db, pat, "VOID-1", "all");
    expect(result?.totals).toMatchObject({ paidCents: -20000, adjustmentCents: -5000, patientRespCents: -1000, lines: 2 });
  });

  it("gives null for a payment outside the batch, another poster's payment, and batches not the viewer's", async () => {
    expect(await myActivityPaymentLines(test.db, pat, "B-100", ids.p3!)).toBeNull();
    expect(await myActivityPaymentLines(test.db, pat, "B-101", ids.samInB101!)).toBeNull();
    expect(await myActivityPaymentLines(test.db, pat, "B-300", "all")).toBeNull();
    expect(await myActivityPaymentLines(test.db, pat, "B-999", "all")).toBeNull();
  });

  it("refuses a viewer without My Payment Activity", async () => {
    await expect(myActivityPaymentLines(test.db, auditor, "B-100", "all")).rejects.toBeInstanceOf(AccessDenied);
  });
});

describe("the My Payment Activity URL", () => {
  const parse = (search: string) => parseMyActivityQuery(new URLSearchParams(search), "2026-03-10");

  it("defaults to deposit dates of today in the practice's timezone", () => {
    expect(parse("")).toEqual({ ok: true, value: { by: "deposit", kind: "range", from: "2026-03-10", to: "2026-03-10" } });
    expect(parse("by=posting&from=2026-03-01&to=2026-03-31")).toEqual({
      ok: true,
      value: { by: "posting", kind: "range", from: "2026-03-01", to: "2026-03-31" },
    });
    expect(parse("batch=B-101")).toEqual({ ok: true, value: { by: "deposit", kind: "batch", batch: "B-101" } });
  });

  it("reads a batch number typed in small letters in capitals, as batch numbers are written", () => {
    expect(parse("batch=b261123-p1-3")).toEqual({ ok: true, value: { by: "deposit", kind: "batch", batch: "B261123-P1-3" } });
  });

  it.each([
    ["from=2026-02-30&to=2026-03-01", '"from" must be a real calendar date written YYYY-MM-DD; "2026-02-30" is not.'],
    ["from=2026-03-01&to=03/31/2026", '"to" must be a real calendar date written YYYY-MM-DD; "03/31/2026" is not.'],
    ["from=2026-03-31&to=2026-03-01", "The start date 3/31/2026 is after the end date 3/1/2026."],
    ["by=check", '"by" must be deposit or posting; "check" is not one of them.'],
    ["from=2025-03-30&to=2026-03-31", "A date range may cover at most 366 days; 3/30/2025–3/31/2026 covers 367."],
    ["batch=B%20100", 'A batch number is 1 to 40 letters, digits and dashes, starting with a letter or digit; "B 100" is not one.'],
    ["batch=-B100", 'A batch number is 1 to 40 letters, digits and dashes, starting with a letter or digit; "-B100" is not one.'],
    ["batch=B-1&from=2026-03-01&to=2026-03-02", "Search by a date range or by a batch number, not both."],
    ["from=2026-03-01", 'Give both "from" and "to" dates (YYYY-MM-DD), or neither to see today.'],
    ["by=deposit&by=posting", '"by" appears more than once in the link; give it once.'],
    ["by=posting&from=9999-12-31&to=9999-12-31", '"from" must be a date from 1900-01-01 to 2999-12-31; "9999-12-31" is not.'],
  ])("refuses %s with a message", (search, message) => {
    expect(parse(search)).toEqual({ ok: false, message });
  });

  it("accepts a range of exactly 366 days", () => {
    expect(parse("from=2025-03-31&to=2026-03-31").ok).toBe(true);
  });

  it("reads a batch drill-down with the report's filters kept for the way back", () => {
    const parsed = parseMyActivityBatchQuery("B-100", new URLSearchParams("view=all&by=posting&from=2026-03-01&to=2026-03-31&x=1"));
    expect(parsed.ok && { ...parsed.value, reportParams: parsed.value.reportParams.toString() }).toEqual({
      batchNumber: "B-100",
      view: "all",
      paymentId: null,
      reportParams: "by=posting&from=2026-03-01&to=2026-03-31",
    });
    expect(parseMyActivityBatchQuery("B-100", new URLSearchParams("payment=42"))).toMatchObject({
      ok: true,
      value: { view: "payment", paymentId: 42 },
    });
    expect(parseMyActivityBatchQuery("B-100", new URLSearchParams("view=lines"))).toEqual({
      ok: false,
      message: '"view" must be check or all; "lines" is not one of them.',
    });
    expect(parseMyActivityBatchQuery("B%20100", new URLSearchParams())).toMatchObject({ ok: false });
    expect(parseMyActivityBatchQuery("B-100", new URLSearchParams("payment=2147483648"))).toEqual({
      ok: false,
      message: '"payment" must be a payment number; "2147483648" is not.',
    });
  });

  it("is registered with the middleware's validators for the report, its drill-downs and its exports", () => {
    const bad = new URLSearchParams("from=2026-04-31&to=2026-05-01");
    const message = '"from" must be a real calendar date written YYYY-MM-DD; "2026-04-31" is not.';
    expect(validateQuery("/payments/my-activity", bad)).toBe(message);
    expect(validateQuery("/payments/my-activity/export.csv", bad)).toBe(message);
    expect(validateQuery("/payments/my-activity/batches/B-100", bad)).toBe(message);
    expect(validateQuery("/payments/my-activity/batches/B!100", new URLSearchParams())).toMatch(/^A batch number is/);
    expect(validateQuery("/payments/my-activity", new URLSearchParams("by=posting"))).toBeNull();
    expect(validateMyActivityUrl(new URLSearchParams("payment=x"), "/payments/my-activity/batches/B-1")).toBe(
      '"payment" must be a payment number; "x" is not.',
    );
  });
});
