import { openMigratedDatabase } from "./client";

async function main() {
  const connection = await openMigratedDatabase({ url: process.env.DATABASE_URL });
  await connection.close();
  console.log(`migrations applied (${connection.driver})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
