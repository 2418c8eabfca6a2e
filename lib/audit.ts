import "server-only";
import type { Database } from "@/db/client";
import { auditEvent } from "@/db/schema";
import type { AuditAction } from "./audit-actions";

export interface AuditEntry {
  practiceId: number | null;
  userId: number | null;
  action: AuditAction;
  details: Record<string, unknown>;
}

/** Appends one event to the audit trail (the table refuses updates and deletes). */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvent).values(entry);
}
