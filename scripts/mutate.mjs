#!/usr/bin/env node
/**
 * `npm run mutate [--rerun] [module ...]`: Stryker on the pure core, one module of
 * scripts/mutate-modules.mjs at a time (all of them without arguments), each incremental against
 * its committed file reports/mutation/<module>.json, so that a rerun tests only the mutants whose
 * code or tests changed. Runs under `nice -n 10`; prints one score line per module. Not part of
 * `npm test`.
 *
 * A module whose mutated files and listed test files are byte for byte the ones its committed
 * file records is not run at all: Stryker would reuse every result, after a dry run of its tests
 * (10-40 s a module), so its score is read from the file ("reused" in the table). `--rerun` runs
 * Stryker anyway.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { MODULES } from "./mutate-modules.mjs";
import { unchangedResults } from "./mutate-reuse.mjs";

const args = process.argv.slice(2);
const rerun = args.includes("--rerun");
const names = args.filter((a) => a !== "--rerun");
for (const name of names) if (!(name in MODULES)) throw new Error(`no module ${name}: the modules are ${Object.keys(MODULES).join(", ")}`);
const chosen = names.length > 0 ? names : Object.keys(MODULES);

const rows = [];
let failed = false;
for (const name of chosen) {
  const started = Date.now();
  const unchanged = rerun ? undefined : unchangedResults(process.cwd(), name, MODULES[name]);
  if (unchanged !== undefined) {
    console.log(`${name}: its code and tests are the ones reports/mutation/${name}.json records; its results are reused without running Stryker`);
    rows.push({ name, seconds: "reused", ...tally(unchanged) });
    continue;
  }
  const run = spawnSync("nice", ["-n", "10", "npx", "stryker", "run", "stryker.config.mjs"], {
    stdio: "inherit",
    // chDB (sql-clickhouse's tests) from .ci/chdb: Stryker's sandbox copy of the project leaves out node_modules folders.
    env: { ...(existsSync(".ci/chdb/node_modules/chdb") ? { CEQ_CHDB_DIR: resolve(".ci/chdb") } : {}), ...process.env, CEQ_MUTATE_MODULE: name },
  });
  if (run.status !== 0) failed = true;
  const report = `reports/mutation/last/${name}.json`;
  if (!existsSync(report)) continue;
  rows.push({ name, seconds: Math.round((Date.now() - started) / 1000), ...tally(JSON.parse(readFileSync(report, "utf8"))) });
}

console.log("\nmodule          killed survived timeout no-cover compile-err ignored  score(compiled)  seconds");
for (const r of rows) {
  const score = r.valid === 0 ? "n/a" : `${((100 * (r.Killed + r.Timeout)) / r.valid).toFixed(1)}%`;
  console.log(
    [r.name.padEnd(15), pad(r.Killed, 6), pad(r.Survived, 8), pad(r.Timeout, 7), pad(r.NoCoverage, 8), pad(r.CompileError, 11), pad(r.Ignored, 7), score.padStart(16), pad(r.seconds, 8)].join(" "),
  );
}
process.exit(failed ? 1 : 0);

/** Mutants by status; `valid` the ones that compile and are not ignored (the score's denominator). */
function tally(report) {
  const t = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, valid: 0 };
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) {
      t[m.status] = (t[m.status] ?? 0) + 1;
      if (m.status !== "CompileError" && m.status !== "Ignored" && m.status !== "RuntimeError") t.valid++;
    }
  }
  return t;
}

function pad(n, width) {
  return String(n).padStart(width);
}
