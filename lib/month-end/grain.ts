import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { LedgerMonth } from "./month";

/*
 * The Month-End Payments Breakdown at its finest grain: the month's payments (by deposit
 * date) per deposit date, location, payer type ("patient" for a patient payment), method,
 * source and poster, with whether the poster is RCM staff. The close freezes these rows summed
 * (month_snapshot_total) and the month page recomputes them live from the same payment rows,
 * so the two sides are compared line by line on one definition. Sums in SQL, integer cents.
 */

export const GRAIN_COLUMNS = sql.raw("deposit_date, location_id, payer_type, method, source, posted_by, by_rcm_staff");

/** The month's payments, one row each, as the grain sees them (a count of 1 and the amount). */
export function monthPaymentsSql(practiceId: number, month: LedgerMonth): SQL {
  return sql`select p.deposit_date, p.location_id,
      case when p.payer_id is null then 'patient' else py.payer_type::text end as payer_type,
      p.method, p.source, p.posted_by, poster.is_rcm_staff as by_rcm_staff,
      1 as payment_count, p.amount_cents as posted_total_cents
    from payment p
    join app_user poster on poster.practice_id = p.practice_id and poster.id = p.posted_by
    left join payer py on py.practice_id = p.practice_id and py.id = p.payer_id
    where p.practice_id = ${practiceId} and p.deposit_date >= ${month.firstDay}::date and p.deposit_date < ${month.nextFirstDay}::date`;
}

/** The month's payments summed at the finest grain: what a close freezes. */
export function monthGrainSql(practiceId: number, month: LedgerMonth): SQL {
  return sql`select ${GRAIN_COLUMNS}, count(*)::int as payment_count, sum(posted_total_cents)::bigint as posted_total_cents
    from (${monthPaymentsSql(practiceId, month)}) payments
    group by ${GRAIN_COLUMNS}`;
}
