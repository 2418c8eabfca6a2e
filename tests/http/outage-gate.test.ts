import { NextRequest, type NextFetchEvent } from "next/server";
import { isHeldForOutage } from "@/lib/http/outage-gate";

/*
 * Middleware's view of the database: a readiness probe at most every 3 s. Here the clock is
 * stood still between requests and /api/health/ready is answered in-process.
 */
const realFetch = global.fetch;
let now = 1_000_000;
let readyStatus = 200;
const probed: string[] = [];
const besides: Promise<unknown>[] = [];

beforeAll(() => {
  jest.spyOn(Date, "now").mockImplementation(() => now);
  global.fetch = (async (input: string | URL | Request) => {
    probed.push(String(input));
    return new Response(null, { status: readyStatus });
  }) as typeof fetch;
});
afterAll(() => {
  global.fetch = realFetch;
  jest.restoreAllMocks();
});

async function held(path: string): Promise<boolean> {
  const event = { waitUntil: (probe: Promise<unknown>) => void besides.push(probe) } as unknown as NextFetchEvent;
  return isHeldForOutage(new NextRequest(new URL(path, "http://localhost:3000")), event);
}

describe("the outage gate", () => {
  it("follows the readiness probe, and serves the first page after the database returns however long after", async () => {
    // Up: the probe runs beside the request.
    expect(await held("/payments/balancing")).toBe(false);
    expect(probed).toEqual(["http://localhost:3000/api/health/ready"]);

    // The database stops. The next probe is due 3 s later; until it has answered, pages go on.
    readyStatus = 503;
    now += 3_000;
    expect(await held("/payments/balancing")).toBe(false);
    await Promise.all(besides);
    expect(probed).toHaveLength(2);

    // Seen down: pages are held, with no new probe within 3 s.
    now += 1_000;
    expect(await held("/payments/my-activity")).toBe(true);
    expect(probed).toHaveLength(2);

    // APIs and exports answer outages themselves and are never held.
    expect(await held("/api/batches")).toBe(false);
    expect(await held("/payments/balancing/export.csv")).toBe(false);
    expect(await held("/unavailable")).toBe(false);

    // The database returns; nobody asks for a page for a minute. That first page waits for a
    // fresh probe instead of being held on the old "down".
    readyStatus = 200;
    now += 60_000;
    expect(await held("/payments/balancing")).toBe(false);
    expect(probed).toHaveLength(3);
  });
});
