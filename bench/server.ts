import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { SERVER_HEAP } from "../scripts/server-heap.mjs";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process and its children, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  let total = 0;
  const visit = (id: number) => {
    try {
      const status = readFileSync(`/proc/${id}/status`, "utf8");
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      if (match) total += Number(match[1]) * 1024;
      const children = readFileSync(`/proc/${id}/task/${id}/children`, "utf8").trim();
      for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
    } catch {
      // the process ended between the listing and the read
    }
  };
  visit(pid);
  return total;
}

export interface RunningServer {
  baseUrl: string;
  process: ChildProcess;
  /** Peak RSS since the last reset, sampled every 50 ms. */
  peakRss(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

export async function startServer(databaseUrl: string, poolSize?: number): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const child = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      // The same heap limit as `npm start`.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, SERVER_HEAP].filter(Boolean).join(" "),
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: "bench-secret",
      ...(poolSize ? { DATABASE_POOL_SIZE: String(poolSize) } : {}),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid) peak = Math.max(peak, treeRss(child.pid));
  }, 50);
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`${baseUrl}/sign-in`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    baseUrl,
    process: child,
    peakRss: () => peak,
    resetPeak: () => {
      peak = child.pid ? treeRss(child.pid) : 0;
    },
    stop: async () => {
      clearInterval(sampler);
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
