"use client";

import type { DateBasis } from "@/lib/reports/toolkit/search-params";

/*
 * The By / From / To fields a report's filter bar starts with: which date the range is on
 * (for a report that has a choice), and the range itself as "YYYY-MM-DD" strings.
 */

export interface DateRangeValues {
  by?: DateBasis;
  from: string;
  to: string;
}

export function DateRangeFields({
  values,
  onChange,
}: {
  values: DateRangeValues;
  onChange: (field: keyof DateRangeValues, value: string) => void;
}) {
  return (
    <>
      {values.by !== undefined && (
        <label>
          By
          <select value={values.by} onChange={(event) => onChange("by", event.target.value)}>
            <option value="deposit">Deposit date</option>
            <option value="posting">Posting date</option>
          </select>
        </label>
      )}
      <label>
        From
        <input type="date" value={values.from} onChange={(event) => onChange("from", event.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={values.to} onChange={(event) => onChange("to", event.target.value)} />
      </label>
    </>
  );
}
