/*
 * The role → permission table of DESIGN.md "Roles", in one place. Pure data and functions
 * (no database), so middleware, pages, route handlers and the menu all read the same rules.
 */

export const ROLES = [
  "Billing Admin",
  "Billing",
  "Front Office Billing",
  "Front Office Billing - EMR Access Restriction",
  "RCM Staff",
  "Auditor",
] as const;
export type Role = (typeof ROLES)[number];

export const RESTRICTED_ROLE: Role = "Front Office Billing - EMR Access Restriction";

export type Permission =
  | "myActivity"
  | "paymentBalancing"
  | "paymentBalancingFullAccess"
  | "adminUsers"
  | "auditLog"
  | "postPayments"
  /** Close and reopen a month (issue 23). */
  | "closeMonth"
  /** Reopen a closed batch, with a reason; closing one is part of postPayments. */
  | "reopenBatch"
  /**
   * Void (with a reason) and apply the unapplied money of any payment of the practice, not only
   * those in batches one created (issue 24); location-restricted holders still only theirs.
   */
  | "voidAnyPayment";

const GRANTS: Record<Role, readonly Permission[]> = {
  "Billing Admin": [
    "myActivity",
    "paymentBalancing",
    "paymentBalancingFullAccess",
    "adminUsers",
    "auditLog",
    "postPayments",
    "closeMonth",
    "reopenBatch",
    "voidAnyPayment",
  ],
  Billing: ["myActivity", "paymentBalancing", "postPayments"],
  "Front Office Billing": ["myActivity", "paymentBalancing", "postPayments"],
  "Front Office Billing - EMR Access Restriction": ["myActivity", "paymentBalancing", "postPayments"],
  "RCM Staff": ["myActivity", "paymentBalancing", "paymentBalancingFullAccess", "postPayments"],
  Auditor: ["paymentBalancing", "paymentBalancingFullAccess", "auditLog"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles are additive: a user may do what any of their roles allows. */
export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => GRANTS[role]));
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

/** The restriction narrows Payment Balancing whatever other roles the user holds. */
export function isLocationRestricted(roles: readonly Role[]): boolean {
  return roles.includes(RESTRICTED_ROLE);
}

export type ReportVariant = "standard" | "full-access";

export function permissionForVariant(variant: ReportVariant): Permission {
  return variant === "full-access" ? "paymentBalancingFullAccess" : "paymentBalancing";
}
