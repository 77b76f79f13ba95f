import { defineConfig } from "vitest/config";

/** `npm run test:load`: bursts and faults against real adapters; slower than the unit suite. */
export default defineConfig({
  test: {
    include: ["tests/load/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One real PostgreSQL server for the run (or TEST_DATABASE_URL's): tests/setup/postgres.ts.
    globalSetup: ["tests/setup/postgres.ts"],
    fileParallelism: false,
  },
});
