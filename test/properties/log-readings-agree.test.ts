/**
 * A transaction log's three readings agree: the zod schema, the fast path on plain lines, and two
 * threads, each holding a share of the customers (a worker thread for one shard). On random logs with
 * plain and quoted lines, refunds, bad rows, totals rows and blank lines, in-process; on a 1.7 MB
 * log in-process, with the worker's share of the customers counted; and, with CEQ_DEEP=1 (CI),
 * through the binary on a log big enough for the threads (CEQ_THREADS=1 against the default).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { totalsOf } from "../../src/commands/transactions.js";
import { formatLog } from "../../src/issues.js";
import { source } from "../../src/io/source.js";
import { add, roundedCoef } from "../../src/money.js";
import { DEFAULT_CELLS } from "../../src/read/options.js";
import { readTransactions } from "../../src/read/transactions.js";
import { generateLog } from "../../scripts/bench-transactions.mjs";
import { ceq, folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const DEEP = process.env.CEQ_DEEP === "1";

const line = fc.oneof(
  { weight: 8, arbitrary: fc.record({ id: fc.constantFrom("cus_01", "cus_02", "cus_03", "Tobias", "C 5", "ü9", "c6", "c7"), y: fc.integer({ min: 2019, max: 2022 }), m: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: -20_000, max: 90_000 }) }).map((r) => `${r.id},${r.y}-${String(r.m).padStart(2, "0")}-07,${r.cents < 0 ? "-" : ""}${Math.floor(Math.abs(r.cents) / 100)}.${String(Math.abs(r.cents) % 100).padStart(2, "0")}`) },
  { weight: 1, arbitrary: fc.constantFrom('"cus_01","2020-01-02","5.00"', '"c6",2021-03-04,"1,234.50"', "cus_02,2020-02-30,1", "cus_03,2021-01-01,12x", ",2020-01-01,3", "TOTAL,,0", "", " cus_01 ,2020-05-05,1", "cus_02,2020-05-05") },
);

async function reading(path: string, threads: number) {
  const log = await readTransactions({ sources: [source(path)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 1000, strict: false, threads, minBytes: 0 });
  const totals = log.first <= log.last ? (await totalsOf(log, "acquisition"))[0]! : new Map();
  log.shard?.close();
  return { issues: formatLog(log.log), files: log.files, totals: [...totals].sort((a, b) => a[0] - b[0]) };
}

describe("a log's readings agree", () => {
  it("one thread and two (a worker holding half the customers), on random logs", async () => {
    const dir = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60 }), async (lines) => {
        const path = join(dir, "log.csv");
        writeFileSync(path, `customer_id,date,amount\n${lines.join("\n")}\n`);
        const [one, two] = await Promise.all([reading(path, 1), reading(path, 2)]);
        expect(two).toEqual(one);
      }),
      { numRuns: runs(10, 60) },
    );
    rmSync(dir, { recursive: true });
  });

  it("the plain path and the schema read amounts alike: signs, parentheses, trailing minus, $ and separators", async () => {
    const dir = folder();
    const amount = fc.oneof(
      fc.tuple(fc.nat({ max: 9_999_999 }), fc.nat({ max: 99 }), fc.constantFrom("#", "-#", "(#)", "#-", "$#", "-$#", "($#)")).map(([i, f, shape]) => shape.replace("#", `${i}.${String(f).padStart(2, "0")}`)),
      fc.constantFrom("(1,234.56)", "1,234.56-", "-0.00", "(0)", "(-12)", "-12-", "$-12", "+12", "()", "( 12 )", "(12", "-(12)", "1,23", "-"),
    );
    const row = fc.record({ id: fc.constantFrom("cus_01", "cus_02", "cus_03", "c4"), y: fc.integer({ min: 2019, max: 2022 }), amount });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        // The same rows, the second time with a currency column: every row is then the schema's.
        const cell = (a: string) => (a.includes(",") ? `"${a}"` : a);
        const plain = join(dir, "plain.csv");
        const schema = join(dir, "schema.csv");
        writeFileSync(plain, `customer_id,date,amount\n${rows.map((r) => `${r.id},${r.y}-03-04,${cell(r.amount)}`).join("\n")}\n`);
        writeFileSync(schema, `customer_id,date,amount,currency\n${rows.map((r) => `${r.id},${r.y}-03-04,${cell(r.amount)},USD`).join("\n")}\n`);
        const [a, b] = await Promise.all([reading(plain, 1), reading(schema, 1)]);
        expect(a.totals).toEqual(b.totals);
        expect(JSON.stringify(a.issues).replaceAll("plain.csv", "schema.csv")).toEqual(JSON.stringify(b.issues));
        expect(a.files.map((f) => ({ ...f, file: "" }))).toEqual(b.files.map((f) => ({ ...f, file: "" })));
      }),
      { numRuns: runs(20, 100) },
    );
    rmSync(dir, { recursive: true });
  });

  it("a 1.7 MB log in-process: the worker holds a share of the customers, and the result is one thread's, also when a quote sends it back to one", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    await generateLog(path, 50_000);
    const text = readFileSync(path, "utf8");
    const rows = text.split("\n").slice(1, -1).map((l) => l.split(","));
    // Independent tallies: the distinct customers, and each year's sum of amounts in cents.
    const ids = new Set(rows.map((r) => r[0]));
    const cents = new Map<number, bigint>();
    for (const [, date, amount] of rows) cents.set(Number(date!.slice(0, 4)), (cents.get(Number(date!.slice(0, 4))) ?? 0n) + BigInt(amount!.replace(".", "")));
    const read = (threads: number) => readTransactions({ sources: [source(path)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 1000, strict: false, threads, minBytes: 0 });
    const outcome = async (log: Awaited<ReturnType<typeof read>>) => {
      const totals = [...(await totalsOf(log, "acquisition"))[0]!].sort((a, b) => a[0] - b[0]);
      log.shard?.close();
      return { issues: formatLog(log.log), files: log.files, totals };
    };
    const one = await read(1);
    expect(one.shard).toBeUndefined();
    const two = await read(2);
    // The worker read its shard of the file: the two shards' customers, none shared, are all the log's.
    const theirs = await two.shard!.customers();
    expect(theirs).toBeGreaterThan(ids.size / 4);
    expect(two.customers.customers).toBeGreaterThan(ids.size / 4);
    expect(two.customers.customers + theirs).toBe(ids.size);
    const [a, b] = [await outcome(one), await outcome(two)];
    expect(b).toEqual(a);
    expect(a.issues.filter((l) => l.startsWith("error"))).toEqual([]);
    // Every row's amount is in some customer's sums of its year: active ones' revenue, or refunds only.
    const revenue = a.totals.map(([year, t]) => [year, roundedCoef(add(add(t.phases.acquisition.revenue, t.phases.retention.revenue), t.inactive.revenue), 2)]);
    expect(revenue).toEqual([...cents].sort((x, y) => x[0] - y[0]));

    // A quoted line deep in the file: the worker cannot read it, so the log is read again on one thread.
    writeFileSync(path, '"cus_00000001000001",2019-06-01,"1,000.00"\n', { flag: "a" });
    const [oneQuoted, twoQuoted] = [await read(1), await read(2)];
    expect(twoQuoted.shard).toBeUndefined();
    const quoted = await outcome(oneQuoted);
    expect(await outcome(twoQuoted)).toEqual(quoted);
    expect(quoted.totals).not.toEqual(a.totals);
    rmSync(dir, { recursive: true });
  });

  it.runIf(DEEP)("a 40 MB log through the binary: the same output and messages with one thread and with two, also when a quote sends it back to one", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    await generateLog(path, 1_100_000);
    const [one, two] = await Promise.all([ceq(["--transactions", path, "-f", "json"], { env: { CEQ_THREADS: "1" } }), ceq(["--transactions", path, "-f", "json"], { env: { CEQ_THREADS: "2" } })]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    // A quoted line deep in the file: the worker cannot read it, so the log is read again on one thread
    writeFileSync(path, '"cus_00000001000001",2019-06-01,"1,000.00"\n', { flag: "a" });
    const [oneQuoted, twoQuoted] = await Promise.all([ceq(["--transactions", path, "-f", "json"], { env: { CEQ_THREADS: "1" } }), ceq(["--transactions", path, "-f", "json"], { env: { CEQ_THREADS: "2" } })]);
    expect(oneQuoted.code, oneQuoted.stderr).toBe(0);
    expect(twoQuoted.stdout).toBe(oneQuoted.stdout);
    expect(oneQuoted.stdout).not.toBe(one.stdout);
    rmSync(dir, { recursive: true });
  });
});
