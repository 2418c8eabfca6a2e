import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { csvChunks, xlsxChunks } from "@/lib/export/writers";
import { closeMonth } from "@/lib/month-end/close";
import { ledgerMonth } from "@/lib/month-end/month";
import { breakdownExport } from "@/lib/reports/month-end/export";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, closeBatch, type MonthEndWorld } from "./world";

/* The breakdown's files: the page's lines and a total, each with the snapshot's time and who closed the month. */

let test: TestDatabase;
let w: MonthEndWorld;
let closedAt: string;

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
  const batch = await w.practice.batch({ batchNumber: "B-E", depositDate: "2025-07-31", createdBy: w.poster, controlTotalCents: 7550 });
  await w.practice.payment({ batchId: batch, postedBy: w.poster, postedAt: "2025-07-31T16:00:00-07:00", locationId: w.mesa, amountCents: 5050, depositDate: "2025-07-31", payerId: w.aetna, method: "eft" });
  await w.practice.payment({ batchId: batch, postedBy: w.rcm, postedAt: "2025-07-31T16:05:00-07:00", locationId: w.tempe, amountCents: 2500, depositDate: "2025-07-31", patientId: w.patient, method: "cash" });
  await closeBatch(test.db, batch, w.admin);
  ({ closedAt } = await closeMonth(test.db, w.viewers.admin, "2025-07", {}));
});

afterAll(() => test.close());

async function collect(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

const query = { month: ledgerMonth("2025-07")!, groups: ["method" as const], variant: null };

it("writes a CSV of the lines and a total, stamped with the snapshot's time and closer", async () => {
  const plan = await breakdownExport(test.db, w.viewers.admin, query);
  const records: string[][] = parse((await collect(csvChunks({ ...plan, timezone: "America/Phoenix" }))).toString(), { bom: true });
  const frozenAt = new Date(closedAt).getTime();
  expect(records.map((record) => record.slice(0, 8).concat(record[8] ? [record[8]] : []))).toEqual([
    ["Method", "Payments (frozen)", "Posted total (frozen)", "Payments (live)", "Posted total (live)", "Difference (live − frozen)", "Frozen vs live", "Frozen at", "Closed by"],
    ["Cash", "1", "25.00", "1", "25.00", "0.00", "Equal", expect.any(String), "Ada Admin"],
    ["EFT", "1", "50.50", "1", "50.50", "0.00", "Equal", expect.any(String), "Ada Admin"],
    ["Total", "2", "75.50", "2", "75.50", "0.00", "Equal", expect.any(String), "Ada Admin"],
  ]);
  // The snapshot's instant, in the practice's zone, to the second.
  expect(Math.abs(Date.parse(records[1]![7]!) - frozenAt)).toBeLessThan(1000);
  expect(plan.filenameParts).toEqual(["month-end", "2025-07", "full-access", "method"]);
  expect(plan.rowCount).toBe(3);
});

it("writes the same as .xlsx, and a standard viewer's file leaves RCM staff out", async () => {
  const plan = await breakdownExport(test.db, w.viewers.poster, query);
  const workbook = new ExcelJS.Workbook();
  const file = await collect(xlsxChunks({ ...plan, timezone: "America/Phoenix" }, plan.sheetName));
  await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  expect(rows.map((row) => [row[0], row[1], row[2], row[6], row[8]])).toEqual([
    ["Method", "Payments (frozen)", "Posted total (frozen)", "Frozen vs live", "Closed by"],
    ["EFT", 1, 50.5, "Equal", "Ada Admin"],
    ["Total", 1, 50.5, "Equal", "Ada Admin"],
  ]);
  expect(rows[1]![7]).toBeInstanceOf(Date);
});
