import { spawnSync } from "node:child_process";
import pg from "pg";

/** The PostgreSQL server the benchmarks seed their databases on (one database per dataset). */
export const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432";

export const PASSWORD = "demo-pass-2026";

/*
 * 1m and 10m are the datasets: five years each, so a month at 10m holds about five
 * times the payments of a month at 1m. 10m-50y spreads 10M lines over fifty years, which gives
 * its months the volume of 1m's: comparing the two isolates the cost of history itself.
 */
export const SIZES: Record<string, { paymentLines: number; months: number; locations: number; extraPosters: number }> = {
  tiny: { paymentLines: 5_000, months: 3, locations: 4, extraPosters: 0 },
  /** What `npm run demo` seeds (db/seed-cli.ts defaults). */
  demo: { paymentLines: 40_000, months: 12, locations: 4, extraPosters: 0 },
  "1m": { paymentLines: 1_000_000, months: 60, locations: 100, extraPosters: 54 },
  "10m": { paymentLines: 10_000_000, months: 60, locations: 100, extraPosters: 54 },
  "10m-50y": { paymentLines: 10_000_000, months: 600, locations: 100, extraPosters: 54 },
};

export function databaseName(size: string) {
  return `pb_bench_${size.replaceAll("-", "_")}`;
}

export function databaseUrl(size: string, server = DEFAULT_SERVER) {
  return `${server}/${databaseName(size)}`;
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Seeds the dataset into its own database unless a full one is there, and returns its payment lines. */
export async function ensureDataset(size: string, server = DEFAULT_SERVER): Promise<number> {
  const spec = SIZES[size];
  if (!spec) throw new Error(`unknown size ${size}`);
  const existing = await withClient(`${server}/postgres`, async (client) => {
    const { rows } = await client.query("select 1 from pg_database where datname = $1", [databaseName(size)]);
    return rows.length > 0;
  });
  if (existing) {
    const lines = await withClient(databaseUrl(size, server), async (client) => {
      const { rows } = await client.query("select count(*)::int as n from payment_line").catch(() => ({ rows: [{ n: 0 }] }));
      return rows[0].n as number;
    });
    if (lines >= spec.paymentLines * 0.9) return lines;
    await withClient(`${server}/postgres`, (client) => client.query(`drop database ${databaseName(size)} with (force)`));
  }
  await withClient(`${server}/postgres`, (client) => client.query(`create database ${databaseName(size)}`));
  console.log(`seeding ${databaseName(size)} (${spec.paymentLines} payment lines)…`);
  const result = spawnSync(
    "npx",
    [
      "tsx",
      "db/seed-cli.ts",
      "--payment-lines",
      String(spec.paymentLines),
      "--months",
      String(spec.months),
      "--locations",
      String(spec.locations),
      "--extra-posters",
      String(spec.extraPosters),
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl(size, server) }, stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error(`seeding ${size} failed`);
  return withClient(databaseUrl(size, server), async (client) => {
    const { rows } = await client.query("select count(*)::int as n from payment_line");
    return rows[0].n as number;
  });
}

export interface Subjects {
  from: string;
  to: string;
  busyPosterEmail: string;
  busyBatchNumber: string;
  payerId: number;
}

/** The last full month of the data, its busiest manual poster, one of their batches, a busy payer. */
export async function pickSubjects(url: string): Promise<Subjects> {
  return withClient(url, async (client) => {
    const { rows: month } = await client.query(`
      select to_char(date_trunc('month', max(deposit_date)) - interval '1 month', 'YYYY-MM-DD') as from_date,
             to_char(date_trunc('month', max(deposit_date)) - interval '1 day', 'YYYY-MM-DD') as to_date
      from payment where practice_id = 1`);
    const { from_date: from, to_date: to } = month[0];
    const { rows: poster } = await client.query(
      `select u.email, u.id from payment p join app_user u on u.id = p.posted_by
       where p.practice_id = 1 and p.deposit_date between $1 and $2 and not u.is_system and not u.is_rcm_staff
       group by u.email, u.id order by count(*) desc limit 1`,
      [from, to],
    );
    const { rows: batch } = await client.query(
      `select b.batch_number from batch b join payment p on p.batch_id = b.id
       where p.posted_by = $1 and b.deposit_date between $2 and $3
       group by b.batch_number order by count(*) desc limit 1`,
      [poster[0].id, from, to],
    );
    const { rows: payer } = await client.query(
      `select payer_id from payment where practice_id = 1 and deposit_date between $1 and $2 and payer_id is not null
       group by payer_id order by count(*) desc limit 1`,
      [from, to],
    );
    return { from, to, busyPosterEmail: poster[0].email, busyBatchNumber: batch[0].batch_number, payerId: payer[0].payer_id };
  });
}

