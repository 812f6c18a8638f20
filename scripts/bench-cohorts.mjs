/**
 * npm run bench -- --cohorts [--rows 10000000 --runs 3]
 *
 * Issue 32's targets for `ceq cohorts` and `ceq value` (constant; sbg by quarter): at most 1.3x
 * the plain log's time and 1.2x its peak memory. On scripts/bench-transactions.mjs's generated log,
 * interleaved, medians of --runs runs: `ceq calc` by year and by quarter (the plain logs), then
 * `ceq cohorts`, `ceq value` (constant) and `ceq value --model sbg --period quarter`, each against
 * the plain log of its period. The machine is shared: read the CPU ratio, not the seconds.
 *
 * In that log customers come back after a gap, so a cohort grows and the sbg fit refuses it (exit
 * 1, "survivors never grow"); the refusal comes after the log is read and its cohorts tallied,
 * which is what is measured, and the run is counted only when it is that refusal.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateLog } from "./bench-transactions.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUN_CEQ = join(ROOT, "scripts", "bench-run-ceq.mjs");

function timed(args, refusal) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [RUN_CEQ, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && !(refusal && run.stderr.includes(refusal))) throw new Error(`ceq ${args.join(" ")} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/CPU (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1e6;
  return { seconds, cpu, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchCohorts(rows, runs) {
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-cohorts-"));
  try {
    const log = join(dir, "log.csv");
    const made = await generateLog(log, rows);
    console.log(`generated ${made.rows.toLocaleString("en")} rows, ${made.customers.toLocaleString("en")} customers (${(made.bytes / 1e6).toFixed(0)} MB)`);
    const t = ["--transactions", log, "-f", "json"];
    const work = {
      "calc (year)": [["calc", ...t]],
      "calc (quarter)": [["calc", ...t, "--period", "quarter"]],
      cohorts: [["cohorts", ...t], "calc (year)"],
      "value constant": [["value", ...t, "--discount-rate", "0.1"], "calc (year)"],
      "value sbg (quarter)": [["value", ...t, "--model", "sbg", "--period", "quarter", "--discount-rate", "0.025"], "calc (quarter)", "survivors never grow"],
    };
    const got = Object.fromEntries(Object.keys(work).map((name) => [name, []]));
    for (let k = 0; k < runs; k++) {
      for (const [name, [args, , refusal]] of Object.entries(work)) {
        const r = timed(args, refusal);
        got[name].push(r);
        console.log(`  run ${k + 1} ${name.padEnd(20)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpu.toFixed(2).padStart(7)} s CPU ${r.rss.toFixed(0).padStart(6)} MB`);
      }
    }
    const of = (name, key) => median(got[name].map((r) => r[key]));
    console.log(`\nmedians of ${runs}      wall s    CPU s   peak MB   CPU ratio (target <= 1.3)   memory ratio (target <= 1.2)`);
    for (const [name, [, plain]] of Object.entries(work)) {
      const ratios = plain ? [of(name, "cpu") / of(plain, "cpu"), of(name, "rss") / of(plain, "rss")] : undefined;
      const verdict = (x, target) => `${x.toFixed(2)}x ${x <= target ? "met" : "NOT met"}`;
      console.log(`${name.padEnd(20)} ${of(name, "seconds").toFixed(2).padStart(7)} ${of(name, "cpu").toFixed(2).padStart(8)} ${of(name, "rss").toFixed(0).padStart(9)}   ${ratios ? `${verdict(ratios[0], 1.3).padEnd(26)}  ${verdict(ratios[1], 1.2)} (against ${plain})` : ""}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
