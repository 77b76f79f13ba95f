import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/bench/**", "tests/load/**", "node_modules/**"],
    testTimeout: 20_000,
    pool: "forks",
    // One real PostgreSQL server for the run (or TEST_DATABASE_URL's): tests/setup/postgres.ts.
    globalSetup: ["tests/setup/postgres.ts"],
  },
});
