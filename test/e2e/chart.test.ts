/**
 * The terminal chart (`--chart`): customer equity per period and its three parts as bars, at 60
 * and 100 columns, with negative equity; Unicode and ASCII.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { folder } from "../support/helpers.js";

// 2023: A won for 100.00 at a cost of 150.00: acquisition equity −50.00 = customer equity −50.00.
// 2024: B won for 200.00 at 20.00 (180.00); A churned with 100.00: customer equity 80.00.
const dir = folder({
  "new.csv": "customer_id,year,revenue,acquisition_cost\nA,2023,100.00,150.00\nB,2024,200.00,20.00\n",
  "churned.csv": "customer_id,year,revenue\nA,2024,100.00\n",
});
const args = ["--new", join(dir, "new.csv"), "--churned", join(dir, "churned.csv"), "--chart"];

async function chart(columns: number, extra: string[] = []): Promise<string[]> {
  const run = await cli([...args, ...extra], { env: { COLUMNS: String(columns) } });
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trimEnd().split("\n");
  return lines.slice(lines.findIndex((l) => l.startsWith("Customer equity by year")));
}

describe("--chart", () => {
  it("at 60 columns: bars to scale either side of the axis, each with its signed figure", async () => {
    // Bars get 60 − 4 (period) − 11 (name) − 8 (figure) − 4 (spaces and axis) = 33 cells for the
    // span 100 below zero + 180 above: 12 cells left of the axis (100 × 33/280 = 11.8), 21 right.
    // −50 is 5.9 → 6 cells; 180 is 21.2 → the 21 there are; 80 is 9.43 → 9 cells and 3 eighths (▍).
    expect(await chart(60)).toEqual([
      "Customer equity by year: █ adds, ▒ takes away",
      "2023 acquisition       ▒▒▒▒▒▒│                       -$50.00",
      "     retention               │                         $0.00",
      "     churn                   │                         $0.00",
      "     = equity          ▒▒▒▒▒▒│                       -$50.00",
      "2024 acquisition             │█████████████████████  $180.00",
      "     retention               │                         $0.00",
      "     churn       ▒▒▒▒▒▒▒▒▒▒▒▒│                      -$100.00",
      "     = equity                │█████████▍              $80.00",
    ]);
  });

  it("at 100 columns: the same bars, longer, within the width; the axis in one column", async () => {
    const lines = await chart(100);
    const rows = lines.slice(1);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    // 73 cells: 26 left of the axis (100 × 73/280 = 26.07), 47 right.
    const axis = rows.map((l) => [...l].indexOf("│"));
    expect(new Set(axis)).toEqual(new Set([4 + 1 + 11 + 1 + 26]));
    const cells = (l: string, c: string) => [...l].filter((x) => x === c).length;
    expect(rows.map((l) => cells(l, "▒"))).toEqual([13, 0, 0, 13, 0, 0, 26, 0]);
    // 180 × 73/280 = 46.93 → 46 full blocks and 7 eighths (▉); 80 → 20.86 → 20 and 7 eighths.
    expect(rows.map((l) => cells(l, "█"))).toEqual([0, 0, 0, 0, 46, 0, 0, 20]);
    expect(rows[4]).toContain("█▉");
    expect(rows.map((l) => l.trim().split(/\s+/).at(-1))).toEqual(["-$50.00", "$0.00", "$0.00", "-$50.00", "$180.00", "$0.00", "-$100.00", "$80.00"]);
  });

  it("--ascii draws with # and =, and the axis as |", async () => {
    const lines = await chart(60, ["--ascii"]);
    expect(lines[0]).toBe("Customer equity by year: # adds, = takes away");
    expect(lines.join("\n")).toMatch(/^[\x20-\x7e\n]*$/);
    expect(lines[1]).toBe("2023 acquisition       ======|                       -$50.00");
    expect(lines[5]).toBe("2024 acquisition             |#####################  $180.00");
  });

  it("is for the table: with another format it is a usage error", async () => {
    const run = await cli([...args, "-f", "json"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("--chart draws after the table");
  });
});
