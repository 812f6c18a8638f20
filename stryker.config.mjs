// Mutation testing of the pure core (docs/mutation.md). Run it with `npm run mutate` (scripts/mutate.mjs),
// which mutates one module of scripts/mutate-modules.mjs at a time, each with its own incremental file.
import { MODULES } from "./scripts/mutate-modules.mjs";

// scripts/mutate.mjs names the module to mutate; without it, the whole core at once.
const module = process.env.CEQ_MUTATE_MODULE;
if (module !== undefined && !(module in MODULES)) throw new Error(`no module ${module} in scripts/mutate-modules.mjs`);
const name = module ?? "all";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.build.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // The machine is shared: one test process at a time (scripts/mutate.mjs runs Stryker under nice).
  concurrency: 1,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.json`,
  mutate: module === undefined ? Object.values(MODULES).flat() : MODULES[module],
  ignorePatterns: ["dist-check", "coverage", "bench-results", "reports", ".stryker-tmp"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/last/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
