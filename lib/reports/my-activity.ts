import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { postingInstantRange } from "@/lib/dates";
import {
  ALL_PAYMENTS_LABEL,
  methodLabel,
  totalsStatus,
  type BalanceStatus,
  type MyActivityBatchRow,
  type MyActivityCheckRow,
  type MyActivityLineRow,
} from "./my-activity-columns";
import type { MyActivityQuery } from "./my-activity-query";
import { inReadSnapshot } from "./read-snapshot";

/*
 * My Payment Activity: only the payments the viewer posted, in the viewer's practice. Every
 * function here applies that scope itself (the pages are not the gate) and does all sums
 * in SQL, one statement per view, totals included, so rows and totals come from the same
 * snapshot.
 *
 * Balance rule: a batch with a control total is balanced when control total minus posted
 * total is 0; a batch without one (ERA and integration batches) is balanced when nothing
 * of it is unapplied.
 */

export interface MyActivityBatchesResult {
  rows: MyActivityBatchRow[];
  totals: MyActivityBatchRow & { batches: number; outOfBalance: number };
  /** Posting times are instants; they are shown in this zone. */
  timezone: string;
}

export interface MyActivityBatchSummary {
  batchNumber: string;
  depositDate: string;
  controlTotalCents: number | null;
  payments: number;
  postedTotalCents: number;
  appliedCents: number;
  unappliedCents: number;
  differenceCents: number | null;
  status: BalanceStatus;
}

export interface MyActivityByCheckResult {
  batch: MyActivityBatchSummary;
  rows: MyActivityCheckRow[];
  /** The All line: the batch totals over the viewer's payments. */
  totals: MyActivityCheckRow & { payments: number };
  timezone: string;
}

export interface MyActivityPaymentLinesResult {
  batch: MyActivityBatchSummary;
  /** The payment opened, when one was; null for every line of the batch. */
  payment: MyActivityCheckRow | null;
  rows: MyActivityLineRow[];
  totals: MyActivityLineRow & { lines: number };
  timezone: string;
}

const iso = (instant: SQL) => sql`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const balancedWhen = (controlTotal: SQL, postedTotal: SQL, applied: SQL) =>
  sql`case when ${controlTotal} is not null then ${controlTotal} = ${postedTotal} else ${postedTotal} = ${applied} end`;

function statusOf(balanced: boolean): BalanceStatus {
  return balanced ? "Balanced" : "Out of balance";
}

/** The report's filter on the viewer's payments `p`: deposit dates, posting instants, or one batch. */
function paymentFilter(viewer: Viewer, query: MyActivityQuery): SQL {
  if (query.kind === "batch") {
    return sql`p.batch_id = (select b.id from batch b where b.practice_id = ${viewer.practiceId} and b.batch_number = ${query.batch})`;
  }
  if (query.by === "deposit") return sql`p.deposit_date between ${query.from}::date and ${query.to}::date`;
  const range = postingInstantRange(query.from, query.to, viewer.timezone);
  return sql`p.posted_at >= ${range.startUtc}::timestamptz and p.posted_at < ${range.endUtcExclusive}::timestamptz`;
}

interface BatchLineRecord {
  is_total: boolean;
  batch_number: string | null;
  deposit_date: string | null;
  first_posted_at: string | null;
  last_posted_at: string | null;
  payments: number;
  posted_total_cents: number;
  applied_cents: number;
  unapplied_cents: number;
  control_total_cents: number | null;
  difference_cents: number | null;
  balanced: boolean | null;
  batches: number;
  out_of_balance: number;
}

/**
 * One line per batch the viewer posted into within the filter, newest first, and the totals.
 * A line's payments and sums are those within the filter; its difference and status are the
 * batch's as a whole (all of the viewer's payments in it), which is what its slip balances.
 */
export async function myActivityBatches(db: Database, viewer: Viewer, query: MyActivityQuery): Promise<MyActivityBatchesResult> {
  requirePermission(viewer, "myActivity");
  const records = await queryRows<BatchLineRecord>(
    db,
    sql`with mine as (
          select p.id, p.batch_id, p.amount_cents, p.posted_at
          from payment p
          where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId} and ${paymentFilter(viewer, query)}
        ),
        applied as (
          select pl.payment_id, sum(pl.paid_cents)::bigint as applied_cents
          from payment_line pl join mine m on m.id = pl.payment_id
          where pl.practice_id = ${viewer.practiceId}
          group by pl.payment_id
        ),
        per_batch as (
          select b.id as batch_id, b.batch_number, b.deposit_date, b.control_total_cents,
                 count(*)::int as payments,
                 sum(m.amount_cents)::bigint as posted_total_cents,
                 coalesce(sum(a.applied_cents), 0)::bigint as applied_cents,
                 min(m.posted_at) as first_posted_at,
                 max(m.posted_at) as last_posted_at
          from mine m
          join batch b on b.practice_id = ${viewer.practiceId} and b.id = m.batch_id
          left join applied a on a.payment_id = m.id
          group by b.id
        ),
        -- A deposit slip covers the whole batch: a range that holds only part of it (a batch posted
        -- over two days, seen by posting date) still balances the batch as a whole, as its header does.
        whole_batch as (
          select p.batch_id, sum(p.amount_cents)::bigint as posted_total_cents, sum(pa.applied_cents)::bigint as applied_cents
          from payment p
          join payment_applied pa on pa.practice_id = p.practice_id and pa.payment_id = p.id
          where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId}
            and p.batch_id in (select batch_id from per_batch)
          group by p.batch_id
        ),
        lines as (
          select per_batch.*,
                 per_batch.posted_total_cents - per_batch.applied_cents as unapplied_cents,
                 control_total_cents - w.posted_total_cents as difference_cents,
                 ${balancedWhen(sql`control_total_cents`, sql`w.posted_total_cents`, sql`w.applied_cents`)} as balanced
          from per_batch join whole_batch w on w.batch_id = per_batch.batch_id
        )
        select * from (
          select false as is_total, batch_id, batch_number, deposit_date::text as deposit_date,
                 first_posted_at as sort_at, ${iso(sql`first_posted_at`)} as first_posted_at, ${iso(sql`last_posted_at`)} as last_posted_at,
                 payments, posted_total_cents, applied_cents, unapplied_cents::bigint as unapplied_cents,
                 control_total_cents, difference_cents::bigint as difference_cents, balanced,
                 0 as batches, 0 as out_of_balance
          from lines
          union all
          select true, null, null, null,
                 null, ${iso(sql`min(first_posted_at)`)}, ${iso(sql`max(last_posted_at)`)},
                 coalesce(sum(payments), 0)::int, coalesce(sum(posted_total_cents), 0)::bigint,
                 coalesce(sum(applied_cents), 0)::bigint, coalesce(sum(unapplied_cents), 0)::bigint,
                 sum(control_total_cents)::bigint, sum(difference_cents)::bigint, null,
                 count(*)::int, (count(*) filter (where not balanced))::int
          from lines
        ) report
        order by is_total, sort_at desc, batch_id desc`,
  );
  const totalRecord = records.find((record) => record.is_total)!;
  const rows = records.filter((record) => !record.is_total).map(batchRowOf);
  return {
    rows,
    totals: {
      ...batchRowOf(totalRecord),
      batchNumber: `Total: ${totalRecord.batches} ${totalRecord.batches === 1 ? "batch" : "batches"}`,
      status: totalsStatus(totalRecord.out_of_balance),
      batches: totalRecord.batches,
      outOfBalance: totalRecord.out_of_balance,
    },
    timezone: viewer.timezone,
  };
}

function batchRowOf(record: BatchLineRecord): MyActivityBatchRow {
  return {
    batchNumber: record.batch_number ?? "",
    depositDate: record.deposit_date,
    firstPostedAt: record.first_posted_at,
    lastPostedAt: record.last_posted_at,
    payments: record.payments,
    postedTotalCents: record.posted_total_cents,
    appliedCents: record.applied_cents,
    unappliedCents: record.unapplied_cents,
    controlTotalCents: record.control_total_cents,
    differenceCents: record.difference_cents,
    status: statusOf(record.balanced === true),
  };
}

/** CTEs for the viewer's payments in one batch of their practice (optionally one payment of it). */
function viewerBatchScope(viewer: Viewer, batchNumber: string, paymentId: number | null): SQL {
  return sql`the_batch as (
      select b.id, b.batch_number, b.deposit_date, b.control_total_cents
      from batch b
      where b.practice_id = ${viewer.practiceId} and b.batch_number = ${batchNumber}
    ),
    mine as (
      select p.*
      from payment p join the_batch tb on tb.id = p.batch_id
      where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId}
        ${paymentId === null ? sql`` : sql`and p.id = ${paymentId}`}
    ),
    applied as (
      select pl.payment_id, sum(pl.paid_cents)::bigint as applied_cents
      from payment_line pl join mine m on m.id = pl.payment_id
      where pl.practice_id = ${viewer.practiceId}
      group by pl.payment_id
    ),
    checks as (
      select m.id, m.reference_number, m.method::text as method, m.amount_cents, m.posted_at,
             coalesce(pay.name, pat.last_name || ', ' || pat.first_name, '') as payer_or_patient,
             coalesce(a.applied_cents, 0)::bigint as applied_cents
      from mine m
      left join payer pay on pay.practice_id = m.practice_id and pay.id = m.payer_id
      left join patient pat on pat.practice_id = m.practice_id and pat.id = m.patient_id
      left join applied a on a.payment_id = m.id
    )`;
}

interface SummaryRecord {
  batch_number: string;
  deposit_date: string;
  control_total_cents: number | null;
  payments: number;
  posted_total_cents: number;
  applied_cents: number;
  unapplied_cents: number;
  difference_cents: number | null;
  balanced: boolean;
}

/** The batch header over the viewer's payments in it, or null when they posted none there. */
async function batchSummary(db: Database, viewer: Viewer, batchNumber: string): Promise<MyActivityBatchSummary | null> {
  const [record] = await queryRows<SummaryRecord>(
    db,
    sql`with ${viewerBatchScope(viewer, batchNumber, null)},
        summary as (
          select tb.batch_number, tb.deposit_date::text as deposit_date, tb.control_total_cents,
                 count(c.id)::int as payments,
                 coalesce(sum(c.amount_cents), 0)::bigint as posted_total_cents,
                 coalesce(sum(c.applied_cents), 0)::bigint as applied_cents
          from the_batch tb left join checks c on true
          group by tb.id, tb.batch_number, tb.deposit_date, tb.control_total_cents
        )
        select s.*,
               (s.posted_total_cents - s.applied_cents)::bigint as unapplied_cents,
               (s.control_total_cents - s.posted_total_cents)::bigint as difference_cents,
               ${balancedWhen(sql`s.control_total_cents`, sql`s.posted_total_cents`, sql`s.applied_cents`)} as balanced
        from summary s`,
  );
  if (!record || record.payments === 0) return null;
  return {
    batchNumber: record.batch_number,
    depositDate: record.deposit_date,
    controlTotalCents: record.control_total_cents,
    payments: record.payments,
    postedTotalCents: record.posted_total_cents,
    appliedCents: record.applied_cents,
    unappliedCents: record.unapplied_cents,
    differenceCents: record.difference_cents,
    status: statusOf(record.balanced),
  };
}

interface CheckRecord {
  id: number;
  reference_number: string | null;
  method: string;
  payer_or_patient: string;
  amount_cents: number;
  applied_cents: number;
  unapplied_cents: number;
  posted_at: string;
}

async function checkRows(db: Database, viewer: Viewer, batchNumber: string, paymentId: number | null) {
  const records = await queryRows<CheckRecord>(
    db,
    sql`with ${viewerBatchScope(viewer, batchNumber, paymentId)}
        select c.id, c.reference_number, c.method, c.payer_or_patient, c.amount_cents, c.applied_cents,
               (c.amount_cents - c.applied_cents)::bigint as unapplied_cents, ${iso(sql`c.posted_at`)} as posted_at
        from checks c
        order by c.posted_at desc, c.id desc`,
  );
  return records.map(
    (record): MyActivityCheckRow => ({
      paymentId: record.id,
      reference: record.reference_number ?? methodLabel(record.method),
      payerOrPatient: record.payer_or_patient,
      method: methodLabel(record.method),
      amountCents: record.amount_cents,
      appliedCents: record.applied_cents,
      unappliedCents: record.unapplied_cents,
      postedAt: record.posted_at,
    }),
  );
}

/**
 * One batch By Check: the viewer's payments in it, newest first, and the All line with the
 * batch totals. Null when the viewer posted nothing in a batch of that number in their practice.
 */
export async function myActivityBatchByCheck(
  db: Database,
  viewer: Viewer,
  batchNumber: string,
): Promise<MyActivityByCheckResult | null> {
  requirePermission(viewer, "myActivity");
  return inReadSnapshot(db, async (tx) => {
    const batch = await batchSummary(tx, viewer, batchNumber);
    if (!batch) return null;
    return {
      batch,
      rows: await checkRows(tx, viewer, batchNumber, null),
      totals: {
        paymentId: null,
        reference: ALL_PAYMENTS_LABEL,
        payerOrPatient: `${batch.payments} ${batch.payments === 1 ? "payment" : "payments"}`,
        method: "",
        amountCents: batch.postedTotalCents,
        appliedCents: batch.appliedCents,
        unappliedCents: batch.unappliedCents,
        postedAt: null,
        payments: batch.payments,
      },
      timezone: viewer.timezone,
    };
  });
}

interface LineRecord {
  line_id: number | null;
  payment_id: number | null;
  patient: string | null;
  mrn: string | null;
  date_of_service: string | null;
  cpt_code: string | null;
  modifiers: string | null;
  billed_cents: number;
  paid_cents: number;
  adjustment_cents: number;
  adjustment_reason: string | null;
  patient_resp_cents: number;
  reference_number: string | null;
  method: string | null;
  lines: number;
}

/**
 * Every payment line of one of the viewer's batches by patient and CPT code, or only the
 * lines of one payment in it. Null when the batch (or that payment in it) is not the viewer's.
 */
export async function myActivityPaymentLines(
  db: Database,
  viewer: Viewer,
  batchNumber: string,
  paymentId: number | "all",
): Promise<MyActivityPaymentLinesResult | null> {
  requirePermission(viewer, "myActivity");
  const onePayment = paymentId === "all" ? null : paymentId;
  return inReadSnapshot(db, async (tx) => {
    const batch = await batchSummary(tx, viewer, batchNumber);
    if (!batch) return null;
    let payment: MyActivityCheckRow | null = null;
    if (onePayment !== null) {
      [payment = null] = await checkRows(tx, viewer, batchNumber, onePayment);
      if (!payment) return null;
    }
    const lines = sql`with ${viewerBatchScope(viewer, batchNumber, onePayment)},
        lines as (
          select pl.id as line_id, pl.payment_id,
                 pat.last_name || ', ' || pat.first_name as patient, pat.mrn, pat.last_name, pat.first_name,
                 c.date_of_service, c.cpt_code, c.modifiers, c.billed_cents,
                 pl.paid_cents, pl.adjustment_cents, pl.adjustment_reason, pl.patient_resp_cents,
                 m.reference_number, m.method::text as method
          from payment_line pl
          join mine m on m.id = pl.payment_id
          join charge c on c.practice_id = pl.practice_id and c.id = pl.charge_id
          join patient pat on pat.practice_id = c.practice_id and pat.id = c.patient_id
          where pl.practice_id = ${viewer.practiceId}
        )`;
    const rows = await queryRows<LineRecord>(
      tx,
      sql`${lines}
          select line_id, payment_id, patient, mrn, date_of_service::text as date_of_service, cpt_code, modifiers,
                 billed_cents, paid_cents, adjustment_cents, adjustment_reason, patient_resp_cents,
                 reference_number, method, 1 as lines
          from lines
          order by last_name, first_name, mrn, lines.date_of_service, cpt_code, line_id`,
    );
    const [total] = await queryRows<LineRecord>(
      tx,
      sql`${lines}
          select null as line_id, null as payment_id, null as patient, null as mrn, null as date_of_service,
                 null as cpt_code, null as modifiers,
                 coalesce(sum(billed_cents), 0)::bigint as billed_cents, coalesce(sum(paid_cents), 0)::bigint as paid_cents,
                 coalesce(sum(adjustment_cents), 0)::bigint as adjustment_cents, null as adjustment_reason,
                 coalesce(sum(patient_resp_cents), 0)::bigint as patient_resp_cents,
                 null as reference_number, null as method, count(*)::int as lines
          from lines`,
    );
    return {
      batch,
      payment,
      rows: rows.map(lineRowOf),
      totals: {
        ...lineRowOf(total!),
        patient: `Total: ${total!.lines} ${total!.lines === 1 ? "line" : "lines"}`,
        reference: null,
        lines: total!.lines,
      },
      timezone: viewer.timezone,
    };
  });
}

function lineRowOf(record: LineRecord): MyActivityLineRow {
  return {
    lineId: record.line_id,
    paymentId: record.payment_id,
    patient: record.patient ?? "",
    mrn: record.mrn,
    dateOfService: record.date_of_service,
    cptCode: record.cpt_code,
    modifiers: record.modifiers,
    billedCents: record.billed_cents,
    paidCents: record.paid_cents,
    adjustmentCents: record.adjustment_cents,
    adjustmentReason: record.adjustment_reason,
    patientRespCents: record.patient_resp_cents,
    reference: record.reference_number ?? (record.method ? methodLabel(record.method) : null),
  };
}
