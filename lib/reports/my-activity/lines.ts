import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { inReadSnapshot } from "@/lib/reports/toolkit/read-snapshot";
import { methodLabel, type MyActivityCheckRow, type MyActivityLineRow } from "./columns";
import { batchSummary, checkRows, viewerBatchScope, type MyActivityBatchSummary } from "./batch";

export interface MyActivityPaymentLinesResult {
  batch: MyActivityBatchSummary;
  /** The payment opened, when one was; null for every line of the batch. */
  payment: MyActivityCheckRow | null;
  rows: MyActivityLineRow[];
  totals: MyActivityLineRow & { lines: number };
  timezone: string;
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
