import { EraFileError, type EraProblem } from "./errors";
import type { EraTransaction } from "./model";
import { SegmentTokenizer, type Segment } from "./segments";
import { decodeText, type EraSource } from "./source";
import { TransactionBuilder } from "./transaction";
import { element } from "./values";

/*
 * The envelope around the transactions: ISA…IEA (interchange), GS…GE (functional group),
 * ST…SE (one payment each). This is where a file is found unreadable (EraFileError, nothing of it
 * posted):
 *
 * - it does not start with ISA (or ST/GS, for a file without an envelope), or its ISA is truncated
 *   (the segment reader);
 * - a segment lies outside every ST…SE that is not ISA/GS/GE/IEA/TA1. Garbage there, or a BPR or
 *   CLP, means an ST was lost, and with it a payment we would silently not post;
 * - an ST is not closed by its SE before the next ST, GS, GE, ISA or IEA, or before the end of the
 *   file; or the file ends with a GS or ISA still open. All of these are a truncated or spliced
 *   file: what is missing cannot be known, so posting the part that is there would leave the
 *   deposit short with no word of why;
 * - ST01 is not 835 (an 837 or a 999 sent to the ERA import), or there is no ST at all.
 *
 * Control totals and numbers of the envelope (GE01, IEA01, GE02/IEA02 vs GS06/ISA13) are notes:
 * each transaction is already checked by its own SE and its arithmetic, and sample payer files
 * get these wrong (the Nevada Medicaid fixture's IEA02 ≠ ISA13).
 */

export interface EraFile {
  readonly transactions: readonly EraTransaction[];
  /** About the file rather than one transaction (envelope counts, inferred delimiters). */
  readonly notes: readonly EraProblem[];
}

export interface ReadOptions {
  /** Receives the file-level notes as they are found. */
  readonly onFileNote?: (note: EraProblem) => void;
}

const ENVELOPE_SEGMENTS: ReadonlySet<string> = new Set(["ISA", "GS", "GE", "IEA", "ST"]);
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

interface Open {
  readonly segment: Segment;
  count: number;
}

class EnvelopeReader {
  private interchange: Open | null = null;
  private group: Open | null = null;
  private transaction: { st: Segment; builder: TransactionBuilder } | null = null;
  private transactions = 0;
  private lastOrdinal = 0;

  constructor(private readonly note: (note: EraProblem) => void) {}

  accept(segment: Segment): EraTransaction | null {
    this.lastOrdinal = segment.ordinal;
    if (this.lastOrdinal === 1 && segment.delimiters.source === "assumed") {
      this.note({ segment: 1, message: "no ISA envelope: the delimiters are taken from the first segment, with \":\" assumed for components" });
    }
    if (this.transaction) return this.insideTransaction(segment, this.transaction);
    switch (segment.id) {
      case "ISA":
        return this.openInterchange(segment);
      case "GS":
        return this.openGroup(segment);
      case "GE":
        return this.closeGroup(segment);
      case "IEA":
        return this.closeInterchange(segment);
      case "TA1":
        return null;
      case "ST":
        return this.openTransaction(segment);
      case "SE":
        throw new EraFileError(segment.ordinal, "SE without an ST");
      default:
        throw new EraFileError(
          segment.ordinal,
          SEGMENT_ID.test(segment.id)
            ? `${segment.id} outside any ST…SE transaction: an ST is missing, and with it the payment this segment belongs to`
            : `${JSON.stringify(segment.elements.join(segment.delimiters.element).slice(0, 40))} is not an X12 segment`,
        );
    }
  }

  private insideTransaction(segment: Segment, open: { st: Segment; builder: TransactionBuilder }): EraTransaction | null {
    if (segment.id === "SE") {
      this.transaction = null;
      if (this.group) this.group.count += 1;
      return open.builder.finish(segment);
    }
    if (ENVELOPE_SEGMENTS.has(segment.id)) {
      throw new EraFileError(
        segment.ordinal,
        `${segment.id} inside the transaction that starts at segment ${open.st.ordinal} (ST02 ${element(open.st, 2)}): its SE is missing`,
      );
    }
    open.builder.add(segment);
    return null;
  }

  private openInterchange(isa: Segment): null {
    if (this.interchange) {
      throw new EraFileError(isa.ordinal, `ISA inside the interchange that starts at segment ${this.interchange.segment.ordinal}: its IEA is missing`);
    }
    this.interchange = { segment: isa, count: 0 };
    return null;
  }

  private openGroup(gs: Segment): null {
    if (this.group) {
      throw new EraFileError(gs.ordinal, `GS inside the functional group that starts at segment ${this.group.segment.ordinal}: its GE is missing`);
    }
    this.group = { segment: gs, count: 0 };
    if (this.interchange) this.interchange.count += 1;
    return null;
  }

  private closeGroup(ge: Segment): null {
    const group = this.group;
    if (!group) throw new EraFileError(ge.ordinal, "GE without a GS");
    this.checkControl(ge, 1, String(group.count), "transactions in the group");
    this.checkControl(ge, 2, element(group.segment, 6), `GS06 (segment ${group.segment.ordinal})`);
    this.group = null;
    return null;
  }

  private closeInterchange(iea: Segment): null {
    const interchange = this.interchange;
    if (!interchange) throw new EraFileError(iea.ordinal, "IEA without an ISA");
    if (this.group) {
      throw new EraFileError(iea.ordinal, `IEA before the GE of the functional group that starts at segment ${this.group.segment.ordinal}`);
    }
    this.checkControl(iea, 1, String(interchange.count), "functional groups in the interchange");
    this.checkControl(iea, 2, element(interchange.segment, 13), `ISA13 (segment ${interchange.segment.ordinal})`);
    this.interchange = null;
    return null;
  }

  private checkControl(trailer: Segment, position: number, expected: string, what: string): void {
    const written = element(trailer, position);
    const same = /^\d+$/.test(written) && /^\d+$/.test(expected) ? Number(written) === Number(expected) : written === expected;
    if (!same) {
      this.note({ segment: trailer.ordinal, message: `${trailer.id}0${position} is ${JSON.stringify(written)}, but ${what}: ${JSON.stringify(expected)}` });
    }
  }

  private openTransaction(st: Segment): null {
    const kind = element(st, 1);
    if (kind !== "835") {
      throw new EraFileError(st.ordinal, `ST01 is ${JSON.stringify(kind)}: this is not an 835 remittance`);
    }
    this.transactions += 1;
    const envelopeVersion =
      (this.group && element(this.group.segment, 8)) || (this.interchange && element(this.interchange.segment, 12)) || null;
    this.transaction = { st, builder: new TransactionBuilder(st, { index: this.transactions, envelopeVersion }) };
    return null;
  }

  end(): void {
    if (this.transaction) {
      const { st } = this.transaction;
      throw new EraFileError(st.ordinal, `the file ends inside the transaction that starts here (ST02 ${element(st, 2)}): its SE is missing, so the file looks truncated`);
    }
    if (this.group) {
      throw new EraFileError(this.group.segment.ordinal, "the file ends before the GE of the functional group that starts here: the file looks truncated");
    }
    if (this.interchange) {
      throw new EraFileError(this.interchange.segment.ordinal, "the file ends before the IEA of the interchange that starts here: the file looks truncated");
    }
    if (this.lastOrdinal === 0) throw new EraFileError(1, "the file is empty");
    if (this.transactions === 0) throw new EraFileError(this.lastOrdinal, "the file holds no ST…SE transaction");
  }
}

/**
 * The file's transactions, each yielded when its SE is read. Throws EraFileError when the file
 * turns out unreadable, which may be after some transactions were yielded (a truncated file is
 * only known at its end): a caller that posts must read to the end before posting anything, as
 * readEraFile does.
 */
export async function* readTransactions(source: EraSource, options: ReadOptions = {}): AsyncGenerator<EraTransaction> {
  const envelope = new EnvelopeReader(options.onFileNote ?? (() => {}));
  // The tokenizer's segments are taken chunk by chunk rather than through readSegments: an await
  // per segment would be most of the reading time of a large file.
  const tokenizer = new SegmentTokenizer();
  for await (const text of decodeText(source)) {
    for (const segment of tokenizer.push(text)) {
      const transaction = envelope.accept(segment);
      if (transaction) yield transaction;
    }
  }
  for (const segment of tokenizer.end()) {
    const transaction = envelope.accept(segment);
    if (transaction) yield transaction;
  }
  envelope.end();
}

/** The whole file read and checked: every transaction, or an EraFileError and nothing. */
export async function readEraFile(source: EraSource): Promise<EraFile> {
  const notes: EraProblem[] = [];
  const transactions: EraTransaction[] = [];
  for await (const transaction of readTransactions(source, { onFileNote: (note) => notes.push(note) })) {
    transactions.push(transaction);
  }
  return { transactions, notes };
}
