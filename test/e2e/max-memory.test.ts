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
    // full), the 64 KiB id arena, spans 32 KiB, heads 16 KiB, chain links 48 KiB and sums 64 KiB:
    // 480 KiB = 491,520 bytes, 164 a customer; the next growth doubles the slots: + 512 KiB.
    expect(run.stderr).toMatch(/^error: .*log\.csv: the log's customer tables need more memory than the bound of 1\.0 KB: they hold 492 KB after 100% of the file \(164 bytes a customer\), and their next growth needs 1\.0 MB\n/);
    expect(run.stderr).toMatch(/\nhint: give a larger --max-memory .* ceq sql --transactions TABLE .* ceq --warehouse URL --transactions TABLE/);
    expect(readFileSync(out, "utf8")).toBe("kept\n");
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
