import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../support/helpers.js";

/** 3,000 customers, one purchase of 1.00 each in 2024: acquisition revenue 3000.00. */
function log(): string {
  const rows = ["customer_id,date,amount"];
  for (let i = 0; i < 3000; i++) rows.push(`c${i},2024-03-01,1.00`);
  return `${rows.join("\n")}\n`;
}

describe("--max-memory", () => {
  it("refuses a log whose customer tables need more: exit 1, the size needed, the way out, nothing written", async () => {
    const dir = folder({ "log.csv": log(), "out.json": "kept\n" });
    const out = join(dir, "out.json");
    const run = await ceq(["--transactions", join(dir, "log.csv"), "--max-memory", "1KB", "-o", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    // By hand: 3,000 ids take 8,192 id slots of 32 bytes (256 KiB; the table doubles past half
    // full), the 64 KiB id arena, spans 32 KiB, heads 16 KiB, chain links 48 KiB and revenue sums
    // 32 KiB (4,096 doubles; no cost column, so no cost sums): 448 KiB = 458,752 bytes, 153 a
    // customer; the next growth doubles the slots: + 512 KiB, 983,040 bytes.
    expect(run.stderr).toMatch(/^error: .*log\.csv: the log's customer tables need more memory than the bound of 1\.0 KB: they hold 459 KB after 100% of the file \(153 bytes a customer\), and their next growth needs 983 KB\n/);
    expect(run.stderr).toMatch(/\nhint: give a larger --max-memory .* ceq sql --transactions TABLE .* ceq --warehouse URL --transactions TABLE/);
    expect(readFileSync(out, "utf8")).toBe("kept\n");
  });

  it("ceq value --model bgnbd: the day tally's tables against the bound, the same refusal", async () => {
    const dir = folder({ "log.csv": log() });
    const run = await ceq(["value", "--model", "bgnbd", "--discount-rate", "0.1", "--transactions", join(dir, "log.csv"), "--max-memory", "1KB"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    // By hand: the ids as above (slots 256 KiB, arena 64 KiB, spans 32 KiB), and the tally's nine
    // arrays a customer (six of Int32, three of doubles: 48 bytes), grown by 4 from 1,024 to 4,096
    // customers: 192 KiB. 557,056 bytes, 186 a customer; the next growth doubles the slots, the
    // largest: + 512 KiB, 1,081,344 bytes.
    expect(run.stderr).toMatch(/^error: .*log\.csv: the log's customer tables need more memory than the bound of 1\.0 KB: they hold 557 KB after 100% of the file \(186 bytes a customer\), and their next growth needs 1\.1 MB\n/);
    // Its way out is a larger bound alone: ceq sql and --warehouse have no BG/NBD or Pareto/NBD.
    expect(run.stderr).toMatch(/\nhint: give a larger --max-memory if this machine has the memory free \(the default is half of it\): ceq value holds each customer's id and a summary of their purchases\. BG\/NBD and Pareto\/NBD have no SQL form: ceq sql and --warehouse compute the yearly report and the cohorts, not these models\n$/);
    expect(run.stderr).not.toMatch(/ceq sql --transactions TABLE/);
  });

  it("reads a log that fits as it does without the bound", async () => {
    const dir = folder({ "log.csv": log() });
    const args = ["--transactions", join(dir, "log.csv"), "--format", "json"];
    const bounded = await ceq([...args, "--max-memory", "1GB"]);
    const plain = await ceq(args);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout).toBe(plain.stdout);
    const year = JSON.parse(bounded.stdout).years.find((y: { year: number }) => y.year === 2024);
    expect(year.acquisition.customers).toBe(3000);
    expect(year.acquisition.revenue).toBe(3000);
  });

  it("is a usage error without a unit", async () => {
    const dir = folder({ "log.csv": log() });
    const run = await ceq(["--transactions", join(dir, "log.csv"), "--max-memory", "512"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("argument '512' is invalid. expected a size with its unit, such as 512MB, 8GB or 2GiB");
  });
});

/** 16,384 customers new in 2024 with 1.00 each: the bound is first checked at the last row. */
function phaseExport(): string {
  const rows = ["customer_id,year,revenue,acquisition_cost"];
  for (let i = 0; i < 16_384; i++) rows.push(`c${i},2024,1.00,0.50`);
  return `${rows.join("\n")}\n`;
}

describe("--max-memory on phase exports followed by id", () => {
  it("refuses when the rows the movements follow need more: exit 1, the size needed, the way out, nothing written", async () => {
    const dir = folder({ "new.csv": phaseExport(), "out.json": "kept\n" });
    const out = join(dir, "out.json");
    const run = await ceq(["--new", join(dir, "new.csv"), "--format", "json", "--max-memory", "2MB", "-o", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    // By hand, at the check before row 16,384 (16,383 rows held, ids looked up to 16,368): the id
    // arena 256 KiB (87,098 bytes of ids past its 64 KiB, grown by 4), spans 128 KiB (32,768
    // words), 32,768 slots of 32 bytes (1 MiB: 16,368 ids past 0.7 of 16,384); 2024's columns for
    // 16,384 rows: 128 KiB of ints and 256 KiB of amounts. 1,835,008 bytes, 112 a row; the next
    // growth of the largest (the slots) adds 2 MiB: 3,932,160.
    expect(run.stderr).toMatch(/^error: .*new\.csv: following each customer by id needs more memory than the bound of 2\.0 MB: the 16,384 rows read so far hold 1\.8 MB \(112 bytes a row\), and their next growth needs 3\.9 MB\n/);
    expect(run.stderr).toMatch(/\nhint: the revenue movements .* Give a larger --max-memory .*\(--format csv or table\)/);
    expect(readFileSync(out, "utf8")).toBe("kept\n");
    // ceq cohorts follows the same rows
    const cohorts = await ceq(["cohorts", "--new", join(dir, "new.csv"), "--max-memory", "2MB"]);
    expect([cohorts.code, cohorts.stdout]).toEqual([1, ""]);
    expect(cohorts.stderr).toContain("following each customer by id needs more memory than the bound of 2.0 MB");
  });

  it("reads exports that fit as without the bound; the CSV, which follows no one, is never refused", async () => {
    const dir = folder({ "new.csv": phaseExport() });
    const args = ["--new", join(dir, "new.csv"), "--format", "json"];
    const bounded = await ceq([...args, "--max-memory", "1GB"]);
    expect(bounded.code).toBe(0);
    expect(bounded.stdout).toBe((await ceq(args)).stdout);
    const year = JSON.parse(bounded.stdout).years.find((y: { year: number }) => y.year === 2024);
    expect([year.acquisition.customers, year.acquisition.revenue, year.acquisition.cost]).toEqual([16384, 16384, 8192]);
    const csv = await ceq(["--new", join(dir, "new.csv"), "--format", "csv", "--max-memory", "2MB"]);
    expect(csv.code).toBe(0);
  });
});
