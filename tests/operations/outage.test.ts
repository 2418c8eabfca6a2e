import { inspect } from "node:util";
import { DatabaseUnavailable, isDatabaseUnavailable, logFailure, OUTAGE_MESSAGE, outageWithoutStatement } from "@/lib/outage";
import { failureResponse } from "@/lib/http/failures";

describe("telling an outage from other failures", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["pg's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["pg's client-side query timeout", new Error("Query read timeout")],
    ["a server shutting down (57P01)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a server starting up (57P03)", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["too many connections (53300)", Object.assign(new Error("sorry, too many clients already"), { code: "53300" })],
    ["a failed open", new DatabaseUnavailable({ cause: new Error("anything") })],
    ["drizzle's wrapper around a dropped connection", new Error("Failed query: select 1", { cause: new Error("Connection terminated unexpectedly") })],
  ])("%s is an outage", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a statement timeout (57014)", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    ["a unique violation (23505)", Object.assign(new Error("duplicate key value"), { code: "23505" })],
    ["a plain bug", new TypeError("x is undefined")],
    ["nothing at all", undefined],
  ])("%s is not an outage", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("answering a failure", () => {
  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it("answers an outage with 503, Retry-After and a JSON error", async () => {
    const response = failureResponse("emr payment", new DatabaseUnavailable());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({ error: OUTAGE_MESSAGE });
  });

  it("answers any other failure with a plain 500 and no detail", async () => {
    const response = failureResponse("emr payment", new TypeError("x is undefined"));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Something went wrong on our side. Nothing was changed; try again." });
  });

  it("logs one line without the statement's parameters or its text", () => {
    const failedQuery = Object.assign(
      new Error("Failed query: select * from app_user where email = $1\nparams: jane.doe@example.test", {
        cause: Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" }),
      }),
      { query: "select * from app_user where email = $1", params: ["jane.doe@example.test"] },
    );
    failureResponse("sign-in", failedQuery);
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain("jane.doe");
    expect(logged[0]).not.toContain("app_user");
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: "error", where: "sign-in", code: "ECONNRESET", unavailable: true });
    expect(JSON.parse(logged[0]!).statement).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe("an outage without its failed statement", () => {
  const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const failedQuery = (cause: Error) =>
    Object.assign(new Error("Failed query: select * from app_user where email = $1\nparams: jane.doe@example.test", { cause }), {
      query: "select * from app_user where email = $1",
      params: ["jane.doe@example.test"],
    });

  it.each([
    ["drizzle's failed query", () => failedQuery(refused())],
    ["a failed open around one", () => new DatabaseUnavailable({ cause: failedQuery(refused()) })],
  ])("%s: printed whole by any logger, it shows neither the statement nor its parameters", (_, error) => {
    const outage = outageWithoutStatement(error());
    expect(outage).toBeInstanceOf(DatabaseUnavailable);
    expect(isDatabaseUnavailable(outage)).toBe(true);
    const printed = inspect(outage, { depth: 10 });
    expect(printed).not.toContain("jane.doe");
    expect(printed).not.toContain("app_user");
    expect(printed).toContain("connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("keeps the connection's failure code and the statement's hash for the log line", () => {
    const logged: string[] = [];
    jest.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    logFailure("create batch", outageWithoutStatement(failedQuery(refused())));
    jest.restoreAllMocks();
    expect(JSON.parse(logged[0]!)).toMatchObject({
      where: "create batch",
      error: "DatabaseUnavailable",
      code: "ECONNREFUSED",
      unavailable: true,
      statement: "270be59e5176",
    });
  });

  it("drops a root cause that itself carries the statement", () => {
    const bare = Object.assign(new Error("Failed query: select 1\nparams: jane.doe@example.test"), { params: ["jane.doe@example.test"], code: "57P01" });
    const outage = outageWithoutStatement(bare);
    expect(outage.cause).toBeUndefined();
    expect(inspect(outage, { depth: 10 })).not.toContain("jane.doe");
  });
});
