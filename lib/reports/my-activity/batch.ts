import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { balanceStatus, batchBalancedSql, type BalanceStatus } from "@/lib/reports/toolkit/balance-rule";
import { appliedCents, appliedJoin, isoInstant } from "@/lib/reports/toolkit/sql";
import { methodLabel, type MyActivityCheckRow } from "./columns";

/*
 * One of the viewer's batches: its header over the viewer's payments in it, and their
 * payments By Check. The by-check and lines views are built from these.
 */

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
  /** UTC ISO instant the batch was closed; null while it is open. */
  closedAt: string | null;
  /** Who created the batch: they (or a Billing Admin) may close it. */
  createdBy: number;
}

/** CTEs for the viewer's payments in one batch of their practice (optionally one payment of it). */
export function viewerBatchScope(viewer: Viewer, batchNumber: string, paymentId: number | null): SQL {
  return sql`the_batch as (
      select b.id, b.batch_number, b.deposit_date, b.control_total_cents, b.closed_at, b.created_by
      from batch b
      where b.practice_id = ${viewer.practiceId} and b.batch_number = ${batchNumber}
    ),
    mine as (
      select p.*
      from payment p join the_batch tb on tb.id = p.batch_id
      where p.practice_id = ${viewer.practiceId} and p.posted_by = ${viewer.userId}
        ${paymentId === null ? sql`` : sql`and p.id = ${paymentId}`}
    ),
    checks as (
      select m.id, m.reference_number, m.method::text as method, m.amount_cents, m.posted_at,
             coalesce(pay.name, pat.last_name || ', ' || pat.first_name, '') as payer_or_patient,
             ${appliedCents("pa")} as applied_cents
      from mine m
      left join payer pay on pay.practice_id = m.practice_id and pay.id = m.payer_id
      left join patient pat on pat.practice_id = m.practice_id and pat.id = m.patient_id
      ${appliedJoin("m", "pa")}
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
  closed_at: string | null;
  created_by: number;
}

/** The batch header over the viewer's payments in it, or null when they posted none there. */
export async function batchSummary(db: Database, viewer: Viewer, batchNumber: string): Promise<MyActivityBatchSummary | null> {
  const [record] = await queryRows<SummaryRecord>(
    db,
    sql`with ${viewerBatchScope(viewer, batchNumber, null)},
        summary as (
          select tb.batch_number, tb.deposit_date::text as deposit_date, tb.control_total_cents,
                 ${isoInstant(sql`tb.closed_at`)} as closed_at, tb.created_by,
                 count(c.id)::int as payments,
                 coalesce(sum(c.amount_cents), 0)::bigint as posted_total_cents,
                 coalesce(sum(c.applied_cents), 0)::bigint as applied_cents
          from the_batch tb left join checks c on true
          group by tb.id, tb.batch_number, tb.deposit_date, tb.control_total_cents, tb.closed_at, tb.created_by
        )
        select s.*,
               (s.posted_total_cents - s.applied_cents)::bigint as unapplied_cents,
               (s.control_total_cents - s.posted_total_cents)::bigint as difference_cents,
               ${batchBalancedSql({
                 controlTotal: sql`s.control_total_cents`,
                 postedTotal: sql`s.posted_total_cents`,
                 unapplied: sql`s.posted_total_cents - s.applied_cents`,
               })} as balanced
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
    status: balanceStatus(record.balanced),
    closedAt: record.closed_at,
    createdBy: record.created_by,
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

export async function checkRows(db: Database, viewer: Viewer, batchNumber: string, paymentId: number | null) {
  const records = await queryRows<CheckRecord>(
    db,
    sql`with ${viewerBatchScope(viewer, batchNumber, paymentId)}
        select c.id, c.reference_number, c.method, c.payer_or_patient, c.amount_cents, c.applied_cents,
               (c.amount_cents - c.applied_cents)::bigint as unapplied_cents, ${isoInstant(sql`c.posted_at`)} as posted_at
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
