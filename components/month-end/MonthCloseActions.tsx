"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postJson } from "./post-json";

/*
 * Close or reopen one month through the JSON API (the same contract outside callers use).
 * A close asks for confirmation; with items in the way it needs a written override reason;
 * a reopen needs a reason. The page reloads its data once the month has changed.
 */

export interface MonthCloseActionsProps {
  month: string;
  label: string;
  closed: boolean;
  blockerCount: number;
}

export function MonthCloseActions({ month, label, closed, blockerCount }: MonthCloseActionsProps) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsReason = closed || blockerCount > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (needsReason && reason.trim() === "") {
      setError(closed ? "Say why the month is reopened." : "Say why the month is closed with items still in the way.");
      return;
    }
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(null);
    const body: Record<string, string> = closed ? { reason } : blockerCount > 0 ? { overrideReason: reason } : {};
    const outcome = await postJson(`/api/month-end/${month}/${closed ? "reopen" : "close"}`, body);
    setBusy(false);
    setConfirming(false);
    if ("error" in outcome) {
      setError(outcome.error);
      return;
    }
    setReason("");
    router.refresh();
  }

  const action = closed ? `Reopen ${label}` : blockerCount > 0 ? `Close ${label} with an override` : `Close ${label}`;
  return (
    <form className="month-close-actions" onSubmit={submit} aria-label={action}>
      {needsReason && (
        <label>
          {closed ? "Why is it reopened?" : `Override reason (${blockerCount} ${blockerCount === 1 ? "item is" : "items are"} in the way)`}
          <textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={2} maxLength={1000} />
        </label>
      )}
      {confirming ? (
        <p role="alert">
          {closed
            ? `Reopen ${label}? Payments can then be posted into it again; its snapshot is kept.`
            : `Close ${label}? Nothing more can be posted with a deposit date in it, and its totals are frozen.`}{" "}
          <button type="submit" disabled={busy}>
            {busy ? "Working…" : "Yes, " + action.charAt(0).toLowerCase() + action.slice(1)}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="submit">{action}</button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
