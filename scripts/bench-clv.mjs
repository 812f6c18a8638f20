/**
 * npm run bench -- --clv [--rows 10000000 --runs 3]
 *
 * What --model bgnbd adds to reading a log (issue 29: on CDNOW_master the fit must cost less than
 * the reading; on the 10M-row log, at most +50% over the plain log's time). Interleaved, as
 * medians of --runs runs: `ceq calc --transactions` (the plain read and classification) and
 * `ceq value --model bgnbd` (the same log read per customer and day, summarized, BG/NBD and
 * Gamma-Gamma fitted, every customer valued), on ../shared/data/CDNOW_master.txt when present,
 * then on a generated log of --rows rows. Prints wall and CPU (user + system) seconds, peak RSS
 * and the ratios. The machine is shared: read the CPU ratio, not the seconds.
 *
 * The generated log is scripts/simulate-clv.mjs's, whose customers are drawn from BG/NBD and
 * Gamma-Gamma (about five rows a customer, 2015-2024), not scripts/bench-transactions.mjs's: in
 * that one every customer has about the same dropout probability and the same spend, so neither
 * model's likelihood has a maximum (a and b, and q and γ, run off together) and ceq refuses it,
 * saying so. The reading work is alike: same columns, same size of rows.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateLog } from "./simulate-clv.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUN_CEQ = join(ROOT, "scripts", "bench-run-ceq.mjs");

function timed(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [RUN_CEQ, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`ceq ${args.join(" ")} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  const rss = Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/CPU (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1e6;
  return { seconds, cpu, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compare(name, logFlags, valueFlags, runs) {
  const plain = [];
  const fitted = [];
  for (let k = 0; k < runs; k++) {
    plain.push(timed(["calc", ...logFlags, "-f", "json"]));
    fitted.push(timed(["value", ...logFlags, "--model", "bgnbd", "--discount-rate", "0.1", ...valueFlags, "-f", "json"]));
    console.log(`  run ${k + 1}: calc ${plain[k].seconds.toFixed(2)} s wall, ${plain[k].cpu.toFixed(2)} s CPU; value ${fitted[k].seconds.toFixed(2)} s wall, ${fitted[k].cpu.toFixed(2)} s CPU`);
  }
  const [pw, fw] = [median(plain.map((r) => r.seconds)), median(fitted.map((r) => r.seconds))];
  const [pc, fc] = [median(plain.map((r) => r.cpu)), median(fitted.map((r) => r.cpu))];
  const rss = (rs) => Math.max(...rs.map((r) => r.rss)).toFixed(0);
  console.log(`${name}, medians of ${runs}: ceq calc ${pw.toFixed(2)} s wall, ${pc.toFixed(2)} s CPU (peak ${rss(plain)} MB); ceq value --model bgnbd ${fw.toFixed(2)} s wall, ${fc.toFixed(2)} s CPU (peak ${rss(fitted)} MB); ratio ${(fw / pw).toFixed(2)} wall, ${(fc / pc).toFixed(2)} CPU`);
  return { wall: fw / pw, cpu: fc / pc, plainCpu: pc, fittedCpu: fc };
}

export async function benchClv(rows, runs) {
  const cdnow = join(ROOT, "..", "shared", "data", "CDNOW_master.txt");
  if (existsSync(cdnow)) {
    const flags = ["--transactions", cdnow, "--delimiter", "whitespace", "--date-format", "YYYYMMDD", "--revenue-column", "dollar_value", "--period", "quarter"];
    const r = compare("CDNOW_master (69,659 rows, 23,570 customers)", flags, ["--calibration-end", "1997-09-30"], runs);
    console.log(`  fitting and valuing (value − calc, CPU) ${(r.fittedCpu - r.plainCpu).toFixed(2)} s against reading ${r.plainCpu.toFixed(2)} s, target: less than the reading (issue 29): ${r.fittedCpu - r.plainCpu < r.plainCpu ? "met" : "NOT met"}`);
  } else console.log(`CDNOW_master is absent (${cdnow}): skipped`);
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-clv-"));
  try {
    const log = join(dir, "log.csv");
    const made = await simulateLog(log, rows);
    console.log(`generated ${made.rows.toLocaleString("en")} rows (${(made.bytes / 1e6).toFixed(0)} MB) of customers drawn from BG/NBD ${JSON.stringify(made.purchases)} and Gamma-Gamma ${JSON.stringify(made.spend)}`);
    const r = compare(`generated log (${rows.toLocaleString("en")} rows)`, ["--transactions", log], [], runs);
    console.log(`ratio ${r.cpu.toFixed(2)}x CPU (${r.wall.toFixed(2)}x wall), target <= 1.5x (issue 29): ${r.cpu <= 1.5 ? "met" : "NOT met"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
