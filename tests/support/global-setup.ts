import { migrateDatabase, openDatabase } from "../../db/client";
import { adminUrl, databaseUrl, templateDatabase } from "./database-names";

/**
 * With DATABASE_URL set, build one migrated template database; every test file then gets
 * its own copy of it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
 */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log("\nOn the embedded database: the *.server.test.ts files, which need a PostgreSQL server, run only with DATABASE_URL set.");
    return;
  }
  const template = templateDatabase();
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  const { sql } = await import("drizzle-orm");
  await admin.db.execute(sql.raw(`drop database if exists ${template} with (force)`));
  await admin.db.execute(sql.raw(`create database ${template}`));
  await admin.close();
  const connection = await openDatabase({ url: databaseUrl(url, template), poolSize: 1 });
  await migrateDatabase(connection);
  await connection.close();
}

