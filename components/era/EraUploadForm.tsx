"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type ChangeEvent, type DragEvent, type FormEvent } from "react";
import { formatUsd, parseDollars } from "@/lib/money";
import { ERA_EXCEPTIONS_PATH, ERA_UPLOAD_PATH, eraRemittancePath } from "@/lib/reports/era/search-params";

/*
 * Upload one or many 835 files (chosen, or dropped on the drop zone). Each file goes in its
 * own request, one after another, and gets a progress line: "Waiting…", "Reading…", then each
 * transaction's outcome, or the file's own message when it could not be read at all (422).
 */

export interface UploadedTransaction {
  traceNumber: string | null;
  amount: string | null;
  status: "posted" | "already_posted" | "refused";
  batchNumber: string | null;
  exceptions: number;
  reason: string | null;
  remittanceId: number | null;
}

type FileProgress =
  | { key: string; name: string; state: "waiting" | "reading" }
  | { key: string; name: string; state: "done"; transactions: UploadedTransaction[] }
  | { key: string; name: string; state: "failed"; message: string };

const ACCEPT = ".835,.txt,.edi,.x12,text/plain";

async function uploadOne(file: File): Promise<{ transactions: UploadedTransaction[] } | { message: string }> {
  let response: Response;
  try {
    response = await fetch(ERA_UPLOAD_PATH, {
      method: "POST",
      headers: { "Content-Type": "text/plain", "X-Era-File-Name": encodeURIComponent(file.name) },
      body: file,
    });
  } catch {
    return { message: "The upload did not reach the server; check the connection and try again." };
  }
  const body = (await response.json().catch(() => null)) as
    | { transactions?: UploadedTransaction[]; error?: string; segment?: number | null }
    | null;
  if (response.ok && body?.transactions) return { transactions: body.transactions };
  if (response.status === 422 && body?.error) {
    return { message: body.segment ? `${body.error} (segment ${body.segment})` : body.error };
  }
  return { message: body?.error ?? `The upload failed (${response.status}); nothing of this file was posted.` };
}

/** BPR02 as the API sends it ("5950.21"), written as the screens write money ("$5,950.21"). */
function amountText(amount: string): string {
  const cents = parseDollars(amount);
  return cents === null ? amount : formatUsd(cents);
}

function TransactionLine({ transaction }: { transaction: UploadedTransaction }) {
  const what = [transaction.traceNumber && `trace ${transaction.traceNumber}`, transaction.amount && amountText(transaction.amount)]
    .filter(Boolean)
    .join(", ");
  const batch =
    transaction.batchNumber && transaction.remittanceId !== null ? (
      <Link href={eraRemittancePath(transaction.remittanceId)}>batch {transaction.batchNumber}</Link>
    ) : (
      transaction.batchNumber && <>batch {transaction.batchNumber}</>
    );
  switch (transaction.status) {
    case "posted":
      return (
        <li>
          <span className="balanced">Posted</span> {what}: {batch}
          {transaction.exceptions > 0 && (
            <>
              {" "}
              · <Link href={ERA_EXCEPTIONS_PATH}>{transaction.exceptions === 1 ? "1 exception" : `${transaction.exceptions} exceptions`} to resolve</Link>
            </>
          )}
        </li>
      );
    case "already_posted":
      return (
        <li>
          Already posted {what}: {batch}; nothing was posted again.
        </li>
      );
    case "refused":
      return (
        <li>
          <span className="out-of-balance">Refused</span> {what || "a transaction"}: {transaction.reason}
        </li>
      );
  }
}

export function EraUploadForm() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<File[]>([]);
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  async function upload(files: File[]) {
    if (files.length === 0 || busy) return;
    setBusy(true);
    const stamp = Date.now();
    const keys = files.map((file, index) => `${stamp}-${index}-${file.name}`);
    setProgress(files.map((file, index) => ({ key: keys[index]!, name: file.name, state: "waiting" })));
    const update = (index: number, next: FileProgress) =>
      setProgress((current) => current.map((entry) => (entry.key === keys[index] ? next : entry)));
    for (const [index, file] of files.entries()) {
      update(index, { key: keys[index]!, name: file.name, state: "reading" });
      const outcome = await uploadOne(file);
      update(
        index,
        "transactions" in outcome
          ? { key: keys[index]!, name: file.name, state: "done", transactions: outcome.transactions }
          : { key: keys[index]!, name: file.name, state: "failed", message: outcome.message },
      );
    }
    setBusy(false);
    setChosen([]);
    if (input.current) input.current.value = "";
    // The list below shows the new remittances.
    router.refresh();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void upload(chosen);
  }

  function choose(event: ChangeEvent<HTMLInputElement>) {
    setChosen(Array.from(event.target.files ?? []));
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void upload(Array.from(event.dataTransfer.files));
  }

  return (
    <section className="era-upload" aria-label="Upload ERA files">
      <form onSubmit={submit} className="filter-bar">
        <div
          className={`drop-zone${dragging ? " drop-zone-active" : ""}`}
          data-testid="era-drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <label>
            <span className="field-label">835 files (.835 or .txt)</span>
            <input ref={input} type="file" multiple accept={ACCEPT} onChange={choose} disabled={busy} />
          </label>
          <p className="muted">or drop them here</p>
        </div>
        <button type="submit" disabled={busy || chosen.length === 0}>
          {busy ? "Uploading…" : "Upload"}
        </button>
      </form>
      {progress.length > 0 && (
        <ul className="era-progress" aria-label="Upload progress" aria-live="polite">
          {progress.map((entry) => (
            <li key={entry.key}>
              <strong>{entry.name}</strong>
              {entry.state === "waiting" && <span className="muted"> Waiting…</span>}
              {entry.state === "reading" && <span className="muted"> Reading…</span>}
              {entry.state === "failed" && (
                <span role="alert" className="form-error">
                  {" "}
                  {entry.message}
                </span>
              )}
              {entry.state === "done" &&
                (entry.transactions.length === 0 ? (
                  <span className="muted"> The file holds no transactions.</span>
                ) : (
                  <ul>
                    {entry.transactions.map((transaction, index) => (
                      <TransactionLine key={index} transaction={transaction} />
                    ))}
                  </ul>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
