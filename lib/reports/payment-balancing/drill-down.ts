import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import { mayApplyPayment, mayVoidPayment } from "@/lib/posting/payment-authority";
import { isoInstant } from "@/lib/reports/toolkit/sql";
import type { PaymentBalancingRow, PaymentLineRow } from "./columns";
import { DETAIL_COLUMNS, detailJoins } from "./payment-sql";
import { balancingScope, locationScope, type BalancingScope } from "./scope";
import { scopedCte } from "./scoped-sql";

/** What the viewer may do to the payment here (issue 24), by the posting layer's own rule. */
export interface PaymentDrillDownActions {
  /** Its reversal, once voided. */
  voided: { reversalPaymentId: number; postedAt: string; reason: string | null } | null;
  mayVoid: boolean;
  /** Applying its unapplied money: only while there is some and its batch is open. */
  mayApply: boolean;
}

export interface PaymentDrillDown {
  payment: PaymentBalancingRow;
  lines: PaymentLineRow[];
  /** The lines' sums, from SQL. */
  totals: Pick<PaymentLineRow, "billedCents" | "paidCents" | "adjustmentCents" | "patientRespCents">;
  actions: PaymentDrillDownActions;
}

/** One payment and its lines by patient and CPT code, or null when it is out of scope. */
/*
 * A check paid at a viewer's location can pay charges at another. A location-restricted
 * viewer still sees every line, so the payment's lines add up to what it applied, but a
 * line for a charge at a location outside their scope does not name its patient.
 */
const OTHER_LOCATION_PATIENT = "Patient at another location";

/** The patient columns of a payment's lines, and their order: by patient, those not named last. */
function linePatient(scope: BalancingScope): { patient: SQL; mrn: SQL; order: SQL } {
  const patient = sql`pt.last_name || ', ' || pt.first_name`;
  if (scope.locationIds === null) return { patient, mrn: sql`pt.mrn`, order: sql`pt.last_name, pt.first_name` };
  const visible = locationScope(scope, sql`c.location_id`);
  return {
    patient: sql`case when ${visible} then ${patient} else ${OTHER_LOCATION_PATIENT} end`,
    mrn: sql`case when ${visible} then pt.mrn else '' end`,
    order: sql`${visible} desc, case when ${visible} then pt.last_name end, case when ${visible} then pt.first_name end`,
  };
}

export async function paymentBalancingPayment(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  paymentId: number,
): Promise<PaymentDrillDown | null> {
  const scope = balancingScope(viewer, variant);
  const [payment] = await queryRows<PaymentBalancingRow>(
    db,
    sql`with ${scopedCte(scope, [sql`p.id = ${paymentId}`], { appliedRange: sql`true`, unbalanced: false, batchBalance: false })}
      select ${DETAIL_COLUMNS} from scoped s ${detailJoins(scope)}`,
  );
  if (!payment) return null;
  const named = linePatient(scope);
  const lines = await queryRows<PaymentLineRow>(
    db,
    sql`select pl.id, ${named.patient} as patient, ${named.mrn} as mrn,
               to_char(c.date_of_service, 'YYYY-MM-DD') as "dateOfService", c.cpt_code as "cptCode", c.modifiers, c.units,
               c.billed_cents as "billedCents", pl.paid_cents as "paidCents", pl.adjustment_cents as "adjustmentCents",
               pl.adjustment_reason as "adjustmentReason", pl.patient_resp_cents as "patientRespCents",
               p.reference_number as "referenceNumber"
        from payment_line pl
        join payment p on p.practice_id = pl.practice_id and p.id = pl.payment_id
        join charge c on c.practice_id = pl.practice_id and c.id = pl.charge_id
        join patient pt on pt.practice_id = c.practice_id and pt.id = c.patient_id
        where pl.payment_id = ${payment.id} and pl.practice_id = ${scope.practiceId}
        order by ${named.order}, c.date_of_service, c.cpt_code, pl.id`,
  );
  const [totals] = await queryRows<PaymentDrillDown["totals"]>(
    db,
    sql`select coalesce(sum(c.billed_cents), 0)::bigint as "billedCents", coalesce(sum(pl.paid_cents), 0)::bigint as "paidCents",
               coalesce(sum(pl.adjustment_cents), 0)::bigint as "adjustmentCents",
               coalesce(sum(pl.patient_resp_cents), 0)::bigint as "patientRespCents"
        from payment_line pl
        join charge c on c.practice_id = pl.practice_id and c.id = pl.charge_id
        where pl.payment_id = ${payment.id} and pl.practice_id = ${scope.practiceId}`,
  );
  return { payment, lines, totals: totals!, actions: await drillDownActions(db, viewer, payment) };
}

/**
 * The buttons the drill-down offers. The posting layer decides again when one is pressed
 * (and refuses a closed month); this only keeps from offering what it would refuse.
 */
async function drillDownActions(db: Database, viewer: Viewer, payment: PaymentBalancingRow): Promise<PaymentDrillDownActions> {
  const [row] = await queryRows<{
    created_by: number;
    by_system: boolean;
    has_provider_code: boolean;
    reversal_id: number | null;
    reversal_posted_at: string | null;
    reversal_note: string | null;
  }>(
    db,
    sql`select b.created_by, u.is_system as by_system, p.provider_adjustment_code is not null as has_provider_code,
               r.id as reversal_id, ${isoInstant(sql`r.posted_at`)} as reversal_posted_at, r.note as reversal_note
        from payment p
        join batch b on b.practice_id = p.practice_id and b.id = p.batch_id
        join app_user u on u.practice_id = b.practice_id and u.id = b.created_by
        left join payment r on r.practice_id = p.practice_id and r.reverses_payment_id = p.id
        where p.practice_id = ${viewer.practiceId} and p.id = ${payment.id}`,
  );
  const voided = row?.reversal_id ? { reversalPaymentId: row.reversal_id, postedAt: row.reversal_posted_at!, reason: row.reversal_note } : null;
  if (!row || voided || payment.reversesPaymentId !== null) return { voided, mayVoid: false, mayApply: false };
  const ownership = { locationId: payment.locationId, batchCreatedBy: row.created_by, batchBySystem: row.by_system };
  return {
    voided,
    mayVoid: mayVoidPayment(viewer, ownership),
    mayApply:
      payment.unappliedCents > 0 && payment.batchState === "open" && !row.has_provider_code && mayApplyPayment(viewer, ownership),
  };
}
