import { POST as createBatch } from "@/app/api/batches/route";
import { POST as postPayment } from "@/app/api/batches/[batchNumber]/payments/route";
import { POST as voidPayment } from "@/app/api/payments/[id]/void/route";
import { POST as applyUnapplied } from "@/app/api/payments/[id]/lines/route";
import { requiringSameOriginJson, sameOriginJsonRefusal } from "@/lib/http/same-origin-json";

const SITE = "https://pay.test.example";
const savedUrl = process.env.NEXTAUTH_URL;
beforeEach(() => {
  process.env.NEXTAUTH_URL = `${SITE}/`;
});
afterAll(() => {
  if (savedUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = savedUrl;
});

function post(headers: Record<string, string>, url = `${SITE}/api/batches`): Request {
  return new Request(url, { method: "POST", headers, body: "{}" });
}

async function refusal(request: Request) {
  const response = sameOriginJsonRefusal(request);
  return response && { status: response.status, body: await response.json() };
}

const FOREIGN = { status: 403, body: { error: "This request must come from a page of this site." } };
const NOT_JSON = { status: 415, body: { error: "Send the request body as JSON, with Content-Type: application/json." } };

describe("same-origin JSON requests", () => {
  it("lets through a JSON body from this site's origin, charset or case aside", async () => {
    expect(await refusal(post({ origin: SITE, "content-type": "application/json" }))).toBeNull();
    expect(await refusal(post({ origin: SITE, "content-type": "Application/JSON; charset=utf-8" }))).toBeNull();
  });

  it("answers 403 without Origin, or from another origin, scheme or port", async () => {
    const json = { "content-type": "application/json" };
    expect(await refusal(post(json))).toEqual(FOREIGN);
    for (const origin of ["https://evil.example", "http://pay.test.example", "https://pay.test.example:8443", "null"]) {
      expect(await refusal(post({ ...json, origin }))).toEqual(FOREIGN);
    }
  });

  it("answers 415 for a body not declared JSON", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]) {
      expect(await refusal(post({ origin: SITE, "content-type": type }))).toEqual(NOT_JSON);
    }
    expect(await refusal(post({ origin: SITE }))).toEqual(NOT_JSON);
  });

  it("takes the request's own origin when NEXTAUTH_URL is unset", async () => {
    delete process.env.NEXTAUTH_URL;
    const json = { "content-type": "application/json" };
    expect(await refusal(post({ ...json, origin: "http://localhost:3000" }, "http://localhost:3000/api/batches"))).toBeNull();
    expect(await refusal(post({ ...json, origin: SITE }, "http://localhost:3000/api/batches"))).toEqual(FOREIGN);
  });

  it("runs the wrapped handler only when the request passes", async () => {
    const handler = jest.fn(async () => Response.json({ ok: true }, { status: 201 }));
    const wrapped = requiringSameOriginJson(handler);
    expect((await wrapped(post({ origin: "https://evil.example", "content-type": "application/json" }))).status).toBe(403);
    expect(handler).not.toHaveBeenCalled();
    expect((await wrapped(post({ origin: SITE, "content-type": "application/json" }))).status).toBe(201);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("guards the cookie-authenticated posting routes", async () => {
    const calls = [
      (request: Request) => createBatch(request),
      (request: Request) => postPayment(request, { params: Promise.resolve({ batchNumber: "B1" }) }),
      (request: Request) => voidPayment(request, { params: Promise.resolve({ id: "1" }) }),
      (request: Request) => applyUnapplied(request, { params: Promise.resolve({ id: "1" }) }),
    ];
    for (const call of calls) {
      const foreign = await call(post({ origin: "https://evil.example", "content-type": "application/json" }));
      expect({ status: foreign.status, body: await foreign.json() }).toEqual(FOREIGN);
      const form = await call(post({ origin: SITE, "content-type": "application/x-www-form-urlencoded" }));
      expect({ status: form.status, body: await form.json() }).toEqual(NOT_JSON);
    }
  });
});
