import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { APP_SESSION_OPTIONS } from "../db/client";
import { benchRemittance, importBenchRemittance, removeBenchRemittance, type BenchRemittance, type EraImportResult } from "./era";
import { DEFAULT_SERVER, PASSWORD, databaseUrl, ensureDataset, pickSubjects, type Subjects } from "./datasets";
import { closeBenchMonth, monthEndScenarios, reopenBenchMonth, type MonthCloseResult } from "./month-end";
import { signIn, timedGet } from "./http";
import { startServer, type RunningServer } from "./server";
import { markdownTable, writeBetweenMarkers } from "./markdown";
import { ms, percentile, summary } from "./stats";

/*
 * npm run bench -- [--sizes 1m,10m,10m-50y] [--requests 20] [--load-seconds 60] [--load-users 50] [--think-ms 1000-5000]
 *                   [--skip-build] [--out BENCHMARKS.md]
 *
 * For each dataset size: seeds its own database once (pb_bench_<size>, reused afterwards),
 * starts the production build against it, and times each page over warm requests. The
 * server logs the statements each page runs (DATABASE_QUERY_LOG); replaying them straight
 * on the database gives the raw-SQL floor printed beside each figure.
 */

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "1m,10m,10m-50y" },
    requests: { type: "string", default: "20" },
    "load-seconds": { type: "string", default: "60" },
    "load-users": { type: "string", default: "50" },
    "think-ms": { type: "string", default: "1000-5000" },
    "skip-build": { type: "boolean", default: false },
    out: { type: "string", default: "BENCHMARKS.md" },
    server: { type: "string", default: DEFAULT_SERVER },
  },
});

const REQUESTS = Number(args.requests);
const QUERY_LOG = `/tmp/pb-bench-queries-${process.pid}.jsonl`;

interface Scenario {
  name: string;
  user: "admin" | "poster";
  path: string;
}

function scenarios(s: Subjects): Scenario[] {
  const month = `from=${s.from}&to=${s.to}`;
  return [
    { name: "Payment Balancing, one month, first page", user: "admin", path: `/payments/balancing?by=deposit&${month}` },
    { name: "… grouped by poster", user: "admin", path: `/payments/balancing?by=deposit&${month}&group=poster` },
    {
      name: "… grouped by location, then payer",
      user: "admin",
      path: `/payments/balancing?by=deposit&${month}&group=location&group=payer`,
    },
    {
      name: "Full Access, one month, one payer",
      user: "admin",
      path: `/payments/balancing/full-access?by=deposit&${month}&payer=${s.payerId}`,
    },
    { name: "My Payment Activity, busy poster's month", user: "poster", path: `/payments/my-activity?by=deposit&${month}` },
    {
      name: "… one batch By Check",
      user: "poster",
      path: `/payments/my-activity/batches/${encodeURIComponent(s.busyBatchNumber)}?view=check`,
    },
    {
      name: "… one batch, All lines",
      user: "poster",
      path: `/payments/my-activity/batches/${encodeURIComponent(s.busyBatchNumber)}?view=all`,
    },
  ];
}

/*
 * Not a report: the app's notice page, signed in. It runs what every page runs (middleware,
 * the layout's viewer statement, the navigation, the render) and nothing else, so its time is
 * the least any page can take, and app / raw of a page whose SQL takes less than it cannot be
 * brought near 1. It is left out of the load test, which mixes reports.
 */
/** The ERA screens at their busiest: the worklist, and the 10,000-claim remittance the benchmark just imported. */
function eraScenarios(remittanceId: number): Scenario[] {
  return [
    { name: "ERA exceptions worklist", user: "admin", path: "/payments/era/exceptions" },
    { name: "ERA remittance, 10,000 claims, first page", user: "admin", path: `/payments/era/${remittanceId}` },
  ];
}

const FIXED_COST_SCENARIO: Scenario = {
  name: "(reference) signed-in page with no report",
  user: "admin",
  path: "/bad-request?message=Benchmark%20reference%20page",
};

interface LoggedStatement {
  query: string;
  params: unknown[];
}

function readQueryLog(): LoggedStatement[] {
  if (!existsSync(QUERY_LOG)) return [];
  return readFileSync(QUERY_LOG, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedStatement);
}

/**
 * Replays the statements a request ran, reading every row, and returns the total time.
 * Writes (the audit event) are replayed inside a rolled-back transaction.
 */
async function replay(client: pg.Client, statements: LoggedStatement[]): Promise<number> {
  let total = 0;
  await client.query("begin");
  try {
    for (const { query, params } of statements) {
      if (/^\s*(fetch|set transaction|begin|commit|rollback)/i.test(query)) continue;
      const started = performance.now();
      await client.query(query, params);
      total += performance.now() - started;
    }
  } finally {
    await client.query("rollback");
  }
  return total;
}

interface PageResult {
  name: string;
  app: { p50: number; p95: number };
  raw: { p50: number; p95: number };
  status: number;
}

async function measurePage(server: RunningServer, cookie: string, scenario: Scenario, raw: pg.Client): Promise<PageResult> {
  const url = `${server.baseUrl}${scenario.path}`;
  for (let i = 0; i < 3; i++) await timedGet(url, cookie);
  const appSamples: number[] = [];
  let status = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const timed = await timedGet(url, cookie);
    appSamples.push(timed.ms);
    status = timed.status;
  }
  rmSync(QUERY_LOG, { force: true });
  await timedGet(url, cookie);
  const statements = readQueryLog();
  const rawSamples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) rawSamples.push(await replay(raw, statements));
  return { name: scenario.name, app: summary(appSamples), raw: summary(rawSamples), status };
}

interface ExportResult {
  name: string;
  /** Rows written after the header (payments, group rows and the grand total). */
  rows: number;
  time: { p50: number; p95: number };
  rowsPerSecond: number;
  peakRssMb: number;
  rawSeconds: number;
  status: number;
}

/** Lines in a chunk of the body: Buffer.indexOf is native, so the client barely competes with the server for the CPU. */
function countNewlines(chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count += 1;
  return count;
}

async function downloadOnce(url: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  let newlines = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    newlines += countNewlines(value);
  }
  return { ms: performance.now() - started, rows: newlines - 1, status: response.status };
}

async function auditedRowCount(raw: pg.Client): Promise<number> {
  const { rows } = await raw.query(`select (details->>'rowCount')::int as n from audit_event where action = 'export' order by id desc limit 1`);
  return rows[0].n as number;
}

/** One export downloaded `runs` times after a warm-up; rows/s is at the median time. */
async function measureExport(server: RunningServer, cookie: string, path: string, name: string, raw: pg.Client, runs: number) {
  await downloadOnce(`${server.baseUrl}${path}`, cookie);
  server.resetPeak();
  const times: number[] = [];
  let last = { ms: 0, rows: 0, status: 0 };
  for (let run = 0; run < runs; run++) {
    rmSync(QUERY_LOG, { force: true });
    last = await downloadOnce(`${server.baseUrl}${path}`, cookie);
    times.push(last.ms);
    if (last.status !== 200) break;
  }
  const peakRssMb = server.peakRss() / 2 ** 20;
  const statements = readQueryLog();
  const rawTimes: number[] = [];
  for (let run = 0; run < Math.min(runs, 5); run++) rawTimes.push(await replay(raw, statements));
  const time = summary(times);
  // An .xlsx is zipped, so its rows cannot be counted in the bytes: take the row count the audit trail recorded.
  const rows = path.includes(".xlsx") ? await auditedRowCount(raw) : last.rows;
  return {
    name,
    rows,
    time,
    rowsPerSecond: rows / (time.p50 / 1000),
    peakRssMb,
    rawSeconds: summary(rawTimes).p50 / 1000,
    status: last.status,
  } satisfies ExportResult;
}

/**
 * `users` simulated users each run the scenarios in turn for the test's duration. With a
 * think time, a user waits a random `thinkMs` range between answers, as a person reading a
 * report does; without one, every user sends its next request the moment the last is
 * answered, which measures the server's saturation throughput and the pool's queueing.
 */
async function loadTest(
  server: RunningServer,
  cookies: Record<Scenario["user"], string>,
  list: Scenario[],
  thinkMs: readonly [number, number] | null,
) {
  const seconds = Number(args["load-seconds"]);
  const users = Number(args["load-users"]);
  const deadline = performance.now() + seconds * 1000;
  const samples: number[] = [];
  let errors = 0;
  let requests = 0;
  server.resetPeak();
  const think = () =>
    thinkMs ? new Promise((resolve) => setTimeout(resolve, thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]))) : null;
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      // Users start spread over one think time, not all in the same millisecond.
      if (thinkMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs[1]));
      for (let i = user; performance.now() < deadline; i++) {
        if (i !== user) await think();
        if (performance.now() >= deadline) break;
        const scenario = list[i % list.length]!;
        try {
          const timed = await timedGet(`${server.baseUrl}${scenario.path}`, cookies[scenario.user]);
          requests += 1;
          samples.push(timed.ms);
          if (timed.status !== 200) errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const peakRssMb = Math.round(server.peakRss() / 2 ** 20);
  return { users, seconds, thinkMs, requests, errors, p50: percentile(samples, 50), p95: percentile(samples, 95), peakRssMb };
}

function thinkRange(text: string): readonly [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--think-ms must look like 1000-5000, not ${text}`);
  return [Number(match[1]), Number(match[2])];
}

async function main() {
  const sizes = args.sizes.split(",").map((s) => s.trim());
  if (!args["skip-build"] || !existsSync(".next/BUILD_ID")) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const pages: Record<string, PageResult[]> = {};
  const exports: Record<string, Awaited<ReturnType<typeof measureExport>>[]> = {};
  const lineCounts: Record<string, number> = {};
  const loads: Array<Awaited<ReturnType<typeof loadTest>>> = [];
  const eraImports: Record<string, EraImportResult & Omit<BenchRemittance, "body" | "traceNumber">> = {};
  const monthCloses: Record<string, MonthCloseResult> = {};
  let subjects: Subjects | null = null;

  for (const size of sizes) {
    lineCounts[size] = await ensureDataset(size, args.server);
    subjects = await pickSubjects(databaseUrl(size, args.server));
    process.env.DATABASE_QUERY_LOG = QUERY_LOG;
    const server = await startServer(databaseUrl(size, args.server));
    // The raw floor runs with the app pool's session settings.
    const raw = new pg.Client({ connectionString: databaseUrl(size, args.server), options: APP_SESSION_OPTIONS });
    await raw.connect();
    try {
      const cookies = {
        admin: await signIn(server.baseUrl, "admin@demo-pt.test", PASSWORD),
        poster: await signIn(server.baseUrl, subjects.busyPosterEmail, PASSWORD),
      };
      const list = scenarios(subjects);
      pages[size] = [];
      for (const scenario of [...list, FIXED_COST_SCENARIO]) {
        const result = await measurePage(server, cookies[scenario.user], scenario, raw);
        console.log(`[${size}] ${scenario.name}: p50 ${ms(result.app.p50)} p95 ${ms(result.app.p95)} (raw ${ms(result.raw.p50)})`);
        pages[size].push(result);
      }
      const month = `by=deposit&from=${subjects.from}&to=${subjects.to}`;
      exports[size] = [];
      const exportCases: Array<readonly [string, string]> = [
        ["CSV, one month", `/payments/balancing/export.csv?${month}`],
        [".xlsx, one month", `/payments/balancing/export.xlsx?${month}`],
      ];
      // The memory check: every payment of the whole 1M-line ledger through one CSV export.
      if (size === "1m") exportCases.push(["CSV, all history", `/payments/balancing/export.csv?by=deposit&from=2000-01-01&to=${subjects.to}`]);
      for (const [name, path] of exportCases) {
        const runs = name.includes("all history") ? 3 : REQUESTS;
        const result = await measureExport(server, cookies.admin, path, name, raw, runs);
        console.log(`[${size}] export ${name}: ${result.rows} rows, ${result.rowsPerSecond.toFixed(0)} rows/s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
        exports[size].push(result);
      }
      // The load test runs once, on the smallest dataset asked for (1m in a full run).
      if (size === sizes[0] && Number(args["load-seconds"]) > 0) {
        delete process.env.DATABASE_QUERY_LOG;
        for (const thinkMs of [thinkRange(args["think-ms"]), null]) {
          const load = await loadTest(server, cookies, list, thinkMs);
          console.log(`[${size}] load: ${JSON.stringify(load)}`);
          loads.push(load);
        }
      }
      // Month-end: close the measured month, time its pages while it is closed, reopen it.
      const closed = await closeBenchMonth(server, cookies.admin, raw, subjects.from.slice(0, 7));
      console.log(`[${size}] month-end close of ${closed.month} (${closed.payments} payments): ${closed.closeSeconds.toFixed(2)} s, ${closed.outcome}`);
      try {
        for (const scenario of monthEndScenarios(closed.month)) {
          const result = await measurePage(server, cookies[scenario.user], scenario, raw);
          console.log(`[${size}] ${scenario.name}: p50 ${ms(result.app.p50)} p95 ${ms(result.app.p95)} (raw ${ms(result.raw.p50)})`);
          pages[size].push(result);
        }
      } finally {
        monthCloses[size] = await reopenBenchMonth(server, cookies.admin, closed);
      }
      // Last, so the check it posts changes nothing the other rows measured.
      const remittance = await benchRemittance(raw);
      const eraImport = await importBenchRemittance(server, raw, remittance);
      const { body: _body, traceNumber: _traceNumber, ...file } = remittance;
      eraImports[size] = { ...eraImport, ...file };
      console.log(`[${size}] ERA import of ${file.claims} claims, ${file.serviceLines} lines: ${eraImport.seconds.toFixed(2)} s, peak RSS ${eraImport.peakRssMb.toFixed(0)} MB, ${eraImport.outcome}`);
      if (eraImport.remittanceId === null) throw new Error(`the ERA import at ${size} posted nothing: ${eraImport.status} ${eraImport.outcome}`);
      for (const scenario of eraScenarios(eraImport.remittanceId)) {
        const result = await measurePage(server, cookies[scenario.user], scenario, raw);
        console.log(`[${size}] ${scenario.name}: p50 ${ms(result.app.p50)} p95 ${ms(result.app.p95)} (raw ${ms(result.raw.p50)})`);
        pages[size].push(result);
      }
      await removeBenchRemittance(raw, eraImport.remittanceId);
    } finally {
      await raw.end();
      await server.stop();
      rmSync(QUERY_LOG, { force: true });
    }
  }

  const base = sizes.includes("1m") ? "1m" : sizes[0]!;
  const big = sizes.includes("10m") ? "10m" : sizes[sizes.length - 1]!;
  const history = sizes.includes("10m-50y") && big !== "10m-50y" ? "10m-50y" : null;
  const pageRows = pages[big]!.map((result, i) => {
    const baseline = pages[base]![i]!;
    const spread = history ? pages[history]![i]! : null;
    return [
      result.name,
      ms(result.app.p50),
      ms(result.app.p95),
      ms(result.raw.p50),
      (result.app.p50 / result.raw.p50).toFixed(2),
      ms(baseline.app.p50),
      (result.app.p50 / baseline.app.p50).toFixed(2),
      ...(spread ? [ms(spread.app.p50), (spread.app.p50 / baseline.app.p50).toFixed(2)] : []),
      String(result.status),
    ];
  });
  const exportRows = sizes.flatMap((size) =>
    exports[size]!.map((e) => [
      `${e.name} (${size})`,
      String(e.rows),
      `${(e.time.p50 / 1000).toFixed(2)} s`,
      `${(e.time.p95 / 1000).toFixed(2)} s`,
      e.rowsPerSecond.toFixed(0),
      `${e.rawSeconds.toFixed(2)} s`,
      (e.time.p50 / 1000 / e.rawSeconds).toFixed(2),
      `${e.peakRssMb.toFixed(0)} MB`,
      String(e.status),
    ]),
  );
  const generated = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, PostgreSQL at ${args.server.replace(/\/\/[^@]*@/, "//")}; Node ${process.version}.`,
    `Datasets: ${sizes.map((s) => `${s} = ${lineCounts[s]} payment lines`).join(", ")} (5 years unless named otherwise, 100 locations, 60 posters). Month measured: ${subjects?.from} to ${subjects?.to}. ${REQUESTS} warm requests each, after 3 warm-up requests.`,
    "",
    `### Pages at ${big} (times to the last byte of the HTML)`,
    "",
    markdownTable(
      [
        "page",
        "p50",
        "p95",
        "raw SQL p50",
        "app / raw",
        `p50 at ${base}`,
        `${big} / ${base}`,
        ...(history ? [`p50 at ${history}`, `${history} / ${base}`] : []),
        "status",
      ],
      pageRows,
    ),
    "",
    "### ERA import: one check through POST /api/integrations/era, end to end",
    "",
    markdownTable(
      ["dataset", "claims", "service lines", "file", "time", "server peak RSS", "answer", "status"],
      sizes.map((size) => {
        const era = eraImports[size]!;
        return [
          size,
          String(era.claims),
          String(era.serviceLines),
          `${(era.bytes / 2 ** 20).toFixed(1)} MB`,
          `${era.seconds.toFixed(2)} s`,
          `${era.peakRssMb.toFixed(0)} MB`,
          era.outcome,
          String(era.status),
        ];
      }),
    ),
    "",
    "### Month-end close: POST /api/month-end/<yyyy-mm>/close (with an override), then /reopen",
    "",
    markdownTable(
      ["dataset", "month", "payments frozen", "snapshot lines", "close", "reopen", "status"],
      sizes.map((size) => {
        const close = monthCloses[size]!;
        const seconds = (value: number | null) => (value === null ? "" : `${value.toFixed(2)} s`);
        return [size, close.month, String(close.payments), String(close.snapshotLines), seconds(close.closeSeconds), seconds(close.reopenSeconds), String(close.status)];
      }),
    ),
    "",
    "### Exports",
    "",
    markdownTable(["export", "rows", "time p50", "time p95", "rows/s at p50", "raw SQL p50", "app / raw", "server peak RSS", "status"], exportRows),
    "",
    loads.length > 0
      ? `### Load at ${sizes[0]}\n\n${markdownTable(
          ["users", "between requests", "duration", "requests", "requests/s", "errors", "p50", "p95", "server peak RSS"],
          loads.map((load) => [
            String(load.users),
            load.thinkMs ? `${load.thinkMs[0] / 1000}–${load.thinkMs[1] / 1000} s think time` : "none (back to back)",
            `${load.seconds} s`,
            String(load.requests),
            (load.requests / load.seconds).toFixed(1),
            String(load.errors),
            ms(load.p50),
            ms(load.p95),
            `${load.peakRssMb} MB`,
          ]),
        )}`
      : "",
  ].join("\n");
  writeBetweenMarkers(args.out, "bench", generated);
  const failed = [
    ...Object.values(pages).flatMap((results) => results.filter((r) => r.status !== 200).map((r) => r.name)),
    ...Object.values(exports).flatMap((results) => results.filter((e) => e.status !== 200).map((e) => e.name)),
    ...loads.filter((load) => load.errors > 0).map((load) => `load test (${load.errors} errors)`),
    ...Object.entries(eraImports).filter(([, era]) => era.status !== 200).map(([size]) => `ERA import at ${size}`),
    ...Object.entries(monthCloses).filter(([, close]) => close.status !== 200).map(([size]) => `month-end close at ${size}`),
  ];
  if (failed.length > 0) {
    console.error(`not every request succeeded: ${failed.join("; ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
