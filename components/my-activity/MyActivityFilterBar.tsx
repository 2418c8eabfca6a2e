"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { DateRangeFields } from "@/components/reports/DateRangeFields";
import { MY_ACTIVITY_PATH, myActivityHref, parseMyActivityQuery } from "@/lib/reports/my-activity/search-params";
import { BatchStateSelect } from "@/components/reports/BatchStateSelect";
import { BATCH_STATE_PARAM } from "@/lib/reports/toolkit/batch-state";
import type { DateBasis } from "@/lib/reports/toolkit/search-params";

export interface MyActivityFilterValues {
  by: DateBasis;
  from: string;
  to: string;
  batch: string;
  /** "open", "closed", or "" (absent) for both. */
  batchState?: string;
}

/**
 * By, a date range or a batch number, and Search. Everything lands in the URL (so Back,
 * Forward, reload and bookmarks open the same report); the URL is checked with the same
 * schema the page uses before it is pushed.
 */
export function MyActivityFilterBar({
  initial,
  today,
  datesInUrl = false,
}: {
  initial: MyActivityFilterValues;
  today: string;
  /** Whether the page's URL named its dates; without them the dates shown are "today". */
  datesInUrl?: boolean;
}) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);

  function change(field: keyof MyActivityFilterValues, value: string) {
    setProblem(null);
    setValues((current) => {
      const next = { ...current, [field]: value };
      // A batch number and a date range are two different searches: entering one clears the other.
      if (field === "batch" && value.trim() !== "") return { ...next, from: "", to: "" };
      if ((field === "from" || field === "to") && value !== "") return { ...next, batch: "" };
      return next;
    });
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams({ by: values.by });
    const batch = values.batch.trim();
    // Today's report (both dates emptied, or left as a link without dates opened them) stays
    // relative in the URL, so a bookmark of it shows the day it is opened, not the day it was made.
    const relative =
      !batch && ((!values.from && !values.to) || (!datesInUrl && values.from === initial.from && values.to === initial.to));
    if (batch) params.set("batch", batch);
    if (!relative && values.from) params.set("from", values.from);
    if (!relative && values.to) params.set("to", values.to);
    if (values.batchState) params.set(BATCH_STATE_PARAM, values.batchState);
    const parsed = parseMyActivityQuery(params, today);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    router.push(relative ? `${MY_ACTIVITY_PATH}?${params}` : myActivityHref(parsed.value));
  }

  return (
    <form className="filter-bar" role="search" aria-label="My Payment Activity filters" onSubmit={search} noValidate>
      <DateRangeFields values={values} onChange={change} />
      <span aria-hidden="true" style={{ paddingBottom: "0.45rem", color: "var(--muted)" }}>
        or
      </span>
      <label>
        Batch number
        <input
          type="text"
          value={values.batch}
          maxLength={40}
          spellCheck={false}
          autoComplete="off"
          placeholder="e.g. B260302-P1-1"
          onChange={(event) => change("batch", event.target.value)}
        />
      </label>
      <BatchStateSelect value={values.batchState ?? ""} onChange={(value) => change("batchState", value)} />
      <button type="submit">Search</button>
      {problem && (
        <p role="alert" className="form-error" style={{ flexBasis: "100%" }}>
          {problem}
        </p>
      )}
    </form>
  );
}
