/*
 * What the audit trail records, and the words the audit log shows for each. Pure, so the
 * log's filter bar, its URL parser in middleware and recordAudit all read one list.
 */
export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_in_throttled",
  "report_run",
  "export",
  "batch_created",
  "payment_posted",
  "payment_voided",
  "unapplied_money_applied",
  "user_access_changed",
  "era_imported",
  "era_exception_resolved",
  "batch_closed",
  "batch_reopened",
  "month_closed",
  "month_reopened",
  "user_invited",
  "password_reset_issued",
  "password_set_from_link",
  "password_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_in_throttled: "Sign-in held (too many failures)",
  report_run: "Ran a report",
  export: "Exported a report",
  batch_created: "Created a batch",
  payment_posted: "Posted a payment",
  payment_voided: "Voided a payment",
  unapplied_money_applied: "Applied a payment's unapplied money",
  user_access_changed: "Changed a user's roles or locations",
  era_imported: "Imported an ERA",
  era_exception_resolved: "Resolved an ERA exception",
  batch_closed: "Closed a batch",
  batch_reopened: "Reopened a batch",
  month_closed: "Closed a month",
  month_reopened: "Reopened a month",
  user_invited: "Invited a user",
  password_reset_issued: "Reset a user's password",
  password_set_from_link: "Set a password from a link",
  password_changed: "Changed their password",
} satisfies Record<AuditAction, string>;
