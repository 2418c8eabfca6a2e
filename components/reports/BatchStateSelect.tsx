import { BATCH_STATE_LABELS, BATCH_STATES } from "@/lib/reports/toolkit/batch-state";

/** The Batches filter both reports share: open and closed (""), or one state only. */
export function BatchStateSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <label>
      Batches
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Open and closed</option>
        {BATCH_STATES.map((state) => (
          <option key={state} value={state}>
            {BATCH_STATE_LABELS[state]} only
          </option>
        ))}
      </select>
    </label>
  );
}
