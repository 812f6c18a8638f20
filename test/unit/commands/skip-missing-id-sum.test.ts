/**
 * --skip-missing-id's warning gives the left-out rows' count and their amounts' sum (SPEC,
 * Transactions): every left-out row's amount, whether or not its date reads; an amount that does
 * not read is an error as on any row; another currency is converted by --fx-rates or refused.
 * Sums worked by hand; in-process (cli()), on one thread and two, and once through the binary.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatLog } from "../../../src/issues.js";
import { source } from "../../../src/io/source.js";
import { DEFAULT_CELLS } from "../../../src/read/options.js";
import { readTransactions } from "../../../src/read/transactions.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const skipped = (stderr: string) => stderr.split("\n").filter((l) => l.includes("--skip-missing-id left out"));
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") || l.startsWith("hint: "));
const revenue = (stdout: string) => JSON.parse(stdout).years[0].acquisition.revenue;

describe("the sum of the rows left out", () => {
  it("counts a row whose date is empty: 50.00 + 25.50 = 75.5 (the binary said 25.5)", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount\nA,2024-01-05,100.00\n,,50.00\n,2024-03-05,25.50\n" });
    const run = await ceq(["--transactions", join(dir, "log.csv"), "--skip-missing-id", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(revenue(run.stdout)).toBe(100);
    expect(skipped(run.stderr)).toEqual(["warning: --skip-missing-id left out 2 rows without a customer id, amounting to 75.5"]);
  });

  it("an unlabelled total with neither id nor date is left out at its amount: 150 (it said 0)", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount\nA,2024-01-05,100.00\nB,2024-02-05,50.00\n,,150.00\n" });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--skip-missing-id", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(revenue(run.stdout)).toBe(150);
    expect(skipped(run.stderr)).toEqual(["warning: --skip-missing-id left out 1 row without a customer id, amounting to 150"]);
  });

  it("quantity × unit price, with a date or without: 3 × 2.50 + 2 × 0.50 = 8.5", async () => {
    const dir = folder({ "log.csv": "CustomerID,InvoiceDate,Quantity,UnitPrice\n17850,2010-12-01,6,2.55\n,,3,2.50\n,2010-12-02,2,0.50\n" });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--skip-missing-id", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(revenue(run.stdout)).toBe(15.3);
    expect(skipped(run.stderr)).toEqual(["warning: --skip-missing-id left out 2 rows without a customer id, amounting to 8.5"]);
  });
});

describe("a left-out row's amount is read as any row's", () => {
  it("one that does not read is an error at its line, and no result is written", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount\nA,2024-01-05,100.00\n,2024-03-05,abc\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file, "--skip-missing-id", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([`error: ${file}:3: amount: "abc" is not an amount`, "error: 1 error in the input; no result was written"]);
  });

  it("an empty one is an error naming --empty-as-zero, which reads it as 0", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount\nA,2024-01-05,100.00\n,2024-02-05,\n,,7.25\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file, "--skip-missing-id", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${file}:3: amount: "" is not an amount`, "hint: if an empty amount means nothing was paid, add --empty-as-zero to read it as 0", "error: 1 error in the input; no result was written"]);
    const zero = await cli(["--transactions", file, "--skip-missing-id", "--empty-as-zero", "-f", "csv"]);
    expect(zero.code, zero.stderr).toBe(0);
    expect(skipped(zero.stderr)).toEqual(["warning: --skip-missing-id left out 2 rows without a customer id, amounting to 7.25"]);
  });

  it("another currency is converted by --fx-rates (10 EUR × 1.10 + 5 = 16), and refused without a rate", async () => {
    const dir = folder({
      "log.csv": "customer_id,date,amount,currency\nA,2024-01-05,100.00,USD\n,2024-02-05,10.00,EUR\n,,5.00,USD\n",
      "fx.csv": "currency,year,rate\nEUR,2024,1.10\n",
    });
    const file = join(dir, "log.csv");
    const converted = await cli(["--transactions", file, "--skip-missing-id", "--fx-rates", join(dir, "fx.csv"), "-f", "json"]);
    expect(converted.code, converted.stderr).toBe(0);
    expect(revenue(converted.stdout)).toBe(100);
    expect(skipped(converted.stderr)).toEqual(["warning: --skip-missing-id left out 2 rows without a customer id, amounting to 16"]);
    const refused = await cli(["--transactions", file, "--skip-missing-id", "-f", "json"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`error: ${file}:3: currency: "EUR" is not USD, the currency of this run (--currency): 1 row in EUR were not added`);
  });
});

describe("every reading path sums them alike", () => {
  // 200 plain rows of 1.00 (the fast path, and a worker's shard on two threads), and four rows
  // without an id among them, on the slow path: 2.50 + 1.25 − 0.75 + 3.00 = 6. (No quote: one
  // would send the file back to one thread.)
  const leftOut = [",2024-03-05,2.50", ",,1.25", " ,2024-04-01,(0.75)", ",,$3.00"];
  const text = `customer_id,date,amount\n${Array.from({ length: 200 }, (_, i) => `${i % 50 === 0 ? `${leftOut[i / 50]}\n` : ""}c${i},2024-01-${String((i % 28) + 1).padStart(2, "0")},1.00`).join("\n")}\n`;

  it.each([1, 2])("on %i thread(s): 4 rows amounting to 6", async (threads) => {
    const dir = folder();
    const path = join(dir, "log.csv");
    writeFileSync(path, text);
    const read = await readTransactions({ sources: [source(path)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: true, maxErrors: 100, strict: false, threads, minBytes: 0 });
    expect(read.shard !== undefined).toBe(threads === 2);
    read.shard?.close();
    expect(read.log.errors).toEqual([]);
    expect(formatLog(read.log).filter((l) => l.includes("--skip-missing-id"))).toEqual(["warning: --skip-missing-id left out 4 rows without a customer id, amounting to 6"]);
  });
});
