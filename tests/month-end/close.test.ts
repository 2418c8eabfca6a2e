import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "@/db/client";
import { todayIn } from "@/lib/dates";
import { closeMonth } from "@/lib/month-end/close";
import { MonthEndError } from "@/lib/month-end/errors";
import { ledgerMonth } from "@/lib/month-end/month";
import { reopenMonth } from "@/lib/month-end/reopen";
import { monthBreakdown } from "@/lib/reports/month-end/breakdown";
import { monthDetail } from "@/lib/reports/month-end/month-detail";
import { practiceMonths } from "@/lib/reports/month-end/months";
import { closedMonthsIn } from "@/lib/reports/payment-balancing/closed-months";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, closeBatch, snapshotRows, type MonthEndWorld } from "./world";

/*
 * Closing March 2025 of a hand-made ledger (amounts in cents):
 *   B-A  2025-03-03  control 150.00  Pat: Aetna check 100.00 at Mesa, patient cash 50.00 at Tempe
 *   B-R  2025-03-10  control 200.00  Rory (RCM staff): Medicare EFT 200.00 at Tempe
 *   B-U  2025-03-20  control  90.00  Pat: Aetna check 80.00 at Mesa (out of balance by 10.00)
 *   B-F  2025-04-01  control  30.00  Pat: patient cash 30.00 at Mesa (April: not in March)
 * Full Access total 430.00 (4 payments); standard 230.00; Mesa 180.00.
 */

let test: TestDatabase;
let w: MonthEndWorld;
const batches: Record<string, number> = {};
let aetnaCheckId: number;

const march = (input = {}) => closeMonth(test.db, w.viewers.admin, "2025-03", input);

async function refusalOf(promise: Promise<unknown>): Promise<MonthEndError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MonthEndError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
  const p = w.practice;
  batches.A = await p.batch({ batchNumber: "B-A", depositDate: "2025-03-03", createdBy: w.poster, controlTotalCents: 15000 });
  batches.R = await p.batch({ batchNumber: "B-R", depositDate: "2025-03-10", createdBy: w.rcm, controlTotalCents: 20000 });
  batches.U = await p.batch({ batchNumber: "B-U", depositDate: "2025-03-20", createdBy: w.poster, controlTotalCents: 9000 });
  batches.F = await p.batch({ batchNumber: "B-F", depositDate: "2025-04-01", createdBy: w.poster, controlTotalCents: 3000 });
  const base = { postedBy: w.poster, postedAt: "2025-03-03T10:00:00-07:00" };
  aetnaCheckId = await p.payment({ ...base, batchId: batches.A, locationId: w.mesa, amountCents: 10000, depositDate: "2025-03-03", payerId: w.aetna, method: "check" });
  await p.payment({ ...base, batchId: batches.A, locationId: w.tempe, amountCents: 5000, depositDate: "2025-03-03", patientId: w.patient, method: "cash" });
  await p.payment({ batchId: batches.R, postedBy: w.rcm, postedAt: "2025-03-10T09:00:00-07:00", locationId: w.tempe, amountCents: 20000, depositDate: "2025-03-10", payerId: w.medicare, method: "eft" });
  await p.payment({ ...base, batchId: batches.U, locationId: w.mesa, amountCents: 8000, depositDate: "2025-03-20", payerId: w.aetna, method: "check" });
  await p.payment({ ...base, batchId: batches.F, locationId: w.mesa, amountCents: 3000, depositDate: "2025-04-01", patientId: w.patient, method: "cash" });
});

afterAll(() => test.close());

describe("closing a month", () => {
  it("is blocked by open batches and an unbalanced one, and lists each, writing nothing", async () => {
    const refused = await refusalOf(march());
    expect(refused.status).toBe(409);
    expect(refused.blockers).toEqual([
      { kind: "open_batch", batchNumber: "B-A", depositDate: "2025-03-03" },
      { kind: "open_batch", batchNumber: "B-R", depositDate: "2025-03-10" },
      { kind: "open_batch", batchNumber: "B-U", depositDate: "2025-03-20" },
      { kind: "unbalanced_batch", batchNumber: "B-U", depositDate: "2025-03-20", controlTotalCents: 9000, postedTotalCents: 8000 },
    ]);
    const [counts] = await queryRows<{ snapshots: number; closed: number }>(
      test.db,
      sql`select (select count(*)::int from month_snapshot) as snapshots, (select count(*)::int from closed_month) as closed`,
    );
    expect(counts).toEqual({ snapshots: 0, closed: 0 });
  });

  it("is still blocked by the unbalanced batch once every batch is closed", async () => {
    for (const id of [batches.A!, batches.R!, batches.U!]) await closeBatch(test.db, id, w.admin);
    const refused = await refusalOf(march());
    expect(refused.status).toBe(409);
    expect(refused.blockers).toEqual([
      { kind: "unbalanced_batch", batchNumber: "B-U", depositDate: "2025-03-20", controlTotalCents: 9000, postedTotalCents: 8000 },
    ]);
  });

  it("the month page names the same blockers, and a restricted viewer only their count", async () => {
    const month = ledgerMonth("2025-03")!;
    expect((await monthDetail(test.db, w.viewers.admin, month)).blockers).toEqual([
      { kind: "unbalanced_batch", batchNumber: "B-U", depositDate: "2025-03-20", controlTotalCents: 9000, postedTotalCents: 8000 },
    ]);
    expect(await monthDetail(test.db, w.viewers.restricted, month)).toMatchObject({
      blockerCount: 1,
      blockerCounts: { open_batch: 0, unbalanced_batch: 1, open_era_exception: 0 },
      blockers: null,
    });
    const { months } = await practiceMonths(test.db, w.viewers.admin, todayIn("America/Phoenix"), { newest: "2025-05-01" });
    expect(months.find((m) => m.month === "2025-03")).toMatchObject({
      state: "open",
      blockerCounts: { open_batch: 0, unbalanced_batch: 1, open_era_exception: 0 },
      paymentCount: 4,
      postedTotalCents: 43000,
    });
    expect(months.find((m) => m.month === "2025-04")).toMatchObject({ state: "open", blockerCounts: { open_batch: 1, unbalanced_batch: null } });
    expect(months.find((m) => m.month === "2025-05")).toMatchObject({ state: "ready", paymentCount: 0 });
    // A year at a time: the twelve months ending this one, with the way back to earlier ones.
    const recent = await practiceMonths(test.db, w.viewers.admin, todayIn("America/Phoenix"));
    expect(recent.months).toHaveLength(12);
    expect(recent.months[0]!.month).toBe(todayIn("America/Phoenix").slice(0, 7));
    expect(recent.earlier).toBe(DateTime.now().setZone("America/Phoenix").minus({ months: 12 }).toFormat("yyyy-MM"));
    expect((await practiceMonths(test.db, w.viewers.admin, todayIn("America/Phoenix"), { newest: "2025-05-01" })).earlier).toBeNull();
  });

  it("closes with an override reason, which it stores with the blockers, and freezes the month's totals", async () => {
    const closed = await march({ overrideReason: "Bank short-paid $10; chased with the payer" });
    expect(closed).toEqual({ month: "2025-03", closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), snapshotId: expect.any(Number) });
    const [snapshot] = await queryRows<{ overrideReason: string; blockers: unknown; closedBy: number }>(
      test.db,
      sql`select override_reason as "overrideReason", blockers, closed_by as "closedBy" from month_snapshot where id = ${closed.snapshotId}`,
    );
    expect(snapshot).toEqual({
      overrideReason: "Bank short-paid $10; chased with the payer",
      closedBy: w.admin,
      blockers: [{ kind: "unbalanced_batch", batchNumber: "B-U", depositDate: "2025-03-20", controlTotalCents: 9000, postedTotalCents: 8000 }],
    });
    expect(await snapshotRows(test.db, closed.snapshotId)).toEqual([
      { depositDate: "2025-03-03", locationId: w.mesa, payerType: "commercial", method: "check", source: "manual", postedBy: w.poster, byRcmStaff: false, paymentCount: 1, postedTotalCents: 10000 },
      { depositDate: "2025-03-03", locationId: w.tempe, payerType: "patient", method: "cash", source: "manual", postedBy: w.poster, byRcmStaff: false, paymentCount: 1, postedTotalCents: 5000 },
      { depositDate: "2025-03-10", locationId: w.tempe, payerType: "medicare", method: "eft", source: "manual", postedBy: w.rcm, byRcmStaff: true, paymentCount: 1, postedTotalCents: 20000 },
      { depositDate: "2025-03-20", locationId: w.mesa, payerType: "commercial", method: "check", source: "manual", postedBy: w.poster, byRcmStaff: false, paymentCount: 1, postedTotalCents: 8000 },
    ]);
    const events = await queryRows(test.db, sql`select action, reason, snapshot_id as "snapshotId" from month_close_event order by id`);
    expect(events).toEqual([{ action: "closed", reason: "Bank short-paid $10; chased with the payer", snapshotId: closed.snapshotId }]);
    const [audit] = await queryRows<{ details: Record<string, unknown> }>(test.db, sql`select details from audit_event where action = 'month_closed'`);
    expect(audit!.details).toEqual({
      month: "2025-03",
      snapshotId: closed.snapshotId,
      overrideReason: "Bank short-paid $10; chased with the payer",
      blockerCount: 1,
      paymentCount: 4,
      postedTotalCents: 43000,
    });
  });

  it("refuses to close it again (409) and the database refuses a payment dated in it", async () => {
    const again = await refusalOf(march({ overrideReason: "twice" }));
    expect({ status: again.status, message: again.message }).toEqual({ status: 409, message: "March 2025 is already closed." });
    await expect(
      w.practice.payment({ batchId: batches.F!, postedBy: w.poster, postedAt: "2025-04-02T09:00:00-07:00", locationId: w.mesa, amountCents: 100, depositDate: "2025-03-31", patientId: w.patient }),
    ).rejects.toMatchObject({ cause: { code: "PB001" } });
  });

  it("shows the frozen breakdown equal to live, in each variant and for a restricted viewer only their locations", async () => {
    const month = ledgerMonth("2025-03")!;
    const full = await monthBreakdown(test.db, w.viewers.admin, { month, groups: ["deposit_date"], variant: null });
    expect(full.variant).toBe("full-access");
    expect(full.snapshot).toMatchObject({ closedBy: "Ada Admin", overrideReason: "Bank short-paid $10; chased with the payer", current: true });
    expect(full.rows.map(({ depositDate, frozenCount, frozenTotalCents, liveCount, liveTotalCents, status }) => [depositDate, frozenCount, frozenTotalCents, liveCount, liveTotalCents, status])).toEqual([
      ["2025-03-03", 2, 15000, 2, 15000, "Equal"],
      ["2025-03-10", 1, 20000, 1, 20000, "Equal"],
      ["2025-03-20", 1, 8000, 1, 8000, "Equal"],
    ]);
    expect(full.totals).toEqual({ frozenCount: 4, frozenTotalCents: 43000, liveCount: 4, liveTotalCents: 43000 });
    expect(full.differingLines).toBe(0);

    const standard = await monthBreakdown(test.db, w.viewers.poster, { month, groups: ["poster"], variant: null });
    expect(standard.variant).toBe("standard");
    expect(standard.rows.map((row) => [row.poster, row.frozenTotalCents, row.liveTotalCents])).toEqual([["Pat Poster", 23000, 23000]]);

    const restricted = await monthBreakdown(test.db, w.viewers.restricted, { month, groups: ["location", "payer_type"], variant: null });
    expect(restricted.rows.map((row) => [row.location, row.payerType, row.frozenTotalCents, row.liveTotalCents])).toEqual([["Mesa Clinic", "commercial", 18000, 18000]]);
    expect(restricted.totals).toEqual({ frozenCount: 2, frozenTotalCents: 18000, liveCount: 2, liveTotalCents: 18000 });
    await expect(monthBreakdown(test.db, w.viewers.restricted, { month, groups: ["location"], variant: "full-access" })).rejects.toThrow(
      "paymentBalancingFullAccess",
    );
    const { months } = await practiceMonths(test.db, w.viewers.restricted, todayIn("America/Phoenix"), { newest: "2025-05-01" });
    expect(months.find((m) => m.month === "2025-03")).toMatchObject({ state: "closed", paymentCount: 2, postedTotalCents: 18000 });
  });

  it("keeps frozen = live after a void of the month's payment, whose reversal lands in a batch of today", async () => {
    const today = todayIn("America/Phoenix");
    const voidBatch = await w.practice.batch({ batchNumber: "VOID-TODAY", depositDate: today, createdBy: w.poster });
    await w.practice.payment({
      batchId: voidBatch,
      postedBy: w.poster,
      postedAt: new Date().toISOString(),
      locationId: w.mesa,
      amountCents: -10000,
      depositDate: today,
      payerId: w.aetna,
      reversesPaymentId: aetnaCheckId,
    });
    const after = await monthBreakdown(test.db, w.viewers.admin, { month: ledgerMonth("2025-03")!, groups: ["deposit_date", "location"], variant: null });
    expect(after.differingLines).toBe(0);
    expect(after.totals).toEqual({ frozenCount: 4, frozenTotalCents: 43000, liveCount: 4, liveTotalCents: 43000 });
  });

  it("Payment Balancing over a range covering the month names it as closed", async () => {
    expect(await closedMonthsIn(test.db, w.viewers.poster, "2025-02-15", "2025-04-30")).toEqual(["2025-03"]);
    expect(await closedMonthsIn(test.db, w.viewers.poster, "2025-03-31", "2025-03-31")).toEqual(["2025-03"]);
    expect(await closedMonthsIn(test.db, w.viewers.poster, "2025-04-01", "2025-04-30")).toEqual([]);
  });
});

describe("reopening, then closing again", () => {
  let firstSnapshot: number;

  it("needs the month closed (409 otherwise) and keeps its snapshot", async () => {
    const notClosed = await refusalOf(reopenMonth(test.db, w.viewers.admin, "2025-04", { reason: "why not" }));
    expect(notClosed.status).toBe(409);
    const reopened = await reopenMonth(test.db, w.viewers.admin, "2025-03", { reason: "Late deposit slip found" });
    firstSnapshot = reopened.snapshotId;
    expect(await queryRows(test.db, sql`select * from closed_month`)).toEqual([]);
    expect((await snapshotRows(test.db, firstSnapshot)).length).toBe(4);
    const [audit] = await queryRows<{ details: unknown }>(test.db, sql`select details from audit_event where action = 'month_reopened'`);
    expect(audit!.details).toEqual({ month: "2025-03", reason: "Late deposit slip found", snapshotId: firstSnapshot });
  });

  it("lets a late payment in; the old snapshot then differs from live, without an alarm, since the month is open", async () => {
    const late = await w.practice.batch({ batchNumber: "B-L", depositDate: "2025-03-25", createdBy: w.poster, controlTotalCents: 700 });
    await w.practice.payment({ batchId: late, postedBy: w.poster, postedAt: "2025-03-25T09:00:00-07:00", locationId: w.tempe, amountCents: 700, depositDate: "2025-03-25", patientId: w.patient, method: "cash" });
    await closeBatch(test.db, late, w.admin);
    const breakdown = await monthBreakdown(test.db, w.viewers.admin, { month: ledgerMonth("2025-03")!, groups: ["deposit_date"], variant: null });
    expect(breakdown.snapshot).toMatchObject({ snapshotId: firstSnapshot, current: false });
    expect(breakdown.rows[0]).toMatchObject({ depositDate: "2025-03-25", frozenTotalCents: 0, liveTotalCents: 700, differenceCents: 700, status: "Differs" });
    expect(breakdown.differingLines).toBe(1);
    const { months } = await practiceMonths(test.db, w.viewers.admin, todayIn("America/Phoenix"), { newest: "2025-05-01" });
    expect(months.find((m) => m.month === "2025-03")).toMatchObject({ state: "reopened", paymentCount: 5, postedTotalCents: 43700 });
  });

  it("closes again into a new snapshot and keeps both, with the whole history", async () => {
    const second = await march({ overrideReason: "B-U still short; written off in April" });
    expect(second.snapshotId).not.toBe(firstSnapshot);
    const totals = await queryRows(
      test.db,
      sql`select snapshot_id as "snapshotId", sum(posted_total_cents)::bigint as cents, sum(payment_count)::int as payments
          from month_snapshot_total group by snapshot_id order by snapshot_id`,
    );
    expect(totals).toEqual([
      { snapshotId: firstSnapshot, cents: 43000, payments: 4 },
      { snapshotId: second.snapshotId, cents: 43700, payments: 5 },
    ]);
    const detail = await monthDetail(test.db, w.viewers.admin, ledgerMonth("2025-03")!);
    expect(detail.history.map((event) => [event.action, event.reason, event.snapshotId, event.actedBy])).toEqual([
      ["closed", "B-U still short; written off in April", second.snapshotId, "Ada Admin"],
      ["reopened", "Late deposit slip found", null, "Ada Admin"],
      ["closed", "Bank short-paid $10; chased with the payer", firstSnapshot, "Ada Admin"],
    ]);
    const breakdown = await monthBreakdown(test.db, w.viewers.admin, { month: ledgerMonth("2025-03")!, groups: ["source"], variant: null });
    expect(breakdown).toMatchObject({ differingLines: 0, snapshot: { snapshotId: second.snapshotId, current: true } });
  });

  it("raises the alarm when the frozen and live lines differ while the month is closed", async () => {
    // What a write behind the app looks like from here: a snapshot row no payment accounts for.
    const [current] = await queryRows<{ snapshotId: number }>(test.db, sql`select snapshot_id as "snapshotId" from closed_month`);
    await test.db.execute(
      sql`insert into month_snapshot_total (practice_id, snapshot_id, deposit_date, location_id, payer_type, method, source, posted_by, by_rcm_staff, payment_count, posted_total_cents)
          values (${w.practice.practiceId}, ${current!.snapshotId}, '2025-03-31', ${w.mesa}, 'auto', 'other', 'manual', ${w.poster}, false, 1, 123)`,
    );
    const breakdown = await monthBreakdown(test.db, w.viewers.admin, { month: ledgerMonth("2025-03")!, groups: ["deposit_date"], variant: null });
    expect(breakdown.differingLines).toBe(1);
    expect(breakdown.rows[0]).toMatchObject({ depositDate: "2025-03-31", frozenTotalCents: 123, liveTotalCents: 0, differenceCents: -123, status: "Differs" });
    expect(breakdown.snapshot?.current).toBe(true);
  });
});

describe("who may close, and which months", () => {
  it("refuses anyone but a Billing Admin, a month not ended, and one that is no month", async () => {
    await expect(closeMonth(test.db, w.viewers.poster, "2025-04", {})).rejects.toThrow("closeMonth");
    await expect(closeMonth(test.db, w.viewers.auditor, "2025-04", {})).rejects.toThrow("closeMonth");
    await expect(reopenMonth(test.db, w.viewers.rcm, "2025-03", { reason: "x" })).rejects.toThrow("closeMonth");
    const thisMonth = todayIn("America/Phoenix").slice(0, 7);
    expect(await refusalOf(closeMonth(test.db, w.viewers.admin, thisMonth, {}))).toMatchObject({ status: 422, message: expect.stringContaining("has not ended yet") });
    expect(await refusalOf(closeMonth(test.db, w.viewers.admin, "2999-12", {}))).toMatchObject({ status: 422, message: expect.stringContaining("is in the future") });
    expect(await refusalOf(closeMonth(test.db, w.viewers.admin, "2025-13", {}))).toMatchObject({ status: 400 });
  });
});

describe("an open ERA exception of the month", () => {
  it("blocks the close until it is resolved", async () => {
    const p = w.practice;
    const batch = await p.batch({ batchNumber: "ERA-1", depositDate: "2025-08-12", createdBy: w.admin, controlTotalCents: 4000 });
    const paymentId = await p.payment({ batchId: batch, postedBy: w.admin, postedAt: "2025-08-12T09:00:00-07:00", locationId: w.mesa, amountCents: 4000, depositDate: "2025-08-12", payerId: w.aetna, method: "eft", source: "era" });
    await closeBatch(test.db, batch, w.admin);
    const [remittance] = await queryRows<{ id: number }>(
      test.db,
      sql`insert into era_remittance (practice_id, payer_id, trace_number, amount_cents, payment_date, method, status, batch_id, claim_count, imported_by)
          values (${p.practiceId}, ${w.aetna}, 'EFT-1', 4000, '2025-08-12', 'eft', 'posted', ${batch}, 1, ${w.admin}) returning id`,
    );
    const [claim] = await queryRows<{ id: number }>(
      test.db,
      sql`insert into era_claim (practice_id, remittance_id, position, claim_number, status_code, charged_cents, paid_cents, patient_resp_cents, payment_id, detail)
          values (${p.practiceId}, ${remittance!.id}, 1, 'C-999', '1', 5000, 4000, 0, ${paymentId}, '{}'::jsonb) returning id`,
    );
    const [exception] = await queryRows<{ id: number }>(
      test.db,
      sql`insert into era_exception (practice_id, remittance_id, era_claim_id, reason, explanation, amount_cents)
          values (${p.practiceId}, ${remittance!.id}, ${claim!.id}, 'claim_not_found', 'CLP01 C-999 is no claim of the practice', 4000) returning id`,
    );
    const refused = await refusalOf(closeMonth(test.db, w.viewers.admin, "2025-08", {}));
    expect(refused.blockers).toEqual([
      { kind: "open_era_exception", exceptionId: exception!.id, remittanceId: remittance!.id, batchNumber: "ERA-1", depositDate: "2025-08-12", amountCents: 4000 },
    ]);
    const charge = await p.charge({ patientId: w.patient, locationId: w.mesa, dateOfService: "2025-08-01", cptCode: "97110", billedCents: 5000 });
    await test.db.execute(
      sql`insert into era_exception_resolution (exception_id, practice_id, charge_id, resolved_by) values (${exception!.id}, ${p.practiceId}, ${charge}, ${w.admin})`,
    );
    expect(await closeMonth(test.db, w.viewers.admin, "2025-08", {})).toMatchObject({ month: "2025-08" });
  });
});
