import Link from "next/link";
import { EraExceptionsGrid } from "@/components/era/EraExceptionsGrid";
import { Pager } from "@/components/reports/Pager";
import { ExportButtons } from "@/components/reports/ExportButtons";
import type { PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import type { EraExceptionsResult } from "@/lib/reports/era/exceptions";
import { ERA_EXCEPTIONS_PATH, ERA_PATH, type EraExceptionsQuery } from "@/lib/reports/era/search-params";
import "@/components/payment-balancing/payment-balancing.css";
import "./era.css";

type Request = PageRequest<unknown>;

function Heading({ request, query }: { request: Request; query: EraExceptionsQuery | null }) {
  return (
    <header className="report-heading">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={ERA_PATH}>ERA remittances</Link> › Exceptions
      </nav>
      <h1>Payments › ERA exceptions</h1>
      <p className="muted">
        ERA money held unapplied until a poster chooses the charge it pays. Times are in {request.viewer.timezone}.{" "}
        {query?.show === "all" ? (
          <Link href={ERA_EXCEPTIONS_PATH}>Show open only</Link>
        ) : (
          <Link href={`${ERA_EXCEPTIONS_PATH}?show=all`}>Show resolved too</Link>
        )}
      </p>
    </header>
  );
}

export function EraExceptionsMessage({ request, message }: { request: Request; message: string }) {
  return (
    <>
      <Heading request={request} query={null} />
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

export function EraExceptionsReport({ request, query, result }: { request: Request; query: EraExceptionsQuery; result: EraExceptionsResult }) {
  return (
    <>
      <Heading request={request} query={query} />
      <div className="toolbar" role="status">
        <span>
          {result.exceptionCount.toLocaleString("en-US")} {query.show === "open" ? "open " : ""}
          {result.exceptionCount === 1 ? "exception" : "exceptions"}, {formatUsd(result.amountCents)}
        </span>
        <ExportButtons />
      </div>
      <EraExceptionsGrid rows={result.rows} timezone={request.viewer.timezone} />
      <Pager page={result.page} noun="exceptions" />
    </>
  );
}
