import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { csvChunks, xlsxChunks } from "@/lib/export/writers";
import type { ExportPlan } from "@/lib/export/plan";
import { myActivityBatches } from "@/lib/reports/my-activity/batches";
import { myActivityBatchesExport } from "@/lib/reports/my-activity/export";
import { myActivityBatchByCheck } from "@/lib/reports/my-activity/by-check";
import { paymentBalancingExport } from "@/lib/reports/payment-balancing/export";
import { paymentBalancingGlance } from "@/lib/reports/payment-balancing/glance";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { batchBalancedSql, isBatchBalanced, type BatchBalanceFacts } from "@/lib/reports/toolkit/balance-rule";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { PracticeFixture } from "../support/fixtures";

/*
 * One batch of each kind the balance rule tells apart, asked on every screen, in the
 * unbalanced=1 filter and in both exports of both reports:
 *   SLIP-MATCH    control $150.00, posted $150.00, $50.00 unapplied → Balanced
 *   SLIP-SHORT    control $200.00, posted $100.00, all applied      → Out of balance
 *   NO-SLIP-OPEN  no control total, posted $40.00, $40.00 unapplied → Out of balance
 *   NO-SLIP-DONE  no control total, posted $25.00, all applied      → Balanced
 */
const EXPECTED: Record<string, "Balanced" | "Out of balance"> = {
  "SLIP-MATCH": "Balanced",
  "SLIP-SHORT": "Out of balance",
  "NO-SLIP-OPEN": "Out of balance",
  "NO-SLIP-DONE": "Balanced",
};
const NOT_BALANCED = ["NO-SLIP-OPEN", "SLIP-SHORT"];

let test: TestDatabase;
let poster: Viewer;

beforeAll(async () => {
  test = await openTestDatabase();
  const practice = await PracticeFixture.create(test.db);
  const mesa = await practice.location("MESA");
  const posterId = await practice.user({ email: "lead@test.example", roles: ["Billing Admin"] });
  const aetna = await practice.payer("Aetna");
  const patient = await practice.patient("100900", "Lee", "Kim");
  const charge = (billedCents: number) =>
    practice.charge({ patientId: patient, locationId: mesa, dateOfService: "2026-02-20", cptCode: "97110", billedCents });
  const batch = (batchNumber: string, controlTotalCents?: number) =>
    practice.batch({ batchNumber, depositDate: "2026-03-02", createdBy: posterId, controlTotalCents });
  const base = { postedBy: posterId, locationId: mesa, payerId: aetna, depositDate: "2026-03-02" };

  const slipMatch = await batch("SLIP-MATCH", 15000);
  await practice.payment({ ...base, batchId: slipMatch, amountCents: 10000, postedAt: "2026-03-02T09:00:00-07:00", lines: [{ chargeId: await charge(10000), paidCents: 10000 }] });
  await practice.payment({ ...base, batchId: slipMatch, amountCents: 5000, postedAt: "2026-03-02T09:01:00-07:00" });
  const slipShort = await batch("SLIP-SHORT", 20000);
  await practice.payment({ ...base, batchId: slipShort, amountCents: 10000, postedAt: "2026-03-02T09:02:00-07:00", lines: [{ chargeId: await charge(10000), paidCents: 10000 }] });
  const noSlipOpen = await batch("NO-SLIP-OPEN");
  await practice.payment({ ...base, batchId: noSlipOpen, amountCents: 4000, postedAt: "2026-03-02T09:03:00-07:00" });
  const noSlipDone = await batch("NO-SLIP-DONE");
  await practice.payment({ ...base, batchId: noSlipDone, amountCents: 2500, postedAt: "2026-03-02T09:04:00-07:00", lines: [{ chargeId: await charge(2500), paidCents: 2500 }] });
  poster = await practice.viewer(posterId);
});

afterAll(() => test.close());

const MARCH = { by: "deposit", kind: "range", from: "2026-03-01", to: "2026-03-31" } as const;

function balancingQuery(search: string) {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(search), { today: "2026-03-31" });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

async function fileOf(plan: ExportPlan, format: "csv" | "xlsx"): Promise<string[][]> {
  const source = { ...plan, timezone: poster.timezone };
  const parts: Buffer[] = [];
  for await (const chunk of format === "csv" ? csvChunks(source) : xlsxChunks(source, plan.sheetName)) parts.push(Buffer.from(chunk));
  const file = Buffer.concat(parts);
  if (format === "csv") return parse(file.toString(), { bom: true });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ""))));
  return rows;
}

describe("the balance rule", () => {
  const facts: Array<[string, BatchBalanceFacts, boolean]> = [
    ["a slip that matches, money unapplied", { controlTotalCents: 15000, postedTotalCents: 15000, unappliedCents: 5000 }, true],
    ["a slip that does not match", { controlTotalCents: 20000, postedTotalCents: 10000, unappliedCents: 0 }, false],
    ["no slip, money unapplied", { controlTotalCents: null, postedTotalCents: 4000, unappliedCents: 4000 }, false],
    ["no slip, all applied", { controlTotalCents: null, postedTotalCents: 2500, unappliedCents: 0 }, true],
    ["a void batch's negative slip that matches", { controlTotalCents: -10000, postedTotalCents: -10000, unappliedCents: 0 }, true],
  ];

  it.each(facts)("gives the same answer in TypeScript and in SQL for %s", async (_name, batch, balanced) => {
    expect(isBatchBalanced(batch)).toBe(balanced);
    const [row] = await queryRows<{ balanced: boolean }>(
      test.db,
      sql`select ${batchBalancedSql({
        controlTotal: sql`${batch.controlTotalCents}::bigint`,
        postedTotal: sql`${batch.postedTotalCents}::bigint`,
        unapplied: sql`${batch.unappliedCents}::bigint`,
      })} as balanced`,
    );
    expect(row!.balanced).toBe(balanced);
  });

  it("is what My Payment Activity says of each batch, in its list and in each batch's header", async () => {
    const { rows, totals } = await myActivityBatches(test.db, poster, MARCH);
    expect(Object.fromEntries(rows.map((row) => [row.batchNumber, row.status]))).toEqual(EXPECTED);
    expect(totals.status).toBe("2 out of balance");
    for (const [batchNumber, status] of Object.entries(EXPECTED)) {
      expect((await myActivityBatchByCheck(test.db, poster, batchNumber))!.batch.status).toBe(status);
    }
  });

  it("is what Payment Balancing's glance counts as out of balance", async () => {
    const glance = await paymentBalancingGlance(test.db, poster, "standard", balancingQuery("from=2026-03-01&to=2026-03-31"));
    const batchLines = glance.rows.filter((row) => row.kind === "batch");
    expect(Object.fromEntries(batchLines.map((row) => [row.key, row.unbalancedBatches === 0 ? "Balanced" : "Out of balance"]))).toEqual(
      EXPECTED,
    );
    expect(glance.batchesNotBalanced).toBe(2);
    expect(glance.rows.find((row) => row.kind === "poster")!.unbalancedBatches).toBe(2);
  });

  it("is what unbalanced=1 keeps: every payment of the batches that do not balance, and nothing else", async () => {
    const result = await paymentBalancing(test.db, poster, "standard", balancingQuery("from=2026-03-01&to=2026-03-31&unbalanced=1"));
    expect([...new Set(result.rows.map((row) => row.batchNumber))].sort()).toEqual(NOT_BALANCED);
    expect(result.grandTotal).toMatchObject({ paymentCount: 2, amountCents: 14000, unappliedCents: 4000 });
  });

  it.each(["csv", "xlsx"] as const)("is what both reports' %s exports say", async (format) => {
    const myActivity = await fileOf(await myActivityBatchesExport(test.db, poster, MARCH), format);
    const balanceColumn = myActivity[0]!.indexOf("Balance");
    const byBatch = Object.fromEntries(myActivity.slice(1, -1).map((row) => [row[0], row[balanceColumn]]));
    expect(byBatch).toEqual(EXPECTED);

    const plan = await paymentBalancingExport(test.db, poster, "standard", balancingQuery("from=2026-03-01&to=2026-03-31&unbalanced=1"));
    const balancing = await fileOf(plan, format);
    const batchColumn = balancing[0]!.indexOf("Batch");
    const payments = balancing.slice(1, -1);
    expect([...new Set(payments.map((row) => row[batchColumn]))].sort()).toEqual(NOT_BALANCED);
    expect(balancing.at(-1)![0]).toBe("Grand total");
  });
});
