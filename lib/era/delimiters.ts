import { EraFileError } from "./errors";

/*
 * X12 names its own delimiters in the ISA segment, so they are read from it rather than assumed:
 * the element separator is the character right after "ISA", the component separator is ISA16,
 * and the segment terminator is the character after ISA16. The ISA is meant to be fixed-width
 * (106 characters), but real files trim its padded fields (see the Nevada Medicaid fixture), so
 * the 16 elements are counted instead of reading fixed offsets.
 */

export interface Delimiters {
  readonly element: string;
  /** ISA16. Payers sometimes use another one inside SVC01 anyway: see splitComposite. */
  readonly component: string;
  readonly segment: string;
  /** "ISA" when read from the interchange header; "assumed" for a bare ST…SE file without one. */
  readonly source: "ISA" | "assumed";
}

/** A found header: its delimiters and where its segment terminator is in the buffer. */
export interface HeaderScan {
  readonly delimiters: Delimiters;
  readonly terminatorIndex: number;
}

/** ISA01…ISA15 are at most 15 characters each when padded; a longer stretch is not an ISA. */
const MAX_ISA_LENGTH = 300;
/** ST*835*<control number>*<implementation reference> fits well inside this. */
const MAX_BARE_HEADER_LENGTH = 100;

const ALPHANUMERIC = /^[A-Za-z0-9]$/;

function isDelimiterCharacter(character: string | undefined): character is string {
  return character !== undefined && character !== " " && !ALPHANUMERIC.test(character);
}

/**
 * Reads the delimiters from an ISA starting at `start`. Returns null when the buffer ends before
 * the terminator (more data is needed); throws when the ISA cannot be a header. `final` says no
 * more data will come, which turns "need more" into a truncated ISA.
 */
export function scanInterchangeHeader(buffer: string, start: number, segment: number, final: boolean): HeaderScan | null {
  const element = buffer[start + 3];
  if (element === undefined) return needMore(final, segment);
  if (!isDelimiterCharacter(element)) {
    throw new EraFileError(segment, `ISA is not followed by an element separator (found "${element}")`);
  }
  let separators = 0;
  for (let index = start + 3; index < buffer.length; index += 1) {
    if (index - start > MAX_ISA_LENGTH) break;
    if (buffer[index] !== element) continue;
    separators += 1;
    if (separators < 16) continue;
    const component = buffer[index + 1];
    const terminator = buffer[index + 2];
    if (component === undefined || terminator === undefined) return needMore(final, segment);
    checkHeaderDelimiters(buffer.slice(start, index + 2), element, component, terminator, segment);
    return { delimiters: { element, component, segment: terminator, source: "ISA" }, terminatorIndex: index + 2 };
  }
  if (buffer.length - start <= MAX_ISA_LENGTH) return needMore(final, segment);
  throw new EraFileError(segment, `ISA does not have 16 elements within ${MAX_ISA_LENGTH} characters`);
}

function needMore(final: boolean, segment: number): null {
  if (final) throw new EraFileError(segment, "the file ends inside the ISA segment: it has fewer than 16 elements and no segment terminator");
  return null;
}

function checkHeaderDelimiters(isa: string, element: string, component: string, terminator: string, segment: number) {
  if (!isDelimiterCharacter(component) || component === element) {
    throw new EraFileError(segment, `ISA16 "${component}" cannot be the component separator: the ISA is truncated or malformed`);
  }
  if (!isDelimiterCharacter(terminator) || terminator === element || terminator === component) {
    throw new EraFileError(segment, `the character after ISA16 ("${printable(terminator)}") cannot be the segment terminator: the ISA is truncated or malformed`);
  }
  // ISA12 (the interchange version, 00401 or 00501) is always five digits: a shifted or
  // truncated ISA puts something else there, which would mean the delimiters above are wrong too.
  const version = isa.split(element)[12]?.trim() ?? "";
  if (!/^\d{5}$/.test(version)) {
    throw new EraFileError(segment, `ISA12 "${version}" is not an interchange version: the ISA is truncated or malformed`);
  }
}

/**
 * A file with no interchange envelope (ST…SE only, as some payer portals export): the element
 * separator is the character after "ST" (or "GS"), and the segment terminator is the first
 * character after it that cannot be in an ST element (usually "~"). Nothing names the component
 * separator, so it is assumed to be ":" (splitComposite also recognises another one in SVC01).
 */
export function scanBareHeader(buffer: string, start: number, segment: number, final: boolean): HeaderScan | null {
  const element = buffer[start + 2];
  if (element === undefined) return needMoreBare(final, segment);
  for (let index = start + 3; index < buffer.length && index - start <= MAX_BARE_HEADER_LENGTH; index += 1) {
    const character = buffer[index]!;
    if (character === element || character === " " || ALPHANUMERIC.test(character)) continue;
    return { delimiters: { element, component: ":", segment: character, source: "assumed" }, terminatorIndex: index };
  }
  if (buffer.length - start <= MAX_BARE_HEADER_LENGTH) return needMoreBare(final, segment);
  throw new EraFileError(segment, `no segment terminator within ${MAX_BARE_HEADER_LENGTH} characters of the first segment`);
}

function needMoreBare(final: boolean, segment: number): null {
  if (final) throw new EraFileError(segment, "the file ends inside its first segment");
  return null;
}

/** A delimiter or control character shown in a message: "\n", not a line break. */
export function printable(character: string): string {
  return JSON.stringify(character).slice(1, -1);
}
