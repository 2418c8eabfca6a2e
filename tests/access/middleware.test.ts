import { encode } from "next-auth/jwt";
import { NextRequest, type NextFetchEvent } from "next/server";
import { middleware } from "@/middleware";

const SECRET = "middleware-test-secret";

const realFetch = global.fetch;
beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
});
// No server runs here: the session endpoint middleware asks before refusing is unreachable
// unless a test answers it.
beforeEach(() => {
  global.fetch = (async () => {
    throw new TypeError("fetch failed");
  }) as typeof fetch;
});
afterAll(() => {
  global.fetch = realFetch;
});

async function request(path: string, token?: Record<string, unknown>, extraHeaders: Record<string, string> = {}) {
  const headers = new Headers(extraHeaders);
  if (token) {
    const jwt = await encode({ token, secret: SECRET });
    headers.set("cookie", `next-auth.session-token=${jwt}`);
  }
  // No server answers the outage gate's readiness probe here; it is run and forgotten.
  const event = { waitUntil: (probe: Promise<unknown>) => void probe.catch(() => undefined) } as unknown as NextFetchEvent;
  return middleware(new NextRequest(new URL(path, "http://localhost:3000"), { headers }), event);
}

const restrictedToken = {
  userId: 5,
  practiceId: 1,
  roles: ["Front Office Billing - EMR Access Restriction"],
  locationIds: [1],
  disabled: false,
};

describe("middleware", () => {
  it("answers 403 to a server action posted from another origin", async () => {
    const action = new NextRequest(new URL("/payments/post", "http://localhost:3000"), {
      method: "POST",
      headers: { "next-action": "0123abcd", origin: "http://evil.example" },
    });
    const response = await middleware(action, { waitUntil: () => undefined } as unknown as NextFetchEvent);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "This request must come from a page of this site." });
  });

  it("refuses at once, with 413, a body declared larger than any route takes, even without a token", async () => {
    const declared = new NextRequest(new URL("/api/integrations/emr/payments", "http://localhost:3000"), {
      method: "POST",
      headers: { "content-length": "5000000", "content-type": "application/json" },
    });
    const event = { waitUntil: () => undefined } as unknown as NextFetchEvent;
    const response = await middleware(declared, event);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The request body is too large." });
  });

  it("lets an ERA file through up to 50 MB, and refuses one declared larger with 413", async () => {
    const era = (length: number) =>
      new NextRequest(new URL("/api/integrations/era", "http://localhost:3000"), {
        method: "POST",
        headers: { "content-length": String(length), "content-type": "application/edi-x12" },
      });
    const event = { waitUntil: () => undefined } as unknown as NextFetchEvent;
    expect((await middleware(era(5_000_000), event)).status).not.toBe(413);
    expect((await middleware(era(50_000_001), event)).status).toBe(413);
  });

  it("sends a signed-out bookmark to sign-in, keeping the whole URL to come back to", async () => {
    const response = await request("/payments/balancing?from=2026-03-01&to=2026-03-31&group=poster");
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe("/payments/balancing?from=2026-03-01&to=2026-03-31&group=poster");
  });

  it("answers 401 to a signed-out API call", async () => {
    const response = await request("/api/batches");
    expect(response.status).toBe(401);
  });

  it("answers 403 to a poster reopening a batch, lets their close through, and 401 signed out", async () => {
    const poster = { userId: 7, practiceId: 1, roles: ["Billing"], locationIds: [], disabled: false };
    const reopen = await request("/api/batches/B-1/reopen", poster);
    expect(reopen.status).toBe(403);
    expect(await reopen.json()).toEqual({ error: "You do not have access to this." });
    const close = await request("/api/batches/B-1/close", poster);
    expect(close.headers.get("x-middleware-next")).toBe("1");
    expect((await request("/api/batches/B-1/close")).status).toBe(401);
  });

  it("answers 403 naming the location when a restricted user asks for another", async () => {
    const response = await request("/payments/balancing?location=2", restrictedToken);
    expect(response.status).toBe(403);
    const rewrite = new URL(response.headers.get("x-middleware-rewrite")!);
    expect(rewrite.pathname).toBe("/forbidden");
    expect(rewrite.searchParams.getAll("location")).toEqual(["2"]);
  });

  it("answers 403 to Full Access without the permission, and to Admin for a non-admin", async () => {
    expect((await request("/payments/balancing/full-access", restrictedToken)).status).toBe(403);
    expect((await request("/admin/users", restrictedToken)).status).toBe(403);
  });

  it("lets a restricted user run Payment Balancing for their own location", async () => {
    const response = await request("/payments/balancing?location=1", restrictedToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("answers 400 with a message for a parameter named constructor, which Next.js cannot hand a page", async () => {
    const page = await request("/sign-in?constructor=1");
    expect(page.status).toBe(400);
    const rewrite = new URL(page.headers.get("x-middleware-rewrite")!);
    expect(rewrite.pathname).toBe("/bad-request");
    expect(rewrite.searchParams.get("message")).toBe(
      'The link has a parameter named "constructor", which no page reads; remove it and try again.',
    );
    const report = await request("/payments/balancing/export.csv?constructor=1&from=2026-03-01", restrictedToken);
    expect(report.status).toBe(400);
    expect(await report.json()).toEqual({
      error: 'The link has a parameter named "constructor", which no page reads; remove it and try again.',
    });
  });

  it("answers 400 to a next-auth callbackUrl that is not a path or URL on this site, instead of next-auth's 500", async () => {
    const error = { error: 'callbackUrl must be a path on this site, starting with a single "/".' };
    for (const endpoint of ["signin", "signout", "error", "providers", "signin/credentials"]) {
      for (const callbackUrl of ["foo", "https://evil.example/x", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
        const response = await request(`/api/auth/${endpoint}?callbackUrl=${encodeURIComponent(callbackUrl)}`);
        expect([endpoint, callbackUrl, response.status, await response.json()]).toEqual([endpoint, callbackUrl, 400, error]);
      }
    }
    for (const callbackUrl of ["/", "/payments/balancing?from=2026-03-01", "http://localhost:3000/payments/my-activity", ""]) {
      const response = await request(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      expect([callbackUrl, response.headers.get("x-middleware-next")]).toEqual([callbackUrl, "1"]);
    }
    // Outside /api/auth/ the sign-in page reads callbackUrl through safeCallbackPath itself.
    expect((await request("/sign-in?callbackUrl=foo")).status).toBe(200);
  });

  it("takes NEXTAUTH_URL's origin as this site's for a next-auth callbackUrl", async () => {
    process.env.NEXTAUTH_URL = "https://pay.test.example/";
    try {
      expect((await request(`/api/auth/signin?callbackUrl=${encodeURIComponent("https://pay.test.example/x")}`)).status).toBe(200);
      expect((await request(`/api/auth/signin?callbackUrl=${encodeURIComponent("http://localhost:3000/x")}`)).status).toBe(400);
    } finally {
      delete process.env.NEXTAUTH_URL;
    }
  });

  describe("a next-auth callback-URL cookie next-auth would answer 500 for", () => {
    const expired = "next-auth.callback-url=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax";
    const badValues = [
      "javascript%3Aalert(1)",
      "javascript:alert(1)",
      "foo",
      "https%3A%2F%2Fevil.example%2F",
      "%E0%A4%A",
      "x".repeat(6000),
    ];

    it("is dropped from the request, which goes on, and the browser is told to forget it", async () => {
      for (const [method, path] of [
        ["GET", "/api/auth/signin"],
        ["GET", "/api/auth/providers"],
        ["GET", "/api/auth/csrf"],
        ["GET", "/api/auth/session"],
        ["POST", "/api/auth/callback/credentials"],
      ]) {
        for (const value of badValues) {
          const response = await middleware(
            new NextRequest(new URL(path!, "http://localhost:3000"), {
              method,
              headers: { cookie: `theme=dark; next-auth.callback-url=${value}; next-auth.csrf-token=abc%7Cdef` },
            }),
            { waitUntil: () => undefined } as unknown as NextFetchEvent,
          );
          expect([path, value.slice(0, 30), response.status, response.headers.get("x-middleware-next")]).toEqual([
            path,
            value.slice(0, 30),
            200,
            "1",
          ]);
          expect(response.headers.get("x-middleware-request-cookie")).toBe("theme=dark; next-auth.csrf-token=abc%7Cdef");
          expect(response.headers.get("set-cookie")).toBe(expired);
        }
      }
    });

    it("is dropped under its __Secure- name too, and forgotten with Secure", async () => {
      const response = await request("/api/auth/csrf", undefined, {
        cookie: "__Secure-next-auth.callback-url=foo",
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-middleware-override-headers")?.split(",")).not.toContain("cookie");
      expect(response.headers.get("x-middleware-request-cookie")).toBeNull();
      expect(response.headers.get("set-cookie")).toBe(
        "__Secure-next-auth.callback-url=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
      );
    });

    it("is dropped on a page request as well, keeping the session", async () => {
      const jwt = await encode({ token: restrictedToken, secret: SECRET });
      const response = await middleware(
        new NextRequest(new URL("/payments/balancing?location=1", "http://localhost:3000"), {
          headers: { cookie: `next-auth.session-token=${jwt}; next-auth.callback-url=javascript%3Aalert(1)` },
        }),
        { waitUntil: () => undefined } as unknown as NextFetchEvent,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("x-middleware-request-cookie")).toBe(`next-auth.session-token=${jwt}`);
      expect(response.headers.get("set-cookie")).toBe(expired);
    });

    it("is kept, and the request left as it came, when it is a path or a URL on this site", async () => {
      for (const value of ["%2Fpayments%2Fbalancing%3Ffrom%3D2026-03-01", "http%3A%2F%2Flocalhost%3A3000%2F", "/", ""]) {
        const response = await request("/api/auth/providers", undefined, { cookie: `next-auth.callback-url=${value}` });
        expect([value, response.headers.get("x-middleware-next")]).toEqual([value, "1"]);
        expect([value, response.headers.get("x-middleware-override-headers")]).toEqual([value, null]);
        expect([value, response.headers.get("set-cookie")]).toEqual([value, null]);
      }
    });
  });

  it("answers 400 to an RSC request whose Next-Router-State-Tree header is malformed, instead of the page's 500", async () => {
    for (const path of ["/sign-in", "/forbidden", "/payments/balancing?location=1"]) {
      for (const tree of ["garbage", "%E0%A4%A", encodeURIComponent('{"a":1}'), ""]) {
        const response = await request(path, restrictedToken, { rsc: "1", "next-router-state-tree": tree });
        expect([path, tree, response.status, await response.json()]).toEqual([
          path,
          tree,
          400,
          { error: "The Next-Router-State-Tree header is malformed." },
        ]);
      }
    }
    const tree = encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }, null, null, true]));
    const response = await request("/sign-in", undefined, { rsc: "1", "next-router-state-tree": tree });
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  describe("naming the page for the outage page to come back to", () => {
    const PATH_HEADER = "x-middleware-request-x-payment-balancing-path";

    it("hands a page its path and query, also when it is rewritten to 403 or 400", async () => {
      const page = await request("/payments/balancing?location=1&group=poster", restrictedToken);
      expect([page.status, page.headers.get(PATH_HEADER)]).toEqual([200, "/payments/balancing?location=1&group=poster"]);
      const forbidden = await request("/admin/users", restrictedToken);
      expect([forbidden.status, forbidden.headers.get(PATH_HEADER)]).toEqual([403, "/admin/users"]);
      const badRequest = await request("/sign-in?constructor=1");
      expect([badRequest.status, badRequest.headers.get(PATH_HEADER)]).toEqual([400, "/sign-in?constructor=1"]);
    });

    it("overwrites the header a client sent with a page, and removes it from an API or export request", async () => {
      const sent = { "x-payment-balancing-path": "https://evil.example/" };
      expect((await request("/payments/my-activity", restrictedToken, sent)).headers.get(PATH_HEADER)).toBe("/payments/my-activity");
      for (const path of ["/api/auth/providers", "/payments/balancing/export.csv?location=1"]) {
        const response = await request(path, restrictedToken, sent);
        expect([path, response.headers.get("x-middleware-next")]).toEqual([path, "1"]);
        expect([path, response.headers.get("x-middleware-override-headers")?.split(",")]).toEqual([
          path,
          expect.not.arrayContaining(["x-payment-balancing-path"]),
        ]);
        expect([path, response.headers.get(PATH_HEADER)]).toEqual([path, null]);
      }
    });
  });

  it("treats a disabled user's token as signed out", async () => {
    const response = await request("/payments/my-activity", { ...restrictedToken, disabled: true });
    expect(response.status).toBe(307);
  });
});

/*
 * Before refusing, middleware asks next-auth's session endpoint for a token refreshed from the
 * database. Here the endpoint is answered in-process: what it would send for a user an admin
 * has just given a second location, or nothing at all when it cannot be reached.
 */
describe("middleware, when the token's copy of access is older than the database", () => {
  const asked: string[] = [];
  afterEach(() => {
    asked.length = 0;
  });

  function sessionEndpointSends(token: Record<string, unknown> | null) {
    global.fetch = (async (input: string | URL | Request) => {
      asked.push(String(input));
      if (!token) throw new TypeError("fetch failed");
      const jwt = await encode({ token, secret: SECRET });
      return new Response("{}", {
        status: 200,
        headers: { "set-cookie": `next-auth.session-token=${jwt}; Path=/; HttpOnly; SameSite=Lax` },
      });
    }) as typeof fetch;
  }

  it("lets the request through on the refreshed access, and hands the browser the fresh cookie", async () => {
    sessionEndpointSends({ ...restrictedToken, locationIds: [1, 2] });
    const response = await request("/payments/balancing?location=2", restrictedToken);
    expect(asked).toEqual(["http://localhost:3000/api/auth/session"]);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("set-cookie")).toMatch(/^next-auth\.session-token=/);
  });

  it("still refuses when the refreshed access does not allow it either", async () => {
    sessionEndpointSends(restrictedToken);
    expect((await request("/payments/balancing/full-access", restrictedToken)).status).toBe(403);
  });

  it("decides from the token when the session endpoint cannot be reached", async () => {
    sessionEndpointSends(null);
    expect((await request("/payments/balancing?location=2", restrictedToken)).status).toBe(403);
  });

  it("asks without a callback-URL cookie it has dropped", async () => {
    const cookies: string[] = [];
    global.fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
      cookies.push(new Headers(init?.headers).get("cookie") ?? "");
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const jwt = await encode({ token: restrictedToken, secret: SECRET });
    const response = await middleware(
      new NextRequest(new URL("/payments/balancing?location=2", "http://localhost:3000"), {
        headers: { cookie: `next-auth.callback-url=foo; next-auth.session-token=${jwt}` },
      }),
      { waitUntil: () => undefined } as unknown as NextFetchEvent,
    );
    expect(response.status).toBe(403);
    expect(cookies).toEqual([`next-auth.session-token=${jwt}`]);
  });

  it("asks only before refusing, never for a request it lets through", async () => {
    sessionEndpointSends(restrictedToken);
    expect((await request("/payments/balancing?location=1", restrictedToken)).status).toBe(200);
    expect(asked).toEqual([]);
  });
});
