"use client";

import { useEffect, useReducer, useRef, type KeyboardEvent } from "react";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import type { EarlierPayment } from "@/lib/posting/duplicates";
import { fromZodError, type ActionResult } from "@/lib/posting/errors";
import type { OpenCharge, PatientMatch, PayerOption } from "@/lib/posting/lookup";
import type { PostedPayment } from "@/lib/posting/payments";
import {
  COMMON_ADJUSTMENT_REASONS,
  METHOD_LABELS,
  PAYMENT_METHODS,
  paymentInput,
  paymentLineInput,
  type PaymentInput,
  type PaymentMethod,
} from "@/lib/posting/schemas";
import { formatUsd } from "@/lib/money";
import { newIdempotencyKey } from "./keys";
import { MoneyInput } from "./MoneyInput";
import { describePatient, PatientPicker } from "./PatientPicker";
import {
  initialPaymentEntryState,
  paymentEntryReducer,
  type AddedLine,
  type LineDraft,
  type PaymentFields,
} from "./paymentEntryState";
import { RunningTotals } from "./RunningTotals";
import { runningTotals, typedCents } from "./totals";

export interface PaymentEntryActions {
  searchPatients: (query: string) => Promise<ActionResult<PatientMatch[]>>;
  openCharges: (patientId: number) => Promise<ActionResult<OpenCharge[]>>;
  postPayment: (batchNumber: string, input: PaymentInput, idempotencyKey: string) => Promise<ActionResult<PostedPayment>>;
  /** Earlier payments like this one (payer, reference, amount, last 90 days): asked before each post. */
  findDuplicates?: (input: PaymentInput) => Promise<ActionResult<EarlierPayment[]>>;
}

export interface EntryBatch {
  batchNumber: string;
  depositDate: string;
  controlTotalCents: number | null;
  postedTotalCents: number;
}

interface Props extends PaymentEntryActions {
  batch: EntryBatch;
  payers: PayerOption[];
  /** Today in the practice's timezone: the latest deposit date allowed. */
  today: string;
  /** The practice's timezone, for the earlier payments' posting times. */
  timezone?: string;
  onPosted?: (posted: PostedPayment) => void;
}

function chargeLabel(charge: OpenCharge): string {
  const modifiers = charge.modifiers ? ` ${charge.modifiers}` : "";
  const units = charge.units > 1 ? ` ×${charge.units}` : "";
  return `${formatUsDate(charge.dateOfService)} ${charge.cptCode}${modifiers}${units} · ${charge.locationCode} · open ${formatUsd(charge.openCents)}`;
}

function hasAmounts(line: LineDraft): boolean {
  return [line.paid, line.adjustment, line.adjustmentReason, line.patientResp].some((text) => text.trim() !== "");
}

const shownCents = (text: string) => {
  const cents = typedCents(text);
  return cents === null ? text : formatUsd(cents);
};

/**
 * One payment at a time, keyed without the mouse: Enter moves to the next field, Enter in
 * the line row adds the line (and moves to the next open charge), Ctrl+Enter posts. The
 * totals update as the poster types; the server checks everything again when posting.
 */
export function PaymentEntryForm({
  batch,
  payers,
  today,
  timezone = "UTC",
  searchPatients,
  openCharges,
  postPayment,
  findDuplicates,
  onPosted,
}: Props) {
  const [state, dispatch] = useReducer(paymentEntryReducer, undefined, initialPaymentEntryState);
  const { payment, patient, charges, lines, entry, notice, pending, duplicates } = state;
  const { payerId, method, referenceNumber, amount } = payment;
  const idempotencyKey = useRef(newIdempotencyKey());
  const nextLineKey = useRef(1);
  const formRef = useRef<HTMLFormElement>(null);
  const payerRef = useRef<HTMLSelectElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const patientRef = useRef<HTMLInputElement>(null);
  const paidRef = useRef<HTMLInputElement>(null);
  const postRef = useRef<HTMLButtonElement>(null);
  const postAnywayRef = useRef<HTMLButtonElement>(null);

  // The duplicate warning takes the cursor: Enter posts anyway, Tab then Enter cancels.
  useEffect(() => {
    if (duplicates) postAnywayRef.current?.focus();
  }, [duplicates]);

  const usedChargeIds = new Set(lines.map((line) => line.charge.chargeId));
  const available = charges.filter((charge) => !usedChargeIds.has(charge.chargeId));
  const totals = runningTotals({
    amountText: amount,
    paidTexts: [...lines.map((line) => line.paid), ...(entry.chargeId ? [entry.paid] : [])],
    controlTotalCents: batch.controlTotalCents,
    postedTotalCents: batch.postedTotalCents,
  });

  const editPayment = (changes: Partial<PaymentFields>) => dispatch({ type: "editPayment", changes });
  const editEntry = (changes: Partial<LineDraft>) => dispatch({ type: "editEntry", changes });

  function refuse(message: string, field: string | null = null) {
    dispatch({ type: "refuse", message, field });
    const fieldRefs: Record<string, { current: HTMLElement | null }> = {
      payerId: payerRef,
      referenceNumber: referenceRef,
      amount: amountRef,
      patientId: patientRef,
    };
    if (field) fieldRefs[field]?.current?.focus();
  }

  async function pickPatient(next: PatientMatch | null) {
    if (next && payerId === "" && lines.some((line) => line.patient.patientId !== next.patientId)) {
      refuse("A patient payment applies only to that patient's charges: remove the other patient's lines first.");
      return;
    }
    dispatch({ type: "choosePatient", patient: next });
    if (!next) return;
    const result = await openCharges(next.patientId);
    if (!result.ok) {
      refuse(result.error, "patientId");
      return;
    }
    const first = result.value.find((charge) => !usedChargeIds.has(charge.chargeId));
    dispatch({ type: "chargesLoaded", charges: result.value, chargeId: first ? String(first.chargeId) : "" });
    if (first) {
      dispatch({ type: "clearProblem" });
      setTimeout(() => paidRef.current?.focus());
    } else {
      refuse(`${describePatient(next)} has no open charges left to apply to.`);
    }
  }

  /** The line being keyed, checked with the shared schema and the charge's open balance. */
  function checkedEntry(): AddedLine | string {
    const charge = available.find((c) => String(c.chargeId) === entry.chargeId);
    if (!charge || !patient) return "Choose the patient and the charge for the line.";
    const parsed = paymentLineInput.safeParse({
      chargeId: charge.chargeId,
      paid: entry.paid,
      adjustment: entry.adjustment,
      adjustmentReason: entry.adjustmentReason,
      patientResp: entry.patientResp,
    });
    if (!parsed.success) return fromZodError(parsed.error).message;
    const applying = parsed.data.paid + parsed.data.adjustment + parsed.data.patientResp;
    if (applying > charge.openCents) {
      return `This line applies ${formatUsd(applying)}, but the charge has only ${formatUsd(charge.openCents)} open.`;
    }
    return { ...entry, adjustmentReason: parsed.data.adjustmentReason ?? "", key: nextLineKey.current++, charge, patient };
  }

  function addLine() {
    const line = checkedEntry();
    if (typeof line === "string") {
      refuse(line);
      return;
    }
    const next = available.find((charge) => charge.chargeId !== line.charge.chargeId);
    dispatch({ type: "addLine", line, chargeId: next ? String(next.chargeId) : "" });
    setTimeout(() => (next ? paidRef.current : postRef.current)?.focus());
  }

  /** Posts the payment; unless `anyway`, asks first whether one like it was posted lately. */
  async function post(anyway = false) {
    if (pending) return;
    if (duplicates && !anyway) {
      postAnywayRef.current?.focus();
      return;
    }
    let all = lines;
    if (entry.chargeId && hasAmounts(entry)) {
      const line = checkedEntry();
      if (typeof line === "string") {
        refuse(line);
        return;
      }
      all = [...lines, line];
      dispatch({ type: "includeEntry", line });
    }
    const input: PaymentInput = {
      payerId: payerId ? Number(payerId) : null,
      patientId: payerId ? null : (patient?.patientId ?? null),
      method,
      referenceNumber,
      amount,
      // No depositDate: the payment takes its batch's.
      lines: all.map((line) => ({
        chargeId: line.charge.chargeId,
        paid: line.paid,
        adjustment: line.adjustment,
        adjustmentReason: line.adjustmentReason,
        patientResp: line.patientResp,
      })),
    };
    const checked = paymentInput.safeParse(input);
    if (!checked.success) {
      const error = fromZodError(checked.error);
      refuse(error.message, error.field);
      return;
    }
    if (batch.depositDate > today) {
      refuse(`The batch's deposit date ${formatUsDate(batch.depositDate)} is in the future.`);
      return;
    }
    dispatch({ type: "pending", pending: true });
    if (!anyway && findDuplicates) {
      const found = await findDuplicates(input);
      if (!found.ok) {
        dispatch({ type: "pending", pending: false });
        refuse(found.error, found.field);
        return;
      }
      if (found.value.length > 0) {
        dispatch({ type: "duplicates", earlier: found.value });
        return;
      }
    }
    dispatch({ type: "dismissDuplicates" });
    const result = await postPayment(batch.batchNumber, input, idempotencyKey.current);
    if (!result.ok) {
      dispatch({ type: "pending", pending: false });
      refuse(result.error, result.field);
      return;
    }
    const { paymentId, amountCents, appliedCents, unappliedCents } = result.value;
    // A fresh form, and a fresh key: the next payment is a new request.
    idempotencyKey.current = newIdempotencyKey();
    dispatch({
      type: "posted",
      message: `Posted payment ${paymentId}: ${formatUsd(amountCents)}, applied ${formatUsd(appliedCents)}, unapplied ${formatUsd(unappliedCents)}.`,
    });
    // The payer stays for the next check line; the cursor goes to the first field cleared.
    (payerId ? referenceRef : payerRef).current?.focus();
    onPosted?.(result.value);
  }

  /** The next field in tab order, for Enter. */
  function focusNext(from: HTMLElement) {
    const fields = Array.from(
      formRef.current?.querySelectorAll<HTMLElement>("input:not([disabled]), select:not([disabled]), button:not([disabled])") ?? [],
    );
    fields[fields.indexOf(from) + 1]?.focus();
  }

  function keyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const inLine = target.closest("[data-line-entry]") !== null;
    if (event.key === "Escape" && inLine) {
      event.preventDefault();
      dispatch({ type: "clearEntryAmounts" });
      return;
    }
    if (event.key !== "Enter") return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      void post();
      return;
    }
    if (target.tagName === "BUTTON") return;
    event.preventDefault();
    if (inLine) addLine();
    else focusNext(target);
  }

  const invalid = (field: string) => (notice?.kind === "problem" && notice.field === field) || undefined;
  const referenceHint = method === "check" ? "Check number" : method === "eft" ? "EFT trace number" : "Optional";

  return (
    <form
      ref={formRef}
      className="posting-form"
      aria-label="Enter a payment"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void post();
      }}
      onKeyDown={keyDown}
    >
      <fieldset className="posting-header">
        <legend>Payment</legend>
        <label>
          Payer
          <select
            ref={payerRef}
            autoFocus
            value={payerId}
            aria-invalid={invalid("payerId")}
            onChange={(event) => editPayment({ payerId: event.target.value })}
          >
            <option value="">Patient payment (no payer)</option>
            {payers.map((payer) => (
              <option key={payer.payerId} value={payer.payerId}>
                {payer.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Method
          <select value={method} onChange={(event) => editPayment({ method: event.target.value as PaymentMethod })}>
            {PAYMENT_METHODS.map((value) => (
              <option key={value} value={value}>
                {METHOD_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference no.
          <input
            ref={referenceRef}
            value={referenceNumber}
            placeholder={referenceHint}
            maxLength={50}
            aria-invalid={invalid("referenceNumber")}
            onChange={(event) => editPayment({ referenceNumber: event.target.value })}
          />
        </label>
        <MoneyInput
          ref={amountRef}
          label="Amount"
          value={amount}
          invalid={invalid("amount")}
          onChange={(text) => editPayment({ amount: text })}
        />
        <p className="posting-hint">Deposit date {formatUsDate(batch.depositDate)}, the batch&apos;s</p>
      </fieldset>

      <fieldset className="posting-apply">
        <legend>Apply to charges</legend>
        <PatientPicker
          label={payerId ? "Patient (whose charges this pays)" : "Patient (who paid)"}
          value={patient}
          onPick={(next) => void pickPatient(next)}
          search={searchPatients}
          inputRef={patientRef}
        />
        <table className="simple posting-lines">
          <thead>
            <tr>
              <th scope="col">Charge</th>
              <th scope="col">Paid</th>
              <th scope="col">Adjustment</th>
              <th scope="col">Reason</th>
              <th scope="col">Patient resp.</th>
              <th scope="col">
                <span className="posting-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => (
              <tr key={line.key} aria-label={`Line ${index + 1}`}>
                <td>
                  {chargeLabel(line.charge)}
                  <div className="posting-hint">{describePatient(line.patient)}</div>
                </td>
                <td className="posting-money">{shownCents(line.paid)}</td>
                <td className="posting-money">{shownCents(line.adjustment)}</td>
                <td>{line.adjustmentReason}</td>
                <td className="posting-money">{shownCents(line.patientResp)}</td>
                <td>
                  <button type="button" onClick={() => dispatch({ type: "removeLine", key: line.key })} aria-label={`Remove line ${index + 1}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
            <tr data-line-entry aria-label="New line">
              <td>
                <select
                  aria-label="Charge"
                  value={entry.chargeId}
                  disabled={available.length === 0}
                  onChange={(event) => editEntry({ chargeId: event.target.value })}
                >
                  {available.length === 0 && <option value="">{patient ? "No open charges" : "Choose a patient first"}</option>}
                  {available.map((charge) => (
                    <option key={charge.chargeId} value={charge.chargeId}>
                      {chargeLabel(charge)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <MoneyInput ref={paidRef} label="Paid" hiddenLabel value={entry.paid} onChange={(text) => editEntry({ paid: text })} />
              </td>
              <td>
                <MoneyInput label="Adjustment" hiddenLabel value={entry.adjustment} onChange={(text) => editEntry({ adjustment: text })} />
              </td>
              <td>
                <input
                  aria-label="Reason code"
                  list="posting-reason-codes"
                  placeholder="CO-45"
                  size={7}
                  value={entry.adjustmentReason}
                  onChange={(event) => editEntry({ adjustmentReason: event.target.value })}
                />
              </td>
              <td>
                <MoneyInput
                  label="Patient responsibility"
                  hiddenLabel
                  value={entry.patientResp}
                  onChange={(text) => editEntry({ patientResp: text })}
                />
              </td>
              <td>
                <button type="button" onClick={addLine} disabled={available.length === 0}>
                  Add line
                </button>
              </td>
            </tr>
          </tbody>
        </table>
        <datalist id="posting-reason-codes">
          {COMMON_ADJUSTMENT_REASONS.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
      </fieldset>

      <RunningTotals totals={totals} />

      {duplicates && (
        <div role="alertdialog" aria-labelledby="posting-duplicate-title" className="notice posting-duplicate">
          <p id="posting-duplicate-title">
            <strong>
              {duplicates.length === 1 ? "A payment like this one was" : `${duplicates.length} payments like this one were`} posted
              in the last 90 days (same payer, reference number and amount):
            </strong>
          </p>
          <ul>
            {duplicates.map((earlier) => (
              <li key={earlier.paymentId}>
                Payment {earlier.paymentId}: {earlier.payerName ?? earlier.patientName} · ref {earlier.referenceNumber} ·{" "}
                {formatUsd(earlier.amountCents)} · deposit {formatUsDate(earlier.depositDate)} · posted{" "}
                {formatLocalDateTime(earlier.postedAt, timezone)} by {earlier.postedByName} in{" "}
                <a href={earlier.batchHref}>batch {earlier.batchNumber}</a>
                {earlier.paymentHref && (
                  <>
                    {" "}
                    (<a href={earlier.paymentHref}>its lines</a>)
                  </>
                )}
              </li>
            ))}
          </ul>
          <p>Post this one anyway only if it is a different payment.</p>
          <button ref={postAnywayRef} type="button" onClick={() => void post(true)} disabled={pending}>
            Post anyway
          </button>{" "}
          <button
            type="button"
            onClick={() => {
              dispatch({ type: "dismissDuplicates" });
              referenceRef.current?.focus();
            }}
          >
            Cancel
          </button>
        </div>
      )}
      {notice?.kind === "problem" && (
        <p role="alert" className="form-error">
          {notice.message}
        </p>
      )}
      {notice?.kind === "posted" && (
        <p role="status" className="balanced">
          {notice.message}
        </p>
      )}
      <div className="posting-actions">
        <button ref={postRef} type="submit" disabled={pending}>
          {pending ? "Posting…" : "Post payment"}
        </button>
        <span className="posting-hint">
          Enter: next field · Enter in the line row: add the line · Esc: clear the line · Ctrl+Enter: post the payment
        </span>
      </div>
    </form>
  );
}
