import { createReadStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import { importEraFile } from "@/lib/posting/era/import";
import { paymentBalancing } from "@/lib/reports/payment-balancing/report";
import { parsePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { openTestDatabase, type TestDatabase } from "../support/database";

/*
 * The round trip: the demo generator writes its last ERA batches as 835 files instead of posting
 * them; a poster imports those files; Payment Balancing by source then shows what the generator
 * would have posted itself (seeded again without the files), plus the one thing the files add:
 * the $2.24 of L6 interest on the oldest file. The deliberately unknown claim's money is there
 * too, held unapplied in the worklist.
 */

const OPTIONS = { paymentLines: 3000, months: 3, endDate: "2026-03-31" };
const MARCH_BY_SOURCE = "by=deposit&from=2026-01-01&to=2026-03-31&group=source";

let imported: TestDatabase;
let generated: TestDatabase;
let dir: string;

async function viewerOf(test: TestDatabase, email: string): Promise<Viewer> {
  const [user] = await queryRows<{ id: number; practiceId: number }>(
    test.db,
    sql`select id, practice_id as "practiceId" from app_user where email = ${email}`,
  );
  return (await loadViewer(test.db, user!.id, user!.practiceId))!;
}

async function eraTotals(test: TestDatabase) {
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(MARCH_BY_SOURCE), { today: "2026-03-31" });
  if (!parsed.ok) throw new Error(parsed.message);
  const result = await paymentBalancing(test.db, await viewerOf(test, "admin@demo-pt.test"), "full-access", parsed.value);
  return result.groups.find((group) => group.path === "era")!;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "era-roundtrip-"));
  imported = await openTestDatabase();
  generated = await openTestDatabase();
  await seedDemoData(imported.db, { ...OPTIONS, eraFilesDir: dir });
  await seedDemoData(generated.db, OPTIONS);
});

afterAll(async () => {
  await imported.close();
  await generated.close();
  rmSync(dir, { recursive: true, force: true });
});

it("imports the demo's ERA files back to the generator's own ERA totals", async () => {
  const poster = await viewerOf(imported, "poster1@demo-pt.test");
  const importer = { practiceId: poster.practiceId, userId: poster.userId, timezone: poster.timezone };
  const outcomes = [];
  for (const name of readdirSync(dir).sort()) {
    outcomes.push(...(await importEraFile(imported.db, importer, createReadStream(path.join(dir, name)), { fileName: name })));
  }
  expect(outcomes).toHaveLength(13);
  expect(outcomes.every((outcome) => outcome.status === "posted")).toBe(true);
  // The one claim the newest file names without its C and zeros.
  expect(outcomes.reduce((sum, outcome) => sum + outcome.exceptions, 0)).toBe(1);

  const [held] = await queryRows<{ cents: number }>(imported.db, sql`select sum(amount_cents)::bigint as cents from era_exception`);
  const before = await eraTotals(generated);
  const after = await eraTotals(imported);
  expect(after.amountCents).toBe(before.amountCents + 224);
  expect(after.unappliedCents).toBe(before.unappliedCents + held!.cents);
  expect(after.appliedCents).toBe(before.appliedCents + 224 - held!.cents);

  const again = await importEraFile(imported.db, importer, createReadStream(path.join(dir, readdirSync(dir).sort()[0]!)));
  expect(again.map((outcome) => outcome.status)).toEqual(["already_posted"]);
});
