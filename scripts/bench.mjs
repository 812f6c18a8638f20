#!/usr/bin/env node
/**
 * npm run bench [-- --rows 1000000 --runs 3 --dialect-rows 2000000 --no-dialects]
 * npm run bench -- --transactions [--rows …]: a transaction log instead (scripts/bench-transactions.mjs)
 * npm run bench -- --issue32 [--only by,formats --rows … --runs 3]: every ratio of issue 32 with its target, one table (scripts/bench-issue32.mjs)
 * npm run bench -- --startup [--runs 30]: issue 32's start-up against `node -e 0` (scripts/bench-startup.mjs)
 * npm run bench -- --clv [--rows …]: what ceq value --model bgnbd adds to reading a log (scripts/bench-clv.mjs)
 * npm run bench -- --cohorts [--rows …]: ceq cohorts and ceq value against the plain log (scripts/bench-cohorts.mjs)
 * npm run bench -- --dialects [--rows 2000000]: only the export as real systems write it (scripts/bench-dialects.mjs)
 * npm run bench -- --cluster [--rows 10000000 --runs 3 --extra-runs 1]: the log on a two-shard ClickHouse cluster, one shard and ceq (scripts/bench-cluster.mjs)
 * npm run bench -- --workbook [--rows 1000000 --runs 1]: the export as .xlsx workbooks against CSV (scripts/bench-workbook.mjs)
 *
 * Generates a deterministic export in a temp folder (new, retained and churned files with
 * customer ids, years 2015-2024, 2-decimal amounts), then measures in the same run, as medians
 * of --runs runs each:
 *   - ceq --format json end to end: wall time, rows/s, MB/s, peak RSS; and the same with
 *     CEQ_THREADS=1, to show what the second thread brings;
 *   - a baseline: Node reading the same bytes and counting newlines;
 *   - DuckDB (2 threads) computing the same per-year sums with DECIMAL, and again with the checks
 *     ceq's id table makes on every run (duplicates, new and retained at once, no earlier record);
 *   - ceq and DuckDB on an export of a tenth as many rows and on one of 1,000 rows (startup),
 *     for how time grows with rows, against the reference tool measured the same way;
 *   - ceq's peak RSS with every row a distinct customer id, and with no id column;
 *   - then, unless --no-dialects, each dialect of scripts/bench-dialects.mjs against the plain
 *     export (2M rows, or --rows if fewer, or --dialect-rows).
 * Prints the ratios against the targets and appends a line to bench/results.tsv (and one to
 * bench/results-dialects.tsv).
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const ROWS = option("rows", 10_000_000);
const RUNS = option("runs", 3);

/** A small deterministic hash, for lifetimes and amounts. */
function mix(i) {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const money = (n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

/**
 * Customers start in 2015-2024, stay 1-6 years and churn unless the data ends first: every
 * retained or churned row has an earlier record, no id repeats within a phase and year.
 * mode "noid": the same rows without the id column.
 * mode "distinct": every row its own customer, so as many ids as rows: new customers in every
 * year, and retained or churned ones only in 2015, the first year, where no history is expected.
 */
async function generate(dir, mode, ROWS) {
  const files = { new: join(dir, "new.csv"), retained: join(dir, "retained.csv"), churned: join(dir, "churned.csv") };
  const out = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, createWriteStream(f)]));
  const buffers = { new: [], retained: [], churned: [] };
  const id = mode !== "noid";
  out.new.write(id ? "customer_id,year,revenue,acquisition_cost\n" : "year,revenue,acquisition_cost\n");
  out.retained.write(id ? "customer_id,year,revenue,servicing_cost\n" : "year,revenue,servicing_cost\n");
  out.churned.write(id ? "customer_id,year,revenue\n" : "year,revenue\n");
  let rows = 0;
  const flush = async (force) => {
    for (const k of Object.keys(buffers)) {
      if (buffers[k].length >= 20000 || (force && buffers[k].length)) {
        if (!out[k].write(buffers[k].join(""))) await once(out[k], "drain");
        buffers[k] = [];
      }
    }
  };
  const push = (kind, cid, year, revenue, cost) => {
    const prefix = id ? `${cid},` : "";
    buffers[kind].push(kind === "churned" ? `${prefix}${year},${money(revenue)}\n` : `${prefix}${year},${money(revenue)},${money(cost)}\n`);
    rows++;
  };
  for (let i = 0; mode === "distinct" && rows < ROWS; i++) {
    const h = mix(i);
    const year = 2015 + (i % 10);
    const kind = year > 2015 || h % 3 === 0 ? "new" : h % 3 === 1 ? "retained" : "churned";
    push(kind, `C${String(i).padStart(8, "0")}`, year, 5000 + (h % 500000), 500 + (h % 20000));
    if (i % 1000 === 0) await flush(false);
  }
  for (let i = 0; mode !== "distinct" && rows < ROWS; i++) {
    const h = mix(i);
    const start = 2015 + (i % 10);
    const life = 1 + (h % 6);
    const revenue = 5000 + (h % 500000);
    const cid = () => `C${String(i).padStart(8, "0")}`;
    push("new", cid(), start, revenue, 1000 + (h % 90000));
    for (let y = start + 1; y < start + life && y <= 2024 && rows < ROWS; y++) push("retained", cid(), y, revenue + (y - start) * 137, 500 + (h % 20000));
    if (start + life <= 2024 && rows < ROWS) push("churned", cid(), start + life, revenue);
    if (i % 1000 === 0) await flush(false);
  }
  await flush(true);
  await Promise.all(Object.values(out).map((s) => new Promise((r) => s.end(r))));
  const bytes = Object.values(files).reduce((sum, f) => sum + statSync(f).size, 0);
  return { files, rows, bytes };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a node script; returns wall seconds and the peak RSS it reports (KB). */
function timed(script, scriptArgs, env = {}) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script, ...scriptArgs], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr)?.[1];
  return { seconds, rssMB: rss ? Number(rss) / 1024 : NaN, stdout: result.stdout, stderr: result.stderr };
}

const RUN_CEQ = join(ROOT, "scripts", "bench-run-ceq.mjs");
const BASELINE = join(ROOT, "scripts", "bench-baseline.mjs");
const DUCKDB = join(ROOT, "scripts", "bench-duckdb.mjs");

if (args.includes("--clv")) {
  const { benchClv } = await import("./bench-clv.mjs");
  await benchClv(ROWS, RUNS);
  process.exit(0);
}

if (args.includes("--cohorts")) {
  const { benchCohorts } = await import("./bench-cohorts.mjs");
  await benchCohorts(ROWS, RUNS);
  process.exit(0);
}

if (args.includes("--issue32")) {
  const { benchIssue32 } = await import("./bench-issue32.mjs");
  const only = args.indexOf("--only");
  await benchIssue32({ root: ROOT, rows: ROWS, runs: RUNS, only: only === -1 ? undefined : args[only + 1].split(",") });
  process.exit(0);
}

if (args.includes("--startup")) {
  const { benchStartup } = await import("./bench-startup.mjs");
  benchStartup(ROOT, option("runs", 30));
  process.exit(0);
}

if (args.includes("--transactions")) {
  const { benchTransactions } = await import("./bench-transactions.mjs");
  await benchTransactions(ROWS, RUNS);
  process.exit(0);
}

const keep = args.indexOf("--generate-only");
if (keep !== -1) {
  // For profiling: write the export to the folder named and stop.
  const target = args[keep + 1];
  mkdirSync(target, { recursive: true });
  const data = await generate(target, args.includes("--distinct") ? "distinct" : args.includes("--noid") ? "noid" : "ids", ROWS);
  console.log(`${data.rows} rows, ${(data.bytes / 1e6).toFixed(0)} MB in ${target}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "ceq-bench-"));
const ceqArgs = (files) => ["--new", files.new, "--retained", files.retained, "--churned", files.churned, "--format", "json"];
const mb = (bytes) => bytes / 1e6;

/** Generates an export of `rows` rows in its own folder. */
async function exportOf(name, mode, rows) {
  const folder = join(dir, name);
  mkdirSync(folder);
  const data = await generate(folder, mode, rows);
  return { ...data, folder };
}

/** Median seconds and RSS of `RUNS` runs of ceq on an export. */
function ceqMedian(data, env = {}) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(timed(RUN_CEQ, ceqArgs(data.files), env));
  return { seconds: median(runs.map((r) => r.seconds)), rssMB: median(runs.map((r) => r.rssMB)), stdout: runs[0].stdout };
}

/** Median seconds of `RUNS` runs of DuckDB on an export. */
function duckdbMedian(data) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(timed(DUCKDB, Object.values(data.files)).seconds);
  return median(runs);
}

if (args.includes("--workbook")) {
  const { benchWorkbook } = await import("./bench-workbook.mjs");
  try {
    await benchWorkbook({ exportOf, timed, median, RUN_CEQ, RUNS, ROWS: option("rows", 1_000_000), ROOT });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (args.includes("--cluster")) {
  const { benchCluster } = await import("./bench-cluster.mjs");
  try {
    await benchCluster({ ROOT, ROWS, RUNS, EXTRA_RUNS: option("extra-runs", RUNS), median });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

if (args.includes("--dialects")) {
  const { benchDialects } = await import("./bench-dialects.mjs");
  try {
    await benchDialects({ exportOf, timed, median, RUN_CEQ, RUNS, ROWS: option("rows", 2_000_000), ROOT });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

try {
  console.log(`generating ${ROWS.toLocaleString("en")} rows in ${dir} …`);
  const data = await exportOf("main", "ids", ROWS);
  console.log(`${data.rows.toLocaleString("en")} rows, ${mb(data.bytes).toFixed(0)} MB in 3 files`);

  const ceqRuns = [];
  const serialRuns = [];
  const baseRuns = [];
  const duckRuns = [];
  const checkedRuns = [];
  for (let r = 0; r < RUNS; r++) {
    // Interleaved, so a slow spell on this shared machine hits every contender alike.
    const c = timed(RUN_CEQ, ceqArgs(data.files));
    ceqRuns.push(c);
    const s = timed(RUN_CEQ, ceqArgs(data.files), { CEQ_THREADS: "1" });
    serialRuns.push(s);
    baseRuns.push(timed(BASELINE, Object.values(data.files)));
    const d = timed(DUCKDB, Object.values(data.files));
    duckRuns.push(d);
    const k = timed(DUCKDB, ["--checks", ...Object.values(data.files)]);
    checkedRuns.push(k);
    if (k.stdout !== d.stdout) throw new Error("DuckDB gave other figures with the checks");
    if (!/CHECKS duplicates=0 conflicts=0 withoutHistory=0/.test(k.stderr)) throw new Error(`DuckDB's checks found problems in the generated export: ${k.stderr}`);
    if (s.stdout !== c.stdout) throw new Error("ceq printed different results with one thread and with several");
    // The two must agree on every year's customer equity, to the cent.
    const ceqYears = Object.fromEntries(JSON.parse(c.stdout).years.map((y) => [y.year, String(y.customerEquity)]));
    const duckYears = JSON.parse(d.stdout);
    const agree = Object.keys(duckYears).length === Object.keys(ceqYears).length && Object.keys(duckYears).every((y) => Number(ceqYears[y]) === Number(duckYears[y]));
    if (!agree) throw new Error(`ceq and DuckDB disagree:\n${JSON.stringify(ceqYears)}\n${JSON.stringify(duckYears)}`);
    console.log(`run ${r + 1}: ceq ${c.seconds.toFixed(2)} s (${c.rssMB.toFixed(0)} MB), one thread ${s.seconds.toFixed(2)} s, baseline ${baseRuns[r].seconds.toFixed(2)} s, duckdb ${d.seconds.toFixed(2)} s, duckdb with the checks ${k.seconds.toFixed(2)} s (${k.rssMB.toFixed(0)} MB)`);
  }
  const ceqS = median(ceqRuns.map((r) => r.seconds));
  const duckS = median(duckRuns.map((r) => r.seconds));
  const checkedS = median(checkedRuns.map((r) => r.seconds));
  const baseS = median(baseRuns.map((r) => r.seconds));
  rmSync(data.folder, { recursive: true, force: true });

  console.log("time against rows: exports of a tenth as many rows, and of 1,000 rows (startup), ceq and DuckDB …");
  const tenth = await exportOf("tenth", "ids", Math.round(ROWS / 10));
  const tenthRun = ceqMedian(tenth);
  const duckTenthS = duckdbMedian(tenth);
  rmSync(tenth.folder, { recursive: true, force: true });
  const tiny = await exportOf("tiny", "ids", 1000);
  const tinyRun = ceqMedian(tiny);
  const duckTinyS = duckdbMedian(tiny);

  console.log("peak memory with every row a distinct customer id, and with no id column …");
  const distinct = await exportOf("distinct", "distinct", ROWS);
  const distinctRun = ceqMedian(distinct);
  rmSync(distinct.folder, { recursive: true, force: true });
  const noid = await exportOf("noid", "noid", ROWS);
  const noidRun = ceqMedian(noid);
  rmSync(noid.folder, { recursive: true, force: true });

  // Time per row, once the fixed startup (a 1,000-row run) is taken off, must not grow with rows.
  const perRow = (seconds, rows, startup = tinyRun.seconds) => (seconds - startup) / rows;
  const figures = {
    rows: data.rows,
    mb: Number(mb(data.bytes).toFixed(1)),
    ceqSeconds: Number(ceqS.toFixed(3)),
    rowsPerSecond: Math.round(data.rows / ceqS),
    mbPerSecond: Number((mb(data.bytes) / ceqS).toFixed(1)),
    ceqPeakRssMB: Math.round(median(ceqRuns.map((r) => r.rssMB))),
    oneThreadSeconds: Number(median(serialRuns.map((r) => r.seconds)).toFixed(3)),
    baselineSeconds: Number(baseS.toFixed(3)),
    duckdbSeconds: Number(duckS.toFixed(3)),
    ceqOverDuckdb: Number((ceqS / duckS).toFixed(2)),
    duckdbCheckedSeconds: Number(checkedS.toFixed(3)),
    duckdbCheckedPeakRssMB: Math.round(median(checkedRuns.map((r) => r.rssMB))),
    ceqOverDuckdbChecked: Number((ceqS / checkedS).toFixed(2)),
    ceqOverBaseline: Number((ceqS / baseS).toFixed(2)),
    tenthSeconds: Number(tenthRun.seconds.toFixed(3)),
    startupSeconds: Number(tinyRun.seconds.toFixed(3)),
    fullOverTenth: Number((ceqS / tenthRun.seconds).toFixed(2)),
    perRowFullOverTenth: Number((perRow(ceqS, data.rows) / perRow(tenthRun.seconds, tenth.rows)).toFixed(2)),
    perRowNsFull: Math.round(perRow(ceqS, data.rows) * 1e9),
    perRowNsTenth: Math.round(perRow(tenthRun.seconds, tenth.rows) * 1e9),
    // The tenth's files are under DEFAULT_MIN_BYTES and read on one thread: this compares like with like.
    oneThreadPerRowNsFull: Math.round(perRow(median(serialRuns.map((r) => r.seconds)), data.rows) * 1e9),
    duckdbPerRowNsFull: Math.round(perRow(duckS, data.rows, duckTinyS) * 1e9),
    duckdbPerRowNsTenth: Math.round(perRow(duckTenthS, tenth.rows, duckTinyS) * 1e9),
    duckdbTenthSeconds: Number(duckTenthS.toFixed(3)),
    duckdbStartupSeconds: Number(duckTinyS.toFixed(3)),
    duckdbFullOverTenth: Number((duckS / duckTenthS).toFixed(2)),
    duckdbPerRowFullOverTenth: Number((perRow(duckS, data.rows, duckTinyS) / perRow(duckTenthS, tenth.rows, duckTinyS)).toFixed(2)),
    distinctIdsPeakRssMB: Math.round(distinctRun.rssMB),
    distinctIdsSeconds: Number(distinctRun.seconds.toFixed(2)),
    noIdPeakRssMB: Math.round(noidRun.rssMB),
    noIdSeconds: Number(noidRun.seconds.toFixed(2)),
  };
  const verdict = (ok) => (ok ? "met" : "NOT MET");
  console.log(`
ceq end to end (median of ${RUNS}): ${figures.ceqSeconds} s, ${figures.rowsPerSecond.toLocaleString("en")} rows/s, ${figures.mbPerSecond} MB/s, peak RSS ${figures.ceqPeakRssMB} MB
ceq with one thread (CEQ_THREADS=1): ${figures.oneThreadSeconds} s
baseline (read + count newlines):    ${figures.baselineSeconds} s
DuckDB (2 threads, DECIMAL sums):    ${figures.duckdbSeconds} s
DuckDB with ceq's id checks:         ${figures.duckdbCheckedSeconds} s, peak RSS ${figures.duckdbCheckedPeakRssMB} MB
ratio ceq/DuckDB:   ${figures.ceqOverDuckdb}   (target at most 1.0: ${verdict(figures.ceqOverDuckdb <= 1)})
ratio ceq/DuckDB doing the same checks: ${figures.ceqOverDuckdbChecked}
ratio ceq/baseline: ${figures.ceqOverBaseline}
time against rows: 1,000 rows ${figures.startupSeconds} s (startup), ${tenth.rows.toLocaleString("en")} rows ${figures.tenthSeconds} s, ${data.rows.toLocaleString("en")} rows ${figures.ceqSeconds} s
  time per row after startup: ${figures.perRowNsTenth} ns at ${tenth.rows.toLocaleString("en")} rows, ${figures.perRowNsFull} ns at ${data.rows.toLocaleString("en")}
  with one thread, as the smaller export is read: ${figures.oneThreadPerRowNsFull} ns at ${data.rows.toLocaleString("en")} rows, ${(figures.oneThreadPerRowNsFull / figures.perRowNsTenth).toFixed(2)} of the smaller export's
  ${data.rows.toLocaleString("en")} over ${tenth.rows.toLocaleString("en")}: ${figures.perRowFullOverTenth} (target 0.7 to 1.15: ${verdict(figures.perRowFullOverTenth >= 0.7 && figures.perRowFullOverTenth <= 1.15)}; never more than linear: ${verdict(figures.perRowFullOverTenth <= 1.15)})
DuckDB measured the same way: 1,000 rows ${figures.duckdbStartupSeconds} s, ${tenth.rows.toLocaleString("en")} rows ${figures.duckdbTenthSeconds} s, ${data.rows.toLocaleString("en")} rows ${figures.duckdbSeconds} s
  time per row after startup: ${figures.duckdbPerRowNsTenth} ns at ${tenth.rows.toLocaleString("en")} rows, ${figures.duckdbPerRowNsFull} ns at ${data.rows.toLocaleString("en")}; ${data.rows.toLocaleString("en")} over ${tenth.rows.toLocaleString("en")}: ${figures.duckdbPerRowFullOverTenth}
peak RSS, ${distinct.rows.toLocaleString("en")} distinct ids: ${figures.distinctIdsPeakRssMB} MB (${figures.distinctIdsSeconds} s; target at most 400 MB: ${verdict(figures.distinctIdsPeakRssMB <= 400)})
peak RSS, no id column: ${figures.noIdPeakRssMB} MB (${figures.noIdSeconds} s; target at most 150 MB: ${verdict(figures.noIdPeakRssMB <= 150)})
ceq and DuckDB agree on every year's customer equity; ceq gives the same bytes with one thread.`);

  const results = join(ROOT, "bench", "results.tsv");
  mkdirSync(dirname(results), { recursive: true });
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
  const header = ["date", "commit", ...Object.keys(figures)].join("\t");
  // A new set of columns starts a new file; the old one is kept beside it.
  if (existsSync(results) && !readFileSync(results, "utf8").startsWith(header + "\n")) renameSync(results, results.replace(/\.tsv$/, `.${Date.now()}.tsv`));
  if (!existsSync(results)) writeFileSync(results, header + "\n");
  appendFileSync(results, [new Date().toISOString(), commit, ...Object.values(figures)].join("\t") + "\n");
  console.log(`appended to ${results}`);

  // Issue 18: every dialect's figure and ratio, in the same run (`--dialects` runs them alone).
  if (!args.includes("--no-dialects")) {
    const dialectRows = option("dialect-rows", Math.min(ROWS, 2_000_000));
    console.log(`\nthe same customer base as real exports write it, ${dialectRows.toLocaleString("en")} rows (--no-dialects leaves this out):`);
    const { benchDialects } = await import("./bench-dialects.mjs");
    await benchDialects({ exportOf, timed, median, RUN_CEQ, RUNS, ROWS: dialectRows, ROOT });
  }
  // Issue 32: the start-up over `node -e 0` (`--startup` runs it alone).
  console.log("");
  (await import("./bench-startup.mjs")).benchStartup(ROOT);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
