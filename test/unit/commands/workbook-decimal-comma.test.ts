/**
 * Workbooks under --decimal-comma (and --source sap, which sets it): a number cell is read as the
 * number it holds in every file a workbook can be (transactions, phase exports, --fx-rates, a
 * costs file, a cohorts file), while a text cell keeps following --decimal-comma. Before the fix
 * a number cell 12.345 was read as 12345 and 12.5 was refused. Workbooks made here with exceljs
 * (test/support/workbook.ts); figures worked out by hand. Run in-process with cli(); the last case
 * spawns the built binary.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IssueLog } from "../../../src/issues.js";
import { source } from "../../../src/io/source.js";
import { readCohortsFile } from "../../../src/read/cohorts-file.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";
import { workbook, type TestCell } from "../../support/workbook.js";

const json = (stdout: string) => JSON.parse(stdout);
/** A date cell: an Excel serial with a date format (45657 is 2024-12-31, 45658 is 2025-01-01). */
const day = (serial: number): TestCell => ({ v: serial, fmt: "yyyy-mm-dd" });
const sheet = async (rows: TestCell[][], name = "Sheet1") => workbook([{ name, rows }]);
/** Number cells 12.345, 7.125 and 100 (TND, three decimals): 12.345 in 2024, 107.125 in 2025. */
const TND_ROWS: TestCell[][] = [
  ["customer_id", "date", "amount"],
  ["A", day(45657), 12.345],
  ["B", day(45658), 7.125],
  ["C", day(45658), 100],
];

describe("transactions in a workbook, --decimal-comma", () => {
  it("number cells 12.345, 7.125 and 100 (TND, three decimals) give 12.345 and 107.125, as without the flag", async () => {
    const dir = folder({
      "tnd.xlsx": await sheet(TND_ROWS),
    });
    for (const flags of [["--decimal-comma"], []]) {
      const run = await cli(["--transactions", "tnd.xlsx", ...flags, "--currency", "TND", "-f", "csv"], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      // year,new_customers,new_revenue,new_average_revenue,acquisition_cost,acquisition_equity,...
      expect(lines[1]!.split(",").slice(0, 4)).toEqual(["2024", "1", "12.345", "12.345"]);
      // 2025: B and C are new, 7.125 + 100 = 107.125, an average of 53.5625 shown as 53.562 (half to even)
      expect(lines[2]!.split(",").slice(0, 4)).toEqual(["2025", "2", "107.125", "53.562"]);
      expect(run.stderr).not.toContain("error");
    }
  });

  it("a number cell 12.5 is no longer refused: 1.234 in 2024; 12.5 and the text 7,50 in 2025, 20", async () => {
    const dir = folder({
      "num_dc.xlsx": await sheet([
        ["customer_id", "date", "amount"],
        ["A", day(45657), 1.234],
        ["B", day(45658), 12.5],
        ["C", day(45658), "7,50"],
      ]),
    });
    const run = await cli(["--transactions", "num_dc.xlsx", "--decimal-comma", "--currency", "TND", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("is not an amount");
    const years = json(run.stdout).years;
    expect(years.map((y: { year: number; acquisition: { revenue: number } }) => [y.year, y.acquisition.revenue])).toEqual([
      [2024, 1.234],
      [2025, 20],
    ]);
  });

  it("a text cell \"12,345\" is still 12.345, and a number cell 12.345 beside it too: 24.69; the text \"12.345\" is 12345", async () => {
    const dir = folder({
      "mixed.xlsx": await sheet([
        ["customer_id", "date", "amount"],
        ["A", day(45657), "12,345"],
        ["B", day(45657), 12.345],
        ["C", day(45658), "12.345"],
      ]),
    });
    const run = await cli(["--transactions", "mixed.xlsx", "--decimal-comma", "--currency", "TND", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const [y2024, y2025] = json(run.stdout).years;
    expect(y2024.acquisition).toMatchObject({ customers: 2, revenue: 24.69 });
    // C's text 12.345 under --decimal-comma is a grouped 12345, as in a CSV
    expect(y2025.acquisition).toMatchObject({ customers: 1, revenue: 12345 });
  });

  it("--source sap (decimal comma, DD.MM.YYYY dates): a number cell 2500.5 is 2500.5, not refused", async () => {
    const dir = folder({
      "fbl5n.xlsx": await sheet([
        ["Account", "Document Type", "Posting Date", "Amount in local currency", "Local Currency"],
        ["100001", "RV", day(45306), 1000, "EUR"],
        ["100002", "RV", day(45352), 2500.5, "EUR"],
        ["100003", "DZ", day(45353), 99.99, "EUR"],
      ]),
    });
    const run = await cli(["--transactions", "fbl5n.xlsx", "--source", "sap", "--currency", "EUR", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("is not an amount");
    const [y2024] = json(run.stdout).years;
    // the payment (DZ) is left out by the preset's --where: 1000 + 2500.5
    expect(y2024).toMatchObject({ year: 2024, acquisition: { customers: 2, revenue: 3500.5 } });
  });

  it("--where compares a number cell as it is written under --decimal-comma: Amount=12,5", async () => {
    const dir = folder({
      "w.xlsx": await sheet([
        ["customer_id", "date", "amount"],
        ["A", day(45657), 12.5],
        ["B", day(45657), 7.25],
      ]),
    });
    const run = await cli(["--transactions", "w.xlsx", "--decimal-comma", "--where", "amount=12,5", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout).years[0].acquisition).toMatchObject({ customers: 1, revenue: 12.5 });
  });
});

describe("side files in a workbook, --decimal-comma", () => {
  const csv = "customer_id;date;amount;currency\nA;2024-01-05;100,00;EUR\nC;2024-03-05;100,00;USD\n";

  it("--fx-rates: a number cell 0.925 converts 100 USD to 92.50 EUR: 192.50 in all, not 92,600", async () => {
    const dir = folder({
      "cur.csv": csv,
      "fx_rates.xlsx": await sheet([
        ["currency", "year", "rate"],
        ["USD", 2024, 0.925],
      ]),
    });
    const run = await cli(["--transactions", "cur.csv", "--fx-rates", "fx_rates.xlsx", "--currency", "EUR", "--decimal-comma", "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")[1]!.split(",").slice(0, 4)).toEqual(["2024", "2", "192.50", "96.25"]);
  });

  it("a costs workbook beside a transaction log: acquisition cost 12.345, not 12345", async () => {
    const dir = folder({
      "cur.csv": csv,
      "fx_rates.xlsx": await sheet([
        ["currency", "year", "rate"],
        ["USD", 2024, 0.925],
      ]),
      "costs.xlsx": await sheet([
        ["year", "acquisition cost", "servicing cost"],
        [2024, 12.345, 0],
      ]),
    });
    const run = await cli(["--transactions", "cur.csv", "--fx-rates", "fx_rates.xlsx", "--costs", "costs.xlsx", "--currency", "EUR", "--decimal-comma", "--decimals", "3", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    // equity: 192.5 - 12.345 = 180.155 (--decimals 3: in cents it would be 12.34 and 180.16, half to even)
    expect(json(run.stdout).years[0].acquisition).toMatchObject({ revenue: 192.5, cost: 12.345, equity: 180.155 });
  });
});

describe("phase exports and a cohorts file in workbooks, --decimal-comma", () => {
  it("--new, --churned and --costs workbooks: number cells and a text cell 12,345 all read as 12.345", async () => {
    const dir = folder({
      "new.xlsx": await sheet([
        ["customer_id", "year", "revenue"],
        ["A", 2024, 12.345],
        ["B", 2024, "12,345"],
        ["C", 2024, 2500.5],
      ]),
      "churned.xlsx": await sheet([
        ["customer_id", "year", "revenue"],
        ["A", 2025, 12.345],
      ]),
      "costs.xlsx": await sheet([
        ["year", "acquisition cost", "servicing cost"],
        [2024, 12.5, 0],
      ]),
    });
    const run = await cli(["--new", "new.xlsx", "--churned", "churned.xlsx", "--costs", "costs.xlsx", "--decimal-comma", "--currency", "TND", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const [y2024, y2025] = json(run.stdout).years;
    // 12.345 + 12.345 + 2500.5 = 2525.19; less the cost 12.5: 2512.69
    expect(y2024.acquisition).toMatchObject({ customers: 3, revenue: 2525.19, cost: 12.5, equity: 2512.69 });
    expect(y2025.churn).toMatchObject({ customers: 1, revenue: 12.345 });
  });

  it("a cohorts workbook keeps the point: its revenue is always read with one (ceq value --cohorts has no decimal comma), so a number cell 12.345 is 12.345", async () => {
    const dir = folder({
      "coh.xlsx": await sheet([
        ["cohort", "period", "customers", "revenue"],
        [2020, 2020, 100, 12.345],
        [2020, 2021, 80, 2500.5],
      ]),
    });
    const log = new IssueLog(10);
    const read = await readCohortsFile(source(join(dir, "coh.xlsx")), log, undefined);
    expect(log.errors).toEqual([]);
    expect(read!.table.cohorts[0]!.cells).toEqual([
      { period: 2020, customers: 100, revenue: { coef: 12345n, scale: 3 } },
      { period: 2021, customers: 80, revenue: { coef: 25005n, scale: 1 } },
    ]);
  });
});

describe("through the built binary", () => {
  it("tnd.xlsx with --decimal-comma: 12.345 and 107.125 on stdout, exit 0, no error on stderr", async () => {
    const dir = folder({
      "tnd.xlsx": await sheet(TND_ROWS),
    });
    const run = await ceq(["--transactions", "tnd.xlsx", "--decimal-comma", "--currency", "TND", "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith("2024,1,12.345,12.345,")).toBe(true);
    expect(lines[2]!.startsWith("2025,2,107.125,53.562,")).toBe(true);
    expect(run.stderr).not.toMatch(/^error/m);
    expect(run.stderr).toContain('notice: tnd.xlsx [Sheet1]!1:1: using "customer_id" as the customer id');
  });
});
