import { SET_PASSWORD_ROUTE } from "@/lib/auth/password-link-path";
import { can, isLocationRestricted, type Permission, type Role } from "./permissions";

/*
 * Which permission each path needs. Middleware uses it to turn requests away early; pages
 * and route handlers check the same permissions again against the database.
 */

export type RouteRule = { kind: "public" } | { kind: "signed-in"; permission?: Permission; locationScoped?: boolean };

const RULES: ReadonlyArray<[RegExp, RouteRule]> = [
  [/^\/(sign-in|forbidden|bad-request|unavailable)(\/|$)/, { kind: "public" }],
  [/^\/api\/auth(\/|$)/, { kind: "public" }],
  // A one-time link to set a password: its holder has no session yet. Only the exact shape of
  // a link is public; the page checks the token against the database.
  [SET_PASSWORD_ROUTE, { kind: "public" }],
  // Probes of a load balancer or orchestrator: they carry no session and reveal nothing.
  [/^\/api\/health\/(live|ready)$/, { kind: "public" }],
  // The EMR and clearinghouse (ERA) integrations authenticate with the practice's bearer token, not a session.
  [/^\/api\/integrations\/(emr|era)(\/|$)/, { kind: "public" }],
  [/^\/payments\/balancing\/full-access(\/|$)/, { kind: "signed-in", permission: "paymentBalancingFullAccess", locationScoped: true }],
  [/^\/payments\/balancing(\/|$)/, { kind: "signed-in", permission: "paymentBalancing", locationScoped: true }],
  [/^\/payments\/my-activity(\/|$)/, { kind: "signed-in", permission: "myActivity" }],
  // Closing a batch is part of posting; reopening one is the Billing Admin's alone.
  [/^\/api\/batches\/[^/]+\/reopen$/, { kind: "signed-in", permission: "reopenBatch" }],
  [/^\/(payments\/post|api\/payments|api\/batches)(\/|$)/, { kind: "signed-in", permission: "postPayments" }],
  // ERA import, remittances and the exceptions worklist: who may post payments may import (DESIGN's role table).
  [/^\/payments\/era(\/|$)/, { kind: "signed-in", permission: "postPayments" }],
  // Month-end (issue 23): who may run Payment Balancing sees the months and breakdowns; only a Billing Admin closes or reopens.
  [/^\/payments\/month-end(\/|$)/, { kind: "signed-in", permission: "paymentBalancing" }],
  [/^\/api\/month-end(\/|$)/, { kind: "signed-in", permission: "closeMonth" }],
  [/^\/admin\/audit(\/|$)/, { kind: "signed-in", permission: "auditLog" }],
  [/^\/(admin|api\/admin)(\/|$)/, { kind: "signed-in", permission: "adminUsers" }],
];

export function ruleFor(pathname: string): RouteRule {
  return RULES.find(([pattern]) => pattern.test(pathname))?.[1] ?? { kind: "signed-in" };
}

export type RouteDecision =
  | { outcome: "allow" }
  | { outcome: "sign-in" }
  | { outcome: "forbidden"; reason: string; deniedLocationIds?: number[] };

export interface TokenAccess {
  roles: Role[];
  locationIds: number[];
}

/** The early decision for a request: `access` is null when nobody is signed in. */
export function decideRoute(pathname: string, searchParams: URLSearchParams, access: TokenAccess | null): RouteDecision {
  const rule = ruleFor(pathname);
  if (rule.kind === "public") return { outcome: "allow" };
  if (!access) return { outcome: "sign-in" };
  if (rule.permission && !can(access.roles, rule.permission)) {
    return { outcome: "forbidden", reason: `permission:${rule.permission}` };
  }
  if (rule.locationScoped && isLocationRestricted(access.roles)) {
    const denied = searchParams
      .getAll("location")
      .filter((value) => value.trim() !== "")
      .map(Number)
      .filter((id) => !access.locationIds.includes(id));
    if (denied.length > 0) return { outcome: "forbidden", reason: "location", deniedLocationIds: denied };
  }
  return { outcome: "allow" };
}
