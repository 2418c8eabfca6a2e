import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { requirePermission, type Viewer } from "@/lib/access/viewer";
import { formatUsd } from "@/lib/money";
import { appliedCents, appliedJoin } from "@/lib/reports/toolkit/sql";
import { balanceStatus, isBatchBalanced, type BalanceStatus } from "@/lib/reports/toolkit/balance-rule";
import type { EraClaimRow, EraRemittanceRow } from "./columns";
import { ERA_REMITTANCE_FROM, ERA_REMITTANCE_SELECT } from "./list";
import type { EraRemittanceQuery } from "./search-params";
import { scopedPatient } from "./scope";

/*
 * /payments/era/<id>: one remittance claim by claim (era_claim with its detail as the payer
 * sent it), its provider-level adjustments (the batch's PLB payments), and its balance:
 * the 835's own identity (check = claims − provider adjustments) and the batch's posted total
 * against its control total, worded by the balance rule. Scope: see scope.ts.
 */

export interface EraAdjustment {
  group: string;
  reason: string;
  amountCents: number;
}

export interface EraServiceLine {
  procedure: string;
  modifiers: string[];
  dateOfService: string | null;
  chargedCents: number;
  paidCents: number;
  units: number | null;
  adjustments: EraAdjustment[];
}

export interface EraClaimDetail {
  adjustments: EraAdjustment[];
  serviceLines: EraServiceLine[];
}

export interface EraClaimView extends EraClaimRow {
  detail: EraClaimDetail;
}

export interface EraProviderAdjustmentRow {
  paymentId: number;
  code: string;
  /** "PLB <code> <reference>" as the import wrote it. */
  note: string | null;
  /** The payment's amount: −(the PLB amount), so it adds to the batch's posted total. */
  amountCents: number;
}

export interface EraBalance {
  checkCents: number;
  claimsCents: number;
  /** ΣPLB as the 835 writes it (the check is claims − this). */
  providerAdjustmentsCents: number;
  /** "Check $X = claims $Y − provider adjustments $Z", with ≠ when it does not hold. */
  line: string;
  controlTotalCents: number | null;
  postedTotalCents: number;
  unappliedCents: number;
  status: BalanceStatus;
}

export interface EraRemittanceView {
  remittance: EraRemittanceRow;
  /** One page of the claims; `remittance.claims` counts them all. */
  claims: EraClaimView[];
  claimPage: { number: number; size: number; pageCount: number };
  providerAdjustments: EraProviderAdjustmentRow[];
  /** Null for a refused remittance: nothing of it was posted. */
  balance: EraBalance | null;
}

/**
 * Claims a page shows, each with its service lines and CAS: at 100 the page of a 10,000-claim
 * check spent about 120 ms rendering them (322 KB of HTML); the export holds them all.
 */
export const CLAIMS_PER_PAGE = 50;

export function balanceLine(checkCents: number, claimsCents: number, providerAdjustmentsCents: number): string {
  const holds = checkCents === claimsCents - providerAdjustmentsCents;
  return `Check ${formatUsd(checkCents)} ${holds ? "=" : "≠"} claims ${formatUsd(claimsCents)} − provider adjustments ${formatUsd(providerAdjustmentsCents)}`;
}

function asDetail(raw: unknown): EraClaimDetail {
  const detail = (raw ?? {}) as Partial<EraClaimDetail>;
  return { adjustments: detail.adjustments ?? [], serviceLines: detail.serviceLines ?? [] };
}

/** The remittance's claims in the order the 835 gives them: one page of them for the screen, every one for the export. */
export async function eraRemittanceClaims(
  db: Database,
  viewer: Viewer,
  remittanceId: number,
  page: number | null = null,
): Promise<EraClaimView[]> {
  requirePermission(viewer, "postPayments");
  const rows = await queryRows<EraClaimRow & { detail: unknown }>(
    db,
    sql`select c.id, c.position, c.claim_number as "claimNumber", c.status_code as "statusCode",
               ${scopedPatient(viewer, "p", sql`c.patient_name`)} as patient,
               c.charged_cents as "chargedCents", c.paid_cents as "paidCents", c.patient_resp_cents as "patientRespCents",
               c.payer_claim_number as "payerClaimNumber", coalesce(cl.claim_number, 'not found') as "matchedClaim",
               (select count(*) from era_exception x where x.practice_id = c.practice_id and x.era_claim_id = c.id)::int as exceptions,
               c.detail - 'patient' as detail
        from era_claim c
        join payment p on p.practice_id = c.practice_id and p.id = c.payment_id
        left join claim cl on cl.practice_id = c.practice_id and cl.id = c.claim_id
        where c.practice_id = ${viewer.practiceId} and c.remittance_id = ${remittanceId}
        -- position is the claim's place in its transaction, one per claim: walking the index in it,
        -- a page reads its own claims instead of sorting the check's 10,000 (55 ms at 10M lines).
        order by c.position
        ${page === null ? sql`` : sql`limit ${CLAIMS_PER_PAGE} offset ${(page - 1) * CLAIMS_PER_PAGE}`}`,
  );
  return rows.map(({ detail, ...row }) => ({ ...row, detail: asDetail(detail) }));
}

export async function eraRemittanceView(
  db: Database,
  viewer: Viewer,
  { remittanceId, page }: EraRemittanceQuery,
): Promise<EraRemittanceView | null> {
  requirePermission(viewer, "postPayments");
  const [remittance] = await queryRows<EraRemittanceRow>(
    db,
    sql`select ${ERA_REMITTANCE_SELECT} from ${ERA_REMITTANCE_FROM} where r.practice_id = ${viewer.practiceId} and r.id = ${remittanceId}`,
  );
  if (!remittance) return null;
  const claims = await eraRemittanceClaims(db, viewer, remittanceId, page);
  const claimPage = { number: page, size: CLAIMS_PER_PAGE, pageCount: Math.max(1, Math.ceil(remittance.claims / CLAIMS_PER_PAGE)) };
  const providerAdjustments = await queryRows<EraProviderAdjustmentRow>(
    db,
    sql`select p.id as "paymentId", p.provider_adjustment_code as code, p.note, p.amount_cents as "amountCents"
        from era_remittance r join payment p on p.practice_id = r.practice_id and p.batch_id = r.batch_id
        where r.practice_id = ${viewer.practiceId} and r.id = ${remittanceId} and p.provider_adjustment_code is not null
        order by p.id`,
  );
  if (remittance.status !== "posted") return { remittance, claims, claimPage, providerAdjustments, balance: null };
  // The whole batch: an ERA batch is one check, balanced as a whole whoever looks (scope.ts). Totals are SQL sums.
  const [totals] = await queryRows<{
    controlTotalCents: number | null;
    postedTotalCents: number;
    appliedTotalCents: number;
    claimsCents: number;
    providerAdjustmentsCents: number;
  }>(
    db,
    sql`select b.control_total_cents as "controlTotalCents", coalesce(sum(p.amount_cents), 0)::bigint as "postedTotalCents",
               coalesce(sum(${appliedCents("pa")}), 0)::bigint as "appliedTotalCents",
               (select coalesce(sum(c.paid_cents), 0) from era_claim c where c.practice_id = r.practice_id and c.remittance_id = r.id)::bigint
                 as "claimsCents",
               (-coalesce(sum(p.amount_cents) filter (where p.provider_adjustment_code is not null), 0))::bigint as "providerAdjustmentsCents"
        from era_remittance r
        join batch b on b.practice_id = r.practice_id and b.id = r.batch_id
        left join payment p on p.practice_id = b.practice_id and p.batch_id = b.id
        ${appliedJoin("p", "pa")}
        where r.practice_id = ${viewer.practiceId} and r.id = ${remittanceId}
        group by r.practice_id, r.id, b.control_total_cents`,
  );
  const { claimsCents, providerAdjustmentsCents } = totals!;
  const facts = {
    controlTotalCents: totals!.controlTotalCents,
    postedTotalCents: totals!.postedTotalCents,
    unappliedCents: totals!.postedTotalCents - totals!.appliedTotalCents,
  };
  return {
    remittance,
    claims,
    claimPage,
    providerAdjustments,
    balance: {
      checkCents: remittance.amountCents,
      claimsCents,
      providerAdjustmentsCents,
      line: balanceLine(remittance.amountCents, claimsCents, providerAdjustmentsCents),
      ...facts,
      status: balanceStatus(isBatchBalanced(facts)),
    },
  };
}
