"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { formatUsDate } from "@/lib/dates";
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
import { describePatient, PatientPicker } from "./PatientPicker";
import { RunningTotals } from "./RunningTotals";
import { runningTotals, typedCents } from "./totals";

export interface PaymentEntryActions {
  searchPatients: (query: string) => Promise<ActionResult<PatientMatch[]>>;
  openCharges: (patientId: number) => Promise<ActionResult<OpenCharge[]>>;
  postPayment: (batchNumber: string, input: PaymentInput, idempotencyKey: string) => Promise<ActionResult<PostedPayment>>;
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
  onPosted?: (posted: PostedPayment) => void;
}

interface LineDraft {
  chargeId: string;
  paid: string;
  adjustment: string;
  adjustmentReason: string;
  patientResp: string;
}

interface AddedLine extends LineDraft {
  key: number;
  charge: OpenCharge;
  patient: PatientMatch;
}

const EMPTY_LINE: LineDraft = { chargeId: "", paid: "", adjustment: "", adjustmentReason: "", patientResp: "" };

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
export function PaymentEntryForm({ batch, payers, today, searchPatients, openCharges, postPayment, onPosted }: Props) {
  const [payerId, setPayerId] = useState("");
  const [method, setMethod] = useState<PaymentMethod>("check");
  const [referenceNumber, setReferenceNumber] = useState("");
  const [amount, setAmount] = useState("");
  const [depositDate, setDepositDate] = useState(batch.depositDate);
  const [patient, setPatient] = useState<PatientMatch | null>(null);
  const [charges, setCharges] = useState<OpenCharge[]>([]);
  const [lines, setLines] = useState<AddedLine[]>([]);
  const [entry, setEntry] = useState<LineDraft>(EMPTY_LINE);
  const [problem, setProblem] = useState<{ message: string; field: string | null } | null>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const nextLineKey = useRef(1);
  const formRef = useRef<HTMLFormElement>(null);
  const payerRef = useRef<HTMLSelectElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const depositRef = useRef<HTMLInputElement>(null);
  const patientRef = useRef<HTMLInputElement>(null);
  const paidRef = useRef<HTMLInputElement>(null);
  const postRef = useRef<HTMLButtonElement>(null);

  const usedChargeIds = new Set(lines.map((line) => line.charge.chargeId));
  const available = charges.filter((charge) => !usedChargeIds.has(charge.chargeId));
  const totals = runningTotals({
    amountText: amount,
    paidTexts: [...lines.map((line) => line.paid), ...(entry.chargeId ? [entry.paid] : [])],
    controlTotalCents: batch.controlTotalCents,
    postedTotalCents: batch.postedTotalCents,
  });

  function refuse(message: string, field: string | null = null) {
    setProblem({ message, field });
    setPosted(null);
    const fieldRefs: Record<string, { current: HTMLElement | null }> = {
      payerId: payerRef,
      referenceNumber: referenceRef,
      amount: amountRef,
      depositDate: depositRef,
      patientId: patientRef,
    };
    if (field) fieldRefs[field]?.current?.focus();
  }

  async function pickPatient(next: PatientMatch | null) {
    if (next && payerId === "" && lines.some((line) => line.patient.patientId !== next.patientId)) {
      refuse("A patient payment applies only to that patient's charges: remove the other patient's lines first.");
      return;
    }
    setPatient(next);
    setCharges([]);
    setEntry(EMPTY_LINE);
    if (!next) return;
    const result = await openCharges(next.patientId);
    if (!result.ok) {
      refuse(result.error, "patientId");
      return;
    }
    setCharges(result.value);
    const first = result.value.find((charge) => !usedChargeIds.has(charge.chargeId));
    setEntry({ ...EMPTY_LINE, chargeId: first ? String(first.chargeId) : "" });
    if (first) {
      setProblem(null);
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
    setLines([...lines, line]);
    setProblem(null);
    const next = available.find((charge) => charge.chargeId !== line.charge.chargeId);
    setEntry({ ...EMPTY_LINE, chargeId: next ? String(next.chargeId) : "" });
    setTimeout(() => (next ? paidRef.current : postRef.current)?.focus());
  }

  function removeLine(key: number) {
    setLines(lines.filter((line) => line.key !== key));
  }

  function reset() {
    setPayerId("");
    setMethod("check");
    setReferenceNumber("");
    setAmount("");
    setDepositDate(batch.depositDate);
    setPatient(null);
    setCharges([]);
    setLines([]);
    setEntry(EMPTY_LINE);
    idempotencyKey.current = newIdempotencyKey();
  }

  async function post() {
    if (pending) return;
    let all = lines;
    if (entry.chargeId && hasAmounts(entry)) {
      const line = checkedEntry();
      if (typeof line === "string") {
        refuse(line);
        return;
      }
      all = [...lines, line];
      setLines(all);
      setEntry(EMPTY_LINE);
    }
    const input: PaymentInput = {
      payerId: payerId ? Number(payerId) : null,
      patientId: payerId ? null : (patient?.patientId ?? null),
      method,
      referenceNumber,
      amount,
      depositDate,
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
    if (depositDate > today) {
      refuse(`Deposit date ${formatUsDate(depositDate)} is in the future.`, "depositDate");
      return;
    }
    setPending(true);
    const result = await postPayment(batch.batchNumber, input, idempotencyKey.current);
    setPending(false);
    if (!result.ok) {
      refuse(result.error, result.field);
      return;
    }
    const { paymentId, amountCents, appliedCents, unappliedCents } = result.value;
    reset();
    setProblem(null);
    setPosted(
      `Posted payment ${paymentId}: ${formatUsd(amountCents)}, applied ${formatUsd(appliedCents)}, unapplied ${formatUsd(unappliedCents)}.`,
    );
    payerRef.current?.focus();
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
      setEntry({ ...EMPTY_LINE, chargeId: entry.chargeId });
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

  const invalid = (field: string) => problem?.field === field || undefined;
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
            onChange={(event) => setPayerId(event.target.value)}
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
          <select value={method} onChange={(event) => setMethod(event.target.value as PaymentMethod)}>
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
            onChange={(event) => setReferenceNumber(event.target.value)}
          />
        </label>
        <label>
          Amount
          <input
            ref={amountRef}
            className="posting-money"
            inputMode="decimal"
            placeholder="0.00"
            value={amount}
            aria-invalid={invalid("amount")}
            onChange={(event) => setAmount(event.target.value)}
          />
        </label>
        <label>
          Deposit date
          <input
            ref={depositRef}
            type="date"
            max={today}
            value={depositDate}
            aria-invalid={invalid("depositDate")}
            onChange={(event) => setDepositDate(event.target.value)}
          />
        </label>
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
                  <button type="button" onClick={() => removeLine(line.key)} aria-label={`Remove line ${index + 1}`}>
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
                  onChange={(event) => setEntry({ ...entry, chargeId: event.target.value })}
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
                <input
                  ref={paidRef}
                  aria-label="Paid"
                  className="posting-money"
                  inputMode="decimal"
                  placeholder="0.00"
                  value={entry.paid}
                  onChange={(event) => setEntry({ ...entry, paid: event.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Adjustment"
                  className="posting-money"
                  inputMode="decimal"
                  placeholder="0.00"
                  value={entry.adjustment}
                  onChange={(event) => setEntry({ ...entry, adjustment: event.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Reason code"
                  list="posting-reason-codes"
                  placeholder="CO-45"
                  size={7}
                  value={entry.adjustmentReason}
                  onChange={(event) => setEntry({ ...entry, adjustmentReason: event.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Patient responsibility"
                  className="posting-money"
                  inputMode="decimal"
                  placeholder="0.00"
                  value={entry.patientResp}
                  onChange={(event) => setEntry({ ...entry, patientResp: event.target.value })}
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

      {problem && (
        <p role="alert" className="form-error">
          {problem.message}
        </p>
      )}
      {posted && (
        <p role="status" className="balanced">
          {posted}
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
