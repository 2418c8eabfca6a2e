import { ROLES, type Role } from "@/lib/access/permissions";
import { decideRoute } from "@/lib/access/routes";
import { validateQuery } from "@/lib/url/validators";

/* The month-end screens follow Payment Balancing in DESIGN's role table; closing and reopening is the Billing Admin's. */
const PAGES = ["/payments/month-end", "/payments/month-end?month=2025-03", "/payments/month-end/2025-03", "/payments/month-end/2025-03/export.csv", "/payments/month-end/2025-03/export.xlsx"];
const API = ["/api/month-end/2025-03/close", "/api/month-end/2025-03/reopen", "/api/month-end/2025-03/close-batches"];

const MAY_CLOSE: Record<Role, boolean> = {
  "Billing Admin": true,
  Billing: false,
  "Front Office Billing": false,
  "Front Office Billing - EMR Access Restriction": false,
  "RCM Staff": false,
  Auditor: false,
};

function decide(path: string, roles: Role[] | null) {
  const url = new URL(path, "http://localhost");
  return decideRoute(url.pathname, url.searchParams, roles ? { roles, locationIds: [] } : null).outcome;
}

describe("route rules for month-end", () => {
  for (const role of ROLES) {
    it.each(PAGES)(`${role}: %s → allow (every role runs Payment Balancing)`, (page) => {
      expect(decide(page, [role])).toBe("allow");
    });
    it.each(API)(`${role}: %s → ${MAY_CLOSE[role] ? "allow" : "forbidden"}`, (path) => {
      expect(decide(path, [role])).toBe(MAY_CLOSE[role] ? "allow" : "forbidden");
    });
  }

  it.each([...PAGES, ...API])("sends a signed-out request for %s to sign-in", (path) => {
    expect(decide(path, null)).toBe("sign-in");
  });
});

describe("middleware's 400 check of month-end links", () => {
  const check = (path: string) => {
    const url = new URL(path, "http://localhost");
    return validateQuery(url.pathname, url.searchParams);
  };

  it("accepts the links the screens make", () => {
    expect(check("/payments/month-end")).toBeNull();
    expect(check("/payments/month-end?month=2025-03")).toBeNull();
    expect(check("/payments/month-end/2025-03?group=location&group=poster&variant=standard")).toBeNull();
    expect(check("/payments/month-end/2025-03/export.xlsx?group=source")).toBeNull();
  });

  it("refuses a month, grain or variant that is none, with the page's message", () => {
    expect(check("/payments/month-end?month=March")).toBe('"March" is not a month: write it like 2026-10 (a year from 1900 to 2999).');
    expect(check("/payments/month-end?month=2025-03&month=2025-04")).toBe('Give "month" only once.');
    expect(check("/payments/month-end/2025-13")).toBe('"2025-13" is not a month: write it like 2026-10 (a year from 1900 to 2999).');
    expect(check("/payments/month-end/2025-03/export.csv?group=payer")).toBe(
      '"group" must be one of deposit_date, location, payer_type, method, source, poster, not "payer".',
    );
    expect(check("/payments/month-end/2025-03?variant=everything")).toBe('"variant" must be one of standard, full-access, not "everything".');
  });
});
