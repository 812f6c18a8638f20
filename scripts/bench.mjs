#!/usr/bin/env node
/**
 * npm run bench [-- --rows 1000000 --runs 3]
 *
 * Generates a deterministic export in a temp folder (new, retained and churned files with
 * customer ids, years 2015-2024, 2-decimal amounts), then measures in the same run, as medians:
 *   - ceq --format json end to end: wall time, rows/s, MB/s, peak RSS;
 *   - a baseline: Node reading the same bytes and counting newlines;
 *   - DuckDB (2 threads) computing the same per-year sums with DECIMAL.
 * Then peak RSS with every row a distinct customer id, and with no id column.
 * Prints the ratios and appends a line to bench/results.tsv.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
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
 * mode "distinct": every row its own customer; mode "noid": no id column.
 */
async function generate(dir, mode) {
  const files = { new: join(dir, "new.csv"), retained: join(dir, "retained.csv"), churned: join(dir, "churned.csv") };
  const out = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, createWriteStream(f)]));
  const buffers = { new: [], retained: [], churned: [] };
  const id = mode !== "noid";
  out.new.write(id ? "customer_id,year,revenue,acquisition_cost\n" : "year,revenue,acquisition_cost\n");
  out.retained.write(id ? "customer_id,year,revenue,servicing_cost\n" : "year,revenue,servicing_cost\n");
  out.churned.write(id ? "customer_id,year,revenue\n" : "year,revenue\n");
  let rows = 0;
  let serial = 0;
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
  for (let i = 0; rows < ROWS; i++) {
    const h = mix(i);
    const start = 2015 + (i % 10);
    const life = 1 + (h % 6);
    const revenue = 5000 + (h % 500000);
    const cid = () => `C${String(mode === "distinct" ? serial++ : i).padStart(8, "0")}`;
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
function timed(script, scriptArgs) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--max-old-space-size=4096", script, ...scriptArgs], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr)?.[1];
  return { seconds, rssMB: rss ? Number(rss) / 1024 : NaN, stdout: result.stdout, stderr: result.stderr };
}

const RUN_CEQ = join(ROOT, "scripts", "bench-run-ceq.mjs");
const BASELINE = join(ROOT, "scripts", "bench-baseline.mjs");
const DUCKDB = join(ROOT, "scripts", "bench-duckdb.mjs");

const keep = args.indexOf("--generate-only");
if (keep !== -1) {
  // For profiling: write the export to the folder named and stop.
  const target = args[keep + 1];
  mkdirSync(target, { recursive: true });
  const data = await generate(target, args.includes("--distinct") ? "distinct" : args.includes("--noid") ? "noid" : "ids");
  console.log(`${data.rows} rows, ${(data.bytes / 1e6).toFixed(0)} MB in ${target}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "ceq-bench-"));
try {
  console.log(`generating ${ROWS.toLocaleString("en")} rows in ${dir} …`);
  const data = await generate(join(dir), "ids");
  const mb = data.bytes / 1e6;
  console.log(`${data.rows.toLocaleString("en")} rows, ${mb.toFixed(0)} MB in 3 files`);
  const ceqArgs = ["--new", data.files.new, "--retained", data.files.retained, "--churned", data.files.churned, "--format", "json"];

  const ceqRuns = [];
  const baseRuns = [];
  const duckRuns = [];
  let ceqOut = "";
  let duckOut = "";
  for (let r = 0; r < RUNS; r++) {
    const c = timed(RUN_CEQ, ceqArgs);
    ceqRuns.push(c);
    ceqOut = c.stdout;
    baseRuns.push(timed(BASELINE, Object.values(data.files)));
    const d = timed(DUCKDB, Object.values(data.files));
    duckRuns.push(d);
    duckOut = d.stdout;
    console.log(`run ${r + 1}: ceq ${c.seconds.toFixed(2)} s (${c.rssMB.toFixed(0)} MB), baseline ${baseRuns[r].seconds.toFixed(2)} s, duckdb ${d.seconds.toFixed(2)} s`);
  }
  // The two must agree on every year's customer equity, to the cent.
  const ceqYears = Object.fromEntries(JSON.parse(ceqOut).years.map((y) => [y.year, String(y.customerEquity)]));
  const duckYears = JSON.parse(duckOut);
  const agree = Object.keys(duckYears).every((y) => Number(ceqYears[y]) === Number(duckYears[y]));
  if (!agree) throw new Error(`ceq and DuckDB disagree:\n${JSON.stringify(ceqYears)}\n${JSON.stringify(duckYears)}`);

  const ceqS = median(ceqRuns.map((r) => r.seconds));
  const ceqRss = median(ceqRuns.map((r) => r.rssMB));
  const baseS = median(baseRuns.map((r) => r.seconds));
  const duckS = median(duckRuns.map((r) => r.seconds));

  console.log("peak memory with every row a distinct customer id, and with no id column …");
  const distinctDir = join(dir, "distinct");
  mkdirSync(distinctDir);
  const distinct = await generate(distinctDir, "distinct");
  const distinctRun = timed(RUN_CEQ, ["--new", distinct.files.new, "--retained", distinct.files.retained, "--churned", distinct.files.churned, "--format", "json"]);
  rmSync(distinctDir, { recursive: true, force: true });
  const noidDir = join(dir, "noid");
  mkdirSync(noidDir);
  const noid = await generate(noidDir, "noid");
  const noidRun = timed(RUN_CEQ, ["--new", noid.files.new, "--retained", noid.files.retained, "--churned", noid.files.churned, "--format", "json"]);

  const figures = {
    rows: data.rows,
    mb: Number(mb.toFixed(1)),
    ceqSeconds: Number(ceqS.toFixed(3)),
    rowsPerSecond: Math.round(data.rows / ceqS),
    mbPerSecond: Number((mb / ceqS).toFixed(1)),
    ceqPeakRssMB: Math.round(ceqRss),
    baselineSeconds: Number(baseS.toFixed(3)),
    duckdbSeconds: Number(duckS.toFixed(3)),
    ceqOverDuckdb: Number((ceqS / duckS).toFixed(2)),
    ceqOverBaseline: Number((ceqS / baseS).toFixed(2)),
    distinctIdsPeakRssMB: Math.round(distinctRun.rssMB),
    distinctIdsSeconds: Number(distinctRun.seconds.toFixed(2)),
    noIdPeakRssMB: Math.round(noidRun.rssMB),
    noIdSeconds: Number(noidRun.seconds.toFixed(2)),
  };
  console.log(`
ceq end to end (median of ${RUNS}): ${figures.ceqSeconds} s, ${figures.rowsPerSecond.toLocaleString("en")} rows/s, ${figures.mbPerSecond} MB/s, peak RSS ${figures.ceqPeakRssMB} MB
baseline (read + count newlines):  ${figures.baselineSeconds} s
DuckDB (2 threads, DECIMAL sums):  ${figures.duckdbSeconds} s
ratio ceq/DuckDB:   ${figures.ceqOverDuckdb}
ratio ceq/baseline: ${figures.ceqOverBaseline}
peak RSS, ${distinct.rows.toLocaleString("en")} distinct ids: ${figures.distinctIdsPeakRssMB} MB (${figures.distinctIdsSeconds} s)
peak RSS, no id column: ${figures.noIdPeakRssMB} MB (${figures.noIdSeconds} s)
ceq and DuckDB agree on every year's customer equity.`);

  const results = join(ROOT, "bench", "results.tsv");
  mkdirSync(dirname(results), { recursive: true });
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
  if (!existsSync(results)) writeFileSync(results, ["date", "commit", ...Object.keys(figures)].join("\t") + "\n");
  appendFileSync(results, [new Date().toISOString(), commit, ...Object.values(figures)].join("\t") + "\n");
  console.log(`appended to ${results}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
