"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { resolveEraExceptionAction, searchEraChargesAction } from "@/app/payments/era/exceptions/actions";
import { formatUsDate } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import { EXCEPTION_REASON_LABELS, type EraExceptionRow } from "@/lib/reports/era/columns";
import type { ChargeCandidate } from "@/lib/reports/era/exceptions";

/** Resolving one exception: search the practice's charges, pick one, confirm. */
export function EraResolvePanel({ exception, onClose }: { exception: EraExceptionRow; onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState(exception.patient && !exception.patient.includes("another location") ? exception.patient : exception.claimNumber);
  const [candidates, setCandidates] = useState<ChargeCandidate[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    startTransition(async () => {
      const found = await searchEraChargesAction(text);
      if (!found.ok) return setProblem(found.error);
      setCandidates(found.value);
      setChosen(null);
    });
  }

  function confirm() {
    if (chosen === null) return;
    setProblem(null);
    startTransition(async () => {
      const resolved = await resolveEraExceptionAction(exception.id, chosen);
      if (!resolved.ok) return setProblem(resolved.error);
      onClose();
      router.refresh();
    });
  }

  return (
    <section className="era-resolve" aria-label={`Resolve exception ${exception.id}`}>
      <h2>
        Resolve: claim {exception.claimNumber}, {formatUsd(exception.amountCents)} ({EXCEPTION_REASON_LABELS[exception.reason] ?? exception.reason})
      </h2>
      <p className="muted">{exception.explanation}</p>
      <form onSubmit={search} className="filter-bar" role="search" aria-label="Find the charge">
        <label>
          <span className="field-label">Patient name, MRN or claim number</span>
          <input value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit" disabled={pending}>
          Find charges
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </form>
      {candidates !== null &&
        (candidates.length === 0 ? (
          <p>No charge matches.</p>
        ) : (
          <table className="simple" aria-label="Candidate charges">
            <thead>
              <tr>
                <th />
                <th>Patient</th>
                <th>MRN</th>
                <th>Date of service</th>
                <th>CPT</th>
                <th>Billed</th>
                <th>Claim number</th>
                <th>Location</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((candidate) => (
                <tr key={candidate.chargeId}>
                  <td>
                    <input
                      type="radio"
                      name="charge"
                      aria-label={`Charge ${candidate.cptCode} on ${formatUsDate(candidate.dateOfService)} for ${candidate.patient}`}
                      checked={chosen === candidate.chargeId}
                      onChange={() => setChosen(candidate.chargeId)}
                    />
                  </td>
                  <td>{candidate.patient}</td>
                  <td>{candidate.mrn}</td>
                  <td>{formatUsDate(candidate.dateOfService)}</td>
                  <td>{[candidate.cptCode, candidate.modifiers].filter(Boolean).join(":")}</td>
                  <td>{formatUsd(candidate.billedCents)}</td>
                  <td>{candidate.claimNumber ?? ""}</td>
                  <td>{candidate.location}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <p>
        <button type="button" onClick={confirm} disabled={pending || chosen === null}>
          {pending ? "Working…" : `Apply ${formatUsd(exception.amountCents)} to the chosen charge`}
        </button>
      </p>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </section>
  );
}
