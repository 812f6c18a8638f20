import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Test files that replace a module (vi.mock) run each in a fresh module graph; every other file
 * shares its worker's modules with the files run before it (isolate: false), so the sources are
 * loaded once per worker rather than once per file: the unit tests take 42% less CPU so (issue 28).
 * Found by reading the files, so that a new vi.mock cannot leak into the files run after it.
 */
function filesThatMock(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".test.ts") && readFileSync(join(dir, name), "utf8").includes("vi.mock("))
    .map((name) => join(dir, name).split("\\").join("/"));
}
const MOCKING = filesThatMock("test");

export default defineConfig({
  test: {
    // A bound for a hung test, not a measure: CEQ_DEEP=1 runs the property tests at their full
    // counts, which on a busy two-core machine took over a minute (cohorts-agree, days-threads-agree
    // in CI), so its bound is ten minutes.
    testTimeout: process.env.CEQ_DEEP === "1" ? 600_000 : 120_000,
    hookTimeout: process.env.CEQ_DEEP === "1" ? 600_000 : 120_000,
    // End-to-end tests spawn the built binary; forks keep them isolated.
    pool: "forks",
    // One worker more than the cores. vitest's default is one less, which on two cores runs the
    // files one at a time: while a test waits for the binary it spawned, a server or a browser, a
    // core has nothing to do. On two quiet cores, npm test took 150.6 s with 2 workers, 142.5 s
    // with 3 and 147.5 s with 4 (one run each, fifth session).
    maxWorkers: availableParallelism() + 1,
    // Every folder a test makes is inside one that is removed after the run.
    globalSetup: ["test/support/temp-root.ts"],
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: ["**/node_modules/**", ...MOCKING], isolate: false } },
      { extends: true, test: { name: "isolated", include: MOCKING, isolate: true } },
    ],
  },
});
