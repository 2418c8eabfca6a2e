import { AuditLogFilterBar } from "@/components/audit-log/AuditLogFilterBar";
import { AuditLogGrid } from "@/components/audit-log/AuditLogGrid";
import type { Option } from "@/components/reports/MultiSelect";
import { ExportButtons } from "@/components/reports/ExportButtons";
import { formatUsDate } from "@/lib/dates";
import type { PageRequest } from "@/lib/http/viewer-page";
import type { AuditLogResult } from "@/lib/reports/audit-log/report";
import { parseAuditLogQuery, type AuditLogQuery } from "@/lib/reports/audit-log/search-params";
import "@/components/payment-balancing/payment-balancing.css";

type Request = PageRequest<unknown>;

function Heading({ request }: { request: Request }) {
  return (
    <header className="report-heading">
      <h1>Admin › Audit log</h1>
      <p className="muted">Who did what and when in the practice, newest first. Times are in {request.viewer.timezone}.</p>
    </header>
  );
}

/** The page with a message instead of the log: a bad link (the filter bar shows this month) or a cancelled run. */
export function AuditLogMessage({ request, query, message, users }: { request: Request; query: AuditLogQuery | null; message: string; users: Option[] }) {
  const fallback = parseAuditLogQuery({}, { today: request.today });
  const shown = query ?? (fallback.ok ? fallback.value : null);
  return (
    <>
      <Heading request={request} />
      {shown && <AuditLogFilterBar key={request.search} query={shown} users={users} today={request.today} />}
      <section className="notice notice-error" role="alert">
        <p>{message}</p>
      </section>
    </>
  );
}

export function AuditLogReport({ request, query, log, users }: { request: Request; query: AuditLogQuery; log: AuditLogResult; users: Option[] }) {
  return (
    <>
      <Heading request={request} />
      {/* Keyed by the URL, so Back and Forward show the filters of the log on screen. */}
      <AuditLogFilterBar key={request.search} query={query} users={users} today={request.today} />
      <div className="toolbar" role="status">
        <span>
          {formatUsDate(query.from)} – {formatUsDate(query.to)}
        </span>
        <span>
          {log.eventCount.toLocaleString("en-US")} {log.eventCount === 1 ? "event" : "events"}
        </span>
        <ExportButtons />
      </div>
      <AuditLogGrid rows={log.rows} page={log.page} timezone={request.viewer.timezone} />
    </>
  );
}
