/*
 * Two kinds of failure, because an 835 file holds several payments:
 *
 * - EraFileError: the file cannot be read at all (no ISA or ST, a truncated ISA, a transaction
 *   without its SE, a segment outside any transaction…). Nothing in it is posted: the API answers
 *   422 {"error", "segment"} from its `reason` and `segment`.
 * - EraProblem: something wrong inside one ST…SE transaction. The transaction lists it in its
 *   `refusals` (it is not posted, with this reason) or `notes` (reported, still posted), and its
 *   neighbours in the file are read as usual.
 */

/** Something wrong at one segment; `segment` is the 1-based ordinal of the segment in the file. */
export interface EraProblem {
  readonly segment: number;
  readonly message: string;
}

/** "segment 14: CAS03 \"amount\" is not an amount", for a refusal reason or a log line. */
export function describeProblem(problem: EraProblem): string {
  return `segment ${problem.segment}: ${problem.message}`;
}

/** The file cannot be read at all; nothing in it may be posted. */
export class EraFileError extends Error {
  readonly segment: number;
  readonly reason: string;

  constructor(segment: number, reason: string) {
    super(`segment ${segment}: ${reason}`);
    this.name = "EraFileError";
    this.segment = segment;
    this.reason = reason;
  }
}

/**
 * Thrown by the segment readers (claims, payment, provider adjustments) for a segment that cannot
 * be read; the transaction builder catches it and refuses that transaction only.
 */
export class SegmentProblem extends Error implements EraProblem {
  readonly segment: number;

  constructor(segment: number, message: string) {
    super(message);
    this.name = "SegmentProblem";
    this.segment = segment;
  }
}
