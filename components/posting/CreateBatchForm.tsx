"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import type { BatchSummary } from "@/lib/posting/batches";
import { fromZodError, type ActionResult } from "@/lib/posting/errors";
import type { LocationOption } from "@/lib/posting/lookup";
import { batchInput, type BatchInput } from "@/lib/posting/schemas";
import { newIdempotencyKey } from "./keys";
import { MoneyInput } from "./MoneyInput";

interface Props {
  suggestedNumber: string;
  today: string;
  locations: LocationOption[];
  createBatch: (input: BatchInput, idempotencyKey: string) => Promise<ActionResult<BatchSummary>>;
}

/** A new deposit batch from the deposit slip: number (suggested), deposit date, clinic, slip total. */
export function CreateBatchForm({ suggestedNumber, today, locations, createBatch }: Props) {
  const router = useRouter();
  const [batchNumber, setBatchNumber] = useState(suggestedNumber);
  const [depositDate, setDepositDate] = useState(today);
  const [locationId, setLocationId] = useState(locations.length === 1 ? String(locations[0]!.locationId) : "");
  const [controlTotal, setControlTotal] = useState("");
  const [problem, setProblem] = useState<{ message: string; field: string | null } | null>(null);
  const [pending, setPending] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (!locationId) {
      setProblem({ message: "Choose the clinic the deposit is for.", field: "locationId" });
      return;
    }
    const input: BatchInput = {
      // Left as suggested, the number is the server's to choose: it takes the next free one if
      // another tab or poster took this one since the page loaded.
      batchNumber: batchNumber.trim() === suggestedNumber ? null : batchNumber,
      depositDate,
      locationId: Number(locationId),
      controlTotal: controlTotal.trim() === "" ? null : controlTotal,
    };
    const checked = batchInput.safeParse(input);
    if (!checked.success) {
      const error = fromZodError(checked.error);
      setProblem({ message: error.message, field: error.field });
      return;
    }
    setPending(true);
    const result = await createBatch(input, key.current);
    if (!result.ok) {
      setPending(false);
      setProblem({ message: result.error, field: result.field });
      return;
    }
    router.push(`/payments/post/batches/${encodeURIComponent(result.value.batchNumber)}`);
  }

  const invalid = (field: string) => problem?.field === field || undefined;
  return (
    <form className="filter-bar posting-new-batch" onSubmit={submit} aria-label="New batch" noValidate>
      <label>
        Batch number
        <input
          value={batchNumber}
          maxLength={40}
          aria-invalid={invalid("batchNumber")}
          onChange={(event) => setBatchNumber(event.target.value)}
        />
      </label>
      <label>
        Deposit date
        <input
          type="date"
          max={today}
          value={depositDate}
          aria-invalid={invalid("depositDate")}
          onChange={(event) => setDepositDate(event.target.value)}
        />
      </label>
      <label>
        Location
        <select
          autoFocus
          value={locationId}
          aria-invalid={invalid("locationId")}
          onChange={(event) => setLocationId(event.target.value)}
        >
          <option value="">Choose the clinic…</option>
          {locations.map((location) => (
            <option key={location.locationId} value={location.locationId}>
              {location.name} ({location.code})
            </option>
          ))}
        </select>
      </label>
      <MoneyInput label="Control total (deposit slip)" value={controlTotal} invalid={invalid("controlTotal")} onChange={setControlTotal} />
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create batch"}
      </button>
      {problem && (
        <p role="alert" className="form-error posting-wide">
          {problem.message}
        </p>
      )}
    </form>
  );
}
