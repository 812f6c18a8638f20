/**
 * npm run bench -- --issue32 [--only export,log,by,models,formats,startup,memory] [--rows 10000000] [--runs 3]
 *
 * Every ratio of issue 32, each measured side by side (the runs of one part interleaved, medians
 * of --runs), then one table of them with the target beside each, "met" or "not met":
 *   export   the plain phase export (bench.mjs's generator) against DuckDB's bare DECIMAL sum
 *            (at most 1.5x) and against DuckDB making ceq's checks (ceq at least 4x faster);
 *   log      the transaction log (bench-transactions.mjs's generator) against DuckDB's SQL
 *            classification (at most 0.8x), both giving every year's equity to the cent;
 *   by       the log with 50 regions, --by region against the same log plain (at most 1.2x);
 *   models   ceq cohorts and ceq value with every model that takes a log (constant, bgnbd,
 *            pareto-nbd) against the plain log (at most 1.3x the time, 1.2x the peak RSS), on
 *            scripts/simulate-clv.mjs's log, which BG/NBD and Pareto/NBD fit (the generated log's
 *            customers are too alike for them); --model sbg refuses both logs (customers come
 *            back, which a contractual model cannot fit), so it is not run;
 *   formats  --period month --by region (120 months × 50 regions) as xlsx and as html against
 *            JSON (at most 1.2x);
 *   startup  ceq --dir fixtures/demo over node -e 0 (bench-startup.mjs; at most 0.15 s);
 *   memory   bytes per distinct customer at --rows and 4 × --rows: the log run's peak RSS less a
 *            1,000-row log's, over the customers (at most 200 B). The 4x log is big: ask for it.
 * Times are wall seconds with the CPU (user + system) beside them; on a busy machine compare the
 * ratios, which come from runs made side by side.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLog } from "./bench-transactions.mjs";
import { benchStartup } from "./bench-startup.mjs";
import { simulateLog } from "./simulate-clv.mjs";

const PARTS = ["export", "log", "by", "models", "formats", "startup", "memory"];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs a node script; wall seconds, and the CPU seconds and peak RSS (MB) it reports. */
function timed(script, args) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.status !== 0) throw new Error(`${script} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr)?.[1];
  const cpu = /CPU (\d+)/.exec(result.stderr)?.[1];
  return { seconds, cpu: cpu ? Number(cpu) / 1e6 : NaN, rssMB: rss ? Number(rss) / 1024 : NaN, stdout: result.stdout };
}

/** Runs each of `variants` (name -> [script, args]) `runs` times, interleaved; medians by name. */
function interleaved(variants, runs, check = () => {}) {
  const seen = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let r = 0; r < runs; r++) {
    const round = {};
    for (const [name, [script, args]] of Object.entries(variants)) seen[name].push((round[name] = timed(script, args)));
    check(round);
    console.log(`  run ${r + 1}: ${Object.entries(round).map(([name, t]) => `${name} ${t.seconds.toFixed(2)} s (CPU ${Number.isNaN(t.cpu) ? "?" : t.cpu.toFixed(2)} s, ${t.rssMB.toFixed(0)} MB)`).join("; ")}`);
  }
  return Object.fromEntries(Object.entries(seen).map(([name, list]) => [name, { seconds: median(list.map((t) => t.seconds)), cpu: median(list.map((t) => t.cpu)), rssMB: median(list.map((t) => t.rssMB)), stdout: list[0].stdout }]));
}

const s = (t) => `${t.seconds.toFixed(2)} s (CPU ${Number.isNaN(t.cpu) ? "?" : t.cpu.toFixed(2)} s)`;

export async function benchIssue32({ root, rows, runs, only }) {
  const parts = only ?? PARTS.filter((p) => p !== "memory");
  const unknown = parts.filter((p) => !PARTS.includes(p));
  if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(", ")} (parts: ${PARTS.join(", ")})`);
  const ceq = join(root, "scripts", "bench-run-ceq.mjs");
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-32-"));
  /** Each generated log once: plain, or with 50 regions. */
  const logs = new Map();
  const logOf = async (regions, n = rows) => {
    const key = `${regions}-${n}`;
    if (!logs.has(key)) {
      const path = join(dir, `log-${key}.csv`);
      console.log(`generating a log of ${n.toLocaleString("en")} rows${regions ? ` with ${regions} regions` : ""} …`);
      logs.set(key, { path, ...(await generateLog(path, n, regions)) });
    }
    return logs.get(key);
  };
  /** The summary: a line per ratio. */
  const lines = [];
  const ratio = (work, figure, value, target, met) => lines.push({ work, figure, value, target, met });
  try {
    if (parts.includes("export")) {
      console.log(`\nexport: the plain phase export against DuckDB`);
      const folder = join(dir, "export");
      const made = spawnSync(process.execPath, [join(root, "scripts", "bench.mjs"), "--generate-only", folder, "--rows", String(rows)], { encoding: "utf8" });
      if (made.status !== 0) throw new Error(made.stderr);
      const files = ["new", "retained", "churned"].map((k) => join(folder, `${k}.csv`));
      const duckdb = join(root, "scripts", "bench-duckdb.mjs");
      // The report as DuckDB's sum computes it (-f csv), and JSON, which also follows every
      // customer by id for the revenue movements (docs/big-exports.md): no DuckDB query here does that.
      const inputs = ["--new", files[0], "--retained", files[1], "--churned", files[2]];
      const m = interleaved({ ceq: [ceq, [...inputs, "--format", "csv"]], json: [ceq, [...inputs, "--format", "json"]], duckdb: [duckdb, files], checks: [duckdb, ["--checks", ...files]] }, runs);
      const bare = m.ceq.seconds / m.duckdb.seconds;
      ratio("plain export (-f csv) vs DuckDB bare sum", `${s(m.ceq)}, ${m.ceq.rssMB.toFixed(0)} MB / ${s(m.duckdb)}, ${m.duckdb.rssMB.toFixed(0)} MB`, `${bare.toFixed(2)}x`, "≤ 1.5x", bare <= 1.5);
      const faster = m.checks.seconds / m.ceq.seconds;
      ratio("DuckDB with ceq's checks vs ceq (-f csv)", `${s(m.checks)} / ${s(m.ceq)}`, `ceq ${faster.toFixed(2)}x faster`, "≥ 4x faster", faster >= 4);
      const json = m.json.seconds / m.ceq.seconds;
      ratio("-f json (revenue movements) vs -f csv", `${s(m.json)}, ${m.json.rssMB.toFixed(0)} MB / ${s(m.ceq)}`, `${json.toFixed(2)}x`, "none (DuckDB follows no one)", null);
    }
    if (parts.includes("log")) {
      console.log(`\nlog: the transaction log against DuckDB's SQL`);
      const log = await logOf(0);
      const agree = (round) => {
        const mine = Object.fromEntries(JSON.parse(round.ceq.stdout).years.map((y) => [y.year, BigInt(Math.round(Number(y.customerEquity) * 100))]));
        const theirs = JSON.parse(round.duckdb.stdout);
        const same = Object.keys(mine).length === Object.keys(theirs).length && Object.entries(theirs).every(([y, cents]) => BigInt(cents) === mine[y]);
        if (!same) throw new Error(`ceq and DuckDB disagree:\n${JSON.stringify(Object.fromEntries(Object.entries(mine).map(([k, v]) => [k, String(v)])))}\n${JSON.stringify(theirs)}`);
      };
      const m = interleaved({ ceq: [ceq, ["--transactions", log.path, "--format", "json"]], duckdb: [join(root, "scripts", "bench-duckdb-transactions.mjs"), [log.path]] }, runs, agree);
      const r = m.ceq.seconds / m.duckdb.seconds;
      ratio("log vs DuckDB's SQL (equal to the cent)", `${s(m.ceq)}, ${m.ceq.rssMB.toFixed(0)} MB / ${s(m.duckdb)}, ${m.duckdb.rssMB.toFixed(0)} MB`, `${r.toFixed(2)}x`, "≤ 0.8x", r <= 0.8);
    }
    if (parts.includes("by")) {
      console.log(`\nby: --by region (50 regions) against the same log plain`);
      const log = await logOf(50);
      const m = interleaved({ plain: [ceq, ["--transactions", log.path, "--format", "json"]], by: [ceq, ["--transactions", log.path, "--by", "region", "--format", "json"]] }, runs);
      const r = m.by.seconds / m.plain.seconds;
      ratio("--by region (50) vs plain log", `${s(m.by)} / ${s(m.plain)}`, `${r.toFixed(2)}x (CPU ${(m.by.cpu / m.plain.cpu).toFixed(2)}x)`, "≤ 1.2x", r <= 1.2);
    }
    if (parts.includes("models")) {
      console.log(`\nmodels: ceq cohorts and ceq value (constant, BG/NBD, Pareto/NBD) against the plain log, on a log drawn from BG/NBD`);
      const log = { path: join(dir, "simulated.csv") };
      console.log(`simulating a log of about ${rows.toLocaleString("en")} rows (scripts/simulate-clv.mjs) …`);
      await simulateLog(log.path, rows);
      const m = interleaved(
        {
          plain: [ceq, ["--transactions", log.path, "--format", "json"]],
          cohorts: [ceq, ["cohorts", "--transactions", log.path, "--format", "json"]],
          constant: [ceq, ["value", "--transactions", log.path, "--discount-rate", "0.1", "--format", "json"]],
          bgnbd: [ceq, ["value", "--transactions", log.path, "--model", "bgnbd", "--discount-rate", "0.1", "--format", "json"]],
          pareto: [ceq, ["value", "--transactions", log.path, "--model", "pareto-nbd", "--discount-rate", "0.1", "--format", "json"]],
        },
        runs,
      );
      for (const [name, work] of [["cohorts", "ceq cohorts"], ["constant", "ceq value (constant)"], ["bgnbd", "ceq value --model bgnbd"], ["pareto", "ceq value --model pareto-nbd"]]) {
        const time = m[name].seconds / m.plain.seconds;
        const memory = m[name].rssMB / m.plain.rssMB;
        ratio(`${work} vs plain log: time`, `${s(m[name])} / ${s(m.plain)}`, `${time.toFixed(2)}x (CPU ${(m[name].cpu / m.plain.cpu).toFixed(2)}x)`, "≤ 1.3x", time <= 1.3);
        ratio(`${work} vs plain log: peak RSS`, `${m[name].rssMB.toFixed(0)} MB / ${m.plain.rssMB.toFixed(0)} MB`, `${memory.toFixed(2)}x`, "≤ 1.2x", memory <= 1.2);
      }
    }
    if (parts.includes("formats")) {
      console.log(`\nformats: 120 months × 50 regions as xlsx and html against JSON`);
      const log = await logOf(50);
      const base = ["--transactions", log.path, "--by", "region", "--period", "month"];
      const m = interleaved({ json: [ceq, [...base, "--format", "json", "-o", join(dir, "out.json")]], xlsx: [ceq, [...base, "--format", "xlsx", "-o", join(dir, "out.xlsx")]], html: [ceq, [...base, "--format", "html", "-o", join(dir, "out.html")]] }, runs);
      for (const format of ["xlsx", "html"]) {
        const r = m[format].seconds / m.json.seconds;
        ratio(`--format ${format} vs json (120 months × 50)`, `${s(m[format])} / ${s(m.json)}`, `${r.toFixed(2)}x (CPU ${(m[format].cpu / m.json.cpu).toFixed(2)}x)`, "≤ 1.2x", r <= 1.2);
      }
    }
    if (parts.includes("startup")) {
      console.log("");
      const { startupWallSeconds: wall, startupCpuSeconds: cpu } = benchStartup(root, Math.max(runs, 15));
      ratio("start-up over node -e 0", `${wall.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU`, `${wall.toFixed(3)} s`, "≤ 0.15 s", wall <= 0.15);
    }
    if (parts.includes("memory")) {
      console.log(`\nmemory: bytes per customer`);
      const tiny = await logOf(0, 1000);
      const base = interleaved({ tiny: [ceq, ["--transactions", tiny.path, "--format", "json"]] }, runs).tiny.rssMB;
      for (const n of [rows, 4 * rows]) {
        const log = await logOf(0, n);
        const m = interleaved({ log: [ceq, ["--transactions", log.path, "--format", "json"]] }, runs);
        const perCustomer = ((m.log.rssMB - base) * 1024 * 1024) / log.customers;
        ratio(`memory per customer, ${n.toLocaleString("en")} rows`, `(${m.log.rssMB.toFixed(0)} − ${base.toFixed(0)} MB) / ${log.customers.toLocaleString("en")}`, `${perCustomer.toFixed(0)} B`, "≤ 200 B", perCustomer <= 200);
        rmSync(log.path, { force: true });
        logs.delete(`0-${n}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nissue 32, ${rows.toLocaleString("en")} rows, medians of ${runs} interleaved runs:\n`);
  console.log("| work | figures | ratio | target | |");
  console.log("|---|---|---|---|---|");
  for (const l of lines) console.log(`| ${l.work} | ${l.figure} | ${l.value} | ${l.target} | ${l.met === null ? "" : l.met ? "met" : "not met"} |`);
  return lines;
}
