import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database, type DatabaseConnection } from "@/db/client";
import { adminUrl, databaseUrl, templateDatabase } from "./database-names";

export interface TestDatabase {
  db: Database;
  driver: DatabaseConnection["driver"];
  close(): Promise<void>;
}

/**
 * A database of this test file's own: a fresh copy of the migrated template on the real
 * PostgreSQL server when DATABASE_URL is set (CI), otherwise an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPgliteTestDatabase();
  const name = `pb_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  await admin.db.execute(sql.raw(`create database ${name} template ${templateDatabase()}`));
  const connection = await openDatabase({ url: databaseUrl(url, name), poolSize: 4 });
  return {
    db: connection.db,
    driver: "pg",
    async close() {
      await connection.close();
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    },
  };
}

export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const connection = await openDatabase({ pgliteDir: "memory://" });
  await migrateDatabase(connection);
  return { db: connection.db, driver: "pglite", close: () => connection.close() };
}
