import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { openReadSnapshot } from "@/lib/export/snapshot";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { collectBatches } from "../support/batches";

/*
 * Concurrent connections, the socket and parallel workers exist only on a PostgreSQL server, so
 * this file runs only with DATABASE_URL set (as in CI); see jest.config.js.
 */

describe("an export's read snapshot on a PostgreSQL server", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
    await test.db.execute(sql`create table posted (cents bigint not null)`);
    await test.db.execute(sql`insert into posted values (100), (250)`);
  });
  afterAll(() => test.close());

  it("shows its totals and its rows as of one moment, whatever is posted in between", async () => {
    const snapshot = openReadSnapshot(test.db);
    const [totals] = await snapshot.rows<{ total: number }>(sql`select sum(cents)::bigint as total from posted`);
    await test.db.execute(sql`insert into posted values (5000)`);
    const rows = (await collectBatches(snapshot.batches<{ cents: number }>(sql`select cents from posted order by cents`))).flat();
    await snapshot.close();
    expect(totals!.total).toBe(350);
    expect(rows.map((row) => row.cents)).toEqual([100, 250]);
  });

  it("streams its rows with parallel workers, which the app's other statements go without", async () => {
    const workers = sql`select current_setting('max_parallel_workers_per_gather') as workers`;
    const snapshot = openReadSnapshot(test.db);
    const [forTotals] = await snapshot.rows<{ workers: string }>(workers);
    const [forRows] = (await collectBatches(snapshot.batches<{ workers: string }>(workers))).flat();
    await snapshot.close();
    const [forPages] = await queryRows<{ workers: string }>(test.db, workers);
    expect([forTotals!.workers, forRows!.workers, forPages!.workers]).toEqual(["0", "2", "0"]);
  });

  it("makes PostgreSQL wait while the reader is behind, and stops it when the reader goes away", async () => {
    // About 200 MB of rows: far more than the socket buffers hold.
    const large = sql`select n, repeat('x', 200) as padding from generate_series(1, 1000000) n`;
    const snapshot = openReadSnapshot(test.db);
    const iterator = snapshot.batches<{ n: number }>(large, 1000)[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.[0]?.n).toBe(1);
    const heapAfterFirstBatch = process.memoryUsage().heapUsed;
    const waitEvent = async () => {
      const [row] = await queryRows<{ wait_event: string | null }>(
        test.db,
        sql`select wait_event from pg_stat_activity where query like '%generate_series(1, 1000000)%' and pid <> pg_backend_pid()`,
      );
      return row?.wait_event ?? "gone";
    };
    // The reader takes nothing for two seconds: had the rows kept coming, they would be in this heap.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const heldMb = (process.memoryUsage().heapUsed - heapAfterFirstBatch) / 2 ** 20;
    expect(heldMb).toBeLessThan(30);
    let seen = await waitEvent();
    expect(seen).toBe("ClientWrite");
    await iterator.return(undefined);
    await snapshot.close();
    for (let attempt = 0; attempt < 50 && seen !== "gone"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await waitEvent();
    }
    expect(seen).toBe("gone");
  });

  it("fails the export, not the process, when the server ends the connection mid-stream", async () => {
    const large = sql`select n, repeat('y', 200) as padding from generate_series(1, 1000001) n`;
    const snapshot = openReadSnapshot(test.db);
    const iterator = snapshot.batches<{ n: number }>(large, 1000)[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.[0]?.n).toBe(1);
    const [terminated] = await queryRows<{ count: number }>(
      test.db,
      sql`select count(pg_terminate_backend(pid))::int as count from pg_stat_activity
          where query like '%generate_series(1, 1000001)%' and pid <> pg_backend_pid()`,
    );
    expect(terminated!.count).toBe(1);
    let failure: unknown = null;
    try {
      for (;;) if ((await iterator.next()).done) break;
    } catch (error) {
      failure = error;
    }
    await snapshot.close();
    expect(String((failure as Error | null)?.message)).toMatch(/terminat/i);
    const [row] = await queryRows<{ one: number }>(test.db, sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });

  it("reads to the end behind a slow writer, pausing PostgreSQL, then gives its connection back", async () => {
    const snapshot = openReadSnapshot(test.db);
    let count = 0;
    let sum = 0;
    for await (const batch of snapshot.batches<{ n: number }>(sql`select n, repeat('z', 100) as padding from generate_series(1, 60000) n`, 1000)) {
      count += batch.length;
      for (const row of batch) sum += row.n;
      // A writer slower than the database: the socket is paused and resumed many times.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await snapshot.close();
    expect(count).toBe(60_000);
    expect(sum).toBe((60_000 * 60_001) / 2);
    const [row] = await queryRows<{ one: number }>(test.db, sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });

  it("lets as many exports as the pool has connections each record an audit event without waiting for ever", async () => {
    // The test pool has 4 connections. Each export holds one while it asks for another, as the
    // export route does for its audit event; without a cap on snapshots this never finishes.
    const exportOnce = async (i: number) => {
      const snapshot = openReadSnapshot(test.db);
      const [totals] = await snapshot.rows<{ count: number }>(sql`select count(*)::int as count from generate_series(1, ${100 + i})`);
      await test.db.execute(sql`insert into posted values (${totals!.count})`);
      let rows = 0;
      for await (const batch of snapshot.batches(sql`select n from generate_series(1, ${100 + i}) n`, 50)) rows += batch.length;
      await snapshot.close();
      return rows;
    };
    expect(await Promise.all([0, 1, 2, 3, 4, 5].map(exportOnce))).toEqual([100, 101, 102, 103, 104, 105]);
  }, 15_000);
});
