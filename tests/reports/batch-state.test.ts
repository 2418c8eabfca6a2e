import { parse } from "csv-parse/sync";
import type { Viewer } from "@/lib/access/viewer";
import { csvChunks } from "@/lib/export/writers";
import { closeBatch } from "@/lib/posting/batch-state";
import { myActivityBatches } from "@/lib/reports/my-activity/batches";
import { myActivityBatchesExport } from "@/lib/reports/my-activity/export";
import { parseMyActivityQuery, validateMyActivityUrl } from "@/lib/reports/my-activity/search-params";
import { paymentBalancingExport } from "@/lib/reports/payment-balancing/export";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery, validatePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * The batch's state (issue 23) in both reports: a column of My Payment Activity's batch list
 * and of Payment Balancing's payments, in both exports, and the filter batch_state=open|closed.
 * Ledger, written by hand: poster Pat's batch OPEN-1 ($100.00 + $50.00) stays open, CLOSED-1
 * ($25.00) is closed by Pat; all deposited and posted in March 2026.
 */

let test: TestDatabase;
let pat: Viewer;
let admin: Viewer;
const TODAY = "2026-03-31";
const MARCH = "from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db);
  const mesa = await practice.location("MESA");
  const patId = await practice.user({ email: "pat@test.example", name: "Pat Poster", roles: ["Billing"] });
  const adminId = await practice.user({ email: "admin@test.example", roles: ["Billing Admin"] });
  const aetna = await practice.payer("Aetna");
  const open = await practice.batch({ batchNumber: "OPEN-1", depositDate: "2026-03-02", createdBy: patId, controlTotalCents: 15000, locationId: mesa });
  const closed = await practice.batch({ batchNumber: "CLOSED-1", depositDate: "2026-03-03", createdBy: patId, controlTotalCents: 2500, locationId: mesa });
  const base = { postedBy: patId, locationId: mesa, payerId: aetna };
  await practice.payment({ ...base, batchId: open, amountCents: 10000, postedAt: "2026-03-02T09:00:00-07:00", depositDate: "2026-03-02", referenceNumber: "1001" });
  await practice.payment({ ...base, batchId: open, amountCents: 5000, postedAt: "2026-03-02T09:05:00-07:00", depositDate: "2026-03-02", referenceNumber: "1002" });
  await practice.payment({ ...base, batchId: closed, amountCents: 2500, postedAt: "2026-03-03T10:00:00-07:00", depositDate: "2026-03-03", referenceNumber: "1003" });
  pat = await practice.viewer(patId);
  admin = await practice.viewer(adminId);
  await closeBatch(test.db, pat, "CLOSED-1");
});

afterAll(() => test.close());

function myActivityQuery(url: string) {
  const parsed = parseMyActivityQuery(new URLSearchParams(url), TODAY);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function balancingQuery(url: string) {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(url), { today: TODAY });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

async function csvText(plan: Pick<Parameters<typeof csvChunks>[0], "columns" | "batches">) {
  const parts: Buffer[] = [];
  for await (const chunk of csvChunks({ columns: plan.columns, batches: plan.batches, timezone: "America/Phoenix" })) parts.push(Buffer.from(chunk));
  return parse(Buffer.concat(parts).toString(), { bom: true }) as string[][];
}

describe("My Payment Activity: batch state", () => {
  it("shows each batch's state, and filters by it with totals over what is left", async () => {
    const all = await myActivityBatches(test.db, pat, myActivityQuery(MARCH));
    expect(all.rows.map((row) => [row.batchNumber, row.batchState, row.postedTotalCents])).toEqual([
      ["CLOSED-1", "closed", 2500],
      ["OPEN-1", "open", 15000],
    ]);
    expect(all.totals).toMatchObject({ batches: 2, postedTotalCents: 17500, batchState: null });

    const closed = await myActivityBatches(test.db, pat, myActivityQuery(`${MARCH}&batch_state=closed`));
    expect(closed.rows.map((row) => row.batchNumber)).toEqual(["CLOSED-1"]);
    expect(closed.totals).toMatchObject({ batches: 1, payments: 1, postedTotalCents: 2500, differenceCents: 0 });

    const open = await myActivityBatches(test.db, pat, myActivityQuery(`${MARCH}&batch_state=open`));
    expect(open.rows.map((row) => row.batchNumber)).toEqual(["OPEN-1"]);
    expect(open.totals).toMatchObject({ batches: 1, payments: 2, postedTotalCents: 15000 });
  });

  it("exports the State column as the grid words it", async () => {
    const records = await csvText(await myActivityBatchesExport(test.db, pat, myActivityQuery(MARCH)));
    expect(records[0]!.at(-1)).toBe("State");
    expect(records.map((record) => [record[0], record.at(-1)])).toEqual([
      ["Batch", "State"],
      ["CLOSED-1", "Closed"],
      ["OPEN-1", "Open"],
      ["Total: 2 batches", ""],
    ]);
  });

  it("reads batch_state in the URL, keeps it in the report's links, and refuses anything else", () => {
    expect(parseMyActivityQuery(new URLSearchParams("batch_state=closed"), TODAY)).toEqual({
      ok: true,
      value: { by: "deposit", kind: "range", from: TODAY, to: TODAY, batchState: "closed" },
    });
    // Without it, the query is as it always was: both states.
    expect(parseMyActivityQuery(new URLSearchParams(""), TODAY)).toEqual({
      ok: true,
      value: { by: "deposit", kind: "range", from: TODAY, to: TODAY },
    });
    expect(validateMyActivityUrl(new URLSearchParams("batch_state=shut"), "/payments/my-activity")).toBe(
      '"batch_state" must be one of open, closed, not "shut".',
    );
    expect(validateMyActivityUrl(new URLSearchParams("batch_state=open&batch_state=closed"), "/payments/my-activity")).toBe(
      '"batch_state" appears more than once in the link; give it once.',
    );
  });
});

describe("Payment Balancing: batch state", () => {
  it("shows each payment's batch state, and batch_state= narrows the payments and the totals", async () => {
    const all = await paymentBalancing(test.db, admin, "standard", balancingQuery(MARCH), { allRows: true });
    expect(all.rows.map((row) => [row.referenceNumber, row.batchNumber, row.batchState])).toEqual([
      ["1001", "OPEN-1", "open"],
      ["1002", "OPEN-1", "open"],
      ["1003", "CLOSED-1", "closed"],
    ]);
    const closed = await paymentBalancing(test.db, admin, "standard", balancingQuery(`${MARCH}&batch_state=closed`), { allRows: true });
    expect(closed.rows.map((row) => row.referenceNumber)).toEqual(["1003"]);
    expect(closed.grandTotal).toMatchObject({ paymentCount: 1, amountCents: 2500 });
    const open = await paymentBalancing(test.db, admin, "standard", balancingQuery(`${MARCH}&batch_state=open`), { allRows: true });
    expect(open.grandTotal).toMatchObject({ paymentCount: 2, amountCents: 15000 });
  });

  it("sorts by batch state as its words read: Closed before Open ascending, Open first descending", async () => {
    const sorted = await paymentBalancing(test.db, admin, "standard", balancingQuery(`${MARCH}&sort=batch_state:desc&sort=amount:asc`), {
      allRows: true,
    });
    expect(sorted.rows.map((row) => row.referenceNumber)).toEqual(["1002", "1001", "1003"]);
  });

  it("exports the Batch state column, and only the filtered payments", async () => {
    const records = await csvText(await paymentBalancingExport(test.db, admin, "standard", balancingQuery(`${MARCH}&batch_state=closed`)));
    const header = records[0]!;
    const state = header.indexOf("Batch state");
    const reference = header.indexOf("Reference no.");
    expect(state).toBe(header.length - 1);
    expect(records.slice(1, -1).map((record) => [record[reference], record[state]])).toEqual([["1003", "Closed"]]);
    expect(records.at(-1)!.slice(0, 2)).toEqual(["Grand total", "1"]);
  });

  it("reads batch_state=open|closed and refuses anything else, in the page and in middleware alike", () => {
    expect(balancingQuery("batch_state=open").batchState).toBe("open");
    expect(balancingQuery("").batchState).toBeNull();
    expect(validatePaymentBalancingQuery(new URLSearchParams("batch_state=all"))).toBe('"batch_state" must be one of open, closed, not "all".');
    expect(validatePaymentBalancingQuery(new URLSearchParams("batch_state=open&batch_state=closed"))).toBe('Give "batch_state" only once.');
  });
});
