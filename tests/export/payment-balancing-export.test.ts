import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import { paymentBalancingExport } from "@/lib/reports/payment-balancing/export";
import { exportFilename } from "@/lib/export/plan";
import { csvChunks, xlsxChunks } from "@/lib/export/writers";
import { centsToDecimalString } from "@/lib/money";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery, type PaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { openTestDatabase, type TestDatabase } from "../support/database";

let test: TestDatabase;
let admin: Viewer;
let restricted: Viewer;

async function viewerOf(email: string): Promise<Viewer> {
  const [user] = await queryRows<{ id: number; practice_id: number }>(
    test.db,
    sql`select id, practice_id from app_user where email = ${email}`,
  );
  return (await loadViewer(test.db, user!.id, user!.practice_id))!;
}

beforeAll(async () => {
  test = await openTestDatabase();
  await seedDemoData(test.db, { paymentLines: 4000, months: 2, endDate: "2026-03-31" });
  admin = await viewerOf("admin@demo-pt.test");
  restricted = await viewerOf("restricted@demo-pt.test");
});

afterAll(() => test.close());

function query(url: string): PaymentBalancingQuery {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(url), { today: "2026-03-31" });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

async function collect(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function csvOf(viewer: Viewer, variant: "standard" | "full-access", url: string): Promise<string[][]> {
  const plan = await paymentBalancingExport(test.db, viewer, variant, query(url));
  const text = (await collect(csvChunks({ columns: plan.columns, batches: plan.batches, timezone: viewer.timezone }))).toString();
  return parse(text, { bom: true });
}

const money = (cents: number) => centsToDecimalString(cents);

describe("Payment Balancing export", () => {
  it("ungrouped: every payment of the result in grid order, then the grand total", async () => {
    const url = "from=2026-03-01&to=2026-03-31&sort=amount:desc";
    const report = await paymentBalancing(test.db, admin, "standard", query(url), { allRows: true });
    const records = await csvOf(admin, "standard", url);
    expect(records[0]).toEqual([
      "Total", "Payments", "Payment", "Reverses payment", "Deposit date", "Posted", "Poster", "Batch", "Location", "Payer or patient",
      "Payer type", "Method", "Reference no.", "Amount", "Applied", "Unapplied", "Source", "Batch state",
    ]);
    const body = records.slice(1, -1);
    expect(body.length).toBe(report.grandTotal.paymentCount);
    expect(body.map((r) => r[2])).toEqual(report.rows.map((r) => String(r.id)));
    expect(body.map((r) => r[7])).toEqual(report.rows.map((r) => r.batchNumber));
    expect(body.map((r) => r[13])).toEqual(report.rows.map((r) => money(r.amountCents)));
    expect(records.at(-1)!.slice(0, 2)).toEqual(["Grand total", String(report.grandTotal.paymentCount)]);
    expect(records.at(-1)!.slice(13, 16)).toEqual([
      money(report.grandTotal.amountCents),
      money(report.grandTotal.appliedCents),
      money(report.grandTotal.unappliedCents),
    ]);
  });

  it("names each payment as the grid does, a void with the payment it reverses", async () => {
    const [voided] = await queryRows<{ id: number; originalId: number; depositDate: string }>(
      test.db,
      sql`select id, reverses_payment_id as "originalId", to_char(deposit_date, 'YYYY-MM-DD') as "depositDate"
          from payment where reverses_payment_id is not null order by id limit 1`,
    );
    expect(voided).toBeDefined();
    const records = await csvOf(admin, "full-access", `from=${voided!.depositDate}&to=${voided!.depositDate}`);
    const voidRecord = records.find((r) => r[2] === String(voided!.id));
    expect(voidRecord?.[3]).toBe(String(voided!.originalId));
    const others = records.slice(1, -1).filter((r) => r !== voidRecord);
    expect(others.every((r) => /^\d+$/.test(r[2]!))).toBe(true);
  });

  it("grouped two levels: group rows with ROLLUP sums before their payments, totals that add up", async () => {
    const url = "from=2026-03-01&to=2026-03-31&group=poster&group=method";
    const report = await paymentBalancing(test.db, admin, "full-access", query(url), { allRows: true, expandAll: true });
    const records = (await csvOf(admin, "full-access", url)).slice(1);
    const groupRecords = records.filter((r) => r[0] !== "" && r[0] !== "Grand total");
    expect(groupRecords.map((r) => [r[0]!.trim(), r[1], r[13]])).toEqual(
      report.groups.map((g) => [expect.stringContaining(": "), String(g.paymentCount), money(g.amountCents)]),
    );
    const payments = records.filter((r) => r[0] === "");
    expect(payments.length).toBe(report.grandTotal.paymentCount);
    // Each first-level group is followed by exactly its own payments (and sub-groups).
    let currentPoster = "";
    for (const record of records) {
      if (record[0]!.startsWith("Poster: ")) currentPoster = record[0]!.slice("Poster: ".length);
      else if (record[0] === "") expect(record[6]).toBe(currentPoster);
    }
    const cents = (text: string) => Math.round(Number(text) * 100);
    const posterRows = records.filter((r) => r[0]!.startsWith("Poster: "));
    const grand = records.at(-1)!;
    expect(posterRows.reduce((sum, r) => sum + cents(r[13]!), 0)).toBe(cents(grand[13]!));
    expect(payments.reduce((sum, r) => sum + cents(r[13]!), 0)).toBe(cents(grand[13]!));
    expect(cents(grand[13]!)).toBe(report.grandTotal.amountCents);
  });

  it("xlsx holds the same rows as numeric cells that add up to the grand total", async () => {
    const url = "from=2026-03-01&to=2026-03-31&group=location";
    const plan = await paymentBalancingExport(test.db, admin, "standard", query(url));
    const file = await collect(xlsxChunks({ columns: plan.columns, batches: plan.batches, timezone: admin.timezone }, plan.sheetName));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const sheet = workbook.getWorksheet("Payment Balancing")!;
    const report = await paymentBalancing(test.db, admin, "standard", query(url), { allRows: true, expandAll: true });
    expect(sheet.rowCount).toBe(1 + report.groups.length + report.grandTotal.paymentCount + 1);
    let paymentCents = 0;
    sheet.eachRow((row, index) => {
      if (index > 1 && !row.getCell(1).value) paymentCents += Math.round((row.getCell(14).value as number) * 100);
    });
    expect(paymentCents).toBe(report.grandTotal.amountCents);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBe("Grand total");
    expect(Math.round((last.getCell(14).value as number) * 100)).toBe(report.grandTotal.amountCents);
  });

  it("a restricted user's export holds only their locations, and asking for another is refused", async () => {
    const records = (await csvOf(restricted, "standard", "from=2026-03-01&to=2026-03-31")).slice(1, -1);
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r[8]))).toEqual(new Set(["Mesa Clinic"]));
    const [tempe] = await queryRows<{ id: number }>(test.db, sql`select id from location where code = 'TEMPE'`);
    await expect(
      paymentBalancingExport(test.db, restricted, "standard", query(`from=2026-03-01&to=2026-03-31&location=${tempe!.id}`)),
    ).rejects.toThrow(/EMR locations/);
  });

  it("names the file by report, variant, date basis and range", () => {
    expect(exportFilename(["payment-balancing", "full-access", "deposit", "2026-03-01", "2026-03-31"], "csv")).toBe(
      "payment-balancing_full-access_deposit_2026-03-01_2026-03-31.csv",
    );
  });

  it("writes a posting time to the millisecond the grid shows, its microseconds cut off, not rounded", async () => {
    // Postings get now(), which has microseconds; this one is 0.4 ms before the next second.
    await test.db.execute(sql`
      insert into payment (practice_id, batch_id, location_id, payer_id, patient_id, method, reference_number,
                           amount_cents, deposit_date, posted_at, posted_by, source)
      select practice_id, batch_id, location_id, payer_id, patient_id, method, 'MICROS-1',
             1234, deposit_date, '2026-03-15 23:59:59.999600+00', posted_by, source
      from payment p
      where p.deposit_date between '2026-03-01' and '2026-03-31' and p.reverses_payment_id is null
        and not exists (select 1 from app_user u where u.id = p.posted_by and u.is_rcm_staff)
      limit 1`);
    const url = "from=2026-03-01&to=2026-03-31&ref=MICROS-1";
    const report = await paymentBalancing(test.db, admin, "standard", query(url), { allRows: true });
    expect(report.rows.map((row) => row.postedAt)).toEqual(["2026-03-15T23:59:59.999Z"]);
    const records = await csvOf(admin, "standard", url);
    const postedColumn = records[0]!.indexOf("Posted");
    // Phoenix is UTC-7 all year.
    expect(records[1]![postedColumn]).toBe("2026-03-15T16:59:59.999-07:00");
  });
});
