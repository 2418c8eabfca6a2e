import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { AccessDenied, type Viewer } from "@/lib/access/viewer";
import { paymentBalancingPayment } from "@/lib/reports/payment-balancing/drill-down";
import { paymentBalancingFilterOptions } from "@/lib/reports/payment-balancing/filter-options";
import { paymentBalancingGlance } from "@/lib/reports/payment-balancing/glance";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { balancingScope } from "@/lib/reports/payment-balancing/scope";
import { isStatementTimeout } from "@/lib/reports/toolkit/statement-timeout";
import { parsePaymentBalancingQuery, type PaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import type { ReportVariant } from "@/lib/access/permissions";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * A hand-made March 2026 ledger (America/Phoenix); every expected total below is worked out
 * by hand from these payments (amounts in cents):
 *
 *   P1  B1  3/02 09:00  Alice  MESA   Aetna     check 1001   10000  applied 10000
 *   P2  B1  3/02 09:30  Alice  MESA   Medicare  eft   EFT1   20000  applied 15000 (unapplied 5000)
 *   P3  B2  3/03 10:00  Bob    TEMPE  Aetna     check 2002   40000  applied 40000 (B2 control 50000)
 *   P4  B3  3/04 11:00  Rhea (RCM staff) MESA Medicare eft EFT2  25000  applied 25000
 *   P5  B4  3/05 08:15  Integration MESA  patient cash      2500  applied 2500   (emr_integration)
 *   P6  B4  3/05 12:00  Integration TEMPE patient card      4000  applied 0      (emr_integration)
 *   P7  B5  3/31 23:30  Bob    MESA   Aetna     check 3003    7500  applied 7500 (April 1 in UTC)
 *   P8  B6  4/02 10:00  Alice  MESA   Aetna     check 1001  -10000  reverses P1
 *   P9  B7  4/01 08:00  Alice  TEMPE  Aetna     check 4004    3000  applied 3000
 *
 * Control totals: B1 30000 (balanced), B2 50000 (posted 40000: out by 10000), B3 25000,
 * B4 none, B5 7500, B6 -10000, B7 3000. Another practice posts 99999 on 3/02.
 */

let test: TestDatabase;
let practice: PracticeFixture;
const ids = {} as Record<
  | "mesa"
  | "tempe"
  | "alice"
  | "bob"
  | "rcm"
  | "integration"
  | "restricted"
  | "billing"
  | "aetna"
  | "medicare"
  | "patient"
  | "p1"
  | "p2"
  | "p3"
  | "p4"
  | "p6"
  | "otherPayment",
  number
>;
const viewers = {} as Record<"admin" | "restricted" | "billing" | "auditor" | "other", Viewer>;

beforeAll(async () => {
  test = await openTestDatabase();
  practice = await PracticeFixture.create(test.db, "Balancing PT");
  ids.mesa = await practice.location("MESA", "Mesa Clinic");
  ids.tempe = await practice.location("TEMPE", "Tempe Clinic");
  ids.alice = await practice.user({ email: "alice@test.example", name: "Alice Admin", roles: ["Billing Admin"] });
  ids.bob = await practice.user({ email: "bob@test.example", name: "Bob Billing", roles: ["Billing"] });
  ids.rcm = await practice.user({ email: "rhea@test.example", name: "Rhea RCM", roles: ["RCM Staff"], isRcmStaff: true });
  ids.integration = await practice.user({ email: "integration@test.example", name: "Integration Import", roles: [] });
  ids.restricted = await practice.user({
    email: "riley@test.example",
    name: "Riley Restricted",
    roles: ["Front Office Billing - EMR Access Restriction"],
    locationIds: [ids.mesa],
  });
  ids.billing = ids.bob;
  const auditor = await practice.user({ email: "avery@test.example", name: "Avery Auditor", roles: ["Auditor"] });
  ids.aetna = await practice.payer("Aetna", "commercial");
  ids.medicare = await practice.payer("Medicare Part B", "medicare");
  ids.patient = await practice.patient("100234", "Ana", "García");
  const charge = (cents: number, cpt = "97110", dateOfService = "2026-02-20") =>
    practice.charge({ patientId: ids.patient, locationId: ids.mesa, dateOfService, cptCode: cpt, billedCents: cents, modifiers: "GP" });

  const b1 = await practice.batch({ batchNumber: "B1", depositDate: "2026-03-02", createdBy: ids.alice, controlTotalCents: 30000 });
  const b2 = await practice.batch({ batchNumber: "B2", depositDate: "2026-03-03", createdBy: ids.bob, controlTotalCents: 50000 });
  const b3 = await practice.batch({ batchNumber: "B3", depositDate: "2026-03-04", createdBy: ids.rcm, controlTotalCents: 25000 });
  const b4 = await practice.batch({ batchNumber: "EMR-MESA-20260305", depositDate: "2026-03-05", createdBy: ids.integration });
  const b5 = await practice.batch({ batchNumber: "B5", depositDate: "2026-03-31", createdBy: ids.bob, controlTotalCents: 7500 });
  const b6 = await practice.batch({ batchNumber: "VOID-1", depositDate: "2026-04-02", createdBy: ids.alice, controlTotalCents: -10000 });
  const b7 = await practice.batch({ batchNumber: "B7", depositDate: "2026-04-01", createdBy: ids.alice, controlTotalCents: 3000 });

  const c1 = await charge(16000);
  const c1b = await charge(4000, "97140", "2026-02-21");
  ids.p1 = await practice.payment({
    batchId: b1,
    postedBy: ids.alice,
    locationId: ids.mesa,
    payerId: ids.aetna,
    referenceNumber: "1001",
    amountCents: 10000,
    postedAt: "2026-03-02T09:00:00-07:00",
    depositDate: "2026-03-02",
    lines: [
      { chargeId: c1, paidCents: 8000, adjustmentCents: 6000, adjustmentReason: "CO-45", patientRespCents: 2000 },
      { chargeId: c1b, paidCents: 2000, adjustmentCents: 2000, adjustmentReason: "CO-45" },
    ],
  });
  ids.p2 = await practice.payment({
    batchId: b1,
    postedBy: ids.alice,
    locationId: ids.mesa,
    payerId: ids.medicare,
    method: "eft",
    referenceNumber: "EFT1",
    amountCents: 20000,
    postedAt: "2026-03-02T09:30:00-07:00",
    depositDate: "2026-03-02",
    lines: [{ chargeId: await charge(30000), paidCents: 15000 }],
  });
  ids.p3 = await practice.payment({
    batchId: b2,
    postedBy: ids.bob,
    locationId: ids.tempe,
    payerId: ids.aetna,
    referenceNumber: "2002",
    amountCents: 40000,
    postedAt: "2026-03-03T10:00:00-07:00",
    depositDate: "2026-03-03",
    lines: [{ chargeId: await charge(60000), paidCents: 40000 }],
  });
  ids.p4 = await practice.payment({
    batchId: b3,
    postedBy: ids.rcm,
    locationId: ids.mesa,
    payerId: ids.medicare,
    method: "eft",
    referenceNumber: "EFT2",
    amountCents: 25000,
    postedAt: "2026-03-04T11:00:00-07:00",
    depositDate: "2026-03-04",
    source: "era",
    lines: [{ chargeId: await charge(40000), paidCents: 25000 }],
  });
  await practice.payment({
    batchId: b4,
    postedBy: ids.integration,
    locationId: ids.mesa,
    patientId: ids.patient,
    method: "cash",
    amountCents: 2500,
    postedAt: "2026-03-05T08:15:00-07:00",
    depositDate: "2026-03-05",
    source: "emr_integration",
    lines: [{ chargeId: await charge(2500), paidCents: 2500 }],
  });
  ids.p6 = await practice.payment({
    batchId: b4,
    postedBy: ids.integration,
    locationId: ids.tempe,
    patientId: ids.patient,
    method: "credit_card",
    amountCents: 4000,
    postedAt: "2026-03-05T12:00:00-07:00",
    depositDate: "2026-03-05",
    source: "emr_integration",
  });
  await practice.payment({
    batchId: b5,
    postedBy: ids.bob,
    locationId: ids.mesa,
    payerId: ids.aetna,
    referenceNumber: "3003",
    amountCents: 7500,
    postedAt: "2026-03-31T23:30:00-07:00",
    depositDate: "2026-03-31",
    lines: [{ chargeId: await charge(9000), paidCents: 7500 }],
  });
  await practice.payment({
    batchId: b6,
    postedBy: ids.alice,
    locationId: ids.mesa,
    payerId: ids.aetna,
    referenceNumber: "1001",
    amountCents: -10000,
    postedAt: "2026-04-02T10:00:00-07:00",
    depositDate: "2026-04-02",
    reversesPaymentId: ids.p1,
    lines: [
      { chargeId: c1, paidCents: -8000, adjustmentCents: -6000, adjustmentReason: "CO-45", patientRespCents: -2000 },
      { chargeId: c1b, paidCents: -2000, adjustmentCents: -2000, adjustmentReason: "CO-45" },
    ],
  });
  await practice.payment({
    batchId: b7,
    postedBy: ids.alice,
    locationId: ids.tempe,
    payerId: ids.aetna,
    referenceNumber: "4004",
    amountCents: 3000,
    postedAt: "2026-04-01T08:00:00-07:00",
    depositDate: "2026-04-01",
    lines: [{ chargeId: await charge(5000), paidCents: 3000 }],
  });

  const other = await PracticeFixture.create(test.db, "Other PT");
  const otherLocation = await other.location("FLAG");
  const otherPoster = await other.user({ email: "other@test.example", roles: ["Billing Admin"] });
  const otherPayer = await other.payer("Aetna");
  const otherBatch = await other.batch({ batchNumber: "B1", depositDate: "2026-03-02", createdBy: otherPoster, controlTotalCents: 1 });
  ids.otherPayment = await other.payment({
    batchId: otherBatch,
    postedBy: otherPoster,
    locationId: otherLocation,
    payerId: otherPayer,
    referenceNumber: "1001",
    amountCents: 99999,
    postedAt: "2026-03-02T09:00:00-07:00",
    depositDate: "2026-03-02",
  });

  viewers.admin = await practice.viewer(ids.alice);
  viewers.restricted = await practice.viewer(ids.restricted);
  viewers.billing = await practice.viewer(ids.billing);
  viewers.auditor = await practice.viewer(auditor);
  viewers.other = await other.viewer(otherPoster);
});

afterAll(() => test.close());

function query(url: string): PaymentBalancingQuery {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(url), { today: "2026-04-15" });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const MARCH = "from=2026-03-01&to=2026-03-31";

async function run(url: string, viewer: Viewer = viewers.admin, variant: ReportVariant = "standard") {
  return paymentBalancing(test.db, viewer, variant, query(url));
}

async function grand(url: string, viewer: Viewer = viewers.admin, variant: ReportVariant = "standard") {
  const { grandTotal } = await run(url, viewer, variant);
  return { count: grandTotal.paymentCount, amount: grandTotal.amountCents, applied: grandTotal.appliedCents, unapplied: grandTotal.unappliedCents };
}

async function amount(url: string, viewer: Viewer = viewers.admin, variant: ReportVariant = "standard") {
  return (await grand(url, viewer, variant)).amount;
}

describe("Payment Balancing: scope and variants", () => {
  it("shows every source in the standard variant but leaves out RCM staff postings", async () => {
    expect(await grand(MARCH)).toEqual({ count: 6, amount: 84000, applied: 75000, unapplied: 9000 });
    const { rows } = await run(MARCH);
    expect(rows.map((r) => r.source).sort()).toEqual(["emr_integration", "emr_integration", "manual", "manual", "manual", "manual"]);
    expect(rows.some((r) => r.posterId === ids.rcm)).toBe(false);
  });

  it("adds RCM staff postings in Full Access", async () => {
    expect(await grand(MARCH, viewers.admin, "full-access")).toEqual({ count: 7, amount: 109000, applied: 100000, unapplied: 9000 });
    const { rows } = await run(MARCH, viewers.admin, "full-access");
    expect(rows.find((r) => r.id === ids.p4)).toMatchObject({ poster: "Rhea RCM", source: "era", amountCents: 25000 });
  });

  it("includes EMR-integration payments with the patient as payer", async () => {
    const { rows, grandTotal } = await run(`${MARCH}&source=emr_integration`);
    expect(grandTotal.amountCents).toBe(6500);
    expect(rows.map((r) => [r.poster, r.payerOrPatient, r.payerType, r.method, r.amountCents, r.unappliedCents])).toEqual([
      ["Integration Import", "García, Ana (100234)", "patient", "cash", 2500, 0],
      ["Integration Import", "García, Ana (100234)", "patient", "credit_card", 4000, 4000],
    ]);
  });

  it("never shows another practice's payments", async () => {
    const { rows } = await run(`${MARCH}&ref=1001`);
    expect(rows.map((r) => r.id)).toEqual([ids.p1]);
    expect(await amount(`${MARCH}&ref=1001`, viewers.other)).toBe(99999);
    expect(await paymentBalancingPayment(test.db, viewers.admin, "full-access", ids.otherPayment)).toBeNull();
  });

  it("bounds a restricted viewer to their locations in rows and totals", async () => {
    expect(await grand(MARCH, viewers.restricted)).toEqual({ count: 4, amount: 40000, applied: 35000, unapplied: 5000 });
    expect(await amount(`${MARCH}&location=${ids.mesa}`, viewers.restricted)).toBe(40000);
    const { rows } = await run(`${MARCH}&group=location&open=${ids.tempe}`, viewers.restricted);
    expect(rows).toEqual([]);
    const { rows: glance } = await paymentBalancingGlance(test.db, viewers.restricted, "standard", query(MARCH));
    expect(glance.filter((g) => g.kind === "batch").map((g) => g.key)).toEqual(["B1", "B5", "EMR-MESA-20260305"]);
    const options = await paymentBalancingFilterOptions(test.db, viewers.restricted, "standard");
    expect(options.locations).toEqual([{ value: String(ids.mesa), label: "Mesa Clinic" }]);
  });

  it("offers the filter bar's choices in the viewer's scope, each list by name", async () => {
    const choice = (value: number | string, label: string) => ({ value: String(value), label });
    const payers = [choice(ids.aetna, "Aetna"), choice(ids.medicare, "Medicare Part B"), choice("patient", "Patient payments")];
    const staffPosters = [choice(ids.alice, "Alice Admin"), choice(ids.bob, "Bob Billing"), choice(ids.integration, "Integration Import")];
    expect(await paymentBalancingFilterOptions(test.db, viewers.admin, "standard")).toEqual({
      locations: [choice(ids.mesa, "Mesa Clinic"), choice(ids.tempe, "Tempe Clinic")],
      posters: staffPosters,
      payers,
    });
    expect((await paymentBalancingFilterOptions(test.db, viewers.admin, "full-access")).posters).toEqual([
      ...staffPosters,
      choice(ids.rcm, "Rhea RCM"),
    ]);
    expect(await paymentBalancingFilterOptions(test.db, viewers.restricted, "standard")).toEqual({
      locations: [choice(ids.mesa, "Mesa Clinic")],
      posters: staffPosters,
      payers,
    });
  });

  it("throws AccessDenied when a restricted viewer asks for another location", async () => {
    await expect(run(`${MARCH}&location=${ids.tempe}`, viewers.restricted)).rejects.toBeInstanceOf(AccessDenied);
    await expect(run(`${MARCH}&location=${ids.mesa}&location=${ids.tempe}`, viewers.restricted)).rejects.toBeInstanceOf(AccessDenied);
    expect(() => balancingScope(viewers.restricted, "standard", [ids.tempe])).toThrow(AccessDenied);
  });

  it("refuses Full Access to a viewer without the permission", async () => {
    await expect(run(MARCH, viewers.billing, "full-access")).rejects.toBeInstanceOf(AccessDenied);
    await expect(run(MARCH, viewers.restricted, "full-access")).rejects.toBeInstanceOf(AccessDenied);
    expect(await amount(MARCH, viewers.auditor, "full-access")).toBe(109000);
  });
});

describe("Payment Balancing: filters", () => {
  it.each([
    [`location=LOC_MESA`, 40000],
    [`location=LOC_TEMPE`, 44000],
    [`poster=USER_ALICE`, 30000],
    [`poster=USER_BOB`, 47500],
    [`poster=USER_INTEGRATION`, 6500],
    [`payer=PAYER_AETNA`, 57500],
    [`payer=patient`, 6500],
    [`payer=PAYER_MEDICARE&payer=patient`, 26500],
    [`payer_type=commercial`, 57500],
    [`payer_type=medicare`, 20000],
    [`payer_type=patient`, 6500],
    [`method=check`, 57500],
    [`method=eft`, 20000],
    [`method=cash&method=credit_card`, 6500],
    [`source=manual`, 77500],
    [`source=era`, 0],
    [`batch=B1`, 30000],
    [`batch=B2&batch=B5`, 47500],
    [`ref=2002`, 40000],
    [`min=100.00`, 70000],
    [`max=50`, 6500],
    [`min=75.00&max=100.00`, 17500],
    // The batches that do not balance: B2 (posted $400 of a $500 slip) and the EMR batch ($40 unapplied);
    // B1 matches its slip, so its $50 unapplied does not count.
    [`unbalanced=1`, 46500],
    [`deposit_date=2026-03-02`, 30000],
    [`posting_date=2026-03-31`, 7500],
    [`location=LOC_MESA&method=check&poster=USER_ALICE`, 10000],
    [`location=LOC_MESA&unbalanced=1`, 2500],
    [`payer_type=patient&location=LOC_TEMPE`, 4000],
    [`poster=USER_BOB&unbalanced=1`, 40000],
    [`source=manual&min=200&payer=PAYER_AETNA`, 40000],
  ])("%s → %d cents", async (filter, expected) => {
    const url = filter
      .replaceAll("LOC_MESA", String(ids.mesa))
      .replaceAll("LOC_TEMPE", String(ids.tempe))
      .replaceAll("USER_ALICE", String(ids.alice))
      .replaceAll("USER_BOB", String(ids.bob))
      .replaceAll("USER_INTEGRATION", String(ids.integration))
      .replaceAll("PAYER_AETNA", String(ids.aetna))
      .replaceAll("PAYER_MEDICARE", String(ids.medicare));
    expect(await amount(`${MARCH}&${url}`)).toBe(expected);
  });

  it("keeps every payment of a batch that does not balance, and none of a balanced batch with money unapplied", async () => {
    const { rows } = await run(`${MARCH}&unbalanced=1`, viewers.admin, "full-access");
    expect(rows.map((r) => [r.batchNumber, r.amountCents, r.unappliedCents])).toEqual([
      ["B2", 40000, 0],
      ["EMR-MESA-20260305", 2500, 0],
      ["EMR-MESA-20260305", 4000, 4000],
    ]);
  });

  it("defaults to deposit dates from the first of this month to today", async () => {
    const parsed = parsePaymentBalancingQuery(new URLSearchParams(""), { today: "2026-03-05" });
    expect(parsed.ok && [parsed.value.by, parsed.value.from, parsed.value.to]).toEqual(["deposit", "2026-03-01", "2026-03-05"]);
    const defaults = await paymentBalancing(test.db, viewers.admin, "standard", (parsed.ok && parsed.value) as PaymentBalancingQuery);
    expect(defaults.grandTotal.amountCents).toBe(76500);
  });
});

describe("Payment Balancing: dates", () => {
  it("puts a payment posted 23:30 in Phoenix on March 31 in March, although it is April in UTC", async () => {
    expect(await amount("by=posting&from=2026-03-31&to=2026-03-31")).toBe(7500);
    expect(await amount("by=posting&from=2026-04-01&to=2026-04-01")).toBe(3000);
    const { groups } = await run("by=posting&from=2026-03-01&to=2026-04-30&group=posting_date");
    expect(groups.find((g) => g.path === "2026-03-31")?.amountCents).toBe(7500);
    const { rows } = await run("by=posting&from=2026-03-31&to=2026-03-31");
    expect(rows[0]).toMatchObject({ postedAt: "2026-04-01T06:30:00.000Z", postingDate: "2026-03-31", depositDate: "2026-03-31" });
  });

  it("lowers the period a reversal was posted in, never the original's", async () => {
    expect(await amount(MARCH)).toBe(84000);
    expect(await grand("from=2026-04-01&to=2026-04-30")).toEqual({ count: 2, amount: -7000, applied: -7000, unapplied: 0 });
    expect(await amount("by=posting&from=2026-04-01&to=2026-04-30")).toBe(-7000);
    expect(await amount("from=2026-03-01&to=2026-04-30")).toBe(77000);
  });
});

describe("Payment Balancing: grouping", () => {
  it("groups one level with subtotals that add up to the grand total", async () => {
    const { groups, grandTotal, rows } = await run(`${MARCH}&group=poster`);
    expect(groups.map((g) => [g.level, g.label, g.paymentCount, g.amountCents, g.appliedCents, g.unappliedCents])).toEqual([
      [1, "Alice Admin", 2, 30000, 25000, 5000],
      [1, "Bob Billing", 2, 47500, 47500, 0],
      [1, "Integration Import", 2, 6500, 2500, 4000],
    ]);
    expect(groups.reduce((sum, g) => sum + g.amountCents, 0)).toBe(grandTotal.amountCents);
    expect(grandTotal).toMatchObject({ level: 0, paymentCount: 6, amountCents: 84000 });
    expect(rows).toEqual([]);
  });

  it("opens the second level only under open groups, and an open leaf group shows its payments", async () => {
    const alice = String(ids.alice);
    const bob = String(ids.bob);
    const { groups, rows } = await run(`${MARCH}&group=poster&group=method&open=${alice}&open=${bob}&open=${bob}~check`);
    expect(groups.map((g) => [g.level, g.path, g.amountCents])).toEqual([
      [1, alice, 30000],
      [2, `${alice}~check`, 10000],
      [2, `${alice}~eft`, 20000],
      [1, bob, 47500],
      [2, `${bob}~check`, 47500],
      [1, String(ids.integration), 6500],
    ]);
    expect(rows.map((r) => [r.groupPath, r.amountCents])).toEqual([
      [`${bob}~check`, 40000],
      [`${bob}~check`, 7500],
    ]);
  });

  it("computes every level's subtotals so that each level adds up to its parent", async () => {
    const result = await paymentBalancing(test.db, viewers.admin, "full-access", query(`${MARCH}&group=location&group=payer_type`), {
      expandAll: true,
    });
    const byPath = new Map(result.groups.map((g) => [g.path, g]));
    expect(result.groups.map((g) => [g.path, g.amountCents])).toEqual([
      [String(ids.mesa), 65000],
      [`${ids.mesa}~commercial`, 17500],
      [`${ids.mesa}~medicare`, 45000],
      [`${ids.mesa}~patient`, 2500],
      [String(ids.tempe), 44000],
      [`${ids.tempe}~commercial`, 40000],
      [`${ids.tempe}~patient`, 4000],
    ]);
    for (const parent of result.groups.filter((g) => g.level === 1)) {
      const children = result.groups.filter((g) => g.level === 2 && g.path.startsWith(`${parent.path}~`));
      expect(children.reduce((sum, g) => sum + g.amountCents, 0)).toBe(byPath.get(parent.path)!.amountCents);
    }
    const all = await paymentBalancing(test.db, viewers.admin, "full-access", query(`${MARCH}&group=location&group=payer_type`), {
      allRows: true,
    });
    expect(all.rows).toHaveLength(7);
    expect(all.rows.reduce((sum, r) => sum + r.amountCents, 0)).toBe(result.grandTotal.amountCents);
    expect(all.rows.reduce((sum, r) => sum + r.unappliedCents, 0)).toBe(result.grandTotal.unappliedCents);
  });

  it("orders groups by the direction the URL sorts their column", async () => {
    const { groups } = await run(`${MARCH}&group=deposit_date&sort=deposit_date:desc`);
    expect(groups.map((g) => g.label)).toEqual(["2026-03-31", "2026-03-05", "2026-03-03", "2026-03-02"]);
  });

  it("returns a grand total row for an empty result", async () => {
    const { grandTotal, groups } = await run("from=2025-01-01&to=2025-01-31&group=poster");
    expect(groups).toEqual([]);
    expect(grandTotal).toMatchObject({ level: 0, paymentCount: 0, amountCents: 0, appliedCents: 0, unappliedCents: 0 });
  });
});

describe("Payment Balancing: sorting and paging", () => {
  it("sorts by the URL's columns and pages the detail rows", async () => {
    const first = await run(`${MARCH}&sort=amount:desc&size=4`);
    expect(first.rows.map((r) => r.amountCents)).toEqual([40000, 20000, 10000, 7500]);
    expect(first.page).toEqual({ number: 1, size: 4, pageCount: 2 });
    expect(first.grandTotal.amountCents).toBe(84000);
    const second = await run(`${MARCH}&sort=amount:desc&size=4&page=2`);
    expect(second.rows.map((r) => r.amountCents)).toEqual([4000, 2500]);
    const byPoster = await run(`${MARCH}&sort=poster:desc&sort=amount:asc`);
    expect(byPoster.rows.map((r) => [r.poster, r.amountCents])).toEqual([
      ["Integration Import", 2500],
      ["Integration Import", 4000],
      ["Bob Billing", 7500],
      ["Bob Billing", 40000],
      ["Alice Admin", 10000],
      ["Alice Admin", 20000],
    ]);
  });

  it("returns export-friendly rows: cents, ISO dates and instants, raw enum values", async () => {
    const { rows } = await run(`${MARCH}&ref=EFT1`);
    expect(rows).toEqual([
      {
        id: ids.p2,
        depositDate: "2026-03-02",
        postedAt: "2026-03-02T16:30:00.000Z",
        postingDate: "2026-03-02",
        posterId: ids.alice,
        poster: "Alice Admin",
        batchId: expect.any(Number),
        batchNumber: "B1",
        batchState: "open",
        locationId: ids.mesa,
        location: "Mesa Clinic",
        payerId: ids.medicare,
        patientId: null,
        payerOrPatient: "Medicare Part B",
        payerType: "medicare",
        method: "eft",
        referenceNumber: "EFT1",
        amountCents: 20000,
        appliedCents: 15000,
        unappliedCents: 5000,
        source: "manual",
        reversesPaymentId: null,
        groupPath: "",
      },
    ]);
  });
});

describe("Payment Balancing: balancing at a glance", () => {
  it("compares posted with control totals per poster, batch and day", async () => {
    const { rows: glance } = await paymentBalancingGlance(test.db, viewers.admin, "standard", query(MARCH));
    const pick = (kind: string, key: string) => glance.find((g) => g.kind === kind && g.key === key);
    expect(pick("batch", "B2")).toMatchObject({
      paymentCount: 1,
      postedCents: 40000,
      controlTotalCents: 50000,
      differenceCents: 10000,
      unappliedCents: 0,
      unbalancedBatches: 1,
    });
    // Its slip matches, so it balances; the $50 unapplied shows on its own.
    expect(pick("batch", "B1")).toMatchObject({
      postedCents: 30000,
      controlTotalCents: 30000,
      differenceCents: 0,
      unappliedCents: 5000,
      unbalancedBatches: 0,
    });
    expect(pick("poster", String(ids.bob))).toMatchObject({
      label: "Bob Billing",
      paymentCount: 2,
      postedCents: 47500,
      controlTotalCents: 57500,
      differenceCents: 10000,
      unbalancedBatches: 1,
    });
    expect(pick("day", "2026-03-05")).toMatchObject({
      postedCents: 6500,
      controlTotalCents: null,
      differenceCents: null,
      unappliedCents: 4000,
      // The EMR batch has no slip, so its unapplied $40 makes it out of balance.
      unbalancedBatches: 1,
    });
    expect(glance.some((g) => g.kind === "batch" && g.key === "B3")).toBe(false);
  });

  it("lists batches out of balance first, then those with money unapplied, and counts them all when it lists only some", async () => {
    const all = await paymentBalancingGlance(test.db, viewers.admin, "standard", query(MARCH));
    // Out of balance: the EMR batch (money unapplied, no slip) and B2 (differs from its slip).
    // B1 balances with money unapplied; B5 balances with none.
    expect(all.rows.filter((g) => g.kind === "batch").map((g) => g.key)).toEqual(["EMR-MESA-20260305", "B2", "B1", "B5"]);
    const firstTwo = await paymentBalancingGlance(test.db, viewers.admin, "standard", query(MARCH), { batchLimit: 2 });
    expect(firstTwo.rows.filter((g) => g.kind === "batch").map((g) => g.key)).toEqual(["EMR-MESA-20260305", "B2"]);
    expect(firstTwo).toMatchObject({ batchCount: 4, batchesNotBalanced: 2 });
    expect(firstTwo.rows.filter((g) => g.kind !== "batch")).toEqual(all.rows.filter((g) => g.kind !== "batch"));
  });

  it("shows only what does not balance with unbalanced=1", async () => {
    const { rows: glance } = await paymentBalancingGlance(test.db, viewers.admin, "full-access", query(`${MARCH}&unbalanced=1`));
    expect(glance.filter((g) => g.kind === "batch").map((g) => [g.key, g.postedCents])).toEqual([
      ["EMR-MESA-20260305", 6500],
      ["B2", 40000],
    ]);
  });
});

describe("Payment Balancing: drill-down", () => {
  it("opens a payment's lines by patient and CPT code", async () => {
    const drill = await paymentBalancingPayment(test.db, viewers.admin, "standard", ids.p1);
    expect(drill?.payment).toMatchObject({ id: ids.p1, amountCents: 10000, appliedCents: 10000, batchNumber: "B1" });
    expect(drill?.lines.map(({ id: _id, ...line }) => line)).toEqual([
      {
        patient: "García, Ana",
        mrn: "100234",
        dateOfService: "2026-02-20",
        cptCode: "97110",
        modifiers: "GP",
        units: 1,
        billedCents: 16000,
        paidCents: 8000,
        adjustmentCents: 6000,
        adjustmentReason: "CO-45",
        patientRespCents: 2000,
        referenceNumber: "1001",
      },
      {
        patient: "García, Ana",
        mrn: "100234",
        dateOfService: "2026-02-21",
        cptCode: "97140",
        modifiers: "GP",
        units: 1,
        billedCents: 4000,
        paidCents: 2000,
        adjustmentCents: 2000,
        adjustmentReason: "CO-45",
        patientRespCents: 0,
        referenceNumber: "1001",
      },
    ]);
  });

  it("finds nothing out of scope: RCM postings in standard, other locations for a restricted viewer", async () => {
    expect(await paymentBalancingPayment(test.db, viewers.admin, "standard", ids.p4)).toBeNull();
    expect((await paymentBalancingPayment(test.db, viewers.admin, "full-access", ids.p4))?.payment.poster).toBe("Rhea RCM");
    expect(await paymentBalancingPayment(test.db, viewers.restricted, "standard", ids.p3)).toBeNull();
    expect((await paymentBalancingPayment(test.db, viewers.restricted, "standard", ids.p2))?.lines).toHaveLength(1);
    expect((await paymentBalancingPayment(test.db, viewers.admin, "standard", ids.p6))?.lines).toEqual([]);
  });

  it("shows a restricted viewer every line of a check, but not the patients of charges at other locations", async () => {
    // June 2025, away from the March ledger the other tests total.
    const tempePatient = await practice.patient("200777", "Theo", "Tempe");
    const atTempe = await practice.charge({
      patientId: tempePatient, locationId: ids.tempe, dateOfService: "2025-06-02", cptCode: "97140", billedCents: 9000,
    });
    const atMesa = await practice.charge({
      patientId: ids.patient, locationId: ids.mesa, dateOfService: "2025-06-03", cptCode: "97110", billedCents: 7000,
    });
    const batchId = await practice.batch({ batchNumber: "B-JUNE", depositDate: "2025-06-10", createdBy: ids.alice, controlTotalCents: 9000 });
    const check = await practice.payment({
      batchId,
      postedBy: ids.alice,
      locationId: ids.mesa,
      payerId: ids.aetna,
      referenceNumber: "6006",
      amountCents: 9000,
      postedAt: "2025-06-10T09:00:00-07:00",
      depositDate: "2025-06-10",
      lines: [
        { chargeId: atTempe, paidCents: 5000 },
        { chargeId: atMesa, paidCents: 4000 },
      ],
    });
    const patients = async (viewer: Viewer) => {
      const drill = await paymentBalancingPayment(test.db, viewer, "standard", check);
      return drill?.lines.map((line) => [line.patient, line.mrn, line.cptCode, line.paidCents]);
    };
    expect(await patients(viewers.restricted)).toEqual([
      ["García, Ana", "100234", "97110", 4000],
      ["Patient at another location", "", "97140", 5000],
    ]);
    expect(await patients(viewers.admin)).toEqual([
      ["García, Ana", "100234", "97110", 4000],
      ["Tempe, Theo", "200777", "97140", 5000],
    ]);
    expect((await paymentBalancingPayment(test.db, viewers.restricted, "standard", check))?.totals.paidCents).toBe(9000);
  });
});

describe("Payment Balancing: a cancelled query", () => {
  it("recognises PostgreSQL's statement-timeout error (57014) as it arrives through the driver", async () => {
    const failure = await test.db
      .execute(sql`do $$ begin raise exception 'canceling statement due to statement timeout' using errcode = '57014'; end $$`)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isStatementTimeout(failure)).toBe(true);
    const other = await test.db.execute(sql`select 1 / 0`).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isStatementTimeout(other)).toBe(false);
  });
});

describe("Payment Balancing: one snapshot", () => {
  it("reads the group rows and the payments under them in one read-only repeatable-read transaction", async () => {
    // Each statement the report runs, and the transaction it ran in, seen through the handle it was given.
    const seen: string[] = [];
    const watching = (handle: Database): Database =>
      new Proxy(handle, {
        get(target, property, receiver) {
          if (property === "execute") {
            return async (statement: SQL) => {
              const [mode] = await queryRows<{ isolation: string; readOnly: string }>(
                target,
                sql`select current_setting('transaction_isolation') as isolation, current_setting('transaction_read_only') as "readOnly"`,
              );
              seen.push(`${mode!.isolation}, read only ${mode!.readOnly}`);
              return target.execute(statement);
            };
          }
          if (property === "transaction") {
            return (work: (tx: Database) => Promise<unknown>, config: unknown) =>
              target.transaction((tx) => work(watching(tx as unknown as Database)), config as never);
          }
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    const result = await paymentBalancing(watching(test.db), viewers.admin, "standard", query(`${MARCH}&group=poster&open=${ids.alice}`));
    expect(result.rows.length).toBeGreaterThan(0);
    expect(seen).toEqual(["repeatable read, read only on", "repeatable read, read only on"]);
  });
});
