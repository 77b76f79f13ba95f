import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/bench/**", "tests/load/**", "node_modules/**"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
