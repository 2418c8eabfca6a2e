import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { openReadSnapshot } from "@/lib/export/snapshot";
import { openPgliteTestDatabase, openTestDatabase, type TestDatabase } from "../support/database";
import { collectBatches } from "../support/batches";

const drivers: [string, () => Promise<TestDatabase>][] = [
  ["the test database", openTestDatabase],
  ["PGlite", openPgliteTestDatabase],
];

const numbers = sql`select n, n * 100 as cents from generate_series(1, 25) as n order by n`;

describe.each(drivers)("an export's read snapshot on %s", (_name, open) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await open();
  });
  afterAll(() => test.close());

  it("yields every row once, in order, a batch at a time", async () => {
    const snapshot = openReadSnapshot(test.db);
    const batches = await collectBatches(snapshot.batches<{ n: number; cents: number }>(numbers, 10));
    await snapshot.close();
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((row) => row.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(batches[2]![4]).toEqual({ n: 25, cents: 2500 });
  });

  it("answers a totals query and then streams rows, each closed snapshot giving its connection back", async () => {
    // More snapshots than the test pool has connections (4): a leaked connection would hang here.
    for (let round = 0; round < 6; round++) {
      const snapshot = openReadSnapshot(test.db);
      const [totals] = await snapshot.rows<{ total: number }>(sql`select sum(n)::bigint as total from generate_series(1, 25) n`);
      expect(totals!.total).toBe(325);
      for await (const batch of snapshot.batches<{ n: number }>(numbers, 10)) {
        expect(batch[0]!.n).toBe(1);
        break;
      }
      await snapshot.close();
    }
    const [row] = await queryRows<{ total: number }>(test.db, sql`select sum(n)::bigint as total from generate_series(1, 4) n`);
    expect(row!.total).toBe(10);
  });

  it("passes a query error to the reader and closes cleanly after it", async () => {
    const snapshot = openReadSnapshot(test.db);
    const failing = sql`select 1 / (n - 3) as x from generate_series(1, 5) n`;
    let failure: unknown;
    try {
      await collectBatches(snapshot.batches(failing, 1));
    } catch (error) {
      failure = error;
    }
    await snapshot.close();
    const message = String((failure as { cause?: Error }).cause?.message ?? (failure as Error).message);
    expect(message).toMatch(/division by zero/);
  });
});
