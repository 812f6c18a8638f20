/**
 * A yes/no meaning column written with `was` or `has been` before its name (`was_voided`,
 * `Was Paid`, `Has Been Refunded`) means what the name alone does, as `is_…` does: an audit found
 * `was_voided` = true rows added in as revenue without a word. A word that may turn the meaning
 * around (`Not Paid`, `Never Paid`) still makes no flag. Through main() at the end.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meaningOf } from "../../../src/schema/meaning.js";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

describe("yes/no meaning columns after `was` and `has been`", () => {
  it.each([
    ["was_voided", "non-revenue"],
    ["Was Paid", "revenue"],
    ["WasCancelled", "non-revenue"],
    ["was-captured", "revenue"],
    ["Has Been Refunded", "refund"],
    ["has_been_voided", "non-revenue"],
    ["HasBeenPaid", "revenue"],
  ] as const)("%s reads as its plain name: true means %s", (name, truth) => {
    expect(meaningOf(name)).toEqual({ kind: "status", truthMeans: truth });
  });

  it("another word before the name, a prefix alone, or a word after it, is no yes/no column", () => {
    for (const name of ["Not Paid", "Never Paid", "was", "Has Been", "has paid", "Was Paid Out", "been paid", "wasactive"]) expect(meaningOf(name), name).toBeUndefined();
    // Every word of a two-word prefix, and the joined prefix at the start: "Has Never Paid" and
    // "Unpaid" would mean the opposite of paid.
    for (const name of ["Has Never Paid", "has not been paid", "Unpaid", "unvoided", "xxrefunded"]) expect(meaningOf(name), name).toBeUndefined();
  });
});

describe("through main()", () => {
  it("was_voided = true rows are an error naming the value and the --where that drops them (they were revenue: 150 for 100)", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount,was_voided\nA,2024-01-05,100.00,false\nB,2024-02-05,50.00,true\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${file}:3: was_voided: "true" marks rows that are not revenue, and they were not left out: 1 row`);
    const kept = await cli(["--transactions", file, "--where", "was_voided=false", "-f", "json"]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).years[0].acquisition.revenue).toBe(100);
  });
});
