import Link from "next/link";
import { EraFilterBar } from "@/components/era/EraFilterBar";
import { EraRemittanceGrid } from "@/components/era/EraRemittanceGrid";
import { EraUploadForm } from "@/components/era/EraUploadForm";
import { Pager } from "@/components/reports/Pager";
import { ExportButtons } from "@/components/reports/ExportButtons";
import type { Option } from "@/components/reports/MultiSelect";
import { formatUsDate } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import type { EraListResult } from "@/lib/reports/era/list";
import { ERA_EXCEPTIONS_PATH, parseEraListQuery, type EraListQuery } from "@/lib/reports/era/search-params";
import "@/components/payment-balancing/payment-balancing.css";
import "./era.css";

type Request = PageRequest<unknown>;

function Heading({ request }: { request: Request }) {
  return (
    <header className="report-heading">
      <h1>Payments › ERA remittances</h1>
      <p className="muted">
        Upload the day&apos;s 835 files: each transaction is balanced, posted once into its own batch, and what cannot be matched waits in the{" "}
        <Link href={ERA_EXCEPTIONS_PATH}>exceptions worklist</Link>. Times are in {request.viewer.timezone}.
      </p>
    </header>
  );
}

function rangeText(query: EraListQuery): string {
  if (query.from && query.to) return `Imported ${formatUsDate(query.from)} – ${formatUsDate(query.to)}`;
  if (query.from) return `Imported from ${formatUsDate(query.from)}`;
  if (query.to) return `Imported through ${formatUsDate(query.to)}`;
  return "All imports";
}

/** The page with a message instead of the list: a bad link (the filter bar shows no filters) or a cancelled run. */
export function EraListMessage({ request, query, message, payers }: { request: Request; query: EraListQuery | null; message: string; payers: Option[] }) {
  const fallback = parseEraListQuery({});
  const shown = query ?? (fallback.ok ? fallback.value : null);
  return (
    <>
      <Heading request={request} />
      <EraUploadForm />
      {shown && <EraFilterBar key={request.search} query={shown} payers={payers} />}
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

export function EraListReport({ request, query, list, payers }: { request: Request; query: EraListQuery; list: EraListResult; payers: Option[] }) {
  return (
    <>
      <Heading request={request} />
      <EraUploadForm />
      {/* Keyed by the URL, so Back and Forward show the filters of the list on screen. */}
      <EraFilterBar key={request.search} query={query} payers={payers} />
      <div className="toolbar" role="status">
        <span>{rangeText(query)}</span>
        <span>
          {list.remittanceCount.toLocaleString("en-US")} {list.remittanceCount === 1 ? "remittance" : "remittances"}
        </span>
        <ExportButtons />
      </div>
      <EraRemittanceGrid rows={list.rows} timezone={request.viewer.timezone} />
      <Pager page={list.page} noun="remittances" />
    </>
  );
}
