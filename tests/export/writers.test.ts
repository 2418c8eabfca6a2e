import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { ExportColumn } from "@/lib/reports/toolkit/columns";
import { csvChunks, streamedDownload, xlsxChunks } from "@/lib/export/writers";

type ExcelJSBuffer = Parameters<ExcelJS.Xlsx["load"]>[0];

const COLUMNS: ExportColumn[] = [
  { key: "patient", header: "Patient", kind: "text" },
  { key: "depositDate", header: "Deposit date", kind: "date" },
  { key: "postedAt", header: "Posted", kind: "datetime" },
  { key: "payments", header: "Payments", kind: "count" },
  { key: "amountCents", header: "Amount", kind: "money" },
];

const TRICKY_ROWS = [
  { patient: "=HYPERLINK(\"http://x\")", depositDate: "2026-03-31", postedAt: "2026-04-01T06:30:00Z", payments: 1, amountCents: 123456 },
  { patient: "+1 555", depositDate: "2026-03-01", postedAt: "2026-03-01T16:00:00Z", payments: 2, amountCents: -4200 },
  { patient: "-minus", depositDate: "2026-03-02", postedAt: null, payments: 0, amountCents: 5 },
  { patient: "@sum", depositDate: "2026-03-03", postedAt: null, payments: 3, amountCents: 0 },
  { patient: "\tTabbed", depositDate: "2026-03-04", postedAt: null, payments: 1, amountCents: 100 },
  { patient: "\rReturn", depositDate: "2026-03-05", postedAt: null, payments: 1, amountCents: 99 },
  { patient: "O'Brien, \"Jr.\"\nSecond line", depositDate: "2026-03-06", postedAt: null, payments: 1, amountCents: 1000 },
  { patient: "Nuñez, Zoë — Østergaard", depositDate: "2026-03-07", postedAt: null, payments: 1, amountCents: 7 },
];

async function* batchesOf<T>(rows: T[], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function collect(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function readXlsx(chunks: AsyncIterable<Uint8Array>): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's types predate generic Buffers; the bytes are what it wants.
  await workbook.xlsx.load((await collect(chunks)) as unknown as ExcelJSBuffer);
  return workbook;
}

const source = () => ({ columns: COLUMNS, batches: batchesOf(TRICKY_ROWS, 3), timezone: "America/Phoenix" });

describe("CSV export", () => {
  it("round-trips names with commas, quotes, newlines and accents, and makes formulas inert", async () => {
    const text = (await collect(csvChunks(source()))).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const records: string[][] = parse(text, { bom: true });
    expect(records).toEqual([
      ["Patient", "Deposit date", "Posted", "Payments", "Amount"],
      ["'=HYPERLINK(\"http://x\")", "2026-03-31", "2026-03-31T23:30:00-07:00", "1", "1234.56"],
      ["'+1 555", "2026-03-01", "2026-03-01T09:00:00-07:00", "2", "-42.00"],
      ["'-minus", "2026-03-02", "", "0", "0.05"],
      ["'@sum", "2026-03-03", "", "3", "0.00"],
      ["'\tTabbed", "2026-03-04", "", "1", "1.00"],
      ["'\rReturn", "2026-03-05", "", "1", "0.99"],
      ["O'Brien, \"Jr.\"\nSecond line", "2026-03-06", "", "1", "10.00"],
      ["Nuñez, Zoë — Østergaard", "2026-03-07", "", "1", "0.07"],
    ]);
  });
});

describe("xlsx export", () => {
  it("writes numeric currency cells, real dates and inert text that exceljs reads back", async () => {
    const workbook = new ExcelJS.Workbook();
    const file = await collect(xlsxChunks(source(), "Payment Balancing"));
    // exceljs's types predate generic Buffers; the bytes are what it wants.
    await workbook.xlsx.load(file as unknown as ExcelJSBuffer);
    const sheet = workbook.getWorksheet("Payment Balancing")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Patient", "Deposit date", "Posted", "Payments", "Amount"]);
    expect(sheet.rowCount).toBe(9);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe("'=HYPERLINK(\"http://x\")");
    expect(first.getCell(2).value).toEqual(new Date(Date.UTC(2026, 2, 31)));
    expect(first.getCell(3).value).toEqual(new Date(Date.UTC(2026, 2, 31, 23, 30)));
    expect(first.getCell(5).value).toBe(1234.56);
    expect(first.getCell(5).numFmt).toBe('"$"#,##0.00;[Red]-"$"#,##0.00');
    expect(sheet.getRow(3).getCell(5).value).toBe(-42);
    expect(sheet.getRow(8).getCell(1).value).toBe("O'Brien, \"Jr.\"\nSecond line");
    expect(sheet.getRow(9).getCell(1).value).toBe("Nuñez, Zoë — Østergaard");
  });

  it("has a bold, frozen header row, column widths and a format for each number column", async () => {
    const workbook = await readXlsx(xlsxChunks(source(), "Payment Balancing"));
    const sheet = workbook.getWorksheet("Payment Balancing")!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect([1, 2, 3, 4, 5].map((n) => sheet.getColumn(n).width)).toEqual([24, 14, 14, 14, 14]);
    const row = sheet.getRow(2);
    expect([2, 3, 4].map((n) => row.getCell(n).numFmt)).toEqual(["yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0"]);
    expect(row.getCell(4).value).toBe(1);
  });

  it("keeps spaces, line breaks and markup characters, and drops characters XML cannot hold", async () => {
    const texts = ["  padded  ", "\tTabbed", "\rReturn", "a\r\nb", "<b>Tom & Jerry</b> \"quoted\"", "Bell\u0007 and\u0000 null\uFFFF", "", "_x0041_ plain"];
    const rows = texts.map((patient) => ({ patient, depositDate: null, postedAt: null, payments: null, amountCents: null }));
    const workbook = await readXlsx(xlsxChunks({ columns: COLUMNS, batches: batchesOf(rows, 3), timezone: "UTC" }, "Text"));
    const cells = texts.map((_, i) => workbook.getWorksheet("Text")!.getRow(i + 2).getCell(1).value);
    expect(cells.slice(0, 6)).toEqual([
      "  padded  ",
      "'\tTabbed",
      "'\rReturn",
      "a\r\nb",
      "<b>Tom & Jerry</b> \"quoted\"",
      "Bell and null",
    ]);
    // An empty string is a blank cell.
    expect(cells[6]).toBeNull();
    // Excel reads "_x0041_" in cell text as "A", so the file escapes the underscore ("_x005F_");
    // exceljs does not undo that escape in inline strings.
    expect(cells[7]).toBe("_x005F_x0041_ plain");
  });

  it("truncates the sheet name to Excel's 31 characters and escapes it", async () => {
    const workbook = await readXlsx(xlsxChunks(source(), 'Refunds & "Credits" <2026> and more besides'));
    expect(workbook.worksheets[0]!.name).toBe('Refunds & "Credits" <2026> and ');
  });

  it("writes a large export, batch by batch, that reads back whole", async () => {
    const count = 50_000;
    const rows = Array.from({ length: count }, (_, i) => ({
      patient: `Patient ${i + 1}`,
      depositDate: `2026-03-${String((i % 31) + 1).padStart(2, "0")}`,
      postedAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(),
      payments: i,
      amountCents: i * 101,
    }));
    const workbook = await readXlsx(xlsxChunks({ columns: COLUMNS, batches: batchesOf(rows, 2000), timezone: "UTC" }, "Large"));
    const sheet = workbook.getWorksheet("Large")!;
    expect(sheet.rowCount).toBe(count + 1);
    const last = sheet.getRow(count + 1);
    expect(last.getCell(1).value).toBe("Patient 50000");
    expect(last.getCell(2).value).toEqual(new Date(Date.UTC(2026, 2, 28)));
    expect(last.getCell(3).value).toEqual(new Date(Date.UTC(2026, 2, 1) + (count - 1) * 60_000));
    expect(last.getCell(4).value).toBe(count - 1);
    expect(last.getCell(5).value).toBe(50_498.99);
  });

  it("passes on an error from the rows", async () => {
    async function* failing() {
      yield TRICKY_ROWS;
      throw new Error("cursor lost");
    }
    await expect(collect(xlsxChunks({ columns: COLUMNS, batches: failing(), timezone: "UTC" }, "x"))).rejects.toThrow("cursor lost");
  });

  it("runs at most about a megabyte ahead of its reader, and stops pulling rows when the reader stops", async () => {
    let batchesPulled = 0;
    let closed = false;
    // Random text barely compresses: each batch is some 75 kB of zip.
    async function* endless() {
      try {
        for (;;) {
          batchesPulled += 1;
          yield Array.from({ length: 100 }, () => ({ patient: randomBytes(750).toString("base64") }));
        }
      } finally {
        closed = true;
      }
    }
    const chunks = xlsxChunks({ columns: COLUMNS, batches: endless(), timezone: "UTC" }, "x");
    await chunks.next();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(batchesPulled).toBeGreaterThan(1);
    expect(batchesPulled).toBeLessThanOrEqual(15);
    await chunks.return(undefined);
    const pulledAtReturn = batchesPulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batchesPulled).toBe(pulledAtReturn);
    expect(closed).toBe(true);
  });
});

describe("streamed download", () => {
  it("reports completion once the body is read to the end", async () => {
    const finished: boolean[] = [];
    const response = streamedDownload(csvChunks(source()), {
      filename: "x.csv",
      contentType: "text/csv",
      onFinish: async (completed) => {
        finished.push(completed);
      },
    });
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    // a header and eight records, each ended by CRLF
    expect((await response.text()).split("\r\n").length).toBe(10);
    expect(finished).toEqual([true]);
  });

  it("stops pulling rows when the client goes away", async () => {
    let batchesPulled = 0;
    async function* endless() {
      for (;;) {
        batchesPulled += 1;
        yield [TRICKY_ROWS[0]!];
      }
    }
    const finished: boolean[] = [];
    const response = streamedDownload(csvChunks({ columns: COLUMNS, batches: endless(), timezone: "UTC" }), {
      filename: "x.csv",
      contentType: "text/csv",
      onFinish: async (completed) => {
        finished.push(completed);
      },
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const pulledAtCancel = batchesPulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batchesPulled).toBe(pulledAtCancel);
    expect(batchesPulled).toBeLessThan(5);
    expect(finished).toEqual([false]);
  });
});
