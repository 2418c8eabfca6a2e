import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { cursorBatches } from "@/lib/export/cursor";
import { openPgliteTestDatabase, openTestDatabase, type TestDatabase } from "../support/database";

const drivers: [string, () => Promise<TestDatabase>][] = [
  ["the test database", openTestDatabase],
  ["PGlite", openPgliteTestDatabase],
];

describe.each(drivers)("cursor batches on %s", (_name, open) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await open();
  });
  afterAll(() => test.close());

  const numbers = sql`select n, n * 100 as cents from generate_series(1, 25) as n order by n`;

  it("yields every row once, in order, a batch at a time", async () => {
    const sizes: number[] = [];
    const seen: number[] = [];
    for await (const batch of cursorBatches<{ n: number }>(test.db, numbers, 10)) {
      sizes.push(batch.length);
      seen.push(...batch.map((row) => row.n));
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("ends the transaction when the reader stops early, leaving the connection usable", async () => {
    for await (const batch of cursorBatches<{ n: number }>(test.db, numbers, 10)) {
      expect(batch[0]!.n).toBe(1);
      break;
    }
    const [row] = await queryRows<{ total: number }>(test.db, sql`select sum(n)::bigint as total from generate_series(1, 4) n`);
    expect(row!.total).toBe(10);
  });

  it("passes a query error to the reader", async () => {
    const failing = sql`select 1 / (n - 3) as x from generate_series(1, 5) n`;
    let failure: unknown;
    try {
      for await (const _batch of cursorBatches(test.db, failing, 1)) void _batch;
    } catch (error) {
      failure = error;
    }
    // drizzle wraps the driver's error; the database's own message is its cause.
    expect(String((failure as { cause?: Error }).cause?.message)).toMatch(/division by zero/);
  });
});
