import { AUDIT_ACTION_LABELS } from "@/lib/audit-actions";
import type { ColumnSpec } from "@/lib/reports/toolkit/columns";

/** One audit event as the log returns it: the instant in UTC, the action raw, the details as JSON text. */
export interface AuditLogRow {
  id: number;
  at: string;
  /** The user's name, or the email a failed sign-in was tried with. */
  who: string;
  action: string;
  details: string;
}

export const AUDIT_LOG_COLUMNS: ReadonlyArray<ColumnSpec<AuditLogRow>> = [
  { key: "at", header: "When", kind: "datetime" },
  { key: "who", header: "Who", kind: "text" },
  { key: "action", header: "What", kind: "text", labels: AUDIT_ACTION_LABELS },
  { key: "details", header: "Details", kind: "text" },
];
