const nextJest = require("next/jest.js");

const createJestConfig = nextJest({ dir: "./" });

/*
 * `*.server.test.ts` files test what only a PostgreSQL server has (concurrent connections, the
 * socket, parallel workers), so they run only with DATABASE_URL, as in CI.
 */
const onServerOnly = process.env.DATABASE_URL ? [] : ["\\.server\\.test\\.ts$"];

/** Data-layer tests run in Node against a real database; component tests opt into jsdom. */
const nextConfig = createJestConfig({
  testEnvironment: "node",
  testMatch: ["<rootDir>/tests/**/*.test.ts", "<rootDir>/tests/**/*.test.tsx"],
  testPathIgnorePatterns: ["<rootDir>/tests/e2e/", ...onServerOnly],
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/tests/support/setup.ts"],
  moduleNameMapper: {
    "^server-only$": "<rootDir>/tests/support/empty-module.js",
    "^@/(.*)$": "<rootDir>/$1",
  },
  testTimeout: 60_000,
});

/*
 * d3's modules are ESM only, which jest's CommonJS runtime cannot require: they are compiled
 * like the app's own files. next/jest lets a config add ignore patterns but not narrow its
 * "/node_modules/" one, so the patterns are rewritten after it resolves.
 */
const ESM_ONLY_PACKAGES = ["d3-[a-z-]+", "internmap"];

module.exports = async () => {
  const config = await nextConfig();
  const compiled = ESM_ONLY_PACKAGES.join("|");
  const patterns = config.transformIgnorePatterns.map((pattern) =>
    pattern.startsWith("/node_modules/(?!.pnpm)(?!(") ? pattern.replace("(?!(", `(?!(${compiled}|`) : pattern,
  );
  if (patterns.every((pattern, i) => pattern === config.transformIgnorePatterns[i])) {
    throw new Error("jest.config.js: next/jest's node_modules pattern has changed; compile ESM-only packages another way.");
  }
  return { ...config, transformIgnorePatterns: patterns };
};
