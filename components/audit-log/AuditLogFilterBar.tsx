"use client";

import { useState, type FormEvent } from "react";
import { DateRangeFields } from "@/components/reports/DateRangeFields";
import { MultiSelect, type Option } from "@/components/reports/MultiSelect";
import { useReportUrl } from "@/components/reports/useReportUrl";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from "@/lib/audit-actions";
import { parseAuditLogQuery, type AuditLogQuery } from "@/lib/reports/audit-log/search-params";

const ACTION_OPTIONS: Option[] = AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] ?? action }));

/** Dates, users and actions; Search writes them to the URL (page 1), checked by the same parser as the page. */
export function AuditLogFilterBar({ query, users, today }: { query: AuditLogQuery; users: Option[]; today: string }) {
  const { navigate, pending } = useReportUrl();
  const [values, setValues] = useState({
    from: query.from,
    to: query.to,
    user: query.users.map(String),
    action: [...query.actions] as string[],
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
    for (const user of values.user) next.append("user", user);
    for (const action of values.action) next.append("action", action);
    const parsed = parseAuditLogQuery(next, { today });
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    navigate(next);
  }

  return (
    <form className="filter-bar" role="search" aria-label="Audit log filters" onSubmit={search} noValidate>
      <DateRangeFields values={values} onChange={(field, value) => field !== "by" && set(field, value)} />
      <MultiSelect label="User" options={users} selected={values.user} onChange={(v) => set("user", v)} />
      <MultiSelect label="Action" options={ACTION_OPTIONS} selected={values.action} onChange={(v) => set("action", v)} />
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
