import { migrateDatabase, openDatabase } from "../../db/client";
import { TEMPLATE_DATABASE, adminUrl, databaseUrl } from "./database-names";

/**
 * With DATABASE_URL set, build one migrated template database; every test file then gets
 * its own copy of it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
 */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  const { sql } = await import("drizzle-orm");
  await admin.db.execute(sql.raw(`drop database if exists ${TEMPLATE_DATABASE} with (force)`));
  await admin.db.execute(sql.raw(`create database ${TEMPLATE_DATABASE}`));
  await admin.close();
  const template = await openDatabase({ url: databaseUrl(url, TEMPLATE_DATABASE), poolSize: 1 });
  await migrateDatabase(template);
  await template.close();
}

