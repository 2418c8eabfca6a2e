import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { inclusiveDays } from "@/lib/dates";
import { PAYMENT_SOURCES, type PaymentSource } from "@/lib/ledger-vocabulary";

/*
 * The chart above the glance: what was posted per day of the range (the report's `by` date),
 * split by source, with each day's unapplied amount. The sums come from the glance's own pass
 * over the result (glance.ts, one more grouping set), so the chart costs no second scan; this
 * module decides the bars and fills the days without payments, so a quiet day shows as one.
 *
 * A long range would draw thousands of hairline bars, so beyond two months a bar is a month,
 * and beyond three years a year.
 */

export type ChartBucket = "day" | "month" | "year";

export function chartBucketOf(from: string, to: string): ChartBucket {
  const days = inclusiveDays(from, to);
  return days <= 62 ? "day" : days <= 1100 ? "month" : "year";
}

/**
 * The bar a payment's date falls in, as a date (a month's or year's first day). Written as a
 * literal, not a parameter: GROUP BY matches the select list's expression only when they are
 * the same text.
 */
export function bucketSql(bucket: ChartBucket, day: SQL): SQL {
  return bucket === "day" ? day : sql`date_trunc('${sql.raw(bucket)}', ${day})::date`;
}

/** One bar's sum of one source, or of all (source null), as the glance query returns it. */
export interface PostedBySourceUnit {
  /** The bar's first day, an ISO date. */
  day: string;
  source: PaymentSource | null;
  postedCents: number;
  unappliedCents: number;
}

export interface PostedDay {
  /** The bar's first day, an ISO date. */
  day: string;
  bySource: Record<PaymentSource, number>;
  postedCents: number;
  unappliedCents: number;
}

export interface PostedByDay {
  bucket: ChartBucket;
  days: PostedDay[];
}

/** Every bar of the range in order, those without payments at zero. */
export function postedByDay(units: readonly PostedBySourceUnit[], from: string, to: string): PostedByDay {
  const bucket = chartBucketOf(from, to);
  const byDay = new Map<string, PostedDay>();
  const last = DateTime.fromISO(to, { zone: "utc" });
  for (let at = DateTime.fromISO(from, { zone: "utc" }).startOf(bucket); at <= last; at = at.plus({ [bucket]: 1 })) {
    const day = at.toISODate()!;
    byDay.set(day, { day, bySource: zeroBySource(), postedCents: 0, unappliedCents: 0 });
  }
  for (const unit of units) {
    // The SQL buckets by the same rule within the same range, so every unit has its bar.
    const bar = byDay.get(unit.day)!;
    // The bar's totals are PostgreSQL's sums, as every total on screen is.
    if (unit.source === null) Object.assign(bar, { postedCents: unit.postedCents, unappliedCents: unit.unappliedCents });
    else bar.bySource[unit.source] = unit.postedCents;
  }
  return { bucket, days: [...byDay.values()] };
}

function zeroBySource(): Record<PaymentSource, number> {
  return Object.fromEntries(PAYMENT_SOURCES.map((source) => [source, 0])) as Record<PaymentSource, number>;
}
