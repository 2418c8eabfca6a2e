import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "@/db/client";
import { todayIn } from "@/lib/dates";
import { POST } from "@/app/api/integrations/emr/payments/route";
import type { DatabaseConnection } from "@/db/client";
import { emrPaymentResponse } from "@/lib/posting/http";
import { buildWorld, closeWorld, EMR_TOKEN, ledgerCounts, OTHER_EMR_TOKEN, type PostingWorld } from "./world";

/** DESIGN.md "EMR integration endpoint (contract)": 201 / 200 / 422 {error, field} / 401. */

let world: PostingWorld;

beforeAll(async () => {
  world = await buildWorld();
});

afterAll(() => closeWorld(world));

const collection = {
  externalId: "FD-10001",
  locationCode: "MESA",
  patientMrn: "100234",
  amount: "25.00",
  method: "cash",
  collectedAt: "2026-03-02T09:15:00-07:00",
};

function send(body: unknown, token: string | null = EMR_TOKEN, authorization?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== undefined) headers.authorization = authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  return emrPaymentResponse(
    world.test.db,
    new Request("http://localhost/api/integrations/emr/payments", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  ).then(async (res) => ({ status: res.status, body: await res.json(), authenticate: res.headers.get("www-authenticate") }));
}

async function paymentsWithExternalId(externalId: string) {
  return queryRows<Record<string, unknown>>(
    world.test.db,
    sql`select p.id, b.batch_number, p.practice_id, p.location_id, p.patient_id, p.payer_id, p.method, p.reference_number,
               p.amount_cents, p.deposit_date::text as deposit_date, p.posted_by,
               to_char(p.posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as posted_at_utc, p.source,
               (select count(*)::int from payment_line pl where pl.payment_id = p.id) as lines
          from payment p join batch b on b.id = p.batch_id
         where p.external_id = ${externalId} order by p.id`,
  );
}

describe("POST /api/integrations/emr/payments", () => {
  it("posts a front-desk collection once: 201 the first time, 200 with the same body after", async () => {
    const first = await send(collection);
    expect(first).toEqual({
      status: 201,
      body: { paymentId: expect.any(Number), batchNumber: "EMR-MESA-20260302" },
      authenticate: null,
    });
    const again = await send(collection);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const rows = await paymentsWithExternalId("FD-10001");
    expect(rows).toEqual([
      {
        id: first.body.paymentId,
        batch_number: "EMR-MESA-20260302",
        practice_id: world.practice.practiceId,
        location_id: world.mesa,
        patient_id: world.ana,
        payer_id: null,
        method: "cash",
        reference_number: null,
        amount_cents: 2500,
        deposit_date: "2026-03-02",
        posted_at_utc: "2026-03-02T16:15:00Z",
        posted_by: world.integrationUser,
        source: "emr_integration",
        lines: 0,
      },
    ]);
    const [batch] = await queryRows<Record<string, unknown>>(
      world.test.db,
      sql`select created_by, location_id, deposit_date::text as deposit_date, control_total_cents from batch where batch_number = 'EMR-MESA-20260302'`,
    );
    expect(batch).toEqual({ created_by: world.integrationUser, location_id: world.mesa, deposit_date: "2026-03-02", control_total_cents: null });
    const audits = await queryRows<{ action: string; user_id: number }>(
      world.test.db,
      sql`select action, user_id from audit_event where details->>'batchNumber' = 'EMR-MESA-20260302' order by id`,
    );
    expect(audits).toEqual([
      { action: "batch_created", user_id: world.integrationUser },
      { action: "payment_posted", user_id: world.integrationUser },
    ]);
  });

  it("dates the batch by collectedAt in the practice's timezone, not UTC", async () => {
    // 23:30 in Phoenix on March 2 is 06:30 UTC on March 3.
    const late = await send({ ...collection, externalId: "FD-LATE", collectedAt: "2026-03-03T06:30:00Z", method: "check", referenceNumber: "311" });
    expect(late).toMatchObject({ status: 201, body: { batchNumber: "EMR-MESA-20260302" } });
    const tempe = await send({ ...collection, externalId: "FD-TEMPE", locationCode: "tempe", collectedAt: "2026-03-04T08:00:00-07:00" });
    expect(tempe).toMatchObject({ status: 201, body: { batchNumber: "EMR-TEMPE-20260304" } });
    const [row] = await paymentsWithExternalId("FD-LATE");
    expect(row).toMatchObject({ deposit_date: "2026-03-02", reference_number: "311", method: "check" });
  });

  it("posts exactly one payment when the same externalId arrives twice at once", async () => {
    const body = { ...collection, externalId: "FD-RACE", collectedAt: "2026-03-05T10:00:00-07:00" };
    const results = await Promise.all([send(body), send(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(results[0]!.body).toEqual(results[1]!.body);
    expect(await paymentsWithExternalId("FD-RACE")).toHaveLength(1);
    const [batches] = await queryRows<{ n: number }>(
      world.test.db,
      sql`select count(*)::int as n from batch where batch_number = 'EMR-MESA-20260305'`,
    );
    expect(batches!.n).toBe(1);
  });

  it("creates the day's batch once when different collections race into it", async () => {
    const day = { ...collection, collectedAt: "2026-03-06T10:00:00-07:00" };
    const results = await Promise.all(
      ["FD-A", "FD-B", "FD-C"].map((externalId) => send({ ...day, externalId })),
    );
    expect(results.map((r) => [r.status, r.body.batchNumber])).toEqual([
      [201, "EMR-MESA-20260306"],
      [201, "EMR-MESA-20260306"],
      [201, "EMR-MESA-20260306"],
    ]);
    const [totals] = await queryRows<{ batches: number; payments: number; posted: number }>(
      world.test.db,
      sql`select count(distinct b.id)::int as batches, count(p.id)::int as payments, sum(p.amount_cents)::bigint as posted
            from batch b join payment p on p.batch_id = b.id where b.batch_number = 'EMR-MESA-20260306'`,
    );
    expect(totals).toEqual({ batches: 1, payments: 3, posted: 7500 });
  });

  it("answers 401 for a missing or wrong token, before reading the body", async () => {
    const before = await ledgerCounts(world);
    expect(await send(collection, null)).toEqual({
      status: 401,
      body: { error: "Send the practice's integration token as Authorization: Bearer <token>.", field: null },
      authenticate: "Bearer",
    });
    expect((await send(collection, "demo-emr-token-2026")).status).toBe(401);
    expect((await send("{broken", "wrong")).status).toBe(401);
    expect((await send(collection, null, `Basic ${Buffer.from(`x:${EMR_TOKEN}`).toString("base64")}`)).status).toBe(401);
    expect((await send(collection, null, `Bearer ${EMR_TOKEN} extra`)).status).toBe(401);
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("answers 422 naming the field for bad input, and 400 for malformed JSON", async () => {
    const before = await ledgerCounts(world);
    const tomorrow = DateTime.fromISO(todayIn("America/Phoenix"), { zone: "America/Phoenix" })
      .plus({ days: 1, hours: 9 })
      .toISO()!;
    const cases: [Record<string, unknown>, string][] = [
      [{ locationCode: "NOWHERE" }, "locationCode"],
      [{ patientMrn: "999999" }, "patientMrn"],
      [{ amount: "-25.00" }, "amount"],
      [{ amount: "twenty" }, "amount"],
      [{ amount: "0.00" }, "amount"],
      [{ amount: 25 }, "amount"],
      [{ method: "eft" }, "method"],
      [{ collectedAt: "2026-03-02T09:15:00" }, "collectedAt"],
      [{ collectedAt: tomorrow }, "collectedAt"],
      [{ externalId: "" }, "externalId"],
      [{ externalId: undefined }, "externalId"],
      [{ externalId: "FD-\u0000" }, "externalId"],
      [{ patientMrn: "1002\u000034" }, "patientMrn"],
      [{ referenceNumber: "RCPT\u00001" }, "referenceNumber"],
      [{ collectedAt: "0001-01-01T00:00:00Z" }, "collectedAt"],
    ];
    for (const [change, field] of cases) {
      const result = await send({ ...collection, externalId: "FD-BAD", ...change });
      expect([result.status, result.body.field]).toEqual([422, field]);
      expect(typeof result.body.error).toBe("string");
    }
    expect(await send({ ...collection, externalId: "FD-BAD", patientMrn: "999999" })).toMatchObject({
      body: { error: "No patient with MRN 999999 in this practice." },
    });
    expect(await send("{not json")).toEqual({
      status: 400,
      body: { error: "The request body is not valid JSON.", field: null },
      authenticate: null,
    });
    expect(await ledgerCounts(world)).toEqual(before);
  });

  it("keeps each practice's token, patients and externalIds to itself", async () => {
    // MRN 100234 exists in both practices; the other practice has no MESA clinic.
    expect(await send({ ...collection, externalId: "FD-10001" }, OTHER_EMR_TOKEN)).toMatchObject({
      status: 422,
      body: { field: "locationCode" },
    });
    const theirs = await send({ ...collection, externalId: "FD-10001", locationCode: "FLAG" }, OTHER_EMR_TOKEN);
    expect(theirs).toMatchObject({ status: 201, body: { batchNumber: "EMR-FLAG-20260302" } });
    const rows = await paymentsWithExternalId("FD-10001");
    expect(rows.map((r) => [r.practice_id, r.patient_id])).toEqual([
      [world.practice.practiceId, world.ana],
      [world.other.practiceId, world.otherPatient],
    ]);
  });
});

describe("the route handler app/api/integrations/emr/payments", () => {
  /*
   * The exported POST takes its database from getDb(); db/app-database.ts keeps the process's
   * handles on globalThis, so the test database is put there, whichever driver the run uses.
   */
  const holder = globalThis as typeof globalThis & {
    __paymentBalancingDb?: { primary: Promise<DatabaseConnection>; replica: null };
  };

  beforeAll(() => {
    const connection: DatabaseConnection = { db: world.test.db, driver: world.test.driver, close: async () => {} };
    holder.__paymentBalancingDb = { primary: Promise.resolve(connection), replica: null };
  });

  afterAll(() => {
    delete holder.__paymentBalancingDb;
  });

  it("answers 201, then 200, and 401 without the token", async () => {
    const call = (authorization: string | null) =>
      POST(
        new Request("http://localhost/api/integrations/emr/payments", {
          method: "POST",
          headers: authorization ? { authorization, "content-type": "application/json" } : {},
          body: JSON.stringify({ ...collection, externalId: "FD-ROUTE" }),
        }),
      );
    const first = await call(`Bearer ${EMR_TOKEN}`);
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toEqual({ paymentId: expect.any(Number), batchNumber: "EMR-MESA-20260302" });
    const second = await call(`Bearer ${EMR_TOKEN}`);
    expect([second.status, await second.json()]).toEqual([200, body]);
    expect((await call(null)).status).toBe(401);
  });
});
