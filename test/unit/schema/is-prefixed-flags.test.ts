/**
 * A yes/no meaning column written with `is` before its name (`is_cancelled`, `Is Void`,
 * `IsCaptured`) means what the name alone does: before the fix only `Is Paid` and `is_voided` were
 * known, and `is_cancelled` = true rows were added in as revenue without a word. Through main()
 * at the end.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meaningOf } from "../../../src/schema/meaning.js";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

describe("yes/no meaning columns after `is`", () => {
  it.each([
    ["is_paid", "revenue"],
    ["Is Captured", "revenue"],
    ["is-captured", "revenue"],
    ["IsCaptured", "revenue"],
    ["is_voided", "non-revenue"],
    ["Is Void", "non-revenue"],
    ["isvoid", "non-revenue"],
    ["is_canceled", "non-revenue"],
    ["is_cancelled", "non-revenue"],
    ["IsCancelled", "non-revenue"],
    ["Is Refunded", "refund"],
    ["is_bezahlt", "revenue"],
    ["Is Storniert", "non-revenue"],
  ] as const)("%s reads as its plain name: true means %s", (name, truth) => {
    expect(meaningOf(name)).toEqual({ kind: "status", truthMeans: truth });
    const plain = name.replace(/^is[\s_-]*/i, "");
    expect(meaningOf(plain)).toEqual(meaningOf(name));
  });

  it("`is` alone, `is` before a word that is no yes/no name, or a third word, is no yes/no column", () => {
    expect(meaningOf("is")).toBeUndefined();
    expect(meaningOf("Is Active")).toBeUndefined();
    expect(meaningOf("IsTest")).toBeUndefined();
    expect(meaningOf("is not paid")).toBeUndefined();
    expect(meaningOf("Paid Is")).toBeUndefined();
  });
});

describe("through main(): a log with an `is_…` yes/no column", () => {
  const log = (column: string, no: string, yes: string) => `customer_id,date,amount,${column}\nA,2024-01-05,100,${no}\nB,2024-02-05,50,${yes}\n`;

  it.each([
    ["is_cancelled", "false", "true"],
    ["Is Void", "0", "1"],
    ["is_canceled", "no", "yes"],
  ])("%s: a row marked true is an error naming the value and the --where that drops it; revenue 150 is no longer printed", async (column, no, yes) => {
    const dir = folder({ "tx.csv": log(column, no, yes) });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "--strict", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${file}:3: ${column}: "${yes}" marks rows that are not revenue, and they were not left out: 1 row; the column holds "${no}" 1, "${yes}" 1\n`);
    expect(run.stderr).toContain(`hint: leave them out: --where "${column}=${no}"`);

    // The --where the hint gives leaves B's 50 out: A's 100 is the year's revenue.
    const kept = await cli(["--transactions", file, "--where", `${column}=${no}`, "-f", "json"]);
    expect(kept.code, kept.stderr).toBe(0);
    const year = (JSON.parse(kept.stdout) as { years: { year: number; acquisition: { customers: number; revenue: number } }[] }).years[0]!;
    expect([year.year, year.acquisition.customers, year.acquisition.revenue]).toEqual([2024, 1, 100]);
  });

  it("is_captured = false is a charge not captured: an error, as for `Captured`", async () => {
    const dir = folder({ "tx.csv": log("is_captured", "true", "false") });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${file}:3: is_captured: "false" marks rows that are not revenue, and they were not left out: 1 row; the column holds "true" 1, "false" 1\n`);
  });
});
