"use client";

import { useRouter } from "next/navigation";
import type { PayerOption } from "@/lib/posting/lookup";
import type { BatchPayment } from "@/lib/posting/payments";
import { BatchPayments, type VoidAction } from "./BatchPayments";
import { PaymentEntryForm, type EntryBatch, type PaymentEntryActions } from "./PaymentEntryForm";

interface Props extends PaymentEntryActions {
  batch: EntryBatch;
  payments: BatchPayment[];
  payers: PayerOption[];
  today: string;
  timezone: string;
  voidPayment: VoidAction;
  /** Payment Balancing's payment drill-down, where a payment's unapplied money is applied later. */
  drillDownPath?: string;
  /** A closed batch takes no more payments; its payments may still be voided (into a VOID batch). */
  closed?: boolean;
}

/** The batch posting screen: after each posting or void the server renders the batch again. */
export function BatchPostingScreen({ batch, payments, payers, today, timezone, voidPayment, drillDownPath, closed = false, ...actions }: Props) {
  const router = useRouter();
  return (
    <>
      {closed ? (
        <p className="notice">
          This batch is closed: nothing more can be posted into it. A void of one of its payments goes into your VOID
          batch of today.
        </p>
      ) : (
        <PaymentEntryForm
          batch={batch}
          payers={payers}
          today={today}
          timezone={timezone}
          onPosted={() => router.refresh()}
          {...actions}
        />
      )}
      <h2>Payments in this batch</h2>
      <BatchPayments
        payments={payments}
        timezone={timezone}
        voidPayment={voidPayment}
        onVoided={() => router.refresh()}
        applyPath={closed ? undefined : drillDownPath}
      />
    </>
  );
}
