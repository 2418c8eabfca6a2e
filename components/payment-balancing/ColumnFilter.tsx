"use client";

import type { IAfterGuiAttachedParams } from "ag-grid-community";
import type { CustomFilterProps } from "ag-grid-react";
import { useGridFilter } from "ag-grid-react";
import { useCallback, useRef, useState, type FormEvent } from "react";
import { typedValues } from "@/lib/reports/payment-balancing/search-params";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { paramsOfFilter, type ColumnFilterSpec } from "./column-filter-specs";

/*
 * A grid column's filter is the report's URL filter for that column: applying it edits the
 * URL and the server filters every page, group and total. The grid itself never filters
 * locally (its model stays empty), so group rows and subtotals are never hidden by mistake.
 */

export type ColumnFilterProps = CustomFilterProps & { spec: ColumnFilterSpec };

export function ColumnFilter({ spec }: ColumnFilterProps) {
  const form = useRef<HTMLFormElement>(null);
  // Opened from the keyboard (Ctrl+Enter on the header), the filter takes focus, so Escape closes it.
  const afterGuiAttached = useCallback((attached?: IAfterGuiAttachedParams) => {
    if (!attached?.suppressFocus) form.current?.querySelector<HTMLElement>("input, button")?.focus();
  }, []);
  useGridFilter({ doesFilterPass: () => true, afterGuiAttached });
  const { params, navigate } = useReportUrl();
  const sameBasis = spec.kind === "dates" && (params.get("by") ?? "deposit") === spec.by;
  const [first, setFirst] = useState(() =>
    spec.kind === "dates" ? (sameBasis ? (params.get("from") ?? "") : "") : spec.kind === "amount" ? (params.get("min") ?? "") : "",
  );
  const [second, setSecond] = useState(() =>
    spec.kind === "dates" ? (sameBasis ? (params.get("to") ?? "") : "") : spec.kind === "amount" ? (params.get("max") ?? "") : "",
  );
  const [chosen, setChosen] = useState<string[]>(() => (spec.kind === "choices" ? params.getAll(spec.param) : []));
  const [text, setText] = useState(() => (spec.kind === "list" ? params.getAll(spec.param).join(", ") : ""));
  const [unbalanced, setUnbalanced] = useState(() => params.get("unbalanced") === "1");

  function apply(next: URLSearchParams) {
    next.delete("open");
    next.delete("page");
    navigate(next);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = new URLSearchParams(params);
    for (const name of paramsOfFilter(spec)) next.delete(name);
    if (spec.kind === "dates") {
      if (spec.by === "posting") next.set("by", "posting");
      if (first) next.set("from", first);
      if (second) next.set("to", second);
    } else if (spec.kind === "amount") {
      if (first.trim()) next.set("min", first.trim());
      if (second.trim()) next.set("max", second.trim());
    } else if (spec.kind === "choices") {
      for (const value of chosen) next.append(spec.param, value);
    } else if (spec.kind === "list") {
      for (const value of typedValues(spec.param, text)) next.append(spec.param, value);
    } else if (unbalanced) {
      next.set("unbalanced", "1");
    }
    apply(next);
  }

  function clear() {
    const next = new URLSearchParams(params);
    for (const name of paramsOfFilter(spec)) next.delete(name);
    apply(next);
  }

  return (
    <form ref={form} className="column-filter" onSubmit={submit}>
      {spec.kind === "dates" && (
        <>
          <label>
            From
            <input type="date" value={first} onChange={(event) => setFirst(event.target.value)} />
          </label>
          <label>
            To
            <input type="date" value={second} onChange={(event) => setSecond(event.target.value)} />
          </label>
        </>
      )}
      {spec.kind === "amount" && (
        <>
          <label>
            Min $
            <input value={first} onChange={(event) => setFirst(event.target.value)} inputMode="decimal" size={10} />
          </label>
          <label>
            Max $
            <input value={second} onChange={(event) => setSecond(event.target.value)} inputMode="decimal" size={10} />
          </label>
        </>
      )}
      {spec.kind === "choices" && (
        <div className="column-filter-choices" role="group">
          {spec.options.map((option) => (
            <label key={option.value} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(option.value)}
                onChange={(event) =>
                  setChosen(event.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))
                }
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
      {spec.kind === "list" && (
        <label>
          {spec.placeholder}
          <input value={text} onChange={(event) => setText(event.target.value)} size={18} />
        </label>
      )}
      {spec.kind === "unbalanced" && (
        <label className="check">
          <input type="checkbox" checked={unbalanced} onChange={(event) => setUnbalanced(event.target.checked)} />
          Only what does not balance
        </label>
      )}
      <div className="column-filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
      <p className="muted column-filter-keys">Enter applies, Escape closes. Ctrl+Enter on a column header opens its filter.</p>
    </form>
  );
}
