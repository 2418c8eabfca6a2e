"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { DateRangeFields } from "@/components/reports/DateRangeFields";
import { formatUsDate } from "@/lib/dates";
import { METHOD_LABELS, PAYER_TYPE_LABELS, PAYMENT_METHODS, PAYMENT_SOURCES, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import {
  PAYER_TYPE_FILTERS,
  parsePaymentBalancingQuery,
  typedValues,
  type PaymentBalancingQuery,
} from "@/lib/reports/payment-balancing/search-params";
import { MultiSelect, type Option } from "@/components/reports/MultiSelect";
import { BatchStateSelect } from "@/components/reports/BatchStateSelect";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { filterSummary } from "./filter-summary";

export interface FilterOptions {
  locations: Option[];
  posters: Option[];
  payers: Option[];
}

interface Values {
  by: "deposit" | "posting";
  from: string;
  to: string;
  location: string[];
  poster: string[];
  payer: string[];
  payer_type: string[];
  method: string[];
  source: string[];
  deposit_date: string[];
  posting_date: string[];
  batch: string;
  ref: string;
  min: string;
  max: string;
  unbalanced: boolean;
  /** "open", "closed", or "" for both. */
  batch_state: string;
}

/** The filter parameters this bar owns; grouping, sorting and page size stay as they are. */
const FILTER_PARAMS = [
  "by",
  "from",
  "to",
  "location",
  "poster",
  "payer",
  "payer_type",
  "method",
  "source",
  "deposit_date",
  "posting_date",
  "batch",
  "ref",
  "min",
  "max",
  "unbalanced",
  "batch_state",
  "open",
  "page",
] as const;

function dollarsText(cents: number | null): string {
  if (cents === null) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function valuesOf(query: PaymentBalancingQuery): Values {
  return {
    by: query.by,
    from: query.from,
    to: query.to,
    location: query.locations.map(String),
    poster: query.posters.map(String),
    payer: query.payers.map(String),
    payer_type: [...query.payerTypes],
    method: [...query.methods],
    source: [...query.sources],
    deposit_date: [...query.depositDates],
    posting_date: [...query.postingDates],
    batch: query.batches.join(", "),
    ref: query.refs.join(", "),
    min: dollarsText(query.minCents),
    max: dollarsText(query.maxCents),
    unbalanced: query.unbalanced,
    batch_state: query.batchState ?? "",
  };
}

const enumOptions = (values: readonly string[], labels: Readonly<Record<string, string>>): Option[] =>
  values.map((value) => ({ value, label: labels[value] ?? value }));

/**
 * Shown: "auto" until the user chooses, when the window decides (payment-balancing.css: the
 * bar collapses to its one-line summary below 1280 pixels, so the grid starts on the first
 * screen at 1024×768); then what they chose. The bar is keyed by the URL, so after a search
 * it is back to "auto".
 */
type Shown = "auto" | "open" | "closed";

/**
 * Every filter of the report. Search writes them to the URL (checked first with the same
 * schema as the page, so a mistake shows its message here) and keeps grouping and sorting.
 * Dates left as the defaults stay out of the URL, so a bookmark keeps meaning "this month".
 */
export function PaymentBalancingFilterBar({
  query,
  options,
  today,
}: {
  query: PaymentBalancingQuery;
  options: FilterOptions;
  today: string;
}) {
  const { params, navigate, pending } = useReportUrl();
  const [initial] = useState(() => valuesOf(query));
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown>("auto");
  const formId = useId();
  const form = useRef<HTMLFormElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  function set<K extends keyof Values>(field: K, value: Values[K]) {
    setProblem(null);
    setValues((current) => ({ ...current, [field]: value }));
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    for (const name of FILTER_PARAMS) next.delete(name);
    const datesUntouched = values.from === initial.from && values.to === initial.to && !params.has("from") && !params.has("to");
    if (values.by !== "deposit") next.set("by", values.by);
    if (!datesUntouched) {
      if (values.from) next.set("from", values.from);
      if (values.to) next.set("to", values.to);
    }
    const lists: Array<[string, string[]]> = [
      ["location", values.location],
      ["poster", values.poster],
      ["payer", values.payer],
      ["payer_type", values.payer_type],
      ["method", values.method],
      ["source", values.source],
      ["deposit_date", values.deposit_date],
      ["posting_date", values.posting_date],
      ["batch", typedValues("batch", values.batch)],
      ["ref", typedValues("ref", values.ref)],
    ];
    for (const [name, list] of lists) for (const value of list) next.append(name, value);
    if (values.min.trim()) next.set("min", values.min.trim());
    if (values.max.trim()) next.set("max", values.max.trim());
    if (values.unbalanced) next.set("unbalanced", "1");
    if (values.batch_state) next.set("batch_state", values.batch_state);
    const parsed = parsePaymentBalancingQuery(next, { today });
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    navigate(next);
  }

  function show(next: "open" | "closed") {
    setShown(next);
    // The control that replaced the one pressed takes focus, once it is displayed.
    requestAnimationFrame(() =>
      (next === "open" ? form.current?.querySelector<HTMLElement>("select, input, summary") : editButton.current)?.focus(),
    );
  }

  return (
    <div className={`filter-panel filter-panel-${shown}`}>
      <p className="filter-summary">
        <span>
          <strong>Filters:</strong> {filterSummary(query, options).join(" · ")}
        </span>
        <button ref={editButton} type="button" aria-expanded="false" aria-controls={formId} onClick={() => show("open")}>
          Edit filters
        </button>
      </p>
      <form
        ref={form}
        id={formId}
        className="filter-bar"
        role="search"
        aria-label="Payment Balancing filters"
        onSubmit={search}
        noValidate
      >
        <DateRangeFields values={values} onChange={set} />
        <MultiSelect label="Location" options={options.locations} selected={values.location} onChange={(v) => set("location", v)} />
        <MultiSelect label="Poster" options={options.posters} selected={values.poster} onChange={(v) => set("poster", v)} />
        <MultiSelect label="Payer" options={options.payers} selected={values.payer} onChange={(v) => set("payer", v)} />
        <MultiSelect
          label="Payer type"
          options={enumOptions(PAYER_TYPE_FILTERS, PAYER_TYPE_LABELS)}
          selected={values.payer_type}
          onChange={(v) => set("payer_type", v)}
        />
        <MultiSelect
          label="Method"
          options={enumOptions(PAYMENT_METHODS, METHOD_LABELS)}
          selected={values.method}
          onChange={(v) => set("method", v)}
        />
        <MultiSelect
          label="Source"
          options={enumOptions(PAYMENT_SOURCES, SOURCE_LABELS)}
          selected={values.source}
          onChange={(v) => set("source", v)}
        />
        <label>
          Batch no.
          <input value={values.batch} onChange={(event) => set("batch", event.target.value)} placeholder="any" size={12} />
        </label>
        <label>
          Reference no.
          <input value={values.ref} onChange={(event) => set("ref", event.target.value)} placeholder="any" size={10} />
        </label>
        <label>
          Min $
          <input value={values.min} onChange={(event) => set("min", event.target.value)} inputMode="decimal" size={8} />
        </label>
        <label>
          Max $
          <input value={values.max} onChange={(event) => set("max", event.target.value)} inputMode="decimal" size={8} />
        </label>
        <BatchStateSelect value={values.batch_state} onChange={(value) => set("batch_state", value)} />
        <label className="check">
          <input type="checkbox" checked={values.unbalanced} onChange={(event) => set("unbalanced", event.target.checked)} />
          Only what does not balance
        </label>
        {(values.deposit_date.length > 0 || values.posting_date.length > 0) && (
          <span className="day-filters">
            {values.deposit_date.map((day) => (
              <button key={`d${day}`} type="button" className="chip" onClick={() => set("deposit_date", values.deposit_date.filter((d) => d !== day))}>
                Deposited {formatUsDate(day)} ×
              </button>
            ))}
            {values.posting_date.map((day) => (
              <button key={`p${day}`} type="button" className="chip" onClick={() => set("posting_date", values.posting_date.filter((d) => d !== day))}>
                Posted {formatUsDate(day)} ×
              </button>
            ))}
          </span>
        )}
        <button type="submit" disabled={pending}>
          {pending ? "Searching…" : "Search"}
        </button>
        <button type="button" className="link-button" aria-expanded="true" aria-controls={formId} onClick={() => show("closed")}>
          Hide filters
        </button>
        {problem && (
          <p role="alert" className="form-error">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
