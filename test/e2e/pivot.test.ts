/**
 * The terminal with --by: a pivot of customer equity (segments ranked by their total, the company
 * last; the latest periods that fit, then the total), --wide for every period, --detail for the
 * full tables. Figures checked against the JSON of the same run, cell by cell.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, ROOT } from "../support/helpers.js";

const LOG = join(ROOT, "fixtures", "segments", "invoices.csv");
const ARGS = ["--transactions", LOG, "--by", "region", "--period", "quarter"];

const cells = (line: string) => line.split("│").map((c) => c.trim()).filter((c) => c !== "");
const dollars = (x: number) => `${x < 0 ? "-" : ""}$${Math.abs(x).toFixed(2)}`;

describe("--by on the terminal: a pivot of customer equity", () => {
  it("ranks the segments by their total, fits the latest quarters in 80 columns, and every cell is the JSON's", async () => {
    const [table, json] = await Promise.all([ceq(ARGS), ceq([...ARGS, "-f", "json"])]);
    expect(table.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { periods: { period: string; group: Record<string, string> | null; customerEquity: number }[]; groupTotals: { group: Record<string, string>; customerEquity: number }[]; total: { customerEquity: number } };
    const lines = table.stdout.split("\n");
    expect(lines[0]).toBe("Customer equity by region, segments ranked by their total; the latest 5 of 6 quarters (--wide for all, --detail for every figure)");
    expect(Math.max(...lines.filter((l) => /^[│┌└]/.test(l)).map((l) => l.length))).toBeLessThanOrEqual(80);
    const rows = lines.filter((l) => l.startsWith("│")).map(cells);
    const [header, ...body] = rows;
    expect(header).toEqual(["region", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "Total"]);
    const totals = doc.groupTotals.map((t) => t.customerEquity);
    expect(body.map((r) => r[0])).toEqual([...doc.groupTotals].sort((a, b) => b.customerEquity - a.customerEquity).map((t) => t.group.region || "(none)").concat("(all)"));
    expect(totals.length).toBe(3);
    for (const row of body) {
      const group = row[0] === "(all)" ? null : row[0] === "(none)" ? "" : row[0];
      header!.slice(1, -1).forEach((period, i) => {
        const entry = doc.periods.find((p) => p.period === period && (group === null ? p.group === null : p.group?.region === group))!;
        expect(row[i + 1], `${row[0]} ${period}`).toBe(dollars(entry.customerEquity));
      });
      const total = group === null ? doc.total : doc.groupTotals.find((t) => t.group.region === group)!;
      expect(row.at(-1)).toBe(dollars(total.customerEquity));
    }
    expect(lines.filter((l) => l.trim() !== "").length).toBeLessThan(12);
  });

  it("--wide shows every quarter; --detail prints the full tables", async () => {
    const wide = await ceq([...ARGS, "--wide"]);
    expect(cells(wide.stdout.split("\n").find((l) => l.startsWith("│ region"))!)).toEqual(["region", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "Total"]);
    const detail = await ceq([...ARGS, "--detail"]);
    expect(detail.stdout).toContain("Phase breakdown");
    expect(detail.stdout).not.toContain("segments ranked");
  });
});
