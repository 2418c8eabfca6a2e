import { inspect } from "node:util";
import { encode } from "next-auth/jwt";
import { DatabaseUnavailable } from "@/lib/outage";

/*
 * A page whose own viewer lookup meets the outage, before middleware's readiness probe has
 * seen it, is sent to the 503 outage page (naming the page to reload into), not Next.js's 500.
 * next/headers and the database handle are stood in for: no request scope and no server here.
 */
const requestHeaders = new Headers();
const requestCookies: { name: string; value: string }[] = [];
jest.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({
    getAll: () => requestCookies,
    get: (name: string) => requestCookies.find((cookie) => cookie.name === name),
    has: (name: string) => requestCookies.some((cookie) => cookie.name === name),
  }),
}));
const getDb = jest.fn();
jest.mock("@/db/app-database", () => ({ getDb: () => getDb() }));

import { currentViewer } from "@/lib/auth/session";
import { redirectOnOutage, unavailablePath } from "@/lib/http/outage-page";
import { GET as unavailable } from "@/app/unavailable/route";
import { GET as favicon } from "@/app/favicon.ico/route";

const SECRET = "outage-page-test-secret";
const failedQuery = () =>
  Object.assign(
    new Error("Failed query: select * from app_user where id = $1\nparams: 7", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    }),
    { query: "select * from app_user where id = $1", params: [7] },
  );

/** What redirect() threw: Next.js's NEXT_REDIRECT error names the URL and the status in its digest. */
function redirectOf(error: unknown): { url: string; status: string } | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) return null;
  const [, , url, status] = digest.split(";");
  return { url: url!, status: status! };
}

let logged: string[];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
  process.env.NEXTAUTH_SECRET = SECRET;
});
afterEach(() => jest.restoreAllMocks());

describe("unavailablePath", () => {
  it.each([
    ["/payments/balancing?from=2026-03-01&to=2026-03-31", "/unavailable?from=%2Fpayments%2Fbalancing%3Ffrom%3D2026-03-01%26to%3D2026-03-31"],
    ["/", "/unavailable?from=%2F"],
    [null, "/unavailable?from=%2F"],
    ["//evil.example/x", "/unavailable?from=%2F"],
    ["https://evil.example/x", "/unavailable?from=%2F"],
  ])("from %p is %p", (from, expected) => {
    expect(unavailablePath(from)).toBe(expected);
  });
});

describe("redirectOnOutage", () => {
  it("redirects (307) to the outage page naming the page, with one log line carrying no parameters", () => {
    let thrown: unknown;
    try {
      redirectOnOutage("page", failedQuery(), "/payments/my-activity?by=deposit");
    } catch (error) {
      thrown = error;
    }
    expect(redirectOf(thrown)).toEqual({ url: "/unavailable?from=%2Fpayments%2Fmy-activity%3Fby%3Ddeposit", status: "307" });
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain("app_user");
    expect(logged[0]).not.toContain("params");
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: "error", where: "page", code: "ECONNREFUSED", unavailable: true });
  });

  it("leaves any other failure to the caller", () => {
    expect(() => redirectOnOutage("page", new TypeError("x is undefined"), "/payments/balancing")).not.toThrow();
    expect(logged).toEqual([]);
  });
});

describe("currentViewer while the database is not answering", () => {
  beforeEach(async () => {
    const jwt = await encode({ token: { userId: 7, practiceId: 1 }, secret: SECRET });
    requestCookies.splice(0, requestCookies.length, { name: "next-auth.session-token", value: jwt });
    getDb.mockRejectedValue(new DatabaseUnavailable({ cause: failedQuery() }));
  });
  afterEach(() => requestHeaders.delete("x-payment-balancing-path"));

  it("sends a page (named by middleware) to the outage page, to come back to it", async () => {
    requestHeaders.set("x-payment-balancing-path", "/payments/balancing?group=poster");
    const thrown = await currentViewer().then(() => null, (error: unknown) => error);
    expect(redirectOf(thrown)).toEqual({ url: "/unavailable?from=%2Fpayments%2Fbalancing%3Fgroup%3Dposter", status: "307" });
  });

  it("hands a route handler the outage itself, which it answers with 503", async () => {
    const thrown = await currentViewer().then(() => null, (error: unknown) => error);
    expect(thrown).toBeInstanceOf(DatabaseUnavailable);
    // Whoever logs it (Next.js does, for a page it did not send away) prints no parameters.
    expect(inspect(thrown, { depth: 10 })).not.toContain("params");
    expect(inspect(thrown, { depth: 10 })).not.toContain("app_user");
    expect(logged).toEqual([]);
  });
});

describe("the outage page", () => {
  it("answers 503 with Retry-After, and reloads into the page it was sent from", async () => {
    const response = unavailable(
      new Request("http://localhost:3000/unavailable?from=%2Fpayments%2Fbalancing%3Ffrom%3D2026-03-01%26to%3D2026-03-31"),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.text()).toContain('<meta http-equiv="refresh" content="30; url=/payments/balancing?from=2026-03-01&amp;to=2026-03-31">');
  });

  it("reloads into this site's home for a from that is not a path on this site", async () => {
    const response = unavailable(new Request("http://localhost:3000/unavailable?from=https%3A%2F%2Fevil.example%2F%22%3E"));
    expect(await response.text()).toContain('<meta http-equiv="refresh" content="30; url=/">');
  });

  it("reloads the URL it answers for when middleware rewrote a page request to it", async () => {
    const response = unavailable(new Request("http://localhost:3000/unavailable"));
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('<meta http-equiv="refresh" content="30">');
  });
});

describe("/favicon.ico", () => {
  it("sends the browser to the site's icon, rendering no page (and asking no database)", () => {
    const response = favicon();
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/icon.svg");
  });
});
