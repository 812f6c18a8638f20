/**
 * Worker threads read amount cells as the main thread does: a `$` under --currency EUR deep in a
 * phase export read in ranges by workers, or in a log whose worker holds a shard of the customers,
 * is an error at its line, not 5 EUR (see docs/testing.md, "Threads on small files").
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { source } from "../../../src/io/source.js";
import { readInputs } from "../../../src/read/inputs.js";
import { DEFAULT_CELLS } from "../../../src/read/options.js";
import { readTransactions } from "../../../src/read/transactions.js";
import { folder } from "../../support/helpers.js";

/** Lines 2 to 20,001, each 10 EUR; lines 5,000 and 15,000 say $5 instead. */
function lines(row: (i: number, amount: string) => string): string {
  const out: string[] = [];
  for (let line = 2; line <= 20_001; line++) out.push(row(line, line === 5_000 || line === 15_000 ? "$5" : "10"));
  return `${out.join("\n")}\n`;
}

describe("a $ under --currency EUR, read by worker threads", () => {
  it("in a phase export's ranges", async () => {
    const path = join(folder(), "new.csv");
    writeFileSync(path, `customer_id,year,revenue\n${lines((i, amount) => `C${i},2024,${amount}`)}`);
    const workers: number[] = [];
    const { log } = await readInputs({
      inputs: { phases: { acquisition: source(path) } },
      cells: { currency: "EUR" },
      parallel: { threads: 3, rangeBytes: 64 << 10, minBytes: 0, workersOnly: true, onRange: (thread) => workers.push(thread) },
    });
    expect(workers.length).toBeGreaterThan(1);
    expect(workers.every((thread) => thread !== 0)).toBe(true);
    expect(log.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ["currency-marker", 5_000, "revenue", "$5"],
      ["currency-marker", 15_000, "revenue", "$5"],
    ]);
  });

  it("in a log whose worker holds half the customers", async () => {
    const path = join(folder(), "log.csv");
    writeFileSync(path, `customer_id,date,amount\n${lines((i, amount) => `C${i},2024-03-01,${amount}`)}`);
    const read = await readTransactions({ sources: [source(path)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: { ...DEFAULT_CELLS, currency: "EUR" }, skipMissingId: false, maxErrors: 50, strict: false, threads: 2, minBytes: 0 });
    read.shard?.close();
    expect(read.log.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ["currency-marker", 5_000, "amount", "$5"],
      ["currency-marker", 15_000, "amount", "$5"],
    ]);
  });
});
