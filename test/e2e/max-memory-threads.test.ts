/**
 * `--max-memory` on two threads (max-memory.test.ts has one): the bound counts both threads' tables
 * together. The log is big enough to be split (over 32 MiB) but holds only 3,000 customers, each
 * in the first kilobytes of both threads' reading, so each thread's tables reach their final size
 * in its first block and the figures of the message do not depend on how far either thread got.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../support/helpers.js";

const CUSTOMERS = 3000;
/** Rounds of the 3,000 customers: 79,890 bytes each, 42.3 MB in all (over the 32 MiB a split needs). */
const ROUNDS = 530;

function bigLog(dir: string): string {
  let round = "";
  for (let i = 0; i < CUSTOMERS; i++) round += `c${i},2024-03-01,1.00,0.10\n`;
  const path = join(dir, "log.csv");
  // A cost column: each thread keeps a second double an entry, its cost, beside the revenue.
  writeFileSync(path, "customer_id,date,amount,cost\n" + round.repeat(ROUNDS));
  return path;
}

describe("--max-memory on two threads", () => {
  it("adds both threads' tables: a bound one thread's tables fit in refuses the split reading, naming both threads' bytes", async () => {
    const dir = folder({ "out.json": "kept\n" });
    const log = bigLog(dir);
    const out = join(dir, "out.json");
    // By hand. The main thread keeps the ids whose FNV-1a hash is below 0x70000000: 1,245 of
    // c0…c2999; the worker the other 1,755. The id slots (32 bytes each) double once more than 7 in
    // 10 are taken (1,024 slots up to 716 ids, 2,048 up to 1,433, 4,096 up to 2,867): the main
    // thread's 1,245 in 2,048 slots, 64 KiB; the worker's 1,755 in 4,096, 128 KiB. Each thread also
    // holds the id arena 64 KiB, spans 8,192 words 32 KiB, heads 2,048 words 8 KiB, chain links
    // 12,288 words 48 KiB, sums 8,192 doubles (revenue and cost side by side) 64 KiB: the main thread 280 KiB = 286,720 bytes, 230
    // a customer (286,720 / 1,245), the worker 344 KiB. Both: 638,976 bytes (639 KB); their next
    // growths double each one's largest part (the main thread's 64 KiB, the worker's slots): +128
    // KiB and +256 KiB, 1,032,192 bytes, over the bound of 1,020,000 (both print as 1.0 MB).
    const two = await ceq(["--transactions", log, "--max-memory", "1.02MB", "-o", out], { env: { CEQ_THREADS: "2" } });
    expect(two.code).toBe(1);
    expect(two.stdout).toBe("");
    expect(two.stderr).toMatch(
      /^error: .*log\.csv: the log's customer tables need more memory than the bound of 1\.0 MB: they hold 639 KB (after \d+(\.\d)?% of the file|so far) \(230 bytes a customer\), and their next growth needs 1\.0 MB(; at this rate the whole file needs about [\d.]+ [KM]B)?\n/,
    );
    expect(two.stderr).toMatch(/\nhint: give a larger --max-memory .* ceq sql --transactions TABLE/);
    expect(readFileSync(out, "utf8")).toBe("kept\n");
    // One thread holds all 3,000 (max-memory.test.ts, whose log has no cost: 32 KiB more here):
    // 491,520 bytes, and 1,015,808 at its next growth, within 1,020,000: the same bound reads the log.
    const one = await ceq(["--transactions", log, "--max-memory", "1.02MB", "--format", "json"], { env: { CEQ_THREADS: "1" } });
    expect(one.stderr).not.toContain("error:");
    expect(one.code).toBe(0);
    const year = JSON.parse(one.stdout).years.find((y: { year: number }) => y.year === 2024);
    expect(year.acquisition.customers).toBe(CUSTOMERS);
    expect(year.acquisition.revenue).toBe(CUSTOMERS * ROUNDS);

    // A bound both threads fit in: the same report as one thread's.
    const fits = await ceq(["--transactions", log, "--max-memory", "1.3MB", "--format", "json"], { env: { CEQ_THREADS: "2" } });
    expect(fits.code).toBe(0);
    expect(fits.stdout).toBe(one.stdout);
  });
});
