"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "./post-json";

/*
 * Before a month can close, every batch of it must be: this closes all of them at once except
 * the out-of-balance ones, which stay open for the lead to decide on. It says what it did.
 */

interface ClosedBatches {
  closedBatchNumbers: string[];
  stillOpen: number;
}

export function CloseBalancedBatches({ month, label, openBatches }: { month: string; label: string; openBatches: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);

  async function closeAll() {
    const confirmed = window.confirm(
      `Close the open batches of ${label} that are not out of balance? Nothing more can be posted into them, and only a Billing Admin can reopen one.`,
    );
    if (!confirmed) return;
    setBusy(true);
    const outcome = await postJson<ClosedBatches>(`/api/month-end/${month}/close-batches`, {});
    setBusy(false);
    if ("error" in outcome) {
      setMessage({ text: outcome.error, failed: true });
      return;
    }
    const { closedBatchNumbers, stillOpen } = outcome.answer;
    const closed = `${closedBatchNumbers.length} ${closedBatchNumbers.length === 1 ? "batch" : "batches"} closed.`;
    const left = stillOpen === 0 ? "" : ` ${stillOpen} out of balance ${stillOpen === 1 ? "stays" : "stay"} open for you to decide on.`;
    setMessage({ text: closed + left, failed: false });
    router.refresh();
  }

  return (
    <div className="close-balanced-batches">
      <button type="button" onClick={closeAll} disabled={busy}>
        {busy ? "Closing batches…" : `Close the ${openBatches} open ${openBatches === 1 ? "batch" : "batches"}, except out-of-balance ones`}
      </button>
      {message && (
        <p className={message.failed ? "form-error" : undefined} role={message.failed ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
