const nextJest = require("next/jest.js");

const createJestConfig = nextJest({ dir: "./" });

/*
 * `*.server.test.ts` files test what only a PostgreSQL server has (concurrent connections, the
 * socket, parallel workers), so they run only with DATABASE_URL, as in CI.
 */
const onServerOnly = process.env.DATABASE_URL ? [] : ["\\.server\\.test\\.ts$"];

/** Data-layer tests run in Node against a real database; component tests opt into jsdom. */
module.exports = createJestConfig({
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
