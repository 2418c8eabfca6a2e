"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formatLocalDateTime } from "@/lib/dates";
import type { BatchStateChange } from "@/lib/posting/batch-state";
import type { ActionResult } from "@/lib/posting/errors";

export type CloseBatchAction = (batchNumber: string) => Promise<ActionResult<BatchStateChange>>;
export type ReopenBatchAction = (batchNumber: string, reason: string) => Promise<ActionResult<BatchStateChange>>;

interface Props {
  batchNumber: string;
  /** UTC ISO instant the batch was closed, null while it is open. */
  closedAt: string | null;
  timezone: string;
  /** The batch's poster, or a Billing Admin. */
  mayClose: boolean;
  /** A Billing Admin. */
  mayReopen: boolean;
  closeBatch: CloseBatchAction;
  reopenBatch: ReopenBatchAction;
}

/**
 * The batch's state, and the button that changes it: Close batch (after a confirmation, as
 * only a Billing Admin can undo it), or Reopen, which asks why. The server renders the batch
 * again afterwards, so every figure on the page shows the new state.
 */
export function BatchStateControl({ batchNumber, closedAt, timezone, mayClose, mayReopen, closeBatch, reopenBatch }: Props) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(change: () => Promise<ActionResult<BatchStateChange>>) {
    setPending(true);
    const result = await change();
    setPending(false);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    setAsking(false);
    setReason("");
    router.refresh();
  }

  function close() {
    setProblem(null);
    const confirmed = window.confirm(
      `Close batch ${batchNumber}? Nothing more can be posted into it, and only a Billing Admin can reopen it.`,
    );
    if (confirmed) void run(() => closeBatch(batchNumber));
  }

  function reopen(event: FormEvent) {
    event.preventDefault();
    if (reason.trim() === "") {
      setProblem("Say why the batch is reopened.");
      return;
    }
    void run(() => reopenBatch(batchNumber, reason));
  }

  return (
    <div className="batch-state" role="group" aria-label="Batch state">
      {closedAt === null ? (
        <span className="batch-state-word">Open</span>
      ) : (
        <span className="batch-state-word">Closed {formatLocalDateTime(closedAt, timezone)}</span>
      )}
      {closedAt === null && mayClose && (
        <button type="button" onClick={close} disabled={pending}>
          {pending ? "Closing…" : "Close batch"}
        </button>
      )}
      {closedAt !== null && mayReopen && !asking && (
        <button type="button" onClick={() => setAsking(true)}>
          Reopen…
        </button>
      )}
      {asking && (
        <form className="posting-void" onSubmit={reopen} aria-label={`Reopen batch ${batchNumber}`}>
          <label>
            Why is batch {batchNumber} reopened?
            <input
              autoFocus
              value={reason}
              maxLength={500}
              placeholder="e.g. A check of the deposit was left out"
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <button type="submit" disabled={pending}>
            {pending ? "Reopening…" : "Reopen batch"}
          </button>
          <button
            type="button"
            onClick={() => {
              setAsking(false);
              setProblem(null);
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </div>
  );
}
