import { migrateDatabase, openDatabase } from "./client";

async function main() {
  const connection = await openDatabase({ url: process.env.DATABASE_URL });
  await migrateDatabase(connection);
  await connection.close();
  console.log(`migrations applied (${connection.driver})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
