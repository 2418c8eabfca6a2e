"use client";

import { useState, type FormEvent } from "react";
import { DateRangeFields } from "@/components/reports/DateRangeFields";
import { MultiSelect, type Option } from "@/components/reports/MultiSelect";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { REMITTANCE_STATUS_LABELS } from "@/lib/reports/era/columns";
import { parseEraListQuery, REMITTANCE_STATUSES, type EraListQuery } from "@/lib/reports/era/search-params";

const STATUS_OPTIONS: Option[] = REMITTANCE_STATUSES.map((status) => ({ value: status, label: REMITTANCE_STATUS_LABELS[status] ?? status }));

/** Imported between, status and payer; Search writes them to the URL (page 1), checked by the page's parser. */
export function EraFilterBar({ query, payers }: { query: EraListQuery; payers: Option[] }) {
  const { navigate, pending } = useReportUrl();
  const [values, setValues] = useState({
    from: query.from ?? "",
    to: query.to ?? "",
    status: [...query.statuses] as string[],
    payer: query.payers.map(String),
  });
  const [problem, setProblem] = useState<string | null>(null);

  function set<K extends keyof typeof values>(field: K, value: (typeof values)[K]) {
    setProblem(null);
    setValues((current) => ({ ...current, [field]: value }));
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (values.from) next.set("from", values.from);
    if (values.to) next.set("to", values.to);
    for (const status of values.status) next.append("status", status);
    for (const payer of values.payer) next.append("payer", payer);
    const parsed = parseEraListQuery(next);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    navigate(next);
  }

  return (
    <form className="filter-bar" role="search" aria-label="ERA remittance filters" onSubmit={search} noValidate>
      <DateRangeFields values={{ from: values.from, to: values.to }} onChange={(field, value) => field !== "by" && set(field, value)} />
      <MultiSelect label="Status" options={STATUS_OPTIONS} selected={values.status} onChange={(v) => set("status", v)} />
      <MultiSelect label="Payer" options={payers} selected={values.payer} onChange={(v) => set("payer", v)} />
      <button type="submit" disabled={pending}>
        {pending ? "Searching…" : "Search"}
      </button>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </form>
  );
}
