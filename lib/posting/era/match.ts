import type { ClaimAdjustment, EraClaim, ServiceLine } from "@/lib/era";
import { formatUsd } from "@/lib/money";

/*
 * How an ERA claim's service lines find the practice's charges. Pure, so the rule can be read
 * and tested on its own. A line matches a charge of the claim with the same procedure code and
 * date of service; its modifiers must be the charge's when the payer echoes them, and are not
 * asked for when it does not (payers often drop them: OpenEMR #7293).
 */

export interface ClaimCharge {
  id: number;
  cptCode: string;
  modifiers: string | null;
  dateOfService: string;
  billedCents: number;
}

export interface ExceptionReason {
  reason: "claim_not_found" | "service_line_not_found" | "patient_differs" | "amount_differs";
  explanation: string;
}

export type LineMatch = { kind: "matched"; charge: ClaimCharge } | ({ kind: "exception" } & ExceptionReason);

function modifiersOf(text: string | null): string[] {
  return (text ?? "")
    .split(/[\s,:]+/)
    .map((part) => part.trim().toUpperCase())
    .filter((part) => part !== "")
    .sort();
}

function sameModifiers(line: readonly string[], charge: string | null): boolean {
  if (line.length === 0) return true;
  const wanted = [...line].map((modifier) => modifier.toUpperCase()).sort();
  const have = modifiersOf(charge);
  return wanted.length === have.length && wanted.every((modifier, i) => modifier === have[i]);
}

/** Matches each line of a claim to a distinct charge of it, in order. */
export function matchServiceLines(lines: readonly ServiceLine[], charges: readonly ClaimCharge[]): LineMatch[] {
  const used = new Set<number>();
  return lines.map((line): LineMatch => {
    const code = line.procedure.code.toUpperCase();
    const date = line.serviceDates?.from ?? null;
    const candidates = charges.filter(
      (charge) =>
        !used.has(charge.id) &&
        charge.cptCode.toUpperCase() === code &&
        (date === null || charge.dateOfService === date) &&
        sameModifiers(line.procedure.modifiers, charge.modifiers),
    );
    const found = candidates[0];
    if (!found) {
      return {
        kind: "exception",
        reason: "service_line_not_found",
        explanation: `No charge of the claim is ${code}${line.procedure.modifiers.length ? `-${line.procedure.modifiers.join("-")}` : ""}${date ? ` on ${date}` : ""}.`,
      };
    }
    used.add(found.id);
    if (found.billedCents !== line.chargedCents) {
      return {
        kind: "exception",
        reason: "amount_differs",
        explanation: `The payer says ${code} was billed ${formatUsd(line.chargedCents)}; the charge is ${formatUsd(found.billedCents)}.`,
      };
    }
    return { kind: "matched", charge: found };
  });
}

/** Case and accents aside ("Peña" is "PENA"); one collator, as localeCompare with options builds one a call. */
const NAME_COLLATOR = new Intl.Collator("en", { sensitivity: "base" });

/** Whether the remittance's patient (NM1*QC) is the claim's patient: last name, and first name when the payer gives one. */
export function samePatient(claim: EraClaim, patient: { firstName: string; lastName: string }): boolean {
  if (!claim.patient) return true;
  const same = (a: string, b: string) => NAME_COLLATOR.compare(a.trim(), b.trim()) === 0;
  if (!same(claim.patient.lastName, patient.lastName)) return false;
  return !claim.patient.firstName || same(claim.patient.firstName, patient.firstName);
}

/** The payment lines one applied service line (or a claim's own adjustments) becomes: paid first, then one line per CAS. */
export interface LineAmounts {
  paidCents: number;
  adjustmentCents: number;
  adjustmentReason: string | null;
  patientRespCents: number;
}

const REASON = /^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,5}$/;

export function linesOf(paidCents: number, adjustments: readonly ClaimAdjustment[]): LineAmounts[] {
  const lines: LineAmounts[] = [];
  for (const adjustment of adjustments) {
    const code = `${adjustment.group}-${adjustment.reason}`.toUpperCase();
    const reason = REASON.test(code) ? code : null;
    lines.push(
      adjustment.group === "PR"
        ? { paidCents: 0, adjustmentCents: 0, adjustmentReason: reason, patientRespCents: adjustment.amountCents }
        : { paidCents: 0, adjustmentCents: adjustment.amountCents, adjustmentReason: reason, patientRespCents: 0 },
    );
  }
  if (lines.length === 0) return [{ paidCents, adjustmentCents: 0, adjustmentReason: null, patientRespCents: 0 }];
  lines[0] = { ...lines[0]!, paidCents };
  return lines;
}

