import { ROLES, type Role } from "@/lib/access/permissions";
import { decideRoute } from "@/lib/access/routes";

/*
 * DESIGN.md "Roles", written out by hand: for every role, what each page and export route
 * answers. "sign-in" rows are covered separately (no session).
 */
type Outcome = "allow" | "forbidden";

const ROUTES = [
  "/payments/my-activity",
  "/payments/my-activity/export.csv",
  "/payments/my-activity/batches/B-1?view=check",
  "/payments/my-activity/batches/B-1/export.xlsx?view=all",
  "/payments/balancing",
  "/payments/balancing/export.csv",
  "/payments/balancing/export.xlsx",
  "/payments/balancing/full-access",
  "/payments/balancing/full-access/export.csv",
  "/payments/balancing/full-access/export.xlsx",
  "/admin/users",
  "/payments/post",
  "/api/batches",
] as const;

const A: Outcome = "allow";
const F: Outcome = "forbidden";

//                      my-activity ×4      balancing ×3   full-access ×3  admin  post  api
const EXPECTED: Record<Role, Outcome[]> = {
  "Billing Admin": [A, A, A, A, A, A, A, A, A, A, A, A, A],
  Billing: [A, A, A, A, A, A, A, F, F, F, F, A, A],
  "Front Office Billing": [A, A, A, A, A, A, A, F, F, F, F, A, A],
  "Front Office Billing - EMR Access Restriction": [A, A, A, A, A, A, A, F, F, F, F, A, A],
  "RCM Staff": [A, A, A, A, A, A, A, A, A, A, F, A, A],
  Auditor: [F, F, F, F, A, A, A, A, A, A, F, F, F],
};

function decide(path: string, roles: Role[], locationIds: number[] = []) {
  const url = new URL(path, "http://localhost");
  return decideRoute(url.pathname, url.searchParams, { roles, locationIds }).outcome;
}

describe("route rules for every role", () => {
  for (const role of ROLES) {
    it.each(ROUTES.map((route, index) => [route, EXPECTED[role][index]]))(`${role}: %s → %s`, (route, outcome) => {
      expect(decide(route, [role])).toBe(outcome);
    });
  }

  it.each(ROUTES)("sends a signed-out request for %s to sign-in", (route) => {
    const url = new URL(route, "http://localhost");
    expect(decideRoute(url.pathname, url.searchParams, null).outcome).toBe("sign-in");
  });

  it("lets anyone reach sign-in and the EMR endpoint without a session", () => {
    expect(decideRoute("/sign-in", new URLSearchParams(), null).outcome).toBe("allow");
    expect(decideRoute("/api/integrations/emr/payments", new URLSearchParams(), null).outcome).toBe("allow");
  });
});

describe("the audit log", () => {
  // DESIGN "Roles" and issue 24: Billing Admin and Auditor read the audit log; an Auditor still may not manage users.
  const AUDIT_ROUTES = ["/admin/audit", "/admin/audit/export.csv?action=export", "/admin/audit/export.xlsx"];
  const AUDIT_EXPECTED: Record<Role, Outcome> = {
    "Billing Admin": A,
    Billing: F,
    "Front Office Billing": F,
    "Front Office Billing - EMR Access Restriction": F,
    "RCM Staff": F,
    Auditor: A,
  };
  for (const role of ROLES) {
    it.each(AUDIT_ROUTES)(`${role}: %s → ${AUDIT_EXPECTED[role]}`, (route) => {
      expect(decide(route, [role])).toBe(AUDIT_EXPECTED[role]);
    });
  }

  it("keeps /admin/users for Billing Admin only", () => {
    expect(decide("/admin/users", ["Auditor"])).toBe("forbidden");
    expect(decide("/admin/users", ["Billing Admin"])).toBe("allow");
  });
});

describe("closing and reopening batches", () => {
  // Issue 23: closing is part of posting (the service then checks it is the poster's batch);
  // reopening is the Billing Admin's alone ("reopenBatch").
  const CLOSE = "/api/batches/B-1/close";
  const REOPEN = "/api/batches/B-1/reopen";
  const EXPECTED_BATCH_STATE: Record<Role, [close: Outcome, reopen: Outcome]> = {
    "Billing Admin": [A, A],
    Billing: [A, F],
    "Front Office Billing": [A, F],
    "Front Office Billing - EMR Access Restriction": [A, F],
    "RCM Staff": [A, F],
    Auditor: [F, F],
  };
  for (const role of ROLES) {
    it(`${role}: close → ${EXPECTED_BATCH_STATE[role][0]}, reopen → ${EXPECTED_BATCH_STATE[role][1]}`, () => {
      expect([decide(CLOSE, [role]), decide(REOPEN, [role])]).toEqual(EXPECTED_BATCH_STATE[role]);
    });
  }

  it("sends a signed-out request for either to sign-in", () => {
    expect(decideRoute(CLOSE, new URLSearchParams(), null).outcome).toBe("sign-in");
    expect(decideRoute(REOPEN, new URLSearchParams(), null).outcome).toBe("sign-in");
  });
});

describe("EMR location restriction", () => {
  const restricted: Role[] = ["Front Office Billing - EMR Access Restriction"];

  it("allows the user's own locations and no location at all", () => {
    expect(decide("/payments/balancing?location=7", restricted, [7, 9])).toBe("allow");
    expect(decide("/payments/balancing?location=7&location=9", restricted, [7, 9])).toBe("allow");
    expect(decide("/payments/balancing", restricted, [7])).toBe("allow");
    // An emptied location field is no location, as the report's parser reads it.
    expect(decide("/payments/balancing?location=", restricted, [7])).toBe("allow");
  });

  it("refuses another location, naming it, on pages and exports", () => {
    const url = new URL("http://localhost/payments/balancing/export.csv?location=7&location=8");
    expect(decideRoute(url.pathname, url.searchParams, { roles: restricted, locationIds: [7] })).toEqual({
      outcome: "forbidden",
      reason: "location",
      deniedLocationIds: [8],
    });
  });

  it("narrows a user who also holds an unrestricted role", () => {
    expect(decide("/payments/balancing?location=8", ["Billing", ...restricted], [7])).toBe("forbidden");
  });

  it("does not narrow an unrestricted user", () => {
    expect(decide("/payments/balancing?location=8", ["Front Office Billing"], [7])).toBe("allow");
  });
});

describe("applying a payment's unapplied money", () => {
  // Issue 24: POST /api/payments/<id>/lines is posting; the service then checks whose payment it is.
  const LINES = "/api/payments/41/lines";
  const EXPECTED_LINES: Record<Role, Outcome> = {
    "Billing Admin": A,
    Billing: A,
    "Front Office Billing": A,
    "Front Office Billing - EMR Access Restriction": A,
    "RCM Staff": A,
    Auditor: F,
  };
  for (const role of ROLES) {
    it(`${role}: ${LINES} → ${EXPECTED_LINES[role]}`, () => {
      expect(decide(LINES, [role])).toBe(EXPECTED_LINES[role]);
    });
  }

  it("sends a signed-out request to sign-in", () => {
    expect(decideRoute(LINES, new URLSearchParams(), null).outcome).toBe("sign-in");
  });
});
