import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { DatabaseUnavailable } from "@/lib/outage";
import { adminUrl, databaseUrl } from "../support/database-names";

/*
 * The app's handle must not remember a failed open: here the database does not exist at
 * first (as if the server were down when the app started), then appears, and the very next
 * request gets it without a restart.
 */
describe("the app's database handle after a failed open", () => {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `pb_reconnect_${process.pid}_${randomBytes(3).toString("hex")}`;
  const originalUrl = process.env.DATABASE_URL;

  afterAll(async () => {
    process.env.DATABASE_URL = originalUrl;
    const admin = await openDatabase({ url: adminUrl(serverUrl), poolSize: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  });

  it("fails as an outage, then opens on the next request once the database is there", async () => {
    process.env.DATABASE_URL = databaseUrl(serverUrl, name);
    const { getDb } = await import("@/db/app-database");
    await expect(getDb()).rejects.toBeInstanceOf(DatabaseUnavailable);

    const admin = await openDatabase({ url: adminUrl(serverUrl), poolSize: 1 });
    await admin.db.execute(sql.raw(`create database ${name}`));
    await admin.close();

    const db = await getDb();
    const rows = await db.execute(sql`select count(*)::int as practices from practice`);
    expect((rows as unknown as { rows: { practices: number }[] }).rows).toEqual([{ practices: 0 }]);
    await (db as unknown as { $client: { end(): Promise<void> } }).$client.end();
  });
});
