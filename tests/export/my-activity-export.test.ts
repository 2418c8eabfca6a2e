import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { myActivityBatchesExport, myActivityBatchExport } from "@/lib/reports/my-activity/export";
import { csvChunks, xlsxChunks } from "@/lib/export/writers";
import type { Viewer } from "@/lib/access/viewer";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

let test: TestDatabase;
let poster: Viewer;
let otherPoster: Viewer;

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db);
  const mesa = await practice.location("MESA");
  const posterId = await practice.user({ email: "poster@test.example", roles: ["Billing"] });
  const otherId = await practice.user({ email: "other@test.example", roles: ["Billing"] });
  const aetna = await practice.payer("Aetna");
  const patient = await practice.patient("100234", "=cmd|' /C calc'!A0", "Nuñez, Jr.");
  const charge = await practice.charge({ patientId: patient, locationId: mesa, dateOfService: "2026-02-20", cptCode: "97110", billedCents: 10400 });
  const early = await practice.batch({ batchNumber: "B-1", depositDate: "2026-03-02", createdBy: posterId, controlTotalCents: 15000 });
  const late = await practice.batch({ batchNumber: "B-2", depositDate: "2026-03-03", createdBy: posterId, controlTotalCents: 2000 });
  const base = { postedBy: posterId, locationId: mesa, payerId: aetna };
  await practice.payment({ ...base, batchId: early, amountCents: 10000, postedAt: "2026-03-02T09:00:00-07:00", depositDate: "2026-03-02", referenceNumber: "1001", lines: [{ chargeId: charge, paidCents: 6000, adjustmentCents: 4400, adjustmentReason: "CO-45" }] });
  await practice.payment({ ...base, batchId: early, amountCents: 5000, postedAt: "2026-03-02T09:05:00-07:00", depositDate: "2026-03-02", referenceNumber: "-1002" });
  await practice.payment({ ...base, batchId: late, amountCents: 2500, postedAt: "2026-03-03T10:00:00-07:00", depositDate: "2026-03-03", referenceNumber: "1003" });
  poster = await practice.viewer(posterId);
  otherPoster = await practice.viewer(otherId);
});

afterAll(() => test.close());

async function collect(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

describe("My Payment Activity export", () => {
  it("writes the batch lines newest first and the totals line, as on screen", async () => {
    const plan = await myActivityBatchesExport(test.db, poster, { by: "deposit", kind: "range", from: "2026-03-01", to: "2026-03-31" });
    const records: string[][] = parse((await collect(csvChunks({ ...plan, timezone: poster.timezone }))).toString(), { bom: true });
    expect(records.map((r) => [r[0], r[1], r[4], r[5], r[6], r[7], r[8], r[9], r[10]])).toEqual([
      ["Batch", "Deposit date", "Payments", "Posted total", "Applied", "Unapplied", "Control total", "Difference", "Balance"],
      ["B-2", "2026-03-03", "1", "25.00", "0.00", "25.00", "20.00", "-5.00", "Out of balance"],
      ["B-1", "2026-03-02", "2", "150.00", "60.00", "90.00", "150.00", "0.00", "Balanced"],
      ["Total: 2 batches", "", "3", "175.00", "60.00", "115.00", "170.00", "-5.00", "1 out of balance"],
    ]);
    expect(records[2]![2]).toBe("2026-03-02T09:00:00-07:00");
    expect(plan.filenameParts).toEqual(["my-payment-activity", "deposit", "2026-03-01", "2026-03-31"]);
  });

  it("writes By Check with the All line, and the lines by patient with formulas made inert", async () => {
    const byCheck = await myActivityBatchExport(test.db, poster, { batchNumber: "B-1", view: "check", paymentId: null, reportParams: new URLSearchParams() });
    const checks: string[][] = parse((await collect(csvChunks({ ...byCheck!, timezone: poster.timezone }))).toString(), { bom: true });
    expect(checks.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ["Reference no.", "Amount", "Applied", "Unapplied"],
      ["All", "150.00", "60.00", "90.00"],
      ["'-1002", "50.00", "0.00", "50.00"],
      ["1001", "100.00", "60.00", "40.00"],
    ]);
    const lines = await myActivityBatchExport(test.db, poster, { batchNumber: "B-1", view: "all", paymentId: null, reportParams: new URLSearchParams() });
    const file = await collect(xlsxChunks({ ...lines!, timezone: poster.timezone }, lines!.sheetName));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe("Nuñez, Jr., =cmd|' /C calc'!A0");
    expect(sheet.getRow(2).getCell(7).value).toBe(60);
    expect(sheet.getRow(2).getCell(8).value).toBe(44);
    expect(sheet.getRow(3).getCell(7).value).toBe(60);
  });

  it("has nothing for a batch the user did not post", async () => {
    expect(
      await myActivityBatchExport(test.db, otherPoster, { batchNumber: "B-1", view: "check", paymentId: null, reportParams: new URLSearchParams() }),
    ).toBeNull();
  });
});
