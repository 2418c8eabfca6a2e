import type { EraPayee, EraPayer } from "./model";
import type { Segment } from "./segments";
import { element, optionalElement } from "./values";

/*
 * The header's N1 loops: N1*PR (the payer) and N1*PE (the payee, the practice), each followed
 * by its own REF segments. A REF belongs to the N1 before it, so the reader remembers which loop
 * it is in until the claims begin (LX/CLP).
 */

interface PartyDraft {
  name: string;
  /** N103, N104 */
  idQualifier: string | null;
  id: string | null;
  references: Map<string, string>;
}

export class PartyReader {
  private payer: PartyDraft | null = null;
  private payee: PartyDraft | null = null;
  private current: PartyDraft | null = null;

  /** N1: starts the payer's or payee's loop; any other entity (N1*PE's remit-to…) is not read. */
  name(n1: Segment): void {
    const party: PartyDraft = {
      name: element(n1, 2),
      idQualifier: optionalElement(n1, 3),
      id: optionalElement(n1, 4),
      references: new Map(),
    };
    const entity = element(n1, 1);
    if (entity === "PR") this.payer ??= party;
    else if (entity === "PE") this.payee ??= party;
    this.current = entity === "PR" || entity === "PE" ? party : null;
  }

  /** REF inside an N1 loop: REF*2U (payer id), REF*TJ (payee tax id)… The first of each qualifier counts. */
  reference(ref: Segment): void {
    const qualifier = element(ref, 1);
    const value = element(ref, 2);
    if (this.current && value !== "" && !this.current.references.has(qualifier)) this.current.references.set(qualifier, value);
  }

  /** The header's loops are over (LX or CLP). */
  close(): void {
    this.current = null;
  }

  get hasPayer(): boolean {
    return this.payer !== null && this.payer.name !== "";
  }

  payerOf(): EraPayer | null {
    if (!this.payer) return null;
    const planId = this.payer.id;
    const ediId = this.payer.references.get("2U") ?? null;
    return {
      name: this.payer.name,
      id: planId ?? ediId,
      idSource: planId !== null ? "N104" : ediId !== null ? "REF*2U" : null,
    };
  }

  payeeOf(): EraPayee | null {
    if (!this.payee) return null;
    const { idQualifier, id, references } = this.payee;
    return {
      name: this.payee.name,
      npi: idQualifier === "XX" ? id : null,
      taxId: (idQualifier === "FI" ? id : null) ?? references.get("TJ") ?? null,
    };
  }
}
