import "server-only";
import { getReportDb } from "@/db/app-database";
import { AuditLogMessage, AuditLogReport } from "@/components/audit-log/AuditLogReport";
import { reportPage } from "@/lib/reports/toolkit/report-page";
import { auditLog, auditLogUsers } from "./report";
import { AUDIT_LOG_PATH, parseAuditLogQuery } from "./search-params";

/** /admin/audit: the practice's audit trail, for Billing Admin and Auditor. */
export const auditLogPage = reportPage({
  report: "audit-log",
  permission: "auditLog",
  path: () => AUDIT_LOG_PATH,
  parse: ({ searchParams, today }) => parseAuditLogQuery(searchParams, { today }),
  async run(db, viewer, query) {
    const [log, users] = await Promise.all([auditLog(db, viewer, query), auditLogUsers(db, viewer)]);
    return { log, users };
  },
  audit: ({ page: _page, ...filters }, { log }) => ({ filters, rowCount: log.eventCount }),
  render: ({ request, query, result }) => <AuditLogReport request={request} query={query} {...result} />,
  renderMessage: async ({ request, query, message }) => (
    <AuditLogMessage request={request} query={query} message={message} users={await auditLogUsers(await getReportDb(), request.viewer)} />
  ),
});
