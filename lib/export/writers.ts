import type { ExportColumn } from "@/lib/reports/toolkit/columns";
import { columnValue, csvCell, xlsxCell, XLSX_FORMATS } from "./cells";
import { xlsxFile, type XlsxColumn, type XlsxValue } from "./xlsx";

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

/** One column's cells as CSV fields. Numbers and instants are digits and ISO punctuation, never quoted. */
function csvColumn(column: ExportColumn, timezone: string): (row: Record<string, unknown>) => string {
  const { kind } = column;
  if (kind === "money" || kind === "count" || kind === "datetime") return (row) => csvCell(row[column.key], kind, timezone);
  return (row) => csvField(csvCell(columnValue(row, column), kind, timezone));
}

/*
 * Records are joined here rather than by a CSV library: with one cell function per column and
 * a string per batch, a month of payments streams several times faster.
 */
export async function* csvChunks({ columns, batches, timezone }: ExportSource): AsyncGenerator<string> {
  yield BOM + csvRecord(columns.map((c) => c.header));
  const fields = columns.map((column) => csvColumn(column, timezone));
  for await (const rows of batches) {
    let chunk = "";
    for (const row of rows) {
      let record = fields[0]!(row);
      for (let i = 1; i < fields.length; i++) record += `,${fields[i]!(row)}`;
      chunk += `${record}\r\n`;
    }
    yield chunk;
  }
}

/** Text columns get room for names; numbers and dates need less. */
function xlsxColumn(column: ExportColumn): XlsxColumn {
  return { header: column.header, width: column.kind === "text" ? 24 : 14, numFmt: XLSX_FORMATS[column.kind] };
}

/** One sheet with a bold, frozen header row; numbers, dates and money as numeric cells. */
export function xlsxChunks({ columns, batches, timezone }: ExportSource, sheetName: string): AsyncGenerator<Uint8Array> {
  async function* cells(): AsyncGenerator<XlsxValue[][]> {
    for await (const rows of batches) yield rows.map((row) => columns.map((c) => xlsxCell(columnValue(row, c), c.kind, timezone)));
  }
  return xlsxFile(columns.map(xlsxColumn), cells(), sheetName);
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
      // Finish first: closing the source ends a query still running, where return() would
      // wait for the row it is waiting on.
      await finish(false);
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, { headers: downloadHeaders(options.filename, options.contentType) });
}

export function downloadHeaders(filename: string, contentType: string): HeadersInit {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
