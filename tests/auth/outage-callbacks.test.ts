import type { JWT } from "next-auth/jwt";
import type { DatabaseConnection } from "@/db/client";
import { authOptions } from "@/lib/auth/options";
import { DatabaseUnavailable, OUTAGE_MESSAGE } from "@/lib/outage";

/*
 * next-auth while the database is not answering. getDb() reads the handles db/app-database.ts
 * keeps on globalThis, so a failing one is put there: either the open failed, or a statement
 * fails with drizzle's error, whose message carries the SQL and its parameters.
 */
const holder = globalThis as typeof globalThis & {
  __paymentBalancingDb?: { primary: Promise<DatabaseConnection>; replica: null };
};

const failedQuery = () =>
  Object.assign(
    new Error('Failed query: select "id" from "app_user" where "app_user"."email" = $1\nparams: jane.doe@example.test', {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    }),
    { query: 'select "id" from "app_user" where "app_user"."email" = $1', params: ["jane.doe@example.test"] },
  );

/** A database whose every statement fails with `error`. */
function databaseFailingWith(error: () => Error): void {
  const db = new Proxy({}, { get: () => () => { throw error(); } });
  holder.__paymentBalancingDb = {
    primary: Promise.resolve({ db, driver: "pg", close: async () => {} } as unknown as DatabaseConnection),
    replica: null,
  };
}

function databaseNotOpening(): void {
  const primary = Promise.reject(new DatabaseUnavailable({ cause: failedQuery() }));
  primary.catch(() => undefined);
  holder.__paymentBalancingDb = { primary, replica: null };
}

const authorize = (authOptions.providers[0] as unknown as { options: { authorize(credentials: unknown, request: unknown): Promise<unknown> } })
  .options.authorize;
const signIn = () => authorize({ email: "jane.doe@example.test", password: "demo-pass-2026" }, { headers: {} });

let logged: string[];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, "error").mockImplementation((line: string) => void logged.push(String(line)));
});
afterEach(() => {
  jest.restoreAllMocks();
  delete holder.__paymentBalancingDb;
});

describe("signing in while the database is not answering", () => {
  it.each([
    ["the open failed", databaseNotOpening],
    ["a statement failed", () => databaseFailingWith(failedQuery)],
  ])("%s: the form says so, with neither the statement nor the email, and one clean log line", async (_, setUp) => {
    setUp();
    await expect(signIn()).rejects.toThrow(new Error(OUTAGE_MESSAGE));
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain("jane.doe");
    expect(logged[0]).not.toContain("app_user");
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: "error", where: "sign-in", unavailable: true });
  });

  it("a bug on our side: the form says something went wrong, never the error's own message", async () => {
    databaseFailingWith(() => Object.assign(new TypeError("Failed query: params: jane.doe@example.test"), { params: ["jane.doe@example.test"] }));
    await expect(signIn()).rejects.toThrow(new Error("Something went wrong on our side while signing you in; try again."));
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain("jane.doe");
  });
});

describe("the session endpoint's jwt callback while the database is not answering", () => {
  const token: JWT = { userId: 7, practiceId: 1, roles: ["Billing"], locationIds: [1, 2], disabled: false, email: "jane.doe@example.test" };
  const callbacks = authOptions.callbacks!;
  const jwt = (input: JWT) => callbacks.jwt!({ token: input } as Parameters<NonNullable<typeof callbacks.jwt>>[0]);

  it.each([
    ["the open failed", databaseNotOpening],
    ["a statement failed", () => databaseFailingWith(failedQuery)],
  ])("%s: keeps the token as it is (a throw would make next-auth sign the user out)", async (_, setUp) => {
    setUp();
    await expect(jwt(token)).resolves.toEqual({
      userId: 7,
      practiceId: 1,
      roles: ["Billing"],
      locationIds: [1, 2],
      disabled: false,
      email: "jane.doe@example.test",
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain("jane.doe");
    expect(JSON.parse(logged[0]!)).toMatchObject({ where: "session", unavailable: true });
  });

  it("still fails on anything that is not an outage", async () => {
    databaseFailingWith(() => new TypeError("x is undefined"));
    await expect(jwt(token)).rejects.toThrow(TypeError);
  });
});

describe("next-auth's logger", () => {
  it("writes one structured line, without the failed statement's text or parameters", () => {
    authOptions.logger!.error!("JWT_SESSION_ERROR", failedQuery());
    authOptions.logger!.error!("CALLBACK_CREDENTIALS_JWT_ERROR", { error: failedQuery(), providerId: "credentials" } as never);
    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line).not.toContain("jane.doe");
      expect(line).not.toContain("app_user");
    }
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: "error", where: "next-auth JWT_SESSION_ERROR", code: "ECONNREFUSED", unavailable: true });
    expect(JSON.parse(logged[1]!)).toMatchObject({ where: "next-auth CALLBACK_CREDENTIALS_JWT_ERROR", code: "ECONNREFUSED" });
  });
});
