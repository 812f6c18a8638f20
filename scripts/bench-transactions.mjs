/**
 * npm run bench -- --transactions [--rows 10000000 --runs 3]
 *
 * Generates a deterministic transaction log at run time: --rows rows (10M) of about a fifth as
 * many customers (ids like cus_8f3a01c2000b1f) over 10 years (2015-2024), in random order, 5%
 * refunds. Then, interleaved and as medians of --runs runs: ceq --transactions (JSON), and DuckDB
 * (2 threads) running the same classification in SQL (scripts/transactions-sql.mjs). Checks that
 * both give every year's customer equity to the cent, and prints rows/s, MB/s, peak RSS and the
 * ratio against the targets (ceq at most 1.5x DuckDB, at most 1 GB).
 */
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function mix(i) {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex = (n, width) => n.toString(16).padStart(width, "0");
const two = (n) => String(n).padStart(2, "0");

/**
 * Writes the log: each row a random customer, in a year of their life, a random day. With
 * `regions`, a region column too (for --by): a customer's region is fixed, but one row in 50
 * names another, so that some customers change segment.
 */
export async function generateLog(path, rows, regions = 0) {
  const customers = Math.max(1, Math.round(rows / 5));
  const out = createWriteStream(path);
  out.write(regions > 0 ? "customer_id,date,amount,region\n" : "customer_id,date,amount\n");
  let batch = [];
  for (let r = 0; r < rows; r++) {
    const h = mix(r);
    const c = h % customers;
    const hc = mix(c + 0x51ed);
    const start = 2015 + (hc % 10);
    const life = 1 + (hc % 7);
    const year = Math.min(2024, start + (mix(r ^ 0x2545f491) % life));
    const month = 1 + (h % 12);
    const day = 1 + ((h >>> 8) % 28);
    const cents = 500 + ((h >>> 4) % 49_500);
    const refund = h % 20 === 7;
    const region = regions > 0 ? `,region_${two(((h >>> 12) % 50 === 3 ? h >>> 20 : hc >>> 16) % regions)}` : "";
    batch.push(`cus_${hex(hc, 8)}${hex(c, 6)},${year}-${two(month)}-${two(day)},${refund ? "-" : ""}${Math.floor(cents / 100)}.${two(cents % 100)}${region}\n`);
    if (batch.length === 50_000) {
      if (!out.write(batch.join(""))) await once(out, "drain");
      batch = [];
    }
  }
  out.write(batch.join(""));
  await new Promise((done) => out.end(done));
  return { rows, customers, bytes: statSync(path).size };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(script, args) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr)?.[1];
  return { seconds, rssMB: rss ? Number(rss) / 1024 : NaN, stdout: result.stdout };
}

export async function benchTransactions(rows, runs) {
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-tx-"));
  try {
    const path = join(dir, "log.csv");
    console.log(`generating a log of ${rows.toLocaleString("en")} rows in ${dir} …`);
    const log = await generateLog(path, rows);
    const mb = log.bytes / 1e6;
    console.log(`${rows.toLocaleString("en")} rows, about ${log.customers.toLocaleString("en")} customers, ${mb.toFixed(0)} MB`);
    const ceqRuns = [];
    const duckRuns = [];
    for (let r = 0; r < runs; r++) {
      const c = timed(join(ROOT, "scripts", "bench-run-ceq.mjs"), ["--transactions", path, "--format", "json"]);
      const d = timed(join(ROOT, "scripts", "bench-duckdb-transactions.mjs"), [path]);
      const ceqYears = Object.fromEntries(JSON.parse(c.stdout).years.map((y) => [y.year, String(y.customerEquity)]));
      const duckYears = JSON.parse(d.stdout);
      const agree = Object.keys(ceqYears).length === Object.keys(duckYears).length && Object.entries(duckYears).every(([y, cents]) => BigInt(cents) === BigInt(Math.round(Number(ceqYears[y]) * 100)));
      if (!agree) throw new Error(`ceq and DuckDB disagree:\n${JSON.stringify(ceqYears)}\n${JSON.stringify(duckYears)}`);
      ceqRuns.push(c);
      duckRuns.push(d);
      console.log(`run ${r + 1}: ceq ${c.seconds.toFixed(2)} s (${c.rssMB.toFixed(0)} MB), duckdb ${d.seconds.toFixed(2)} s (${d.rssMB.toFixed(0)} MB)`);
    }
    const ceqS = median(ceqRuns.map((r) => r.seconds));
    const duckS = median(duckRuns.map((r) => r.seconds));
    const rss = median(ceqRuns.map((r) => r.rssMB));
    const ratio = ceqS / duckS;
    const verdict = (ok) => (ok ? "met" : "NOT MET");
    console.log(`
transaction log, ${rows.toLocaleString("en")} rows (median of ${runs}):
ceq --transactions: ${ceqS.toFixed(2)} s, ${Math.round(rows / ceqS).toLocaleString("en")} rows/s, ${(mb / ceqS).toFixed(1)} MB/s, peak RSS ${rss.toFixed(0)} MB (target at most 1 GB: ${verdict(rss <= 1024)})
DuckDB (2 threads, the same classification in SQL): ${duckS.toFixed(2)} s, peak RSS ${median(duckRuns.map((r) => r.rssMB)).toFixed(0)} MB
ratio ceq/DuckDB: ${ratio.toFixed(2)} (target at most 1.5: ${verdict(ratio <= 1.5)})
ceq and DuckDB agree on every year's customer equity, to the cent.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
