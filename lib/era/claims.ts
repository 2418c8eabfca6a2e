import { SegmentProblem } from "./errors";
import type { ClaimAdjustment, DateRange, EraClaim, EraPatient, ProcedureCode, ServiceLine } from "./model";
import type { Segment } from "./segments";
import { element, elementName, optionalElement, parseQuantity, parseX12Date, requiredCents, splitComposite } from "./values";

/*
 * The claim segments (CLP, NM1*QC, CAS, SVC, DTM) read one at a time into drafts the transaction
 * builder fills as the segments arrive. A segment whose money cannot be read throws a
 * SegmentProblem: posting a claim with a guessed amount is worse than refusing its payment.
 */

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export type ServiceLineDraft = Writable<ServiceLine> & { adjustments: ClaimAdjustment[] };
export type ClaimDraft = Writable<EraClaim> & { adjustments: ClaimAdjustment[]; serviceLines: ServiceLineDraft[] };

export function readClaim(clp: Segment): ClaimDraft {
  const patientControlNumber = element(clp, 1);
  const status = element(clp, 2);
  if (patientControlNumber === "") throw new SegmentProblem(clp.ordinal, "CLP01 (the claim number) is empty");
  if (status === "") throw new SegmentProblem(clp.ordinal, "CLP02 (the claim status) is empty");
  const patientResponsibility = element(clp, 5);
  return {
    segment: clp.ordinal,
    patientControlNumber,
    status,
    chargedCents: requiredCents(clp, 3),
    paidCents: requiredCents(clp, 4),
    patientResponsibilityCents: patientResponsibility === "" ? 0 : requiredCents(clp, 5),
    filingIndicator: optionalElement(clp, 6),
    payerClaimControlNumber: optionalElement(clp, 7),
    patient: null,
    statementPeriod: null,
    adjustments: [],
    serviceLines: [],
  };
}

export function readPatient(nm1: Segment): EraPatient {
  return {
    lastName: element(nm1, 3),
    firstName: optionalElement(nm1, 4),
    middleName: optionalElement(nm1, 5),
    idQualifier: optionalElement(nm1, 8),
    id: optionalElement(nm1, 9),
  };
}

/** Claim adjustment groups: CR exists only in 4010, where reversals used it. */
export const ADJUSTMENT_GROUPS: ReadonlySet<string> = new Set(["CO", "CR", "OA", "PI", "PR"]);

/** CAS02–CAS19: up to six reason/amount/quantity triplets after the group code. */
export function readAdjustments(cas: Segment): ClaimAdjustment[] {
  const group = element(cas, 1);
  if (!ADJUSTMENT_GROUPS.has(group)) {
    throw new SegmentProblem(cas.ordinal, `CAS01 ${JSON.stringify(group)} is not an adjustment group (CO, CR, OA, PI, PR)`);
  }
  const adjustments: ClaimAdjustment[] = [];
  for (let position = 2; position <= 17; position += 3) {
    const reason = element(cas, position);
    const amount = element(cas, position + 1);
    if (reason === "" && amount === "") continue;
    if (reason === "") {
      throw new SegmentProblem(cas.ordinal, `${elementName(cas, position + 1)} is an amount without a reason code in ${elementName(cas, position)}`);
    }
    const quantity = element(cas, position + 2);
    adjustments.push({
      segment: cas.ordinal,
      group,
      reason,
      amountCents: requiredCents(cas, position + 1),
      quantity: quantity === "" ? null : parseQuantity(quantity),
    });
  }
  return adjustments;
}

function readProcedure(segment: Segment, position: number, component: string): ProcedureCode | null {
  const value = element(segment, position);
  if (value === "") return null;
  const [qualifier = "", code = "", ...rest] = splitComposite(value, component).map((part) => part.trim());
  if (qualifier === "" || code === "") {
    throw new SegmentProblem(segment.ordinal, `${elementName(segment, position)} ${JSON.stringify(value)} is not a procedure (qualifier${component}code)`);
  }
  // Components 3–6 are the modifiers; 7 is a description, 8 the end of a code range.
  return { qualifier, code, modifiers: rest.slice(0, 4).filter((modifier) => modifier !== "") };
}

/** Receives what reading a segment found worth telling without refusing the transaction. */
export type NoteSink = (message: string) => void;

/**
 * SVC. The guide requires SVC02 and SVC03, but sample payer files leave them empty on a line that
 * carries no money (the BCBS NC fixture's third line): read as $0.00, with a note, since the
 * claim's arithmetic (charged = paid + ΣCAS) then shows whether that was right, and the payment's
 * own balance does not depend on lines. Text that is not an amount refuses, as everywhere else.
 */
export function readServiceLine(svc: Segment, component: string, note: NoteSink): ServiceLineDraft {
  const procedure = readProcedure(svc, 1, component);
  if (procedure === null) throw new SegmentProblem(svc.ordinal, "SVC01 (the procedure) is empty");
  const amount = (position: number, what: string): number => {
    if (element(svc, position) !== "") return requiredCents(svc, position);
    note(`${elementName(svc, position)} (${what}) is empty: read as $0.00`);
    return 0;
  };
  const chargedCents = amount(2, "the line charge");
  const paidCents = amount(3, "the line payment");
  return {
    segment: svc.ordinal,
    procedure,
    chargedCents,
    paidCents,
    revenueCode: optionalElement(svc, 4),
    units: element(svc, 5) === "" ? 1 : readUnits(svc, 5, note),
    originalProcedure: readProcedure(svc, 6, component),
    originalUnits: readUnits(svc, 7, note),
    serviceDates: null,
    lineItemControlNumber: null,
    adjustments: [],
  };
}

function readUnits(svc: Segment, position: number, note: NoteSink): number | null {
  const value = element(svc, position);
  if (value === "") return null;
  const units = parseQuantity(value);
  if (units === null) note(`${elementName(svc, position)} ${JSON.stringify(value)} is not a number of units`);
  return units;
}

/** DTM qualifiers: 472 one date of service, 150/151 a service period (4010 often), 232/233 a claim's statement period. */
const DATE_ENDS: Readonly<Record<string, "both" | "from" | "through">> = {
  "472": "both",
  "150": "from",
  "151": "through",
  "232": "from",
  "233": "through",
};

/**
 * Adds a DTM's date to a line's service dates or a claim's statement period. Dates of service only
 * help match a line, they carry no money: an unreadable one is a note (returned), not a refusal.
 */
export function withDate(range: DateRange | null, dtm: Segment, qualifiers: readonly string[]): { range: DateRange | null; problem: string | null } {
  const qualifier = element(dtm, 1);
  const end = DATE_ENDS[qualifier];
  if (end === undefined || !qualifiers.includes(qualifier)) return { range, problem: null };
  const written = element(dtm, 2);
  const date = parseX12Date(written);
  if (date === null) return { range, problem: `DTM02 ${JSON.stringify(written)} is not a date` };
  const current = range ?? { from: null, through: null };
  return {
    range: {
      from: end === "through" ? current.from : date,
      through: end === "from" ? current.through : date,
    },
    problem: null,
  };
}

export const SERVICE_DATE_QUALIFIERS = ["472", "150", "151"] as const;
export const STATEMENT_DATE_QUALIFIERS = ["232", "233"] as const;
