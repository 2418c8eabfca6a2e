// The fault suite (npm run test:faults): the production build against a throwaway PostgreSQL
// cluster of its own, which it stops, freezes and starts. The main cluster is never touched.
// Needs `npm run build` first. Prints "N passed, N failed" and exits non-zero on any failure.
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";

const VERSION = execFileSync("ls", ["/etc/postgresql"]).toString().trim().split("\n")[0];
const CLUSTER = `pbfaults${process.pid}`;
const EMR_TOKEN = "demo-emr-token-2026";
const LOG = "faults-server.log";
const results = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const cluster = (action) => execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", VERSION, CLUSTER, action], { stdio: "pipe" });
// The postmaster's command line names the cluster's data folder, its children the cluster.
const clusterPids = () => execFileSync("pgrep", ["-f", CLUSTER]).toString().trim().split("\n").filter(Boolean);
const emrPaymentCount = (databaseUrl) =>
  Number(execFileSync("psql", [databaseUrl, "-Atc", "select count(*) from payment where source = 'emr_integration'"]).toString());

async function check(name, run) {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last === true) return;
    } catch (error) {
      last = error.message;
    }
    await sleep(200);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${String(last)})`);
}

async function timedFetch(url, init = {}, timeoutMs = 15_000) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

async function main() {
  const dbPort = await freePort();
  const appPort = await freePort();
  execFileSync("pg_createcluster", [VERSION, CLUSTER, "-p", String(dbPort), "--", "--auth=trust"], { stdio: "pipe" });
  const databaseUrl = `postgres://postgres@127.0.0.1:${dbPort}/postgres`;
  const base = `http://localhost:${appPort}`;
  let server;
  try {
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(appPort),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: `faults-${process.pid}`,
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
      DATABASE_STATEMENT_TIMEOUT_MS: "4000",
      NODE_ENV: "production",
    };
    writeFileSync(LOG, "");
    server = spawn(process.execPath, ["scripts/start.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let serverLog = "";
    for (const stream of [server.stdout, server.stderr]) stream.on("data", (chunk) => (serverLog += chunk));
    const exited = new Promise((resolve) => server.on("exit", resolve));

    await waitFor("the server to listen", 60_000, async () => (await timedFetch(`${base}/api/health/live`)).ok);

    await check("cold start with the database down: ready is 503, the EMR endpoint 503 with Retry-After", async () => {
      const ready = await timedFetch(`${base}/api/health/ready`);
      assert(ready.status === 503, `ready answered ${ready.status}`);
      const emr = await postEmr(base, "FAULT-COLD", "1000000");
      assert(emr.status === 503 && emr.headers.get("retry-after"), `EMR answered ${emr.status}`);
      assert(typeof (await emr.json()).error === "string", "no {error} body");
    });

    cluster("start");
    execFileSync("npx", ["tsx", "db/seed-cli.ts", "--payment-lines", "2000", "--months", "2"], { env, stdio: "pipe" });
    const mrn = execFileSync("psql", [databaseUrl, "-Atc", "select mrn from patient p join practice pr on pr.id = p.practice_id where pr.name = 'Demo Physical Therapy' order by p.id limit 1"]).toString().trim();

    const emrPaymentsBefore = emrPaymentCount(databaseUrl);
    await check("the cold-started app recovers on its own once the database is up", async () => {
      await waitFor("ready to answer 200", 15_000, async () => (await timedFetch(`${base}/api/health/ready`)).status === 200);
      const emr = await postEmr(base, "FAULT-AFTER-COLD", mrn);
      assert(emr.status === 201, `EMR answered ${emr.status}: ${await emr.text()}`);
    });

    const acknowledged = new Map();
    const failed = new Set();
    let stopAt = 0;
    await check("a stop under load: pages, reports and posts answer 503 within 5 s, nothing answers 500", async () => {
      const statuses = [];
      let running = true;
      const load = (async () => {
        for (let i = 0; running; i++) {
          const externalId = `FAULT-LOAD-${i}`;
          const emr = await postEmr(base, externalId, mrn).catch(() => null);
          if (emr?.status === 201 || emr?.status === 200) acknowledged.set(externalId, (await emr.json()).paymentId);
          else failed.add(externalId);
          statuses.push(emr?.status ?? 0);
          const page = await timedFetch(`${base}/sign-in`).catch(() => null);
          statuses.push(page?.status ?? 0);
        }
      })();
      await sleep(1500);
      stopAt = Date.now();
      cluster("stop");
      await waitFor("ready to answer 503", 5_000, async () => (await timedFetch(`${base}/api/health/ready`)).status === 503);
      await waitFor("a page to answer 503", 5_000, async () => (await timedFetch(`${base}/payments/my-activity`)).status === 503);
      await sleep(2000);
      running = false;
      await load;
      assert(!statuses.includes(500), `some requests answered 500: ${statuses.join(",")}`);
      assert(acknowledged.size > 0 && failed.size > 0, `load saw ${acknowledged.size} posted and ${failed.size} failed`);
    });

    await check("after the stop: the app recovers, every acknowledged post is there once, every failed one posts on retry once", async () => {
      cluster("start");
      await waitFor("ready to answer 200", 15_000, async () => (await timedFetch(`${base}/api/health/ready`)).status === 200);
      for (const externalId of failed) {
        const retry = await postEmr(base, externalId, mrn);
        assert(retry.status === 201 || retry.status === 200, `retry of ${externalId} answered ${retry.status}`);
        const again = await postEmr(base, externalId, mrn);
        assert(again.status === 200, `second retry of ${externalId} answered ${again.status}`);
      }
      const posted = emrPaymentCount(databaseUrl) - emrPaymentsBefore;
      const collections = 1 + acknowledged.size + failed.size;
      assert(posted === collections, `${posted} payments posted for ${collections} collections`);
      assert(stopAt > 0, "no stop happened");
    });

    await check("a frozen database (SIGSTOP): ready and posts answer 503 within the configured timeouts", async () => {
      const pids = clusterPids();
      assert(pids.length > 0, "no postgres processes found");
      execFileSync("kill", ["-STOP", ...pids]);
      try {
        const readyStarted = Date.now();
        const ready = await timedFetch(`${base}/api/health/ready`);
        assert(ready.status === 503 && Date.now() - readyStarted < 4_000, `ready answered ${ready.status} after ${Date.now() - readyStarted} ms`);
        const postStarted = Date.now();
        const emr = await postEmr(base, "FAULT-FROZEN", mrn);
        assert(emr.status === 503 && Date.now() - postStarted < 10_000, `EMR answered ${emr.status} after ${Date.now() - postStarted} ms`);
      } finally {
        execFileSync("kill", ["-CONT", ...pids]);
      }
      await waitFor("ready to answer 200 after thawing", 15_000, async () => (await timedFetch(`${base}/api/health/ready`)).status === 200);
    });

    await check("SIGTERM: the server exits within 10 s", async () => {
      const started = Date.now();
      server.kill("SIGTERM");
      const outcome = await Promise.race([exited.then(() => "exited"), sleep(10_000).then(() => "running")]);
      assert(outcome === "exited", `still running after ${Date.now() - started} ms`);
    });

    await check("the server log holds no email and no patient name", async () => {
      writeFileSync(LOG, serverLog);
      const names = execFileSync("psql", [databaseUrl, "-Atc", "select last_name from patient union select email from app_user"]).toString().trim().split("\n");
      const leaked = names.filter((name) => name.length >= 4 && serverLog.includes(name));
      assert(!/@[a-z-]+\.test/.test(serverLog), "an email address is in the log");
      assert(leaked.length === 0, `the log names ${leaked.length} patients or users`);
    });
  } finally {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    execFileSync("pg_dropcluster", ["--stop", VERSION, CLUSTER], { stdio: "pipe" });
  }
}

function postEmr(base, externalId, patientMrn) {
  return timedFetch(`${base}/api/integrations/emr/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${EMR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ externalId, locationCode: "MESA", patientMrn, amount: "25.00", method: "cash", collectedAt: new Date().toISOString() }),
  });
}

await main().catch((error) => {
  console.log(`FAIL fault suite setup: ${error.message}`);
  results.push({ name: "setup", ok: false });
});
const failedCount = results.filter((result) => !result.ok).length;
console.log(`${results.length - failedCount} passed, ${failedCount} failed`);
process.exit(failedCount === 0 ? 0 : 1);
