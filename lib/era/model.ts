import type { EraProblem } from "./errors";

/*
 * One 835 transaction (ST…SE) as the import reads it: one payment (the check or EFT), who paid
 * whom, the claims it pays and the provider-level adjustments that change it. Money is integer
 * cents; dates are ISO calendar dates; `segment` fields are ordinals in the file, so a screen or
 * a refusal can point at the line a poster would look at.
 */

/** BPR04 as the ledger's payment methods see it; `methodCode` keeps what the payer wrote. */
export type EraPaymentMethod = "eft" | "check" | "none" | "other";

export const PAYMENT_METHOD_CODES: Readonly<Record<string, EraPaymentMethod>> = {
  ACH: "eft",
  CHK: "check",
  NON: "none",
};

export interface EraPayment {
  readonly segment: number;
  /** BPR01: C payment and remittance, D payment only, H notification only, I remittance only, P prenotification, U/X split. */
  readonly handlingCode: string;
  /** BPR02 as written (the guide forbids it negative). */
  readonly amountCents: number;
  /** BPR03: "C" money to the provider, "D" money taken back from the provider. */
  readonly creditDebit: string;
  readonly method: EraPaymentMethod;
  readonly methodCode: string;
  /** BPR16, the check issue or EFT effective date; DTM*405 when BPR16 is missing or not a date (see `dateSource`). */
  readonly date: string | null;
  readonly dateSource: "BPR16" | "DTM*405" | null;
}

export interface EraPayer {
  /** N1*PR N102. */
  readonly name: string;
  /** N1*PR N104 (the national plan id, N103 = XV) or, without it, REF*2U (the payer's EDI id). */
  readonly id: string | null;
  readonly idSource: "N104" | "REF*2U" | null;
}

export interface EraPayee {
  /** N1*PE N102: the practice as the payer knows it. */
  readonly name: string;
  /** N104 when N103 is XX. */
  readonly npi: string | null;
  /** N104 when N103 is FI, else REF*TJ. */
  readonly taxId: string | null;
}

/** NM1*QC. */
export interface EraPatient {
  readonly lastName: string;
  readonly firstName: string | null;
  readonly middleName: string | null;
  /** NM108: MI member id, 34 SSN, HN HIC number, MR Medicaid recipient id… */
  readonly idQualifier: string | null;
  readonly id: string | null;
}

/** One CAS triplet: "CO-45 $50.00". A CAS segment holds up to six of them. */
export interface ClaimAdjustment {
  readonly segment: number;
  /** CAS01: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction (4010). */
  readonly group: string;
  /** CARC reason code, e.g. "45". */
  readonly reason: string;
  /** Positive reduces what is paid; negative adds back (reversals). */
  readonly amountCents: number;
  readonly quantity: number | null;
}

/** The procedure composite of SVC01 / SVC06. */
export interface ProcedureCode {
  /** HC (HCPCS/CPT), ZZ (mutually defined), NU (revenue code), AD, ER, HP, IV, N4, WK… */
  readonly qualifier: string;
  readonly code: string;
  readonly modifiers: readonly string[];
}

/** Both ends of a service or statement period; equal for a single date of service (DTM*472). */
export interface DateRange {
  readonly from: string | null;
  readonly through: string | null;
}

export interface ServiceLine {
  readonly segment: number;
  readonly procedure: ProcedureCode;
  /** SVC02. */
  readonly chargedCents: number;
  /** SVC03. */
  readonly paidCents: number;
  /** SVC04, institutional lines. */
  readonly revenueCode: string | null;
  /** SVC05; the guide says an absent value means one. null only when it cannot be read (see the notes). */
  readonly units: number | null;
  /** SVC06: what was billed, when the payer paid under another code (bundling, recoding). */
  readonly originalProcedure: ProcedureCode | null;
  /** SVC07: the units billed, when the payer paid other units. */
  readonly originalUnits: number | null;
  /** DTM*472 (one date) or DTM*150/151 (a period); null when the line has none (the claim's dates apply). */
  readonly serviceDates: DateRange | null;
  /** REF*6R: the line control number the practice sent on the claim, when the payer echoes it. */
  readonly lineItemControlNumber: string | null;
  readonly adjustments: readonly ClaimAdjustment[];
}

export const CLAIM_STATUS_LABELS: Readonly<Record<string, string>> = {
  "1": "Processed as primary",
  "2": "Processed as secondary",
  "3": "Processed as tertiary",
  "4": "Denied",
  "19": "Processed as primary, forwarded to additional payer(s)",
  "20": "Processed as secondary, forwarded to additional payer(s)",
  "21": "Processed as tertiary, forwarded to additional payer(s)",
  "22": "Reversal of previous payment",
  "23": "Not our claim, forwarded to additional payer(s)",
  "25": "Predetermination pricing only, no payment",
};

/** CLP02 = 22: this claim takes back an earlier payment of the same claim (CLP01/CLP07). */
export const REVERSAL_STATUS = "22";

export interface EraClaim {
  readonly segment: number;
  /** CLP01: the practice's own claim number, as it sent it. */
  readonly patientControlNumber: string;
  /** CLP02, as written (see CLAIM_STATUS_LABELS). */
  readonly status: string;
  /** CLP03 (negative on a reversal). */
  readonly chargedCents: number;
  /** CLP04: what this claim adds to the payment (negative on a reversal). */
  readonly paidCents: number;
  /** CLP05; absent means none (the guide sends it only when there is some). */
  readonly patientResponsibilityCents: number;
  /** CLP06: MC Medicaid, MA/MB Medicare, 12 PPO, 13 POS, 15 indemnity, HM HMO… */
  readonly filingIndicator: string | null;
  /** CLP07: the payer's own number for the claim. */
  readonly payerClaimControlNumber: string | null;
  readonly patient: EraPatient | null;
  /** DTM*232/233: the claim's statement period. */
  readonly statementPeriod: DateRange | null;
  /** CAS segments of the claim itself, before its first SVC. */
  readonly adjustments: readonly ClaimAdjustment[];
  readonly serviceLines: readonly ServiceLine[];
}

/** One PLB reason/amount pair: money that changes the check without belonging to a claim. */
export interface ProviderAdjustment {
  readonly segment: number;
  /** PLB01: the provider the adjustment is for (NPI or tax id). */
  readonly providerId: string;
  /** PLB02: the last day of the provider's fiscal period. */
  readonly fiscalPeriodDate: string | null;
  /** First component of PLB03/05/…: WO overpayment recovery, FB forwarding balance, L6 interest, CS adjustment, 72 authorized return… */
  readonly reasonCode: string;
  /** Second component: the payer's reference (often the claim or recovery it concerns). */
  readonly reference: string | null;
  /** PLB04/06/…: positive is withheld from the check, negative is added to it. */
  readonly amountCents: number;
}

/** BPR02 = ΣCLP04 − ΣPLB, the identity a posted ERA batch must keep. */
export interface BalanceCheck {
  /** BPR02, negative when BPR03 = D (the payer takes the money back). */
  readonly paymentCents: number;
  readonly claimsPaidCents: number;
  readonly providerAdjustmentsCents: number;
  /** claims paid − provider adjustments: what BPR02 should be. */
  readonly expectedCents: number;
  /** payment − expected; 0 when balanced. */
  readonly differenceCents: number;
  readonly balanced: boolean;
}

export interface EraTransaction {
  /** 1-based position of this ST…SE in the file. */
  readonly index: number;
  /** Ordinals of its ST and SE segments. */
  readonly segment: number;
  readonly endSegment: number;
  /** ST02. */
  readonly controlNumber: string;
  /** The implementation guide (ST03, else GS08, e.g. 005010X221A1 / 004010X091A1), else the ISA12 version. */
  readonly version: string | null;
  readonly release: "5010" | "4010" | null;
  /** null only when the transaction has no readable BPR (then it is refused). */
  readonly payment: EraPayment | null;
  /** TRN02: the check or EFT trace number; with the payer and amount, what makes a payment "already posted". */
  readonly traceNumber: string | null;
  /** DTM*405: when the payer produced this remittance. */
  readonly productionDate: string | null;
  readonly payer: EraPayer | null;
  readonly payee: EraPayee | null;
  readonly claims: readonly EraClaim[];
  readonly providerAdjustments: readonly ProviderAdjustment[];
  /** null when an amount it depends on cannot be read (a refusal says which). */
  readonly balance: BalanceCheck | null;
  /** Why this transaction must not be posted (an unbalanced payment is one of them). Empty: postable. */
  readonly refusals: readonly EraProblem[];
  /** Reported, but no reason to refuse: line arithmetic that does not add up, a fallback date… */
  readonly notes: readonly EraProblem[];
}
