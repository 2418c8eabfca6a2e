import { readFileSync } from "node:fs";
import path from "node:path";
import { sharedPath } from "../support/shared";
import { EraFileError, readEraFile, type EraChunk, type EraFile } from "@/lib/era";

/*
 * The public 835 samples live outside the repository (../shared/fixtures/835, with SOURCES.md
 * saying where each comes from); tests read them in place rather than copying them in.
 */
export const FIXTURES = sharedPath("fixtures", "835");

export function fixtureBytes(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export function readFixture(name: string): Promise<EraFile> {
  return readEraFile([fixtureBytes(name)]);
}

/** The bytes one at a time, as the slowest network would deliver them. */
export function* byteByByte(bytes: Uint8Array): Generator<Uint8Array> {
  for (let index = 0; index < bytes.length; index += 1) yield bytes.subarray(index, index + 1);
}

/** A small seeded generator (mulberry32), so a failing chunking can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bytes in chunks of 1 to `max` bytes, sizes drawn from `seed`. */
export function* randomChunks(bytes: Uint8Array, seed: number, max = 97): Generator<Uint8Array> {
  const next = random(seed);
  let index = 0;
  while (index < bytes.length) {
    const size = 1 + Math.floor(next() * max);
    yield bytes.subarray(index, index + size);
    index += size;
  }
}

/** An async source, as a ReadStream or a Request body is. */
export async function* asyncChunks(chunks: Iterable<EraChunk>): AsyncGenerator<EraChunk> {
  for (const chunk of chunks) yield chunk;
}

/** Reads `text` and returns the EraFileError it must fail with. */
export async function fileError(text: string | Uint8Array): Promise<EraFileError> {
  try {
    await readEraFile([text]);
  } catch (error) {
    if (error instanceof EraFileError) return error;
    throw error;
  }
  throw new Error("the file was read without an EraFileError");
}

/* ---- Synthetic files, for the cases no fixture has. ---- */

const ISA =
  "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*^*00501*000000001*0*P*:";

/** ST…SE around `body` (the segments between them, without terminators), with a correct SE01. */
export function transaction(controlNumber: string, body: readonly string[]): string[] {
  return [`ST*835*${controlNumber}*005010X221A1`, ...body, `SE*${body.length + 2}*${controlNumber}`];
}

/** A whole interchange, "~" after every segment and a line break for readability. */
export function interchange(...transactions: readonly string[][]): string {
  const segments = [
    ISA,
    "GS*HP*SENDER*RECEIVER*20260301*1200*1*X*005010X221A1",
    ...transactions.flat(),
    `GE*${transactions.length}*1`,
    "IEA*1*000000001",
  ];
  return segments.map((segment) => `${segment}~\n`).join("");
}

/** One balanced payment: a $100.00 EFT paying one claim with one line, minus a $10.00 PLB. */
export function payment(trace: string, overrides: { clp?: string; cas?: string; extra?: readonly string[] } = {}): string[] {
  return [
    "BPR*I*90.00*C*ACH*CCP*01*999999999*DA*123456*1234567890**01*999999999*DA*654321*20260302",
    `TRN*1*${trace}*1234567890`,
    "DTM*405*20260301",
    "N1*PR*ACME HEALTH PLAN",
    "REF*2U*ACME1",
    "N1*PE*DEMO PHYSICAL THERAPY*XX*1234567893",
    "LX*1",
    overrides.clp ?? "CLP*C1001*1*150.00*100.00*20.00*12*PAYERCLAIM1",
    "NM1*QC*1*DOE*JANE****MI*M123",
    "SVC*HC:97110:GP*150.00*100.00**2",
    "DTM*472*20260215",
    overrides.cas ?? "CAS*CO*45*30.00",
    "CAS*PR*2*20.00",
    ...(overrides.extra ?? []),
    "PLB*1234567893*20261231*WO:C0999*10.00",
  ];
}
