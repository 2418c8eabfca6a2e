import path from "node:path";
import { defineConfig } from "@playwright/test";

const artifacts = path.join(__dirname, "..", "..", "e2e-artifacts");

export default defineConfig({
  testDir: __dirname,
  testMatch: "*.spec.ts",
  outputDir: artifacts,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // The axe check runs after the flows, so that the pages it checks hold what the flows made
  // (an imported ERA remittance above all). A failed flow skips it; --no-deps runs it alone.
  projects: [
    { name: "flows", testIgnore: "axe.spec.ts" },
    { name: "axe", testMatch: "axe.spec.ts", dependencies: ["flows"] },
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://localhost:3000",
    acceptDownloads: true,
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
});
