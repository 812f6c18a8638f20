/**
 * npm run bench -- --dialects [--rows 2000000 --runs 3]
 *
 * The same generated customer base rendered as real exports write it, each timed against the plain
 * export in the same run (interleaved, medians of --runs), and each checked to give the same
 * customer equity per year to the cent:
 *   plain        1234.56, comma-separated, UTF-8, LF
 *   us-quoted    "$1,234.56" (a quoted field with a currency symbol and thousands separators)
 *   german       ; separated, 1.234,56 (--decimal-comma), a byte order mark, CRLF
 *   accounting   1,234.56 with separators, every amount negated and written (1,234.56)
 *   plain-negative  the plain export's amounts negated (-1234.56), whose figures accounting must give
 *   quoted       every field in quotes
 *   utf16-tab    UTF-16 LE with a byte order mark, tab-separated
 *   gzip         the plain export, gzipped
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, createReadStream, createWriteStream, mkdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createGzip } from "node:zlib";
import { pipeline } from "node:stream/promises";

const withSeparators = (amount, group, point) => {
  const [int, frac] = amount.split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${point}${frac}`;
};

/** Each dialect: how a line's cells are written, the file's encoding, and the flags ceq reads it with. */
const DIALECTS = {
  plain: { cell: (c) => c, sep: ",", flags: [] },
  "us-quoted": { cell: (c, amount) => (amount ? `"$${withSeparators(c, ",", ".")}"` : c), sep: ",", flags: [] },
  german: { cell: (c, amount) => (amount ? withSeparators(c, ".", ",") : c), sep: ";", bom: true, eol: "\r\n", flags: ["--decimal-comma"] },
  accounting: { cell: (c, amount) => (amount ? `"(${withSeparators(c, ",", ".")})"` : c), sep: ",", flags: [], negative: true },
  "plain-negative": { cell: (c, amount) => (amount ? `-${c}` : c), sep: ",", flags: [], negative: true },
  quoted: { cell: (c) => `"${c}"`, sep: ",", flags: [] },
  "utf16-tab": { cell: (c) => c, sep: "\t", utf16: true, flags: [] },
};

/** Writes one rendering of a plain file (header, then rows whose cells after the year are amounts). */
async function render(from, to, d) {
  const out = createWriteStream(to);
  const write = async (text) => {
    if (!out.write(d.utf16 ? Buffer.from(text, "utf16le") : text)) await once(out, "drain");
  };
  if (d.utf16) await write("\ufeff");
  else if (d.bom) out.write("\ufeff");
  let header;
  let batch = [];
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (line === "") continue;
    const cells = line.split(",");
    if (!header) {
      header = cells;
      batch.push(cells.join(d.sep));
      continue;
    }
    const amountFrom = header[0] === "customer_id" ? 2 : 1;
    batch.push(cells.map((c, i) => d.cell(c, i >= amountFrom)).join(d.sep));
    if (batch.length >= 10000) {
      await write(batch.join(d.eol ?? "\n") + (d.eol ?? "\n"));
      batch = [];
    }
  }
  if (batch.length) await write(batch.join(d.eol ?? "\n") + (d.eol ?? "\n"));
  out.end();
  await once(out, "finish");
}

export async function benchDialects({ exportOf, timed, median, RUN_CEQ, RUNS, ROWS, ROOT }) {
  console.log(`generating ${ROWS.toLocaleString("en")} rows …`);
  const base = await exportOf("dialects", "ids", ROWS);
  const folders = {};
  for (const [name, d] of Object.entries(DIALECTS)) {
    const folder = join(base.folder, name);
    mkdirSync(folder);
    for (const [phase, file] of Object.entries(base.files)) await render(file, join(folder, `${phase}.csv`), d);
    folders[name] = { files: Object.fromEntries(Object.keys(base.files).map((p) => [p, join(folder, `${p}.csv`)])), flags: d.flags };
  }
  const gz = join(base.folder, "gzip");
  mkdirSync(gz);
  for (const [phase, file] of Object.entries(base.files)) await pipeline(createReadStream(file), createGzip(), createWriteStream(join(gz, `${phase}.csv.gz`)));
  folders.gzip = { files: Object.fromEntries(Object.keys(base.files).map((p) => [p, join(gz, `${p}.csv.gz`)])), flags: [] };
  const args = (f) => ["--new", f.files.new, "--retained", f.files.retained, "--churned", f.files.churned, "--format", "json", ...f.flags];
  const seconds = Object.fromEntries(Object.keys(folders).map((n) => [n, []]));
  const equity = {};
  for (let r = 0; r < RUNS; r++) {
    for (const [name, f] of Object.entries(folders)) {
      const run = timed(RUN_CEQ, args(f));
      seconds[name].push(run.seconds);
      equity[name] = JSON.parse(run.stdout).years.map((y) => `${y.year}:${y.customerEquity}`).join(" ");
    }
    console.log(`run ${r + 1}: ${Object.entries(seconds).map(([n, s]) => `${n} ${s[r].toFixed(2)} s`).join(", ")}`);
  }
  // Every rendering gives its base's figures: the negated ones the negated plain export's.
  for (const name of Object.keys(folders)) {
    const reference = DIALECTS[name]?.negative ? equity["plain-negative"] : equity.plain;
    if (equity[name] !== reference) throw new Error(`${name} gives other figures than its plain export:\n${equity[name]}\n${reference}`);
  }
  const plain = median(seconds.plain);
  console.log("\ndialect          median s   × plain   target ≤ 1.3");
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout?.trim() || "unknown";
  // Older lines have no commit field; the key=value fields name themselves.
  const line = [new Date().toISOString(), `commit=${commit}`, ROWS];
  for (const [name, s] of Object.entries(seconds)) {
    const m = median(s);
    // Against the plain export's time, the negated renderings too: a sign costs no more than a digit.
    console.log(`${name.padEnd(16)} ${m.toFixed(2).padStart(8)}   ${(m / plain).toFixed(2).padStart(7)}   ${m / plain <= 1.3 ? "met" : "NOT met"}`);
    line.push(`${name}=${m.toFixed(3)}`);
  }
  appendFileSync(join(ROOT, "bench", "results-dialects.tsv"), `${line.join("\t")}\n`);
  rmSync(base.folder, { recursive: true, force: true });
}

