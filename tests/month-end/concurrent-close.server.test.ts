import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { closeMonth } from "@/lib/month-end/close";
import { MonthEndError } from "@/lib/month-end/errors";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, type MonthEndWorld } from "./world";

/*
 * Two Billing Admins close the same month at the same moment, each on a connection of its own
 * (the pool hands each transaction its own): closed_month's key lets one close through; the
 * other waits for it, finds the month taken and gets a 409. One snapshot, its totals once.
 */

let test: TestDatabase;
let w: MonthEndWorld;
let secondAdmin: MonthEndWorld["viewers"]["admin"];

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
  const other = await w.practice.user({ email: "admin2@month-end-pt.example", name: "Bea Admin", roles: ["Billing Admin"] });
  secondAdmin = await w.practice.viewer(other);
  const batch = await w.practice.batch({ batchNumber: "B-S", depositDate: "2025-09-15", createdBy: w.poster, controlTotalCents: 4200 });
  for (const amountCents of [1200, 3000]) {
    await w.practice.payment({ batchId: batch, postedBy: w.poster, postedAt: "2025-09-15T09:00:00-07:00", locationId: w.mesa, amountCents, depositDate: "2025-09-15", payerId: w.aetna });
  }
});

afterAll(() => test.close());

it("two admins closing one month at once make one close and one snapshot", async () => {
  const outcomes = await Promise.allSettled([
    closeMonth(test.db, w.viewers.admin, "2025-09", { overrideReason: "batch B-S left open on purpose" }),
    closeMonth(test.db, secondAdmin, "2025-09", { overrideReason: "batch B-S left open on purpose" }),
  ]);
  const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled");
  const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  expect(succeeded).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toBeInstanceOf(MonthEndError);
  expect(refused[0]).toMatchObject({ status: 409, message: "September 2025 is already closed." });
  const [counts] = await queryRows(
    test.db,
    sql`select (select count(*)::int from month_snapshot) as snapshots,
               (select count(*)::int from closed_month) as locks,
               (select count(*)::int from month_close_event) as events,
               (select count(*)::int from audit_event where action = 'month_closed') as audits,
               (select sum(posted_total_cents)::bigint from month_snapshot_total) as cents,
               (select sum(payment_count)::int from month_snapshot_total) as payments`,
  );
  expect(counts).toEqual({ snapshots: 1, locks: 1, events: 1, audits: 1, cents: 4200, payments: 2 });
});

it("holds a payment being posted into the month until the close commits, which then refuses it", async () => {
  const batch = await w.practice.batch({ batchNumber: "B-T", depositDate: "2025-10-20", createdBy: w.poster });
  // A posting transaction that has inserted its payment but not committed when the close starts.
  let releasePosting!: () => void;
  const postingHeld = new Promise<void>((resolve) => (releasePosting = resolve));
  let inserted!: () => void;
  const paymentInserted = new Promise<void>((resolve) => (inserted = resolve));
  const posting = test.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into payment (practice_id, batch_id, location_id, payer_id, method, amount_cents, deposit_date, posted_by, source)
          values (${w.practice.practiceId}, ${batch}, ${w.mesa}, ${w.aetna}, 'check', 900, '2025-10-20', ${w.poster}, 'manual')`,
    );
    inserted();
    await postingHeld;
  });
  await paymentInserted;
  const closing = closeMonth(test.db, w.viewers.admin, "2025-10", { overrideReason: "close while posting" });
  // The close waits on the posting's lock; let the posting commit, then the close reads it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  releasePosting();
  await posting;
  const closed = await closing;
  const [frozen] = await queryRows(test.db, sql`select sum(posted_total_cents)::bigint as cents from month_snapshot_total where snapshot_id = ${closed.snapshotId}`);
  expect(frozen).toEqual({ cents: 900 });
  await expect(
    w.practice.payment({ batchId: batch, postedBy: w.poster, postedAt: "2025-10-20T10:00:00-07:00", locationId: w.mesa, amountCents: 100, depositDate: "2025-10-20", payerId: w.aetna }),
  ).rejects.toMatchObject({ cause: { code: "PB001" } });
});
