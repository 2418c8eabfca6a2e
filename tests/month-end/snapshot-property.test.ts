import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { closeMonth } from "@/lib/month-end/close";
import { ledgerMonth } from "@/lib/month-end/month";
import { monthBreakdown } from "@/lib/reports/month-end/breakdown";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { buildMonthEndWorld, type MonthEndWorld } from "./world";

/*
 * For random ledgers (a seeded PRNG, so a failure replays), the snapshot a close freezes equals
 * an independent SQL sum over the month's payments, per dimension and per variant; and the
 * breakdown then shows frozen = live. Each round closes its own odd month of 2024, with payments
 * on the days just outside it (in even months, never closed) to test the month's edges.
 */

let test: TestDatabase;
let w: MonthEndWorld;

beforeAll(async () => {
  test = await openTestDatabase();
  w = await buildMonthEndWorld(test.db);
});

afterAll(() => test.close());

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = ["check", "eft", "credit_card", "cash", "other"] as const;
const SOURCES = ["manual", "era", "emr_integration"] as const;

async function randomLedger(round: number, random: () => number, monthText: string) {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const month = ledgerMonth(monthText)!;
  const lastDay = new Date(Date.parse(`${month.nextFirstDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const before = new Date(Date.parse(`${month.firstDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const days = [month.firstDay, `${monthText}-15`, lastDay, before, month.nextFirstDay];
  const posted: number[] = [];
  for (let b = 0; b < 6; b++) {
    const depositDate = pick(days);
    const batchId = await w.practice.batch({ batchNumber: `R${round}-${b}`, depositDate, createdBy: w.poster, controlTotalCents: pick([null, 1000]) });
    const payments = 1 + Math.floor(random() * 8);
    for (let n = 0; n < payments; n++) {
      const source = pick(SOURCES);
      const reverses = posted.length > 0 && random() < 0.15 ? posted.splice(Math.floor(random() * posted.length), 1)[0]! : null;
      const insured = random() < 0.7;
      // An ERA may carry money out (a provider adjustment); a reversal is never positive.
      const amountCents = reverses !== null ? -(1 + Math.floor(random() * 50_000)) : (source === "era" && random() < 0.2 ? -1 : 1) * Math.floor(random() * 250_000);
      const id = await w.practice.payment({
        batchId,
        depositDate,
        postedBy: pick([w.poster, w.rcm, w.admin]),
        postedAt: `${depositDate}T12:00:00-07:00`,
        locationId: pick([w.mesa, w.tempe]),
        amountCents,
        payerId: insured ? pick([w.aetna, w.medicare]) : null,
        patientId: insured ? null : w.patient,
        method: pick(METHODS),
        source: reverses !== null ? "manual" : source,
        reversesPaymentId: reverses,
      });
      if (reverses === null && amountCents >= 0) posted.push(id);
    }
  }
}

type Sums = Record<string, { count: number; cents: number }>;

/** Per key, from rows of [key, count, cents]. */
const sumsOf = (rows: Array<{ key: string; count: number; cents: number }>): Sums =>
  Object.fromEntries(rows.map((row) => [row.key, { count: row.count, cents: row.cents }]));

const DIMENSIONS: Record<string, { frozen: string; ledger: string }> = {
  deposit_date: { frozen: "s.deposit_date::text", ledger: "p.deposit_date::text" },
  location: { frozen: "s.location_id::text", ledger: "p.location_id::text" },
  payer_type: { frozen: "s.payer_type", ledger: "coalesce((select py.payer_type::text from payer py where py.id = p.payer_id), 'patient')" },
  method: { frozen: "s.method::text", ledger: "p.method::text" },
  source: { frozen: "s.source::text", ledger: "p.source::text" },
  poster: { frozen: "s.posted_by::text", ledger: "p.posted_by::text" },
  variant: {
    frozen: "case when s.by_rcm_staff then 'rcm' else 'standard' end",
    ledger: "case when (select u.is_rcm_staff from app_user u where u.id = p.posted_by) then 'rcm' else 'standard' end",
  },
};

it.each([1, 2, 3, 4, 5])("round %i: the snapshot equals the ledger's own sums over the month", async (round) => {
  const random = prng(20_260_000 + round);
  const monthText = `2024-${String(2 * round - 1).padStart(2, "0")}`;
  await randomLedger(round, random, monthText);
  const { snapshotId } = await closeMonth(test.db, w.viewers.admin, monthText, { overrideReason: `property round ${round}` });
  for (const [dimension, { frozen, ledger }] of Object.entries(DIMENSIONS)) {
    const frozenSums = await queryRows<{ key: string; count: number; cents: number }>(
      test.db,
      sql`select ${sql.raw(frozen)} as key, sum(s.payment_count)::int as count, sum(s.posted_total_cents)::bigint as cents
          from month_snapshot_total s where s.snapshot_id = ${snapshotId} group by 1`,
    );
    // Independently of the grain: the month by its year and month number, payer type by lookup.
    const ledgerSums = await queryRows<{ key: string; count: number; cents: number }>(
      test.db,
      sql`select ${sql.raw(ledger)} as key, count(*)::int as count, sum(p.amount_cents)::bigint as cents
          from payment p
          where p.practice_id = ${w.practice.practiceId} and to_char(p.deposit_date, 'YYYY-MM') = ${monthText}
          group by 1`,
    );
    expect([dimension, sumsOf(frozenSums)]).toEqual([dimension, sumsOf(ledgerSums)]);
  }
  const breakdown = await monthBreakdown(test.db, w.viewers.admin, { month: ledgerMonth(monthText)!, groups: ["deposit_date", "location", "payer_type", "method", "source", "poster"], variant: null });
  expect(breakdown.differingLines).toBe(0);
  expect(breakdown.totals.frozenTotalCents).toBe(breakdown.totals.liveTotalCents);
});
