import { sql, type SQL } from "drizzle-orm";

/*
 * SQL fragments more than one report reads. Each takes the aliases it reads from, so a
 * report's query stays readable as one statement and every report computes a value alike.
 */

/** `1, 2, 3` as bound parameters, for `in (…)`. */
export function sqlList(values: ReadonlyArray<string | number>): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/** The conditions joined with `and`; none is `true`. */
export function allOf(conditions: readonly SQL[]): SQL {
  return conditions.length === 0 ? sql`true` : sql.join([...conditions], sql` and `);
}

/** An instant as the ISO string in UTC the rows carry ("2026-03-02T15:04:05.123Z"). */
export function isoInstant(instant: SQL): SQL {
  return sql`to_char(${instant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A date column as "YYYY-MM-DD". */
export function isoDate(date: SQL): SQL {
  return sql`to_char(${date}, 'YYYY-MM-DD')`;
}

/** The calendar date of a posting time in the practice's timezone. */
export function postingDate(postedAt: SQL, timezone: string): SQL {
  return sql`(${postedAt} at time zone ${timezone})::date`;
}

/**
 * The applied amount of payment `payment`: the trigger-kept payment_applied row (migration
 * 0003), never payment_line summed again, so every report reads the same number. A LEFT
 * join: a payment whose applied row were missing still counts, as unapplied. `narrow` adds
 * conditions on `applied` (a report's date range, so PostgreSQL reads the range from both
 * tables and hash-joins them).
 */
export function appliedJoin(payment: string, applied: string, narrow: SQL = sql`true`): SQL {
  const p = sql.raw(payment);
  const a = sql.raw(applied);
  return sql`left join payment_applied ${a} on ${a}.practice_id = ${p}.practice_id and ${a}.payment_id = ${p}.id and ${narrow}`;
}

/** The applied cents `appliedJoin` found, 0 when it found none. */
export function appliedCents(applied: string): SQL {
  return sql`coalesce(${sql.raw(applied)}.applied_cents, 0)::bigint`;
}

/** A batch's state, "open" or "closed", from its closed_at (lib/reports/toolkit/batch-state.ts). */
export function batchStateOf(closedAt: SQL): SQL {
  return sql`case when ${closedAt} is null then 'open' else 'closed' end`;
}
