import { checkBalance, claimArithmeticNotes, describeImbalance } from "./balance";
import {
  readAdjustments,
  readClaim,
  readPatient,
  readServiceLine,
  SERVICE_DATE_QUALIFIERS,
  STATEMENT_DATE_QUALIFIERS,
  withDate,
  type ClaimDraft,
  type ServiceLineDraft,
} from "./claims";
import { SegmentProblem, type EraProblem } from "./errors";
import type { EraPayment, EraTransaction, ProviderAdjustment } from "./model";
import { PartyReader } from "./parties";
import { readPayment } from "./payment";
import { readProviderAdjustments } from "./provider-adjustments";
import type { Segment } from "./segments";
import { element, parseX12Date } from "./values";

/*
 * Builds one EraTransaction from the segments between its ST and SE, as they stream past.
 *
 * What refuses this transaction only (its neighbours in the file still post): a segment that is
 * not X12 (a stray line), an amount that cannot be read, claim detail outside a claim, no BPR,
 * no TRN02 trace number, no payer, an SE02 that does not close this ST, and of course BPR02 ≠
 * ΣCLP04 − ΣPLB. Each is one bad payment, not a bad file: the segments around it are intact, so
 * the rest of the file can be trusted. The builder keeps reading after a refusal, so one report
 * names every problem of the transaction and the balance is still stated when it can be.
 */

/** What the envelope around this transaction says about it. */
export interface TransactionContext {
  /** 1-based position of this ST…SE in the file. */
  readonly index: number;
  /** GS08 of the enclosing group (the implementation guide), else ISA12, else null. */
  readonly envelopeVersion: string | null;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

function release(version: string | null): EraTransaction["release"] {
  if (version === null) return null;
  if (version.includes("5010") || version === "00501") return "5010";
  if (version.includes("4010") || version === "00401") return "4010";
  return null;
}

export class TransactionBuilder {
  private segmentCount = 1;
  private bpr: Segment | null = null;
  private traceNumber: string | null = null;
  private productionDate: string | null = null;
  private readonly parties = new PartyReader();
  private readonly claims: ClaimDraft[] = [];
  private claim: ClaimDraft | null = null;
  private line: ServiceLineDraft | null = null;
  /**
   * The current CLP (or SVC) could not be read, and is already refused: the NM1/SVC/CAS/DTM/REF
   * that follow belong to it and are skipped, rather than given to the claim or line before it.
   */
  private skipping: "claim" | "line" | null = null;
  /** An amount BPR02's arithmetic needs (CLP03/04/05, PLB) could not be read: no balance can be stated. */
  private balanceUnknown = false;
  private readonly providerAdjustments: ProviderAdjustment[] = [];
  private readonly refusals: EraProblem[] = [];
  private readonly notes: EraProblem[] = [];

  constructor(
    private readonly st: Segment,
    private readonly context: TransactionContext,
  ) {}

  add(segment: Segment): void {
    this.segmentCount += 1;
    try {
      this.read(segment);
    } catch (error) {
      if (!(error instanceof SegmentProblem)) throw error;
      this.refusals.push({ segment: error.segment, message: error.message });
    }
  }

  private read(segment: Segment): void {
    if (!SEGMENT_ID.test(segment.id)) {
      const text = segment.elements.join(segment.delimiters.element);
      throw new SegmentProblem(segment.ordinal, `${JSON.stringify(text.slice(0, 40))} is not an X12 segment`);
    }
    switch (segment.id) {
      case "BPR":
        if (this.bpr) throw new SegmentProblem(segment.ordinal, `a second BPR (the first is segment ${this.bpr.ordinal}): one transaction is one payment`);
        this.bpr = segment;
        return;
      case "TRN":
        this.traceNumber ??= element(segment, 2) || null;
        return;
      case "N1":
        this.parties.name(segment);
        return;
      case "REF":
        return this.readReference(segment);
      case "DTM":
        return this.readDate(segment);
      case "LX":
        this.parties.close();
        return;
      case "CLP":
        return this.startClaim(segment);
      case "NM1":
        if (element(segment, 1) === "QC" && !this.skipping) this.currentClaim(segment).patient = readPatient(segment);
        return;
      case "CAS":
        return this.readCas(segment);
      case "SVC":
        return this.startLine(segment);
      case "PLB":
        return this.readPlb(segment);
      default:
        // Everything else (TS3, MIA, MOA, AMT, QTY, LQ, PER, N3/N4…) carries nothing posting needs.
        return;
    }
  }

  private readReference(ref: Segment): void {
    if (this.line) {
      if (element(ref, 1) === "6R") this.line.lineItemControlNumber ??= element(ref, 2) || null;
    } else if (!this.claim && !this.skipping) {
      this.parties.reference(ref);
    }
  }

  private readDate(dtm: Segment): void {
    if (this.skipping) return;
    const found = this.line
      ? withDate(this.line.serviceDates, dtm, SERVICE_DATE_QUALIFIERS)
      : this.claim
        ? withDate(this.claim.statementPeriod, dtm, STATEMENT_DATE_QUALIFIERS)
        : null;
    if (found === null) {
      if (element(dtm, 1) === "405") this.productionDate ??= parseX12Date(element(dtm, 2));
      return;
    }
    if (found.problem) this.notes.push({ segment: dtm.ordinal, message: found.problem });
    if (this.line) this.line.serviceDates = found.range;
    else if (this.claim) this.claim.statementPeriod = found.range;
  }

  private startClaim(clp: Segment): void {
    this.parties.close();
    this.claim = null;
    this.line = null;
    this.skipping = null;
    try {
      this.claim = readClaim(clp);
      this.claims.push(this.claim);
    } catch (error) {
      this.skipping = "claim";
      this.balanceUnknown = true;
      throw error;
    }
  }

  /** The claim an NM1*QC, SVC or CAS belongs to: claim detail before any CLP has no claim to go to. */
  private currentClaim(segment: Segment): ClaimDraft {
    if (this.claim) return this.claim;
    throw new SegmentProblem(segment.ordinal, `${segment.id} before any CLP: claim detail must follow its claim`);
  }

  private readCas(cas: Segment): void {
    if (this.skipping) return;
    const target = this.line ?? this.currentClaim(cas);
    const adjustments = readAdjustments(cas);
    if (adjustments.length === 0) this.notes.push({ segment: cas.ordinal, message: "CAS has no reason code and amount" });
    target.adjustments.push(...adjustments);
  }

  private startLine(svc: Segment): void {
    if (this.skipping === "claim") return;
    this.skipping = null;
    this.line = null;
    const claim = this.currentClaim(svc);
    try {
      this.line = readServiceLine(svc, svc.delimiters.component, (message) => this.notes.push({ segment: svc.ordinal, message }));
    } catch (error) {
      this.skipping = "line";
      throw error;
    }
    claim.serviceLines.push(this.line);
  }

  /** PLB is the transaction's summary: no claim detail follows it. */
  private readPlb(plb: Segment): void {
    this.claim = null;
    this.line = null;
    this.skipping = null;
    try {
      const adjustments = readProviderAdjustments(plb, plb.delimiters.component);
      if (adjustments.length === 0) this.notes.push({ segment: plb.ordinal, message: "PLB has no adjustment reason and amount" });
      this.providerAdjustments.push(...adjustments);
    } catch (error) {
      this.balanceUnknown = true;
      throw error;
    }
  }

  finish(se: Segment): EraTransaction {
    this.segmentCount += 1;
    this.checkTrailer(se);
    const payment = this.readPaymentOnce();
    if (this.traceNumber === null) {
      this.refuse(this.st, "no TRN02 trace number: without it this payment cannot be told apart from one already posted");
    }
    if (!this.parties.hasPayer) this.refuse(this.st, "no N1*PR payer name");
    const payee = this.parties.payeeOf();
    if (payee === null) this.notes.push({ segment: this.st.ordinal, message: "no N1*PE payee" });
    for (const claim of this.claims) this.notes.push(...claimArithmeticNotes(claim));
    const balance = payment && !this.balanceUnknown ? checkBalance(payment, this.claims, this.providerAdjustments) : null;
    if (payment && balance && !balance.balanced) this.refusals.push({ segment: payment.segment, message: describeImbalance(balance) });
    const version = element(this.st, 3) || this.context.envelopeVersion;
    return {
      index: this.context.index,
      segment: this.st.ordinal,
      endSegment: se.ordinal,
      controlNumber: element(this.st, 2),
      version,
      release: release(version),
      payment,
      traceNumber: this.traceNumber,
      productionDate: this.productionDate,
      payer: this.parties.payerOf(),
      payee,
      claims: this.claims,
      providerAdjustments: this.providerAdjustments,
      balance,
      refusals: bySegment(this.refusals),
      notes: bySegment(this.notes),
    };
  }

  /**
   * SE01 is a segment count, and sample payer files get it wrong while every amount adds up (the
   * BCBS NC fixture says 33 for 32): the balance protects the money, so a wrong count is a note.
   * SE02 must repeat ST02, or this SE closes some other transaction and segments were lost.
   */
  private checkTrailer(se: Segment): void {
    const counted = element(se, 1);
    if (counted !== String(this.segmentCount)) {
      this.notes.push({ segment: se.ordinal, message: `SE01 says ${JSON.stringify(counted)} segments; the transaction has ${this.segmentCount}` });
    }
    const closes = element(se, 2);
    const opens = element(this.st, 2);
    if (closes !== opens) {
      this.refuse(se, `SE02 ${JSON.stringify(closes)} does not close ST02 ${JSON.stringify(opens)} (segment ${this.st.ordinal})`);
    }
  }

  private readPaymentOnce(): EraPayment | null {
    if (!this.bpr) {
      this.refuse(this.st, "no BPR segment: the transaction states no payment");
      return null;
    }
    try {
      const { payment, notes } = readPayment(this.bpr, this.productionDate);
      this.notes.push(...notes);
      return payment;
    } catch (error) {
      if (!(error instanceof SegmentProblem)) throw error;
      this.refusals.push({ segment: error.segment, message: error.message });
      return null;
    }
  }

  private refuse(segment: Segment, message: string): void {
    this.refusals.push({ segment: segment.ordinal, message });
  }
}

function bySegment(problems: EraProblem[]): EraProblem[] {
  return [...problems].sort((a, b) => a.segment - b.segment);
}
