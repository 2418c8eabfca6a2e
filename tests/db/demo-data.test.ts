import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { openTestDatabase, type TestDatabase } from "../support/database";

const OPTIONS = { paymentLines: 3000, months: 3, endDate: "2026-03-31" };

interface LedgerTotals {
  payments: number;
  lines: number;
  posted: number;
  paid: number;
}

async function totals(database: TestDatabase): Promise<LedgerTotals> {
  const [row] = await queryRows<LedgerTotals>(
    database.db,
    sql`select (select count(*)::int from payment) as payments,
               (select count(*)::int from payment_line) as lines,
               (select sum(amount_cents)::bigint from payment) as posted,
               (select sum(paid_cents)::bigint from payment_line) as paid`,
  );
  return row!;
}

let first: TestDatabase;
let second: TestDatabase;

beforeAll(async () => {
  first = await openTestDatabase();
  second = await openTestDatabase();
  await seedDemoData(first.db, OPTIONS);
  await seedDemoData(second.db, OPTIONS);
});

afterAll(async () => {
  await first.close();
  await second.close();
});

describe("demo-data generator", () => {
  it("gives the same ledger for the same seed", async () => {
    const a = await totals(first);
    expect(a.payments).toBeGreaterThan(100);
    expect(await totals(second)).toEqual(a);
  });

  it("creates the demo users with their roles", async () => {
    const rows = await queryRows<{ email: string; roles: string }>(
      first.db,
      sql`select u.email, coalesce(string_agg(r.role::text, ',' order by r.role), '') as roles
          from app_user u left join user_role r on r.user_id = u.id group by u.email order by u.email`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.email, r.roles]))).toEqual({
      "admin@demo-pt.test": "Billing Admin",
      "admin@other-pt.test": "Billing Admin",
      "auditor@demo-pt.test": "Auditor",
      "frontdesk@demo-pt.test": "Front Office Billing",
      "integration@demo-pt.test": "",
      "integration@other-pt.test": "",
      "poster1@demo-pt.test": "Billing",
      "poster2@demo-pt.test": "Billing",
      "rcm1@demo-pt.test": "RCM Staff",
      "rcm2@demo-pt.test": "RCM Staff",
      "restricted@demo-pt.test": "Front Office Billing - EMR Access Restriction",
    });
  });

  it("mirrors every reversal's original exactly, on the reversal's own date", async () => {
    const rows = await queryRows<{ reversals: number; mismatched: number }>(
      first.db,
      sql`select count(*)::int as reversals,
                 count(*) filter (where r.amount_cents <> -o.amount_cents
                   or (select sum(paid_cents) from payment_line where payment_id = r.id)
                      <> -(select sum(paid_cents) from payment_line where payment_id = o.id)
                   or r.deposit_date <= o.deposit_date)::int as mismatched
          from payment r join payment o on o.id = r.reverses_payment_id`,
    );
    expect(rows[0]!.mismatched).toBe(0);
  });

  it("never applies more than a payment's amount, except in reversals", async () => {
    const [row] = await queryRows<{ over_applied: number; partly_applied: number }>(
      first.db,
      sql`with applied as (
            select p.id, p.amount_cents, coalesce(sum(l.paid_cents), 0) as applied
            from payment p left join payment_line l on l.payment_id = p.id
            where p.reverses_payment_id is null group by p.id)
          select count(*) filter (where applied > amount_cents)::int as over_applied,
                 count(*) filter (where applied < amount_cents)::int as partly_applied
          from applied`,
    );
    expect(row!.over_applied).toBe(0);
    expect(row!.partly_applied).toBeGreaterThan(0);
  });

  it("keeps every payment's applied amount and line count equal to its lines", async () => {
    const [row] = await queryRows<{ payments: number; applied_rows: number; disagreeing: number }>(
      first.db,
      sql`select (select count(*)::int from payment) as payments,
                 (select count(*)::int from payment_applied) as applied_rows,
                 (select count(*)::int from payment p
                  join payment_applied pa on pa.practice_id = p.practice_id and pa.payment_id = p.id
                  left join (select payment_id, sum(paid_cents) as paid, count(*) as n from payment_line group by payment_id) l
                    on l.payment_id = p.id
                  where pa.applied_cents <> coalesce(l.paid, 0) or pa.line_count <> coalesce(l.n, 0)
                     or pa.deposit_date <> p.deposit_date or pa.posted_at <> p.posted_at) as disagreeing`,
    );
    expect(row!.applied_rows).toBe(row!.payments);
    expect(row!.payments).toBeGreaterThan(500);
    expect(row!.disagreeing).toBe(0);
  });

  it("has every source, RCM-staff postings and out-of-balance batches", async () => {
    const [row] = await queryRows<{ sources: string; rcm: number; out_of_balance: number }>(
      first.db,
      sql`select (select string_agg(distinct source::text, ',' order by source::text) from payment) as sources,
                 (select count(*)::int from payment p join app_user u on u.id = p.posted_by where u.is_rcm_staff) as rcm,
                 (select count(*)::int from batch b where b.control_total_cents is not null and b.control_total_cents <>
                    (select sum(amount_cents) from payment where batch_id = b.id)) as out_of_balance`,
    );
    expect(row!.sources).toBe("emr_integration,era,manual");
    expect(row!.rcm).toBeGreaterThan(0);
    expect(row!.out_of_balance).toBeGreaterThan(0);
  });
});
