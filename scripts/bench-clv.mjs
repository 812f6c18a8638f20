/**
 * npm run bench -- --clv [--rows 10000000 --runs 3]
 *
 * What --model bgnbd adds to reading a log (issue 29: on CDNOW_master the fit must cost less than
 * the reading; on the generated log, at most +50% over the plain log's time). Interleaved, as
 * medians of --runs runs: `ceq calc --transactions` (the plain read and classification) and
 * `ceq value --model bgnbd` (the same log read per customer and day, summarized, BG/NBD and
 * Gamma-Gamma fitted, every customer valued), on ../shared/data/CDNOW_master.txt when present,
 * then on the generated log of scripts/bench-transactions.mjs (--rows rows). Prints wall times,
 * peak RSS and the ratio. The machine is shared: read the ratio, not the seconds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateLog } from "./bench-transactions.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUN_CEQ = join(ROOT, "scripts", "bench-run-ceq.mjs");

function timed(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [RUN_CEQ, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`ceq ${args.join(" ")} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024;
  return { seconds, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compare(name, logFlags, valueFlags, runs) {
  const plain = [];
  const fitted = [];
  for (let k = 0; k < runs; k++) {
    plain.push(timed(["calc", ...logFlags, "-f", "json"]));
    fitted.push(timed(["value", ...logFlags, "--model", "bgnbd", "--discount-rate", "0.1", ...valueFlags, "-f", "json"]));
  }
  const p = median(plain.map((r) => r.seconds));
  const f = median(fitted.map((r) => r.seconds));
  const rss = (rs) => Math.max(...rs.map((r) => r.rss)).toFixed(0);
  console.log(`${name}: ceq calc ${p.toFixed(2)} s (peak ${rss(plain)} MB); ceq value --model bgnbd ${f.toFixed(2)} s (peak ${rss(fitted)} MB); ratio ${(f / p).toFixed(2)}`);
  return f / p;
}

export async function benchClv(rows, runs) {
  const cdnow = join(ROOT, "..", "shared", "data", "CDNOW_master.txt");
  if (existsSync(cdnow)) {
    const flags = ["--transactions", cdnow, "--delimiter", "whitespace", "--date-format", "YYYYMMDD", "--revenue-column", "dollar_value", "--period", "quarter"];
    compare("CDNOW_master (69,659 rows, 23,570 customers)", flags, ["--calibration-end", "1997-09-30"], runs);
  } else console.log(`CDNOW_master is absent (${cdnow}): skipped`);
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-clv-"));
  try {
    const log = join(dir, "log.csv");
    await generateLog(log, rows);
    const ratio = compare(`generated log (${rows.toLocaleString("en")} rows)`, ["--transactions", log], [], runs);
    console.log(`target: at most 1.5 x the plain log's time: ${ratio <= 1.5 ? "met" : "NOT met"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
