/**
 * npm run bench -- --workbook [--rows 1000000 --runs 1]: the cost of reading workbooks.
 *
 * Generates the benchmark's export (new, retained, churned CSV files with customer ids, scripts/
 * bench.mjs's generator), saves each as an .xlsx with exceljs's streaming writer (ids and the
 * header as shared strings, as Excel saves them; years and amounts as numbers), then measures
 * ceq --format json on the CSV files and on the workbooks: wall time, rows/s and peak RSS,
 * medians of --runs runs. The two results must be the same figures. Appends a line to
 * bench/results-workbook.tsv.
 */
import { createReadStream, appendFileSync, existsSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

/** A CSV of the generator (no quotes, no empty cells) saved as a one-sheet workbook. */
async function toWorkbook(ExcelJS, csv, xlsx) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: false });
  const sheet = book.addWorksheet("Export");
  let header = true;
  for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
    if (line === "") continue;
    const cells = line.split(",");
    sheet.addRow(header ? cells : cells.map((c) => (/^\d+(\.\d+)?$/.test(c) ? Number(c) : c))).commit();
    header = false;
  }
  sheet.commit();
  await book.commit();
}

export async function benchWorkbook({ exportOf, timed, median, RUN_CEQ, RUNS, ROWS, ROOT }) {
  const { default: ExcelJS } = await import("exceljs");
  const data = await exportOf("workbook", "ids", ROWS);
  const books = {};
  const t0 = process.hrtime.bigint();
  for (const [phase, csv] of Object.entries(data.files)) {
    books[phase] = join(data.folder, `${phase}.xlsx`);
    await toWorkbook(ExcelJS, csv, books[phase]);
  }
  const writeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const bytes = (files) => Object.values(files).reduce((sum, f) => sum + statSync(f).size, 0);
  const args = (files) => ["--new", files.new, "--retained", files.retained, "--churned", files.churned, "--format", "json"];
  const measure = (files) => {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(timed(RUN_CEQ, args(files)));
    return { seconds: median(runs.map((r) => r.seconds)), rssMB: median(runs.map((r) => r.rssMB)), stdout: runs[0].stdout };
  };
  const csv = measure(data.files);
  const xlsx = measure(books);
  const figures = (stdout) => JSON.stringify(((r) => [r.years, r.total])(JSON.parse(stdout)));
  const same = figures(csv.stdout) === figures(xlsx.stdout);
  const rows = data.rows;
  const line = (name, m, b) => `${name.padEnd(5)} ${(b / 1e6).toFixed(1).padStart(7)} MB  ${m.seconds.toFixed(2).padStart(7)} s  ${Math.round(rows / m.seconds).toLocaleString("en").padStart(11)} rows/s  peak RSS ${Math.round(m.rssMB)} MB`;
  console.log(`${rows.toLocaleString("en")} rows in three files (workbooks written in ${writeSeconds.toFixed(1)} s):`);
  console.log(line("csv", csv, bytes(data.files)));
  console.log(line("xlsx", xlsx, bytes(books)));
  console.log(`xlsx / csv: ${(xlsx.seconds / csv.seconds).toFixed(1)}x the time, ${(xlsx.rssMB / csv.rssMB).toFixed(1)}x the memory; same figures: ${same ? "yes" : "NO"}`);
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const tsv = join(ROOT, "bench", "results-workbook.tsv");
  if (!existsSync(tsv)) writeFileSync(tsv, "date\tcommit\trows\tcsvMB\txlsxMB\tcsvSeconds\txlsxSeconds\tcsvPeakRssMB\txlsxPeakRssMB\tsameFigures\n");
  appendFileSync(tsv, [new Date().toISOString(), commit, rows, (bytes(data.files) / 1e6).toFixed(1), (bytes(books) / 1e6).toFixed(1), csv.seconds.toFixed(3), xlsx.seconds.toFixed(3), Math.round(csv.rssMB), Math.round(xlsx.rssMB), same].join("\t") + "\n");
  if (!same) throw new Error("the workbooks' figures differ from the CSV files'");
}
