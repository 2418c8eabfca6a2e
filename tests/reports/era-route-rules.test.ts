import { ROLES, type Role } from "@/lib/access/permissions";
import { decideRoute } from "@/lib/access/routes";

/* The ERA screens follow "post payments" in DESIGN's role table, written out by hand per role. */
const ROUTES = [
  "/payments/era",
  "/payments/era/export.csv",
  "/payments/era/12",
  "/payments/era/12/export.xlsx",
  "/payments/era/exceptions",
  "/payments/era/exceptions/export.csv",
  "/payments/era/upload",
];

const EXPECTED: Record<Role, "allow" | "forbidden"> = {
  "Billing Admin": "allow",
  Billing: "allow",
  "Front Office Billing": "allow",
  "Front Office Billing - EMR Access Restriction": "allow",
  "RCM Staff": "allow",
  Auditor: "forbidden",
};

describe("route rules for the ERA screens", () => {
  for (const role of ROLES) {
    it.each(ROUTES)(`${role}: %s → ${EXPECTED[role]}`, (route) => {
      const url = new URL(route, "http://localhost");
      expect(decideRoute(url.pathname, url.searchParams, { roles: [role], locationIds: [] }).outcome).toBe(EXPECTED[role]);
    });
  }

  it.each(ROUTES)("sends a signed-out request for %s to sign-in", (route) => {
    expect(decideRoute(route, new URLSearchParams(), null).outcome).toBe("sign-in");
  });
});
