import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the built binary; forks keep them isolated.
    pool: "forks",
    // Every folder a test makes is inside one that is removed after the run.
    globalSetup: ["test/support/temp-root.ts"],
  },
});
