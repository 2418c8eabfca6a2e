import type { EraProblem } from "./errors";
import { PAYMENT_METHOD_CODES, type EraPayment } from "./model";
import type { Segment } from "./segments";
import { element, parseX12Date, requiredCents } from "./values";

/*
 * The BPR segment: how much, how and when the payer paid. It is read when the transaction ends,
 * because its fallback date (DTM*405) comes after it.
 */

/**
 * BPR16 is the date the money moved, and what a deposit is matched on. Sample files from
 * payers' own guides have it missing (BPR with 15 elements) or impossible ("20002316"); the
 * production date DTM*405 is then the nearest date the payer states, used with a note rather
 * than refusing a payment whose money is in order.
 */
export function readPayment(bpr: Segment, productionDate: string | null): { payment: EraPayment; notes: EraProblem[] } {
  const methodCode = element(bpr, 4);
  const written = element(bpr, 16);
  const paymentDate = parseX12Date(written);
  const notes: EraProblem[] = [];
  let date = paymentDate;
  let dateSource: EraPayment["dateSource"] = paymentDate === null ? null : "BPR16";
  if (paymentDate === null) {
    const problem = written === "" ? "BPR16 (the payment date) is missing" : `BPR16 ${JSON.stringify(written)} is not a date`;
    if (productionDate !== null) {
      date = productionDate;
      dateSource = "DTM*405";
      notes.push({ segment: bpr.ordinal, message: `${problem}: the payment date is taken from DTM*405 (${productionDate})` });
    } else {
      notes.push({ segment: bpr.ordinal, message: `${problem}, and there is no DTM*405 to take it from` });
    }
  }
  return {
    payment: {
      segment: bpr.ordinal,
      handlingCode: element(bpr, 1),
      amountCents: requiredCents(bpr, 2),
      creditDebit: element(bpr, 3) || "C",
      method: PAYMENT_METHOD_CODES[methodCode] ?? "other",
      methodCode,
      date,
      dateSource,
    },
    notes,
  };
}
