import { scanBareHeader, scanInterchangeHeader, type Delimiters, type HeaderScan } from "./delimiters";
import { EraFileError } from "./errors";
import { decodeText, type EraSource } from "./source";

/*
 * The X12 reader: text in, segments out, one at a time. It keeps only the unfinished tail of the
 * text it has been given (at most one segment), so a 50 MB file is never held as one string.
 */

export interface Segment {
  /** The segment id, e.g. "CLP". Not checked here: the transaction reader decides what a bad one means. */
  readonly id: string;
  /** elements[0] is the id, so elements[4] is e.g. BPR04, as X12 numbers them. Untrimmed. */
  readonly elements: readonly string[];
  /** 1-based position of the segment in the file, for messages ("segment 14: …"). */
  readonly ordinal: number;
  readonly delimiters: Delimiters;
}

/**
 * No 835 segment comes near this (the longest, PER with free text, is a few hundred characters).
 * A longer run without a terminator is a file with other delimiters than it declares, or not X12
 * at all, and would otherwise be buffered whole.
 */
export const MAX_SEGMENT_LENGTH = 65_536;

/** Whitespace between segments (CR/LF, indentation), and the DOS end-of-file mark some old files end with. */
function isFiller(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x1a || code === 0x00;
}

function skipFiller(text: string, position: number): number {
  let index = position;
  while (index < text.length && isFiller(text.charCodeAt(index))) index += 1;
  return index;
}

/** The first characters of the file, shown when it is not X12 at all. */
function preview(text: string): string {
  return JSON.stringify(text.slice(0, 20));
}

/** Splits pushed text into segments; call end() after the last piece. */
export class SegmentTokenizer {
  private buffer = "";
  /** How much of `buffer` is known to hold no segment terminator, so one-byte chunks stay linear. */
  private searched = 0;
  private delimiters: Delimiters | null = null;
  private ordinal = 0;

  push(text: string): Segment[] {
    this.buffer += text;
    return this.drain(false);
  }

  end(): Segment[] {
    return this.drain(true);
  }

  private drain(final: boolean): Segment[] {
    const segments: Segment[] = [];
    const buffer = this.buffer;
    let position = 0;
    for (;;) {
      position = skipFiller(buffer, position);
      if (position >= buffer.length) break;
      const header = this.scanHeader(buffer, position, final);
      if (header === "need more") break;
      if (header) {
        this.delimiters = header.delimiters;
        segments.push(this.segment(buffer.slice(position, header.terminatorIndex)));
        position = header.terminatorIndex + 1;
        this.searched = 0;
        continue;
      }
      const terminator = this.delimiters!.segment;
      const end = buffer.indexOf(terminator, position + this.searched);
      if (end === -1) {
        this.checkLength(buffer.length - position);
        if (!final) {
          this.searched = buffer.length - position;
          break;
        }
        // The last segment may lack its terminator (a hand-edited file): it is still a segment,
        // and if it is not the IEA/SE it should be, the transaction reader says so.
        segments.push(this.segment(buffer.slice(position)));
        position = buffer.length;
        break;
      }
      this.checkLength(end - position);
      // A doubled terminator ("~~") is no segment: nothing to read, nothing to count.
      if (end > position) segments.push(this.segment(buffer.slice(position, end)));
      position = end + 1;
      this.searched = 0;
    }
    this.buffer = buffer.slice(position);
    return segments;
  }

  /**
   * An ISA (at the start of the file or of a following interchange, which may use other
   * delimiters), or the first segment of a file without one. null: an ordinary segment.
   */
  private scanHeader(buffer: string, position: number, final: boolean): HeaderScan | "need more" | null {
    const next = this.ordinal + 1;
    if (buffer.startsWith("ISA", position)) {
      return scanInterchangeHeader(buffer, position, next, final) ?? "need more";
    }
    if (this.delimiters) return null;
    if (buffer.length - position < 3) {
      if (!final) return "need more";
    } else if (/^(?:ST|GS)[^A-Za-z0-9 ]/.test(buffer.slice(position, position + 3))) {
      return scanBareHeader(buffer, position, next, final) ?? "need more";
    }
    throw new EraFileError(next, `the file does not start with an ISA or ST segment: it starts with ${preview(buffer.slice(position))}`);
  }

  private checkLength(length: number) {
    if (length > MAX_SEGMENT_LENGTH) {
      const terminator = JSON.stringify(this.delimiters!.segment);
      throw new EraFileError(
        this.ordinal + 1,
        `no segment terminator (${terminator}) in ${MAX_SEGMENT_LENGTH.toLocaleString("en-US")} characters: the file is not X12 or uses other delimiters than its ISA says`,
      );
    }
  }

  private segment(text: string): Segment {
    const delimiters = this.delimiters!;
    this.ordinal += 1;
    // A file terminated by line breaks alone, written on Windows, leaves a CR on each segment.
    const body = delimiters.segment === "\n" && text.endsWith("\r") ? text.slice(0, -1) : text;
    const elements = body.split(delimiters.element);
    return { id: elements[0]!, elements, ordinal: this.ordinal, delimiters };
  }
}

/** The segments of an 835 source, in order, each with its ordinal in the file. */
export async function* readSegments(source: EraSource): AsyncGenerator<Segment> {
  const tokenizer = new SegmentTokenizer();
  for await (const text of decodeText(source)) yield* tokenizer.push(text);
  yield* tokenizer.end();
}
