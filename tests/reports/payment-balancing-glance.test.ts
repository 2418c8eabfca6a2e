import type { Viewer } from "@/lib/access/viewer";
import type { BalancingGlance } from "@/lib/reports/payment-balancing/columns";
import { paymentBalancingGlance } from "@/lib/reports/payment-balancing/glance";
import { chartBucketOf } from "@/lib/reports/payment-balancing/posted-by-day";
import {
  filtersForAudit,
  glanceTabOf,
  parsePaymentBalancingQuery,
  withGlanceTab,
  type PaymentBalancingQuery,
} from "@/lib/reports/payment-balancing/search-params";
import { validateQuery } from "@/lib/url/validators";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * The glance's whole-batch columns and the chart above it, on a hand-made March 2026 ledger
 * (America/Phoenix; amounts in cents, every expected value worked out by hand):
 *
 *   B1     deposit 3/02  control 30000  Alice
 *          P1 check 10000 applied 10000, posted 3/02
 *          P2 eft   20000 applied 15000 (unapplied 5000), posted 3/03
 *   B2     deposit 3/03  control 50000  Bob       P3 check 40000 applied 40000, posted 3/03 (out by 10000)
 *   EMR-1  deposit 3/05  no control     Ivy       P4 cash   2500 emr_integration, nothing applied
 *   ERA-1  deposit 3/05  control 12000  Ivy       P5 eft   12000 era, applied 12000
 *   B9     deposit 5/11  control  3000  Bob       P6 check  3000 applied 3000
 */

let test: TestDatabase;
let admin: Viewer;
const ids = {} as Record<"alice" | "bob", number>;

const query = (search: string): PaymentBalancingQuery => {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(search), { today: "2026-06-30" });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const glanceOf = (search: string) => paymentBalancingGlance(test.db, admin, "standard", query(search));
const line = (glance: BalancingGlance, kind: string, key: string) => glance.rows.find((row) => row.kind === kind && row.key === key);
const MARCH = "from=2026-03-01&to=2026-03-31";

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db, "Glance PT");
  const mesa = await practice.location("MESA", "Mesa Clinic");
  ids.alice = await practice.user({ email: "alice@test.example", name: "Alice Admin", roles: ["Billing Admin"] });
  ids.bob = await practice.user({ email: "bob@test.example", name: "Bob Billing", roles: ["Billing"] });
  const ivy = await practice.user({ email: "ivy@test.example", name: "Ivy Integration", roles: [] });
  admin = await practice.viewer(ids.alice);
  const aetna = await practice.payer("Aetna", "commercial");
  const patient = await practice.patient("100234", "Ana", "García");
  const charge = (cents: number) =>
    practice.charge({ patientId: patient, locationId: mesa, dateOfService: "2026-02-20", cptCode: "97110", billedCents: cents });
  const paid = async (cents: number) => [{ chargeId: await charge(cents), paidCents: cents }];

  const b1 = await practice.batch({ batchNumber: "B1", depositDate: "2026-03-02", createdBy: ids.alice, controlTotalCents: 30000 });
  const b2 = await practice.batch({ batchNumber: "B2", depositDate: "2026-03-03", createdBy: ids.bob, controlTotalCents: 50000 });
  const emr = await practice.batch({ batchNumber: "EMR-1", depositDate: "2026-03-05", createdBy: ivy });
  const era = await practice.batch({ batchNumber: "ERA-1", depositDate: "2026-03-05", createdBy: ivy, controlTotalCents: 12000 });
  const b9 = await practice.batch({ batchNumber: "B9", depositDate: "2026-05-11", createdBy: ids.bob, controlTotalCents: 3000 });
  const common = { locationId: mesa, payerId: aetna };
  await practice.payment({ ...common, batchId: b1, postedBy: ids.alice, amountCents: 10000, postedAt: "2026-03-02T09:00:00-07:00", depositDate: "2026-03-02", lines: await paid(10000) });
  await practice.payment({
    ...common,
    batchId: b1,
    postedBy: ids.alice,
    method: "eft",
    amountCents: 20000,
    postedAt: "2026-03-03T10:00:00-07:00",
    depositDate: "2026-03-02",
    lines: await paid(15000),
  });
  await practice.payment({ ...common, batchId: b2, postedBy: ids.bob, amountCents: 40000, postedAt: "2026-03-03T11:00:00-07:00", depositDate: "2026-03-03", lines: await paid(40000) });
  await practice.payment({
    locationId: mesa,
    patientId: patient,
    batchId: emr,
    postedBy: ivy,
    method: "cash",
    source: "emr_integration",
    amountCents: 2500,
    postedAt: "2026-03-05T08:00:00-07:00",
    depositDate: "2026-03-05",
  });
  await practice.payment({
    ...common,
    batchId: era,
    postedBy: ivy,
    method: "eft",
    source: "era",
    amountCents: 12000,
    postedAt: "2026-03-05T09:00:00-07:00",
    depositDate: "2026-03-05",
    lines: await paid(12000),
  });
  await practice.payment({ ...common, batchId: b9, postedBy: ids.bob, amountCents: 3000, postedAt: "2026-05-11T09:00:00-07:00", depositDate: "2026-05-11", lines: await paid(3000) });
});

afterAll(() => test.close());

describe("Balancing at a glance: control totals and differences are whole batches'", () => {
  it("keeps a batch's difference whole when a method filter leaves out some of its payments, and counts the batch as split", async () => {
    const glance = await glanceOf(`${MARCH}&method=check`);
    // The issue's trap: Posted is the filtered 10000, but B1's slip and difference are the whole batch's.
    expect(line(glance, "batch", "B1")).toMatchObject({
      paymentCount: 1,
      postedCents: 10000,
      unappliedCents: 0,
      batchPostedCents: 30000,
      controlTotalCents: 30000,
      differenceCents: 0,
      unbalancedBatches: 0,
    });
    expect(line(glance, "batch", "B2")).toMatchObject({ postedCents: 40000, batchPostedCents: 40000, controlTotalCents: 50000, differenceCents: 10000, unbalancedBatches: 1 });
    expect(line(glance, "poster", String(ids.alice))).toMatchObject({ postedCents: 10000, batchPostedCents: 30000, controlTotalCents: 30000, differenceCents: 0 });
    expect(glance.batchesSplit).toBe(1);
    expect((await glanceOf(MARCH)).batchesSplit).toBe(0);
  });

  it("adds up on every line: Difference = Control total − Batch posted", async () => {
    for (const search of [MARCH, `${MARCH}&method=check`, `by=posting&from=2026-03-03&to=2026-03-31`]) {
      for (const row of (await glanceOf(search)).rows) {
        expect(row.differenceCents).toBe(row.controlTotalCents === null ? null : row.controlTotalCents - row.batchPostedCents!);
      }
    }
  });

  it("counts only the batches with a control total beside the control total, and judges the others by the balance rule", async () => {
    // 3/05: EMR-1 (no slip, 2500 unapplied, so out of balance) and ERA-1 (12000 against its 12000).
    expect(line(await glanceOf(MARCH), "day", "2026-03-05")).toMatchObject({
      paymentCount: 2,
      postedCents: 14500,
      unappliedCents: 2500,
      batchPostedCents: 12000,
      controlTotalCents: 12000,
      differenceCents: 0,
      unbalancedBatches: 1,
    });
    expect(line(await glanceOf(MARCH), "batch", "EMR-1")).toMatchObject({ batchPostedCents: null, controlTotalCents: null, differenceCents: null, unbalancedBatches: 1 });
  });

  it("by posting date, a range that cuts a batch keeps it whole and says so", async () => {
    const glance = await glanceOf("by=posting&from=2026-03-03&to=2026-03-31");
    // P1 was posted 3/02, outside the range; B1 is still 30000 against 30000.
    expect(line(glance, "day", "2026-03-03")).toMatchObject({
      paymentCount: 2,
      postedCents: 60000,
      unappliedCents: 5000,
      batchPostedCents: 70000,
      controlTotalCents: 80000,
      differenceCents: 10000,
      unbalancedBatches: 1,
    });
    expect(glance.batchesSplit).toBe(1);
  });
});

describe("Posted per day, by source, from the glance's pass", () => {
  it("has a bar for every day of the range, by source, with its unapplied amount", async () => {
    const { postedByDay } = await glanceOf(MARCH);
    expect(postedByDay.bucket).toBe("day");
    expect(postedByDay.days).toHaveLength(31);
    const bar = (day: string) => postedByDay.days.find((d) => d.day === day);
    expect(bar("2026-03-02")).toEqual({ day: "2026-03-02", bySource: { manual: 30000, era: 0, emr_integration: 0 }, postedCents: 30000, unappliedCents: 5000 });
    expect(bar("2026-03-03")).toEqual({ day: "2026-03-03", bySource: { manual: 40000, era: 0, emr_integration: 0 }, postedCents: 40000, unappliedCents: 0 });
    expect(bar("2026-03-05")).toEqual({ day: "2026-03-05", bySource: { manual: 0, era: 12000, emr_integration: 2500 }, postedCents: 14500, unappliedCents: 2500 });
    // A day without payments is a bar at zero: a quiet day shows.
    expect(bar("2026-03-04")).toEqual({ day: "2026-03-04", bySource: { manual: 0, era: 0, emr_integration: 0 }, postedCents: 0, unappliedCents: 0 });
  });

  it("follows the filters and the report's date", async () => {
    const filtered = await glanceOf(`${MARCH}&method=check`);
    expect(filtered.postedByDay.days.find((d) => d.day === "2026-03-02")).toMatchObject({ postedCents: 10000, unappliedCents: 0 });
    const byPosting = await glanceOf("by=posting&from=2026-03-01&to=2026-03-31");
    expect(byPosting.postedByDay.days.find((d) => d.day === "2026-03-02")).toMatchObject({ postedCents: 10000, unappliedCents: 0 });
    expect(byPosting.postedByDay.days.find((d) => d.day === "2026-03-03")).toMatchObject({
      bySource: { manual: 60000, era: 0, emr_integration: 0 },
      unappliedCents: 5000,
    });
  });

  it("draws a long range by month", async () => {
    const { postedByDay } = await glanceOf("from=2026-01-01&to=2026-06-30");
    expect(postedByDay.bucket).toBe("month");
    expect(postedByDay.days.map((d) => [d.day, d.postedCents, d.unappliedCents])).toEqual([
      ["2026-01-01", 0, 0],
      ["2026-02-01", 0, 0],
      ["2026-03-01", 84500, 7500],
      ["2026-04-01", 0, 0],
      ["2026-05-01", 3000, 0],
      ["2026-06-01", 0, 0],
    ]);
    expect(postedByDay.days[2]!.bySource).toEqual({ manual: 70000, era: 12000, emr_integration: 2500 });
  });

  it("chooses days up to two months, months up to three years, then years", () => {
    expect(chartBucketOf("2026-01-01", "2026-03-03")).toBe("day"); // 62 days
    expect(chartBucketOf("2026-01-01", "2026-03-04")).toBe("month");
    expect(chartBucketOf("2024-01-01", "2026-12-31")).toBe("month"); // 1,096 days
    expect(chartBucketOf("2020-01-01", "2026-12-31")).toBe("year");
  });
});

describe("The glance's tab in the URL", () => {
  it("is read with the report's schema, the per-poster tab when absent", () => {
    expect(query(MARCH).glance).toBe("poster");
    expect(query(`${MARCH}&glance=batch`).glance).toBe("batch");
    expect(glanceTabOf(new URLSearchParams("glance=day"))).toBe("day");
    expect(glanceTabOf(new URLSearchParams(""))).toBe("poster");
  });

  it("answers a bad or repeated tab with the same precise 400 as any other parameter", () => {
    expect(validateQuery("/payments/balancing", new URLSearchParams("glance=chart"))).toBe(
      '"glance" must be one of poster, batch, day, not "chart".',
    );
    expect(validateQuery("/payments/balancing/full-access", new URLSearchParams("glance=day&glance=batch"))).toBe('Give "glance" only once.');
  });

  it("is set by withGlanceTab, which leaves the default out and keeps every other parameter", () => {
    const params = new URLSearchParams("from=2026-03-01&group=poster&glance=day");
    expect(withGlanceTab(params, "batch").toString()).toBe("from=2026-03-01&group=poster&glance=batch");
    expect(withGlanceTab(params, "poster").toString()).toBe("from=2026-03-01&group=poster");
  });

  it("is what is on screen, not a filter: the audit trail leaves it out", () => {
    expect(filtersForAudit(query(`${MARCH}&glance=day`))).not.toHaveProperty("glance");
  });
});
