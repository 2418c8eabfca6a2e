import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { AccessDenied } from "@/lib/access/viewer";
import { closeBalancedBatches } from "@/lib/month-end/close-batches";
import { closeMonth } from "@/lib/month-end/close";
import { MonthEndError } from "@/lib/month-end/errors";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, type MonthEndWorld } from "./world";

/*
 * Closing a month's batches at once before the close, on a hand-made March 2025 (cents):
 *   M-1  control 100.00, posted 100.00            balanced: closed
 *   M-2  no control total, posted 40.00            nothing to compare: closed
 *   M-3  control  90.00, posted  80.00            out of balance: stays open
 *   M-4  already closed                             left as it is
 *   A-1  2025-04-02, control 30.00, posted 30.00  April: not touched
 */

let test: TestDatabase;
let w: MonthEndWorld;
const batches: Record<string, number> = {};

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
  const p = w.practice;
  const add = async (batchNumber: string, depositDate: string, controlTotalCents: number | null, amountCents: number) => {
    batches[batchNumber] = await p.batch({ batchNumber, depositDate, createdBy: w.poster, controlTotalCents });
    await p.payment({
      batchId: batches[batchNumber]!,
      postedBy: w.poster,
      postedAt: `${depositDate}T10:00:00-07:00`,
      locationId: w.mesa,
      amountCents,
      depositDate,
      payerId: w.aetna,
      method: "check",
    });
  };
  await add("M-1", "2025-03-03", 10000, 10000);
  await add("M-2", "2025-03-04", null, 4000);
  await add("M-3", "2025-03-05", 9000, 8000);
  await add("M-4", "2025-03-06", 5000, 5000);
  await add("A-1", "2025-04-02", 3000, 3000);
  await test.db.execute(sql`update batch set closed_at = '2025-03-07T12:00:00Z', closed_by = ${w.admin} where id = ${batches["M-4"]!}`);
});

afterAll(() => test.close());

const states = () =>
  queryRows<{ batchNumber: string; closed: boolean }>(
    test.db,
    sql`select batch_number as "batchNumber", closed_at is not null as closed from batch order by batch_number`,
  );

describe("closing a month's batches at once", () => {
  it("is a Billing Admin's", async () => {
    await expect(closeBalancedBatches(test.db, w.viewers.poster, "2025-03")).rejects.toBeInstanceOf(AccessDenied);
    await expect(closeBalancedBatches(test.db, w.viewers.auditor, "2025-03")).rejects.toBeInstanceOf(AccessDenied);
  });

  it("closes every open batch of the month but the out-of-balance one, with history and one audit event", async () => {
    expect(await closeBalancedBatches(test.db, w.viewers.admin, "2025-03")).toEqual({
      month: "2025-03",
      closedBatchNumbers: ["M-1", "M-2"],
      stillOpen: 1,
    });
    expect(await states()).toEqual([
      { batchNumber: "A-1", closed: false },
      { batchNumber: "M-1", closed: true },
      { batchNumber: "M-2", closed: true },
      { batchNumber: "M-3", closed: false },
      { batchNumber: "M-4", closed: true },
    ]);
    const history = await queryRows<{ batchNumber: string; state: string; by: number }>(
      test.db,
      sql`select b.batch_number as "batchNumber", c.state, c.changed_by as by from batch_state_change c join batch b on b.id = c.batch_id order by 1`,
    );
    expect(history).toEqual([
      { batchNumber: "M-1", state: "closed", by: w.admin },
      { batchNumber: "M-2", state: "closed", by: w.admin },
    ]);
    const audit = await queryRows<{ details: unknown }>(test.db, sql`select details from audit_event where action = 'batch_closed'`);
    expect(audit).toEqual([{ details: { month: "2025-03", batchCount: 2, batchNumbers: ["M-1", "M-2"] } }]);
  });

  it("closes nothing more when run again, and the month's checklist then names only the out-of-balance batch", async () => {
    expect(await closeBalancedBatches(test.db, w.viewers.admin, "2025-03")).toEqual({ month: "2025-03", closedBatchNumbers: [], stillOpen: 1 });
    const refused = await closeMonth(test.db, w.viewers.admin, "2025-03", {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MonthEndError);
    expect((refused as MonthEndError).blockers).toEqual([
      { kind: "open_batch", batchNumber: "M-3", depositDate: "2025-03-05" },
      { kind: "unbalanced_batch", batchNumber: "M-3", depositDate: "2025-03-05", controlTotalCents: 9000, postedTotalCents: 8000 },
    ]);
  });

  it("refuses a closed month, and one that has not ended", async () => {
    await closeMonth(test.db, w.viewers.admin, "2025-03", { overrideReason: "M-3's missing $10.00 is a bank error, claimed" });
    await expect(closeBalancedBatches(test.db, w.viewers.admin, "2025-03")).rejects.toMatchObject({ status: 409 });
    await expect(closeBalancedBatches(test.db, w.viewers.admin, "2999-01")).rejects.toMatchObject({ status: 422 });
  });
});
