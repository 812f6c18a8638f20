/**
 * Phase exports read across worker threads, in-process on files of about 1.5 MB cut into 64 KiB
 * ranges: the same sums, messages and line numbers as one thread, and sums equal to an
 * independent tally, for a clean export, a gzipped one with an error deep in it, errors deep in
 * the file, every field quoted, and multi-line quoted fields half-way through.
 *
 * `workersOnly` makes the calling thread hand every range to a worker (it waits for one to be
 * ready rather than reading a range itself), and `onRange` says which thread read each range
 * merged: so these tests know that workers read the ranges, not by timing. The binary at the real
 * threshold (32 MiB) is test/e2e/parallel.test.ts.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { formatLog } from "../../src/issues.js";
import { source } from "../../src/io/source.js";
import { roundedCoef } from "../../src/money.js";
import { summarize } from "../../src/model/equity.js";
import { readInputs } from "../../src/read/inputs.js";
import { folder } from "../support/helpers.js";
import { makeExport, ROW_LINE } from "../support/big-export.js";

const ROWS = 32_000;
const RANGE = 64 << 10;

/** Reads `path` as new customers' export: on one thread, or with every range read by two workers. */
async function reading(path: string, how: "one" | "workers") {
  const ranges: number[] = [];
  const parallel = how === "one" ? { threads: 1 } : { threads: 3, rangeBytes: RANGE, minBytes: 0, workersOnly: true, onRange: (thread: number) => ranges.push(thread) };
  const { ledger, log, files } = await readInputs({ inputs: { phases: { acquisition: source(path) } }, parallel });
  const summary = log.errorCount === 0 ? summarize(ledger) : undefined;
  const cents = summary?.years.map((y) => [y.year, roundedCoef(y.customerEquity, 2)]);
  return { outcome: { issues: formatLog(log), files, cents, summary }, ranges };
}

/** Both readings, which must agree; and the ranges the workers read. */
async function agree(path: string) {
  const one = await reading(path, "one");
  expect(one.ranges).toEqual([]);
  const workers = await reading(path, "workers");
  expect(workers.outcome).toEqual(one.outcome);
  // Every range merged was read by a worker, none by this thread.
  expect(workers.ranges.length).toBeGreaterThan(0);
  expect(workers.ranges.filter((t) => t === threadId)).toEqual([]);
  return { ...one.outcome, ranges: workers.ranges };
}

/** The ranges of 64 KiB of a plain file's data, after its header line. */
function rangesOf(path: string, header: string): number {
  return Math.ceil((statSync(path).size - Buffer.byteLength(header) - 1) / RANGE);
}

const sumsOf = (sums: Map<number, bigint>) => [...sums].sort((a, b) => a[0] - b[0]);
const deep = (i: number) => Math.floor(ROWS * 0.88) + i; // a row deep in the file
/** A row's line: the header is line 1. */
const lineOf = (row: number) => row + 2;

describe("threads on phase exports, in-process", () => {
  it("read a clean export: the same result as one thread, to the cent, every range by a worker", async () => {
    const { text, sums, header } = makeExport(ROWS);
    const path = join(folder({ "new.csv": text }), "new.csv");
    expect(text.length).toBeGreaterThan(1 << 20);
    const run = await agree(path);
    expect(run.issues.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(run.cents).toEqual(sumsOf(sums));
    expect(run.ranges.length).toBe(rangesOf(path, header));
  });

  it("read a gzipped export in blocks by workers: an error deep in it at its line, and the sums", async () => {
    const bad = deep(1);
    const { text } = makeExport(ROWS, (line, i) => (i === bad ? line.replace(ROW_LINE, "$112.5x") : line));
    const dir = folder({ "new.csv.gz": gzipSync(text) });
    const path = join(dir, "new.csv.gz");
    const run = await agree(path);
    expect(run.issues).toContain(`error: ${path}:${lineOf(bad)}: revenue: "12.5x" is not an amount`);
    expect(run.ranges.length).toBeGreaterThanOrEqual(Math.floor(text.length / RANGE) - 1);

    const clean = makeExport(ROWS);
    writeFileSync(path, gzipSync(clean.text));
    const good = await agree(path);
    expect(good.cents).toEqual(sumsOf(clean.sums));
  });

  it("report the same errors at the same lines when they sit deep in the file", async () => {
    const [year, amount] = [deep(-2_998), deep(1)]; // the first in 2021 (2019 + i % 5)
    const { text, header } = makeExport(ROWS, (line, i) => (i === amount ? line.replace(ROW_LINE, "$112.5x") : i === year ? line.replace(/,2021,/, ",20x1,") : line));
    const path = join(folder({ "new.csv": text }), "new.csv");
    const run = await agree(path);
    expect(run.issues.filter((l) => l.startsWith("error"))).toEqual([
      `error: ${path}:${lineOf(year)}: year: "20x1" is not a year (expected four digits, such as 2024, from 1900 to 2200)`,
      `error: ${path}:${lineOf(amount)}: revenue: "12.5x" is not an amount`,
    ]);
    expect(run.ranges.length).toBe(rangesOf(path, header));
  });

  it("read a fully quoted export by workers, with its errors at their lines", async () => {
    const quoteAll = (line: string) => line.split(",").map((cell) => `"${cell}"`).join(",");
    const { text, sums, header } = makeExport(ROWS, quoteAll);
    const path = join(folder({ "new.csv": text }), "new.csv");
    const run = await agree(path);
    expect(run.cents).toEqual(sumsOf(sums));
    // Quotes around whole fields are read in place: every range by a worker.
    expect(run.ranges.length).toBe(rangesOf(path, header));

    const row = deep(-1_000);
    const bad = makeExport(ROWS, (line, i) => quoteAll(i === row ? line.replace(ROW_LINE, "$112.5x") : line));
    const badPath = join(folder({ "new.csv": bad.text }), "new.csv");
    const error = await agree(badPath);
    expect(error.issues).toContain(`error: ${badPath}:${lineOf(row)}: revenue: "12.5x" is not an amount`);
  });

  it("hand over to this thread where multi-line quoted fields begin: the same result, the ranges before by workers", async () => {
    const from = Math.floor(ROWS * 0.7);
    const quoted = (i: number) => i > from && i % 50 === 0;
    const { text, sums, header } = makeExport(ROWS, (line, i) => (quoted(i) ? line.replace(/plain note (\d+)$/, '"a note, with a comma\nand a second line"') : line));
    const path = join(folder({ "new.csv": text }), "new.csv");
    const run = await agree(path);
    expect(run.cents).toEqual(sumsOf(sums));
    // The workers read every range before the one where the first quoted line starts; this thread the rest.
    const firstQuote = text.indexOf('"');
    const lineStart = text.lastIndexOf("\n", firstQuote) + 1;
    const dataStart = Buffer.byteLength(header) + 1;
    expect(run.ranges.length).toBe(Math.floor((Buffer.byteLength(text.slice(0, lineStart)) - dataStart) / RANGE));
    expect(run.ranges.length).toBeGreaterThan(10);

    // An error past the hand-over, at its line: each quoted row before it takes two lines.
    const row = ROWS - 100;
    const bad = makeExport(ROWS, (line, i) => (i === row ? line.replace(ROW_LINE, "$112.5x") : quoted(i) ? line.replace(/plain note (\d+)$/, '"a note, with a comma\nand a second line"') : line));
    const badPath = join(folder({ "new.csv": bad.text }), "new.csv");
    const twoLines = Array.from({ length: row }, (_, i) => i).filter(quoted).length;
    const error = await agree(badPath);
    expect(error.issues.filter((l) => l.startsWith("error"))).toEqual([`error: ${badPath}:${lineOf(row) + twoLines}: revenue: "12.5x" is not an amount`]);
  });
});
