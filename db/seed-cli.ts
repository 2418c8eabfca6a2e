import { parseArgs } from "node:util";
import { openMigratedDatabase } from "./client";
import { isSeeded, seedDemoData } from "./seed";

/*
 * npm run db:seed -- [--payment-lines N] [--months N] [--locations N] [--extra-posters N]
 *                    [--end-date YYYY-MM-DD] [--era-files DIR] [--if-empty]
 *
 * --era-files DIR leaves the demo practice's last ERA batches unposted and writes their
 * remittances to DIR as .835 files (replacing the .835 files already there), for upload.
 */
const { values } = parseArgs({
  options: {
    "payment-lines": { type: "string", default: "40000" },
    months: { type: "string", default: "12" },
    locations: { type: "string", default: "4" },
    "extra-posters": { type: "string", default: "0" },
    "end-date": { type: "string" },
    "era-files": { type: "string" },
    "if-empty": { type: "boolean", default: false },
  },
});

function positiveInt(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, got ${text}`);
    process.exit(2);
  }
  return value;
}

async function main() {
// Loading millions of rows is not a request: no statement timeout.
const connection = await openMigratedDatabase({ url: process.env.DATABASE_URL, statementTimeoutMs: 0 });
if (await isSeeded(connection.db)) {
  await connection.close();
  if (values["if-empty"]) {
    console.log("database already has data; leaving it as it is");
    if (values["era-files"] !== undefined) console.log(`demo ERA files (written when it was seeded): ${values["era-files"]}`);
    process.exit(0);
  }
  console.error("database already has data: seed an empty database (drop it, or delete .data/pglite)");
  process.exit(1);
}
const started = performance.now();
const summary = await seedDemoData(connection.db, {
  paymentLines: positiveInt("payment-lines", values["payment-lines"]),
  months: positiveInt("months", values.months),
  locations: positiveInt("locations", values.locations),
  extraPosters: positiveInt("extra-posters", values["extra-posters"]),
  endDate: values["end-date"],
  eraFilesDir: values["era-files"],
  log: (message) => console.log(message),
});
await connection.close();
console.log(
  `seeded ${summary.payments} payments, ${summary.paymentLines} payment lines in ${Math.round(
    (performance.now() - started) / 1000,
  )}s (${connection.driver})`,
);
if (values["era-files"] !== undefined) {
  console.log(`demo ERA files (upload them at /payments/era): ${summary.eraFiles.length} in ${values["era-files"]}`);
  for (const file of summary.eraFiles) console.log(`  ${file}`);
}
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
