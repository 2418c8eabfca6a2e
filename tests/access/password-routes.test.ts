import { NextRequest, type NextFetchEvent } from "next/server";
import { ROLES } from "@/lib/access/permissions";
import { decideRoute } from "@/lib/access/routes";
import { middleware } from "@/middleware";

const TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234"; // 43 characters of base64url

const signedOut = (path: string) => decideRoute(path, new URLSearchParams(), null).outcome;

describe("the set-password link is the only public password route", () => {
  it("lets a signed-out visitor open exactly a link's shape", () => {
    expect(TOKEN).toHaveLength(43);
    expect(signedOut(`/set-password/${TOKEN}`)).toBe("allow");
  });

  it.each([
    "/set-password",
    "/set-password/",
    `/set-password/${TOKEN.slice(1)}`,
    `/set-password/${TOKEN}A`,
    `/set-password/${TOKEN}/more`,
    `/set-password/${TOKEN.slice(1)}!`,
    "/account/password",
  ])("sends a signed-out request for %s to sign-in", (path) => {
    expect(signedOut(path)).toBe("sign-in");
  });

  it.each(ROLES)("lets a signed-in %s change their own password", (role) => {
    expect(decideRoute("/account/password", new URLSearchParams(), { roles: [role], locationIds: [] }).outcome).toBe("allow");
  });

  it("lets a signed-in user with no role at all change their password", () => {
    expect(decideRoute("/account/password", new URLSearchParams(), { roles: [], locationIds: [] }).outcome).toBe("allow");
  });
});

describe("middleware on the password pages", () => {
  const event = { waitUntil: (probe: Promise<unknown>) => void probe.catch(() => undefined) } as unknown as NextFetchEvent;
  const realFetch = global.fetch;
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = "password-routes-secret";
    global.fetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
  });
  afterAll(() => {
    global.fetch = realFetch;
  });

  it("passes a link through without a session, and sends the change page to sign-in", async () => {
    const link = await middleware(new NextRequest(new URL(`/set-password/${TOKEN}`, "http://localhost:3000")), event);
    expect(link.headers.get("location")).toBeNull();
    expect(link.status).toBe(200);
    const change = await middleware(new NextRequest(new URL("/account/password", "http://localhost:3000")), event);
    expect(change.status).toBe(307);
    expect(new URL(change.headers.get("location")!).searchParams.get("callbackUrl")).toBe("/account/password");
  });
});
