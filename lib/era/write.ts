import { centsToDecimalString } from "@/lib/money";

/*
 * Writes an X12 835 (5010, 005010X221A1) from a remittance described in the ledger's terms:
 * integer cents, ISO dates, the practice's claim numbers. Pure (no database, no files), so the
 * demo generator, the round-trip test and the benchmark build their files with it.
 *
 * Delimiters: `*` elements, `:` components, `^` repetitions, `~` ends a segment, then a line break.
 * The contract the importer relies on:
 *   BPR02 = ΣCLP04 − ΣPLB; BPR04 ACH (eft), CHK (check) or NON (no money); BPR16 the payment date
 *   TRN02 the trace number; N1*PR name with N104 = the payer's EDI id; N1*PE the practice (XX = NPI)
 *   CLP01 the claim number; CLP02 1 (4 when nothing is paid and nothing is the patient's); CLP03 ΣSVC02;
 *   CLP04 ΣSVC03; CLP05 ΣPR adjustments; CLP07 the payer's claim control number
 *   NM1*QC*1*last*first****MI*member id
 *   one SVC per charge: HC:cpt[:modifier…], charged, paid, units; DTM*472; one CAS per group
 *   PLB: provider id, fiscal period end, reason[:reference], amount (negative adds to the check)
 */

export interface AdjustmentToWrite {
  /** CO, PR, OA, PI. */
  readonly group: string;
  /** The CARC reason code, e.g. "45". */
  readonly reason: string;
  /** Positive reduces what is paid. */
  readonly amountCents: number;
}

export interface ServiceLineToWrite {
  readonly cptCode: string;
  readonly modifiers: readonly string[];
  readonly units: number;
  readonly chargedCents: number;
  readonly paidCents: number;
  /** ISO date. */
  readonly dateOfService: string;
  readonly adjustments: readonly AdjustmentToWrite[];
}

export interface ClaimToWrite {
  /** CLP01: the practice's claim number. */
  readonly claimNumber: string;
  /** CLP02; by default 1, or 4 (denied) when the claim pays nothing and leaves nothing to the patient. */
  readonly status?: string;
  /** CLP06: CI commercial, MB Medicare Part B, MC Medicaid, WC workers' comp, AM auto, CH Tricare… */
  readonly filingIndicator: string;
  /** CLP07. */
  readonly payerClaimControlNumber: string;
  readonly patient: { readonly lastName: string; readonly firstName: string; readonly memberId: string };
  readonly serviceLines: readonly ServiceLineToWrite[];
}

export interface ProviderAdjustmentToWrite {
  /** WO, FB, L6, CS, 72… */
  readonly reasonCode: string;
  readonly reference?: string;
  /** Positive is withheld from the check, negative is added to it (L6 interest is negative). */
  readonly amountCents: number;
}

export interface RemittanceToWrite {
  /** ISA13 and GS06 (1–999,999,999); ST02 is always 0001, one transaction per file. */
  readonly controlNumber: number;
  readonly payer: { readonly name: string; readonly ediPayerId: string };
  readonly payee: { readonly name: string; readonly npi: string; readonly taxId: string };
  readonly method: "eft" | "check" | "none";
  /** ISO date: BPR16, and the file's production date. */
  readonly paymentDate: string;
  readonly traceNumber: string;
  readonly claims: readonly ClaimToWrite[];
  readonly providerAdjustments?: readonly ProviderAdjustmentToWrite[];
}

/** "CO-45" (payment_line.adjustment_reason) → CO / 45; anything else is an OA (other) adjustment with that reason. */
export function adjustmentOf(reason: string | null, amountCents: number): AdjustmentToWrite {
  const match = /^(CO|PR|OA|PI|CR)-?(\w+)$/.exec(reason ?? "");
  return match ? { group: match[1]!, reason: match[2]!, amountCents } : { group: "OA", reason: "23", amountCents };
}

/** A ledger line's adjustments as CAS: its adjustment (CO-45…) and its patient responsibility (PR-3, a copay), when not zero. */
export function ledgerAdjustments(line: { adjustmentCents: number; adjustmentReason: string | null; patientRespCents: number }): AdjustmentToWrite[] {
  const adjustments: AdjustmentToWrite[] = [];
  if (line.adjustmentCents !== 0) adjustments.push(adjustmentOf(line.adjustmentReason, line.adjustmentCents));
  if (line.patientRespCents !== 0) adjustments.push({ group: "PR", reason: "3", amountCents: line.patientRespCents });
  return adjustments;
}

const FORBIDDEN = /[*:~^\r\n]/;

/** A value as an element: a delimiter inside it would change the file's structure, so it is refused. */
function text(value: string): string {
  if (FORBIDDEN.test(value)) throw new Error(`835 value ${JSON.stringify(value)} contains a delimiter (* : ~ ^ or a line break)`);
  return value;
}

function money(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`835 amount ${cents} is not a whole number of cents`);
  return centsToDecimalString(cents);
}

/** "2026-03-27" → "20260327". */
function x12Date(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`835 date ${JSON.stringify(iso)} is not an ISO date`);
  return iso.replaceAll("-", "");
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function claimChargedCents(claim: ClaimToWrite): number {
  return sum(claim.serviceLines.map((line) => line.chargedCents));
}

export function claimPaidCents(claim: ClaimToWrite): number {
  return sum(claim.serviceLines.map((line) => line.paidCents));
}

export function claimPatientResponsibilityCents(claim: ClaimToWrite): number {
  return sum(claim.serviceLines.flatMap((line) => line.adjustments.filter((a) => a.group === "PR").map((a) => a.amountCents)));
}

/** BPR02: what the claims pay, less what the provider-level adjustments withhold. */
export function remittancePaymentCents(remittance: RemittanceToWrite): number {
  return sum(remittance.claims.map(claimPaidCents)) - sum((remittance.providerAdjustments ?? []).map((a) => a.amountCents));
}

class Segments {
  readonly lines: string[] = [];
  add(...elements: string[]): void {
    // Trailing empty elements are not written (X12 drops them).
    let end = elements.length;
    while (end > 1 && elements[end - 1] === "") end -= 1;
    this.lines.push(`${elements.slice(0, end).join("*")}~\n`);
  }
}

function padded(value: string, width: number): string {
  return text(value).padEnd(width, " ").slice(0, width);
}

function casSegments(out: Segments, adjustments: readonly AdjustmentToWrite[]): void {
  const groups = new Map<string, AdjustmentToWrite[]>();
  for (const adjustment of adjustments) {
    if (adjustment.amountCents === 0) continue;
    const list = groups.get(adjustment.group) ?? [];
    list.push(adjustment);
    groups.set(adjustment.group, list);
  }
  for (const [group, list] of groups) {
    // CAS holds up to six reason/amount/quantity triplets.
    for (let start = 0; start < list.length; start += 6) {
      const triplets = list.slice(start, start + 6).flatMap((a, i, all) => [text(a.reason), money(a.amountCents), ...(i < all.length - 1 ? [""] : [])]);
      out.add("CAS", text(group), ...triplets);
    }
  }
}

function claimSegments(out: Segments, claim: ClaimToWrite): void {
  const paid = claimPaidCents(claim);
  const patientResp = claimPatientResponsibilityCents(claim);
  const status = claim.status ?? (paid === 0 && patientResp === 0 ? "4" : "1");
  out.add(
    "CLP",
    text(claim.claimNumber),
    text(status),
    money(claimChargedCents(claim)),
    money(paid),
    money(patientResp),
    text(claim.filingIndicator),
    text(claim.payerClaimControlNumber),
    "11",
    "1",
  );
  const { lastName, firstName, memberId } = claim.patient;
  out.add("NM1", "QC", "1", text(lastName), text(firstName), "", "", "", "MI", text(memberId));
  for (const line of claim.serviceLines) {
    const procedure = ["HC", line.cptCode, ...line.modifiers].map(text).join(":");
    out.add("SVC", procedure, money(line.chargedCents), money(line.paidCents), "", String(line.units));
    out.add("DTM", "472", x12Date(line.dateOfService));
    casSegments(out, line.adjustments);
  }
}

function plbSegments(out: Segments, remittance: RemittanceToWrite): void {
  const adjustments = remittance.providerAdjustments ?? [];
  const fiscalYearEnd = `${remittance.paymentDate.slice(0, 4)}1231`;
  // PLB holds up to six reason/amount pairs.
  for (let start = 0; start < adjustments.length; start += 6) {
    const pairs = adjustments
      .slice(start, start + 6)
      .flatMap((a) => [[a.reasonCode, ...(a.reference ? [a.reference] : [])].map(text).join(":"), money(a.amountCents)]);
    out.add("PLB", text(remittance.payee.npi), fiscalYearEnd, ...pairs);
  }
}

function paymentSegment(out: Segments, remittance: RemittanceToWrite, amountCents: number): void {
  const date = x12Date(remittance.paymentDate);
  const amount = money(Math.abs(amountCents));
  const creditDebit = amountCents < 0 ? "D" : "C";
  const payerCompanyId = `1${remittance.payer.ediPayerId.padStart(9, "0")}`;
  if (remittance.method === "eft") {
    out.add("BPR", "I", amount, creditDebit, "ACH", "CCP", "01", "011000015", "DA", "0001234567", text(payerCompanyId), "", "01", "122105155", "DA", "0009876543", date);
  } else if (remittance.method === "check") {
    out.add("BPR", "C", amount, creditDebit, "CHK", "", "", "", "", "", "", "", "", "", "", "", date);
  } else {
    out.add("BPR", "H", amount, creditDebit, "NON", "", "", "", "", "", "", "", "", "", "", "", date);
  }
}

/** The remittance as one 835 interchange (ISA…IEA) with one transaction (ST…SE). */
export function write835(remittance: RemittanceToWrite): string {
  const { controlNumber, payer, payee } = remittance;
  if (!Number.isInteger(controlNumber) || controlNumber < 1 || controlNumber > 999_999_999) {
    throw new Error(`835 control number ${controlNumber} is not 1 to 999999999`);
  }
  const control = String(controlNumber).padStart(9, "0");
  const date = x12Date(remittance.paymentDate);
  const envelope = new Segments();
  envelope.add("ISA", "00", " ".repeat(10), "00", " ".repeat(10), "ZZ", padded(payer.ediPayerId, 15), "ZZ", padded(payee.npi, 15), date.slice(2), "1200", "^", "00501", control, "0", "P", ":");
  envelope.add("GS", "HP", text(payer.ediPayerId), text(payee.npi), date, "1200", String(controlNumber), "X", "005010X221A1");

  const body = new Segments();
  body.add("ST", "835", "0001", "005010X221A1");
  paymentSegment(body, remittance, remittancePaymentCents(remittance));
  body.add("TRN", "1", text(remittance.traceNumber), text(`1${payer.ediPayerId.padStart(9, "0")}`));
  body.add("DTM", "405", date);
  body.add("N1", "PR", text(payer.name), "XV", text(payer.ediPayerId));
  body.add("N1", "PE", text(payee.name), "XX", text(payee.npi));
  body.add("REF", "TJ", text(payee.taxId));
  if (remittance.claims.length > 0) body.add("LX", "1");
  for (const claim of remittance.claims) claimSegments(body, claim);
  plbSegments(body, remittance);
  body.add("SE", String(body.lines.length + 1), "0001");

  const trailer = new Segments();
  trailer.add("GE", "1", String(controlNumber));
  trailer.add("IEA", "1", control);
  return [...envelope.lines, ...body.lines, ...trailer.lines].join("");
}
