/**
 * The tests a mutation run uses (stryker.config.mjs): the in-process ones. A test that spawns the
 * built binary runs dist/, which Stryker does not mutate (it switches mutants on inside the test's
 * own process), so it can kill no mutant and only costs time; the PostgreSQL and ClickHouse suites
 * start servers and run the same SQL the in-process DuckDB suite checks. See docs/mutation.md.
 */
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        "node_modules/**",
        // spawn the built binary only
        "test/e2e-*.test.ts",
        "test/cli.test.ts",
        "test/dialects.test.ts",
        "test/hostile.test.ts",
        "test/audit26-side-files.test.ts",
        "test/sql-dialects.test.ts",
        "test/real-exports.test.ts",
        // start servers
        "test/sql-postgres.test.ts",
        "test/sql-clickhouse.test.ts",
      ],
    },
  }),
);
