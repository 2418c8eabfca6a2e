import { SegmentProblem } from "./errors";
import type { ProviderAdjustment } from "./model";
import type { Segment } from "./segments";
import { element, elementName, parseX12Date, requiredCents, splitComposite } from "./values";

/*
 * PLB: provider-level adjustments (overpayment recovery WO, interest L6, forwarding balance FB…).
 * Each reason/amount pair is its own adjustment, because each is posted with its own reason code.
 * They are part of BPR02's arithmetic, so an unreadable pair refuses the transaction.
 */

/** PLB03/04 … PLB13/14: up to six pairs of (reason:reference, amount). */
export function readProviderAdjustments(plb: Segment, component: string): ProviderAdjustment[] {
  const providerId = element(plb, 1);
  const fiscalPeriodDate = parseX12Date(element(plb, 2));
  const adjustments: ProviderAdjustment[] = [];
  for (let position = 3; position <= 13; position += 2) {
    const identifier = element(plb, position);
    const amount = element(plb, position + 1);
    if (identifier === "" && amount === "") continue;
    const [reasonCode = "", reference = ""] = identifier === "" ? [] : splitComposite(identifier, component).map((part) => part.trim());
    if (reasonCode === "") {
      throw new SegmentProblem(plb.ordinal, `${elementName(plb, position + 1)} is an amount without a reason code in ${elementName(plb, position)}`);
    }
    adjustments.push({
      segment: plb.ordinal,
      providerId,
      fiscalPeriodDate,
      reasonCode,
      reference: reference === "" ? null : reference,
      amountCents: requiredCents(plb, position + 1),
    });
  }
  return adjustments;
}
