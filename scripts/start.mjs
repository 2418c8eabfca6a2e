// Production start: `next start` on $PORT (default 3000). NEXTAUTH_URL defaults to this
// machine; NEXTAUTH_SECRET must be set, except on the embedded demo database, where one is
// generated once and kept in .data/ so sessions survive a restart.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { SERVER_HEAP } from "./server-heap.mjs";

const port = process.env.PORT ?? "3000";
const env = { ...process.env, PORT: port };
env.NEXTAUTH_URL ??= `http://localhost:${port}`;
if (!env.NEXTAUTH_SECRET) {
  if (env.DATABASE_URL) {
    console.error("NEXTAUTH_SECRET must be set when running against DATABASE_URL.");
    process.exit(1);
  }
  const secretFile = ".data/nextauth-secret";
  if (!existsSync(secretFile)) {
    mkdirSync(".data", { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  env.NEXTAUTH_SECRET = readFileSync(secretFile, "utf8").trim();
}
env.NODE_OPTIONS = [env.NODE_OPTIONS, SERVER_HEAP].filter(Boolean).join(" ");
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], { env, stdio: "inherit" });
// On SIGTERM or SIGINT the server is asked to stop; one still running after SHUTDOWN_GRACE_MS
// (a request that would not finish) is killed, so an orchestrator's stop takes under 10 s.
const SHUTDOWN_GRACE_MS = 8_000;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.kill(signal);
    setTimeout(() => server.kill("SIGKILL"), SHUTDOWN_GRACE_MS).unref();
  });
}
server.on("exit", (code) => process.exit(code ?? 0));
