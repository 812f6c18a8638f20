/**
 * The terminal with --by: a pivot of customer equity (segments ranked by their total, the company
 * last; the latest periods that fit, then the total), --wide for every period, --detail for the
 * full tables. Figures checked against the JSON of the same run, cell by cell.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { ceq, ROOT } from "../support/helpers.js";

const LOG = join(ROOT, "fixtures", "segments", "invoices.csv");
const ARGS = ["--transactions", LOG, "--by", "region", "--period", "quarter"];

const cells = (line: string) => line.split("│").map((c) => c.trim()).filter((c) => c !== "");
const dollars = (x: number) => `${x < 0 ? "-" : ""}$${Math.abs(x).toFixed(2)}`;

describe("--by on the terminal: a pivot of customer equity", () => {
  it("ranks the segments by their total, fits the latest quarters in 80 columns, and every cell is the JSON's", async () => {
    const [table, json] = await Promise.all([cli(ARGS), cli([...ARGS, "-f", "json"])]);
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
    const wide = await cli([...ARGS, "--wide"]);
    expect(cells(wide.stdout.split("\n").find((l) => l.startsWith("│ region"))!)).toEqual(["region", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "Total"]);
    const detail = await cli([...ARGS, "--detail"]);
    expect(detail.stdout).toContain("Phase breakdown");
    expect(detail.stdout).not.toContain("segments ranked");
  });
});

const RETAIL = join(ROOT, "..", "shared", "data", "online_retail.csv.gz");

describe.skipIf(!existsSync(RETAIL))("the issue's case: Online Retail by Country and quarter (../shared/data; skipped when absent)", () => {
  it("a pivot of a few dozen lines, not the 4,149 of the full tables; 37 countries (those of the rows with a customer id, counted with Python) ranked, the company last", async () => {
    const args = ["--transactions", RETAIL, "--encoding", "cp1252", "--date-format", "MM/DD/YYYY", "--skip-missing-id", "--by", "Country", "--period", "quarter"];
    const table = await ceq(args);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeLessThan(50);
    expect(Math.max(...lines.filter((l) => /^[│┌└]/.test(l)).map((l) => l.length))).toBeLessThanOrEqual(80);
    const body = lines.filter((l) => l.startsWith("│")).map(cells).slice(1);
    expect(body.at(-1)![0]).toBe("(all)");
    // Ranked by their total (the last column), largest first
    const totals = body.slice(0, -1).map((r) => Number(r.at(-1)!.replace(/[$,]/g, "")));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(body.length - 1).toBe(37);
  });
});

