import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { csvCell, xlsxCell, XLSX_FORMATS, type ExportColumn } from "./cells";

/*
 * CSV and .xlsx writers over batches of report rows. Each yields chunks as it goes, so a
 * response can stream them: memory holds one batch of rows and the writer's own buffer.
 */

export interface ExportSource {
  columns: ExportColumn[];
  batches: AsyncIterable<Record<string, unknown>[]>;
  /** The practice's timezone, for posting times. */
  timezone: string;
}

/** A UTF-8 byte-order mark, so Excel reads accented names in a CSV correctly. */
const BOM = "\uFEFF";

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

/*
 * Records are joined here rather than by a CSV library: with one cell function per column and
 * a string per batch, a month of payments streams several times faster.
 */
export async function* csvChunks({ columns, batches, timezone }: ExportSource): AsyncGenerator<string> {
  yield BOM + csvRecord(columns.map((c) => c.header));
  for await (const rows of batches) {
    let chunk = "";
    for (const row of rows) chunk += csvRecord(columns.map((c) => csvCell(row[c.key], c.kind, timezone)));
    yield chunk;
  }
}

/** Waits while the zip output has more than this many bytes nobody has read yet. */
const XLSX_HIGH_WATER = 1 << 20;

export async function* xlsxChunks(
  { columns, batches, timezone }: ExportSource,
  sheetName: string,
): AsyncGenerator<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.kind === "text" ? 24 : 14,
    style: XLSX_FORMATS[c.kind] ? { numFmt: XLSX_FORMATS[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  let writing = true;
  let failure: unknown = null;
  const writer = (async () => {
    for await (const rows of batches) {
      for (const row of rows) {
        sheet.addRow(columns.map((c) => xlsxCell(row[c.key], c.kind, timezone))).commit();
      }
      while (writing && output.readableLength > XLSX_HIGH_WATER) await new Promise((r) => setImmediate(r));
      if (!writing) return;
    }
    sheet.commit();
    await workbook.commit();
  })().then(
    () => output.end(),
    (error: unknown) => {
      failure = error;
      output.end();
    },
  );

  try {
    for await (const chunk of output) yield chunk as Uint8Array;
    await writer;
    if (failure) throw failure;
  } finally {
    writing = false;
    output.destroy();
    await writer;
  }
}

export interface DownloadOptions {
  filename: string;
  contentType: string;
  /** Called once when the body ends: completed is false when the client went away or it failed. */
  onFinish?: (completed: boolean) => Promise<void>;
}

/** A streamed download: each chunk is pulled only when the client is ready for it. */
export function streamedDownload(chunks: AsyncIterable<string | Uint8Array>, options: DownloadOptions): Response {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let finished = false;
  const finish = async (completed: boolean) => {
    if (finished) return;
    finished = true;
    await options.onFinish?.(completed);
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          controller.close();
          await finish(true);
          return;
        }
        controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      } catch (error) {
        controller.error(error);
        await finish(false);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
      await finish(false);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": options.contentType,
      "Content-Disposition": `attachment; filename="${options.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
