import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { adminUrl, templateDatabase } from "./database-names";

export default async function globalTeardown() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = await openDatabase({ url: adminUrl(url), poolSize: 1 });
  await admin.db.execute(sql.raw(`drop database if exists ${templateDatabase()} with (force)`));
  await admin.close();
}
