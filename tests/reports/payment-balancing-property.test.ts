import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { queryRows } from "@/db/client";
import { DEMO_PRACTICE_NAME, makeRandom, seedDemoData } from "@/db/seed";
import type { ReportVariant } from "@/lib/access/permissions";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import { PAYMENT_METHODS, PAYMENT_SOURCES } from "@/lib/ledger-vocabulary";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import {
  GROUP_DIMENSIONS,
  PAYER_TYPE_FILTERS as PAYER_TYPES,
  parsePaymentBalancingQuery,
} from "@/lib/reports/payment-balancing/search-params";
import { openTestDatabase, type TestDatabase } from "../support/database";

/*
 * For random filters and groupings over the generated demo practice, the report's grand total
 * (from its ROLLUP) must equal a plain SQL sum written independently here, over the same scope;
 * and the first-level subtotals must add up to it.
 */

const CASES = 40;
const TIMEZONE = "America/Phoenix";

let test: TestDatabase;
let practiceId: number;
let admin: Viewer;
let restricted: Viewer;
let locationIds: number[];
let posterIds: number[];
let payerIds: number[];

beforeAll(async () => {
  test = await openTestDatabase();
  await seedDemoData(test.db, { paymentLines: 2500, months: 3, endDate: "2026-03-31" });
  const [practice] = await queryRows<{ id: number }>(test.db, sql`select id from practice where name = ${DEMO_PRACTICE_NAME}`);
  practiceId = practice!.id;
  const users = await queryRows<{ id: number; email: string }>(
    test.db,
    sql`select id, email from app_user where practice_id = ${practiceId}`,
  );
  const userId = (email: string) => users.find((u) => u.email === email)!.id;
  admin = (await loadViewer(test.db, userId("admin@demo-pt.test"), practiceId))!;
  restricted = (await loadViewer(test.db, userId("restricted@demo-pt.test"), practiceId))!;
  locationIds = (await queryRows<{ id: number }>(test.db, sql`select id from location where practice_id = ${practiceId}`)).map((r) => r.id);
  posterIds = (
    await queryRows<{ id: number }>(test.db, sql`select distinct posted_by as id from payment where practice_id = ${practiceId}`)
  ).map((r) => r.id);
  payerIds = (await queryRows<{ id: number }>(test.db, sql`select id from payer where practice_id = ${practiceId}`)).map((r) => r.id);
}, 120_000);

afterAll(() => test.close());

/** The seeder's PRNG: the same cases on every run. */
function random(seed: number) {
  const base = makeRandom(seed);
  const some = <T>(items: readonly T[], most = 2): T[] => {
    const count = base.int(1, Math.min(most, items.length));
    const pool = [...items];
    return Array.from({ length: count }, () => pool.splice(base.int(0, pool.length - 1), 1)[0]!);
  };
  return { ...base, some };
}

function isoDay(dayOfQuarter: number): string {
  return DateTime.fromISO("2026-01-01", { zone: "utc" }).plus({ days: dayOfQuarter }).toISODate()!;
}

interface Case {
  viewer: Viewer;
  variant: ReportVariant;
  params: URLSearchParams;
}

function makeCase(r: ReturnType<typeof random>): Case {
  const useRestricted = r.chance(0.25);
  const viewer = useRestricted ? restricted : admin;
  const variant: ReportVariant = !useRestricted && r.chance(0.5) ? "full-access" : "standard";
  const params = new URLSearchParams();
  const a = r.int(0, 89);
  const b = r.int(0, 89);
  params.set("by", r.chance(0.5) ? "deposit" : "posting");
  params.set("from", isoDay(Math.min(a, b)));
  params.set("to", isoDay(Math.max(a, b)));
  const allowedLocations = useRestricted ? restricted.locationIds : locationIds;
  if (r.chance(0.3)) for (const id of r.some(allowedLocations)) params.append("location", String(id));
  if (r.chance(0.3)) for (const id of r.some(posterIds, 3)) params.append("poster", String(id));
  if (r.chance(0.25)) for (const id of r.some([...payerIds.map(String), "patient"], 4)) params.append("payer", id);
  if (r.chance(0.25)) for (const type of r.some(PAYER_TYPES, 3)) params.append("payer_type", type);
  if (r.chance(0.25)) for (const method of r.some(PAYMENT_METHODS)) params.append("method", method);
  if (r.chance(0.25)) for (const source of r.some(PAYMENT_SOURCES)) params.append("source", source);
  if (r.chance(0.2)) params.set("min", `${r.int(0, 300)}.${String(r.int(0, 99)).padStart(2, "0")}`);
  if (r.chance(0.2)) params.set("max", `${r.int(300, 3000)}.00`);
  if (r.chance(0.3)) params.set("unbalanced", "1");
  if (r.chance(0.8)) for (const dimension of r.some(GROUP_DIMENSIONS, 3)) params.append("group", dimension);
  return { viewer, variant, params };
}

const inList = (values: ReadonlyArray<string | number>) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The same scope written plainly: calendar dates via AT TIME ZONE, every line summed up front. */
async function plainTotals({ viewer, variant, params }: Case) {
  const access: SQL[] = [sql`p.practice_id = ${viewer.practiceId}`];
  if (variant === "standard") access.push(sql`u.is_rcm_staff = false`);
  if (viewer.locationRestricted) access.push(sql`p.location_id in (${inList(viewer.locationIds)})`);
  const where: SQL[] = [...access];
  const localDate = sql`(p.posted_at at time zone ${TIMEZONE})::date`;
  const day = params.get("by") === "posting" ? localDate : sql`p.deposit_date`;
  where.push(sql`${day} >= ${params.get("from")}::date and ${day} <= ${params.get("to")}::date`);
  const many = (name: string) => params.getAll(name);
  if (many("location").length) where.push(sql`p.location_id in (${inList(many("location").map(Number))})`);
  if (many("poster").length) where.push(sql`p.posted_by in (${inList(many("poster").map(Number))})`);
  if (many("payer").length) {
    const ids = many("payer").filter((p) => p !== "patient").map(Number);
    where.push(
      sql`(${ids.length ? sql`p.payer_id in (${inList(ids)})` : sql`false`} or ${many("payer").includes("patient") ? sql`p.payer_id is null` : sql`false`})`,
    );
  }
  if (many("payer_type").length) {
    where.push(sql`(case when p.payer_id is null then 'patient' else py.payer_type::text end) in (${inList(many("payer_type"))})`);
  }
  if (many("method").length) where.push(sql`p.method::text in (${inList(many("method"))})`);
  if (many("source").length) where.push(sql`p.source::text in (${inList(many("source"))})`);
  const dollars = (text: string) => Math.round(Number(text) * 100);
  if (params.has("min")) where.push(sql`p.amount_cents >= ${dollars(params.get("min")!)}`);
  if (params.has("max")) where.push(sql`p.amount_cents <= ${dollars(params.get("max")!)}`);
  if (params.get("unbalanced") === "1") {
    // The balance rule: a batch with a control total balances when it equals the posted total; one without, when nothing is unapplied.
    where.push(sql`(case when b.control_total_cents is not null then b.control_total_cents <> bt.posted else bt.unapplied <> 0 end)`);
  }
  const [row] = await queryRows<{ count: number; amount: number; applied: number }>(
    test.db,
    sql`with applied as (select payment_id, sum(paid_cents) as paid from payment_line group by payment_id),
         batch_totals as (
           select p.batch_id, sum(p.amount_cents) as posted, sum(p.amount_cents - coalesce(a.paid, 0)) as unapplied
           from payment p join app_user u on u.id = p.posted_by
           left join applied a on a.payment_id = p.id
           where ${sql.join(access, sql` and `)}
           group by p.batch_id
         )
         select count(*)::int as count, coalesce(sum(p.amount_cents), 0)::bigint as amount,
                coalesce(sum(coalesce(a.paid, 0)), 0)::bigint as applied
         from payment p
         join app_user u on u.id = p.posted_by
         join batch b on b.id = p.batch_id
         join batch_totals bt on bt.batch_id = p.batch_id
         left join payer py on py.id = p.payer_id
         left join applied a on a.payment_id = p.id
         where ${sql.join(where, sql` and `)}`,
  );
  return { count: row!.count, amount: row!.amount, applied: row!.applied, unapplied: row!.amount - row!.applied };
}

describe("Payment Balancing grand total (property)", () => {
  it(`equals an independent plain-SQL sum for ${CASES} random filter and grouping choices`, async () => {
    const r = random(20260331);
    let nonEmpty = 0;
    for (let i = 0; i < CASES; i++) {
      const testCase = makeCase(r);
      const parsed = parsePaymentBalancingQuery(testCase.params, { today: "2026-03-31" });
      if (!parsed.ok) throw new Error(`${testCase.params}: ${parsed.message}`);
      const result = await paymentBalancing(test.db, testCase.viewer, testCase.variant, parsed.value, { expandAll: true });
      const expected = await plainTotals(testCase);
      const label = `${testCase.variant} ${testCase.viewer.email} ?${testCase.params}`;
      expect({ label, ...expected }).toEqual({
        label,
        count: result.grandTotal.paymentCount,
        amount: result.grandTotal.amountCents,
        applied: result.grandTotal.appliedCents,
        unapplied: result.grandTotal.unappliedCents,
      });
      const firstLevel = result.groups.filter((g) => g.level === 1);
      if (parsed.value.groups.length > 0) {
        expect(firstLevel.reduce((sum, g) => sum + g.amountCents, 0)).toBe(result.grandTotal.amountCents);
        expect(firstLevel.reduce((sum, g) => sum + g.paymentCount, 0)).toBe(result.grandTotal.paymentCount);
      }
      if (expected.count > 0) nonEmpty += 1;
    }
    // The generator must exercise real data, not only empty results.
    expect(nonEmpty).toBeGreaterThan(CASES / 2);
  });
});
