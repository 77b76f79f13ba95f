import { defineConfig } from "vitest/config";

/** `npm run test:load`: bursts and faults against real adapters; slower than the unit suite. */
export default defineConfig({
  test: {
    include: ["tests/load/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
