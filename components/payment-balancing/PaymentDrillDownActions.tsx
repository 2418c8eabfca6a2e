"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApplyUnappliedForm, type ApplyAction } from "@/components/posting/ApplyUnappliedForm";
import { VoidReasonForm, voidedNotice, type VoidAction } from "@/components/posting/VoidReasonForm";
import { formatLocalDateTime } from "@/lib/dates";
import type { ActionResult } from "@/lib/posting/errors";
import type { OpenCharge, PatientMatch } from "@/lib/posting/lookup";
import { formatUsd } from "@/lib/money";
import type { PaymentDrillDownActions as Actions } from "@/lib/reports/payment-balancing/drill-down";

interface Props {
  paymentId: number;
  amountCents: number;
  unappliedCents: number;
  payingPatientId: number | null;
  timezone: string;
  actions: Actions;
  voidPayment: VoidAction;
  apply: ApplyAction;
  searchPatients: (query: string) => Promise<ActionResult<PatientMatch[]>>;
  openCharges: (patientId: number) => Promise<ActionResult<OpenCharge[]>>;
}

/**
 * The payment drill-down's actions (issue 24), offered only to a viewer the posting layer would
 * let do them: Void (any payment for a Billing Admin) and Apply unapplied money.
 */
export function PaymentDrillDownActions(props: Props) {
  const { paymentId, amountCents, unappliedCents, payingPatientId, timezone, actions } = props;
  const router = useRouter();
  const [open, setOpen] = useState<"void" | "apply" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function done(message: string) {
    setOpen(null);
    setNotice(message);
    router.refresh();
  }

  return (
    <section className="drill-down-actions" aria-label="Payment actions">
      {notice && (
        <p role="status" className="balanced">
          {notice}
        </p>
      )}
      {actions.voided && (
        <p className="out-of-balance">
          Voided {formatLocalDateTime(actions.voided.postedAt, timezone)} (reversal {actions.voided.reversalPaymentId})
          {actions.voided.reason ? `: ${actions.voided.reason}` : ""}
        </p>
      )}
      {open === null && (actions.mayApply || actions.mayVoid) && (
        <div className="drill-down-buttons">
          {actions.mayApply && (
            <button type="button" onClick={() => setOpen("apply")}>
              Apply unapplied money
            </button>
          )}
          {actions.mayVoid && (
            <button type="button" onClick={() => setOpen("void")}>
              Void payment…
            </button>
          )}
        </div>
      )}
      {open === "void" && (
        <VoidReasonForm
          paymentId={paymentId}
          amountCents={amountCents}
          voidPayment={props.voidPayment}
          onCancel={() => setOpen(null)}
          onVoided={(voided) => done(voidedNotice(voided))}
        />
      )}
      {open === "apply" && (
        <>
          <ApplyUnappliedForm
            paymentId={paymentId}
            unappliedCents={unappliedCents}
            payingPatientId={payingPatientId}
            searchPatients={props.searchPatients}
            openCharges={props.openCharges}
            apply={props.apply}
            onApplied={(applied) =>
              done(
                `Applied ${formatUsd(applied.addedCents)} on ${applied.addedLineCount} ${applied.addedLineCount === 1 ? "line" : "lines"}: ${formatUsd(applied.unappliedCents)} of payment ${applied.paymentId} is still unapplied.`,
              )
            }
          />
          <button type="button" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </>
      )}
    </section>
  );
}
