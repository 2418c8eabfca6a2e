import "server-only";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { viewerCan } from "@/lib/access/viewer";
import { localDateOf, postingInstantRange, todayIn } from "@/lib/dates";
import { balancingPath } from "@/lib/reports/payment-balancing/paths";
import { parseInput, requirePosting } from "./rules";
import { paymentInput, type PaymentInput } from "./schemas";

/*
 * The duplicate warning (issue 24): before the form posts a payment whose payer (or, for a
 * patient payment, patient), reference number and amount match one posted in the practice in
 * the last 90 days, it shows the earlier payment and asks the poster to post anyway or cancel.
 * Decisions:
 * - It is the form's check (a server action before the post), not a refusal of postPayment: the
 *   JSON API keeps its contract (201 for a posted payment) for its existing callers, and the
 *   database stays the judge only of what must never be written. A caller of the API that wants
 *   the warning asks this same function first.
 * - "The last 90 days" is posting time, from the start of the day 90 days ago in the practice's
 *   timezone until now. Any source counts (a check an ERA already posted, keyed again by hand);
 *   reversals do not, nor does a payment already voided (re-keying a voided check is the fix).
 * - A payment without a reference number (cash, most cards) is never called a duplicate: the
 *   same patient paying the same copay twice is normal.
 * - A location-restricted poster is warned only of payments at their own locations, which is
 *   all Payment Balancing would show them.
 */

export const DUPLICATE_WINDOW_DAYS = 90;

export interface EarlierPayment {
  paymentId: number;
  batchNumber: string;
  payerName: string | null;
  patientName: string | null;
  referenceNumber: string;
  amountCents: number;
  depositDate: string;
  postedAt: string;
  postedByName: string;
  /** The earlier payment's batch in Payment Balancing (the viewer's variant), on its posting day. */
  batchHref: string;
  /** The payment itself in My Payment Activity, when the viewer posted it. */
  paymentHref: string | null;
}

export async function findDuplicatePayments(db: Database, viewer: Viewer, input: PaymentInput): Promise<EarlierPayment[]> {
  requirePosting(viewer);
  const parsed = parseInput(paymentInput, input);
  if (parsed.referenceNumber === null) return [];
  const today = todayIn(viewer.timezone);
  const since = postingInstantRange(
    DateTime.fromISO(today, { zone: "utc" }).minus({ days: DUPLICATE_WINDOW_DAYS }).toISODate()!,
    today,
    viewer.timezone,
  ).startUtc;
  const who =
    parsed.payerId !== null ? sql`p.payer_id = ${parsed.payerId}` : sql`p.payer_id is null and p.patient_id = ${parsed.patientId}`;
  const locations = viewer.locationRestricted
    ? viewer.locationIds.length === 0
      ? sql`false`
      : sql`p.location_id in (${sql.join(
          viewer.locationIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
    : sql`true`;
  const rows = await queryRows<{
    payment_id: number;
    batch_number: string;
    payer_name: string | null;
    first_name: string | null;
    last_name: string | null;
    reference_number: string;
    amount_cents: number;
    deposit_date: string;
    posted_at: Date | string;
    posted_by: number;
    posted_by_name: string;
  }>(
    db,
    sql`select p.id as payment_id, b.batch_number, py.name as payer_name, pt.first_name, pt.last_name,
               p.reference_number, p.amount_cents, p.deposit_date::text as deposit_date, p.posted_at,
               p.posted_by, u.name as posted_by_name
          from payment p
          join batch b on b.practice_id = p.practice_id and b.id = p.batch_id
          join app_user u on u.practice_id = p.practice_id and u.id = p.posted_by
          left join payer py on py.practice_id = p.practice_id and py.id = p.payer_id
          left join patient pt on pt.practice_id = p.practice_id and pt.id = p.patient_id
         where p.practice_id = ${viewer.practiceId}
           and p.reference_number = ${parsed.referenceNumber}
           and p.amount_cents = ${parsed.amount}
           and ${who}
           and p.posted_at >= ${since}::timestamptz
           and p.reverses_payment_id is null
           and not exists (select 1 from payment r where r.practice_id = p.practice_id and r.reverses_payment_id = p.id)
           and ${locations}
         order by p.posted_at desc, p.id desc
         limit 5`,
  );
  const path = balancingPath(viewerCan(viewer, "paymentBalancingFullAccess") ? "full-access" : "standard");
  return rows.map((row) => {
    const postedAt = new Date(row.posted_at).toISOString();
    const day = localDateOf(postedAt, viewer.timezone);
    const batchParam = encodeURIComponent(row.batch_number);
    return {
      paymentId: row.payment_id,
      batchNumber: row.batch_number,
      payerName: row.payer_name,
      patientName: row.last_name === null ? null : `${row.last_name}, ${row.first_name}`,
      referenceNumber: row.reference_number,
      amountCents: Number(row.amount_cents),
      depositDate: row.deposit_date,
      postedAt,
      postedByName: row.posted_by_name,
      batchHref: `${path}?by=posting&from=${day}&to=${day}&batch=${batchParam}`,
      paymentHref: row.posted_by === viewer.userId ? `/payments/my-activity/batches/${batchParam}?payment=${row.payment_id}` : null,
    };
  });
}
