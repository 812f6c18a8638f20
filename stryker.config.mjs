// Mutation testing of the pure core (docs/mutation.md). Run it with `npm run mutate` (scripts/mutate.mjs),
// which mutates one module of scripts/mutate-modules.mjs at a time, each with its own incremental file.
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { chosenModule, MODULES } from "./scripts/mutate-modules.mjs";

// scripts/mutate.mjs names the module to mutate; without it, the whole core at once.
const module = chosenModule();
const name = module ?? "all";
const mutate = module === undefined ? Object.values(MODULES).flatMap((m) => m.mutate) : MODULES[module].mutate;

// The checker type-checks only the mutated files and what they import, not all of src: measured on
// 28 mutants, 149 s of CPU with all of src, 90 s with this (docs/mutation.md, "What a mutant costs").
// Written at each run, not committed; line ranges and exclusions dropped (an excluded file checked too costs only time).
const checkerConfig = `.stryker-tsconfig-${name}.json`;
const checked = mutate.filter((pattern) => !pattern.startsWith("!")).map((pattern) => pattern.replace(/:\d+-\d+$/, ""));
writeFileSync(checkerConfig, `${JSON.stringify({ extends: "./tsconfig.build.json", include: checked }, null, 2)}\n`);

// The public logs beside the project (../shared/data: the CDNOW sample's published fits) for the
// sandbox too: tests find them at ../shared from the project's folder, and a sandbox is
// .stryker-tmp-<name>/sandbox-<id>, so a link .stryker-tmp-<name>/shared stands in for it. Without
// it every CDNOW test skipped in a mutation run and killed nothing (eighth session, docs/mutation.md).
// Stryker keeps the folder (it removes it at the end only when empty) and copies none of it.
const tempDirName = `.stryker-tmp-${name}`;
const shared = resolve("..", "shared");
if (existsSync(shared)) {
  mkdirSync(tempDirName, { recursive: true });
  const link = `${tempDirName}/shared`;
  if (!existsSync(link) && !isLink(link)) symlinkSync(shared, link, "dir");
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // The test files are the module's own (vitest.mutate.config.ts), not vitest's import-graph guess:
  // through src/cli.ts every in-process command test imports the whole core.
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  checkers: ["typescript"],
  tsconfigFile: checkerConfig,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // The machine is shared: one test process at a time (scripts/mutate.mjs runs Stryker under nice).
  concurrency: 1,
  // A mutant of team.ts's waits (model-pareto-smooth) waits forever: 5 s beyond the tests' own
  // time tells it there (its tests take under 3 s), where 20 s each made the module's run hours.
  timeoutMS: name === "model-pareto-smooth" ? 5_000 : 20_000,
  // The first run of every related test file, on a loaded machine.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: `reports/mutation/${name}.json`,
  mutate,
  ignorePatterns: ["dist-check", "coverage", "bench-results", "reports", ".stryker-tmp*"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/last/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // One folder per module, so that two modules can run side by side (each removes its own).
  tempDirName,
  cleanTempDir: "always",
};

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
