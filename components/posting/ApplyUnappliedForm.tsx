"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { formatUsDate } from "@/lib/dates";
import type { ActionResult } from "@/lib/posting/errors";
import type { AppliedLines } from "@/lib/posting/apply-unapplied";
import type { OpenCharge, PatientMatch } from "@/lib/posting/lookup";
import type { ApplyInput } from "@/lib/posting/schemas";
import { formatUsd, parseDollars } from "@/lib/money";
import { newIdempotencyKey } from "./keys";
import { MoneyInput } from "./MoneyInput";
import { PatientPicker } from "./PatientPicker";

export type ApplyAction = (paymentId: number, input: ApplyInput, idempotencyKey: string) => Promise<ActionResult<AppliedLines>>;

interface Props {
  paymentId: number;
  unappliedCents: number;
  /** A patient payment applies to its patient's charges only: they are listed at once. */
  payingPatientId: number | null;
  searchPatients: (query: string) => Promise<ActionResult<PatientMatch[]>>;
  openCharges: (patientId: number) => Promise<ActionResult<OpenCharge[]>>;
  apply: ApplyAction;
  onApplied: (applied: AppliedLines) => void;
}

/**
 * "Apply unapplied money" (issue 24): the patient's open charges, an amount to type beside each
 * (blank applies nothing), Enter or the button applies them all as new lines of the payment.
 * The running sum is shown against what is unapplied; the server checks everything again.
 */
export function ApplyUnappliedForm({ paymentId, unappliedCents, payingPatientId, searchPatients, openCharges, apply, onApplied }: Props) {
  const [patient, setPatient] = useState<PatientMatch | null>(null);
  const [charges, setCharges] = useState<OpenCharge[] | null>(null);
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function loadCharges(patientId: number) {
    setCharges(null);
    setAmounts({});
    const result = await openCharges(patientId);
    if (!result.ok) setProblem(result.error);
    else setCharges(result.value);
  }

  useEffect(() => {
    if (payingPatientId !== null) void loadCharges(payingPatientId);
    // Loaded once for the payment's own patient; a payer's check loads on each pick instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [payingPatientId]);

  const typed = (charges ?? []).filter((charge) => (amounts[charge.chargeId] ?? "").trim() !== "");
  const cents = typed.map((charge) => parseDollars(amounts[charge.chargeId]!));
  const applyingCents = cents.every((value) => value !== null) ? cents.reduce<number>((sum, value) => sum + value!, 0) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (typed.length === 0) {
      setProblem("Type the amount to apply beside at least one charge.");
      return;
    }
    setPending(true);
    const result = await apply(paymentId, { lines: typed.map((charge) => ({ chargeId: charge.chargeId, paid: amounts[charge.chargeId]! })) }, key.current);
    setPending(false);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    key.current = newIdempotencyKey();
    setProblem(null);
    setAmounts({});
    onApplied(result.value);
  }

  return (
    <form className="apply-unapplied" onSubmit={submit} aria-label={`Apply unapplied money of payment ${paymentId}`}>
      <h2>Apply unapplied money</h2>
      <p>
        {formatUsd(unappliedCents)} of payment {paymentId} is unapplied. Type an amount beside each charge it pays; the lines are
        added to the payment, nothing posted changes.
      </p>
      {payingPatientId === null && (
        <PatientPicker
          label="Patient"
          value={patient}
          search={searchPatients}
          onPick={(picked) => {
            setPatient(picked);
            setProblem(null);
            if (picked) void loadCharges(picked.patientId);
            else setCharges(null);
          }}
        />
      )}
      {charges !== null && charges.length === 0 && <p className="posting-hint">No open charges for this patient.</p>}
      {charges !== null && charges.length > 0 && (
        <table className="simple">
          <thead>
            <tr>
              <th scope="col">Date of service</th>
              <th scope="col">CPT</th>
              <th scope="col">Location</th>
              <th scope="col">Open</th>
              <th scope="col">Apply</th>
            </tr>
          </thead>
          <tbody>
            {charges.map((charge) => (
              <tr key={charge.chargeId}>
                <td>{formatUsDate(charge.dateOfService)}</td>
                <td>
                  {charge.cptCode}
                  {charge.modifiers ? ` ${charge.modifiers}` : ""}
                </td>
                <td>{charge.locationCode}</td>
                <td className="posting-money">{formatUsd(charge.openCents)}</td>
                <td>
                  <MoneyInput
                    hiddenLabel
                    label={`Apply to ${charge.cptCode} on ${formatUsDate(charge.dateOfService)}`}
                    value={amounts[charge.chargeId] ?? ""}
                    onChange={(text) => setAmounts((current) => ({ ...current, [charge.chargeId]: text }))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className={applyingCents !== null && applyingCents > unappliedCents ? "out-of-balance" : undefined}>
        {applyingCents === null ? "An amount is not a dollar amount like 25.00." : `Applying ${formatUsd(applyingCents)} of ${formatUsd(unappliedCents)} unapplied.`}
      </p>
      <button type="submit" disabled={pending || charges === null || charges.length === 0}>
        {pending ? "Applying…" : "Apply to charges"}
      </button>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </form>
  );
}
