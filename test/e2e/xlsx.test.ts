/**
 * `--format xlsx`: the workbook read back with exceljs, its formulas' text checked and each formula
 * recomputed here from the Sums sheet by a small evaluator (no code shared with ceq), against
 * the JSON to the cent; and, where LibreOffice is installed, its own recalculation of the workbook
 * (cached results removed first) converted to CSV and compared with the JSON.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { ceq, DEMO, folder, ROOT } from "../support/helpers.js";

type Cell = number | string | null;
type Sheets = Record<string, ExcelJS.Worksheet>;

/** Evaluates the formulas ceq writes: + − × ÷, =, IF, ABS, SUM over cells and ranges, "" and numbers. */
function evaluate(formula: string, sheets: Sheets, sheet: string): Cell {
  const tokens = formula.match(/"[^"]*"|[A-Za-z]+!?[A-Z]*\d*(:[A-Z]+\d+)?|\d+(\.\d+)?|[-+*/=(),]/g)!;
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++]!;
  const value = (ref: string, here: string): Cell => {
    const [name, address] = ref.includes("!") ? ref.split("!") : [here, ref];
    const cell = sheets[name!]!.getCell(address!);
    const v = cell.value as unknown;
    if (v !== null && typeof v === "object" && "formula" in (v as object)) return evaluate((v as { formula: string }).formula, sheets, name!);
    return (v as Cell) ?? null;
  };
  const num = (c: Cell) => (typeof c === "number" ? c : c === null ? 0 : Number.NaN);
  function primary(): Cell | Cell[] {
    const t = next();
    if (t === "(") {
      const v = comparison();
      next();
      return v;
    }
    if (t === "-") return -num(primary() as Cell);
    if (t.startsWith('"')) return t.slice(1, -1);
    if (/^\d/.test(t)) return Number(t);
    if (["IF", "ABS", "SUM"].includes(t)) {
      next(); // (
      const args: (Cell | Cell[])[] = [];
      while (peek() !== ")") {
        const token = peek()!;
        if (token.includes(":")) {
          next();
          const [name, range] = token.includes("!") ? token.split("!") : [sheet, token];
          const [from, to] = range!.split(":");
          const col = from!.replace(/\d+/, "");
          const cells: Cell[] = [];
          for (let r = Number(from!.replace(/\D+/, "")); r <= Number(to!.replace(/\D+/, "")); r++) cells.push(value(`${name}!${col}${r}`, sheet));
          args.push(cells);
        } else args.push(comparison());
        if (peek() === ",") next();
      }
      next(); // )
      if (t === "IF") return args[0] ? (args[1] as Cell) : (args[2] as Cell);
      if (t === "ABS") return Math.abs(num(args[0] as Cell));
      return args.flat().reduce<number>((s, c) => s + num(c), 0);
    }
    return value(t, sheet);
  }
  function term(): Cell {
    let v = primary() as Cell;
    while (peek() === "*" || peek() === "/") v = next() === "*" ? num(v) * num(primary() as Cell) : num(v) / num(primary() as Cell);
    return v;
  }
  function sum(): Cell {
    let v = term();
    while (peek() === "+" || peek() === "-") v = next() === "+" ? num(v) + num(term()) : num(v) - num(term());
    return v;
  }
  function comparison(): Cell {
    const v = sum();
    if (peek() !== "=") return v;
    next();
    const w = sum();
    return (v === w || (v === null && w === 0) ? 1 : 0) as Cell;
  }
  return comparison();
}

type P = { customers: number; revenue: number; averageRevenue: number | null; cost: number; equity: number };
type Y = { year: number | null; acquisition: P; retention: P; churn: P; customerEquity: number; change: number | null; changePercent: number | null; churnRate: number | null; retentionRate: number | null; acquisitionCostPerCustomer: number | null; netCustomerChange: number };

/** A JSON entry's figures in the Summary sheet's column order. */
const expected = (y: Y): (number | null)[] => [
  y.acquisition.equity, y.retention.equity, y.churn.revenue, y.customerEquity, y.change, y.changePercent, y.churnRate, y.retentionRate,
  y.acquisition.averageRevenue, y.retention.averageRevenue, y.churn.averageRevenue, y.acquisitionCostPerCustomer, y.netCustomerChange,
];
/** Rounds half to even, as ceq's JSON does (5 ÷ 32 = 0.15625 is 0.1562), where a spreadsheet's value is a tie. */
function halfEven(v: number, decimals: number): number {
  const x = v * 10 ** decimals;
  const floor = Math.floor(x);
  const diff = x - floor;
  const tie = Math.abs(diff - 0.5) < 1e-7;
  const n = tie ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(x);
  return Number((n / 10 ** decimals).toFixed(decimals));
}
/** Money and rates as JSON rounds them: rates at 4 decimals, the rest at 2. */
const rounded = (v: Cell, column: number) => (typeof v === "number" ? halfEven(v, [5, 6, 7].includes(column) ? 4 : 2) : null);

async function workbook(args: string[]) {
  const dir = folder();
  const file = join(dir, "equity.xlsx");
  const run = await cli([...args, "-o", file]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toBe("");
  const json = JSON.parse((await cli([...args, "-f", "json"])).stdout) as { years: Y[]; total: Y };
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return { dir, file, json, book, sheets: { Summary: book.getWorksheet("Summary")!, Sums: book.getWorksheet("Sums")! } };
}

describe("--format xlsx", () => {
  it("Summary's cells are formulas over Sums; each recomputes the JSON's figure to the cent", async () => {
    const { json, book, sheets } = await workbook(["--dir", DEMO]);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Sums"]);
    const summary = sheets.Summary;
    // The 2024 row (row 5): the formulas an auditor reads.
    const formula = (address: string) => (summary.getCell(address).value as { formula: string }).formula;
    expect(summary.getCell("A5").value).toBe("2024");
    expect(formula("B5")).toBe("Sums!C5-Sums!D5");
    expect(formula("E5")).toBe("B5+C5-D5");
    expect(formula("F5")).toBe("E5-E4");
    expect(formula("G5")).toBe('IF(E4=0,"",F5/ABS(E4))');
    expect(formula("H5")).toBe('IF(Sums!E5+Sums!H5=0,"",Sums!H5/(Sums!E5+Sums!H5))');
    expect(formula("E6")).toBe("SUM(E2,E3,E4,E5)");
    expect(sheets.Sums.getCell("C5").value).toBe(19818.67);
    const rows = [...json.years, json.total];
    rows.forEach((y, i) => {
      const computed = expected(y).map((_, c) => {
        const cell = summary.getRow(i + 2).getCell(c + 2);
        const v = cell.value as unknown;
        const result = v !== null && typeof v === "object" && "formula" in (v as object) ? evaluate((v as { formula: string }).formula, sheets, "Summary") : (v as Cell);
        return rounded(result === "" ? null : result, c);
      });
      // The total has no change; the first year neither.
      expect(computed).toEqual(expected(y).map((v) => (v === null ? null : v)));
    });
    // Money formats in the currency, the header frozen.
    expect(summary.getCell("E5").numFmt).toContain('"$"#,##0.00');
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("with --by, a company row adds its groups' rows with SUM; the formulas still give the JSON", async () => {
    const { json, sheets } = await workbook(["--dir", join(ROOT, "fixtures", "segments", "phases"), "--by", "plan,channel"]);
    const sums = sheets.Sums;
    // 2023: four groups on rows 2-5, the company on row 6.
    expect([sums.getCell("A6").value, sums.getCell("B6").value]).toEqual(["2023", "(all)"]);
    expect((sums.getCell("E6").value as { formula: string }).formula).toBe("SUM(E2:E5)");
    json.years.forEach((y, i) => {
      // Customer equity: after the period, plan and channel, the fourth formula column.
      const v = sheets.Summary.getRow(i + 2).getCell(3 + 4).value as { formula: string };
      expect(rounded(evaluate(v.formula, sheets, "Summary"), 3)).toBe(y.customerEquity);
    });
  });

  it("needs a file: to standard output it is a usage error", async () => {
    const run = await ceq(["--dir", DEMO, "-f", "xlsx"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("an xlsx workbook is a binary file: name it with --output");
  });

  const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find(existsSync);
  it.skipIf(!soffice)("LibreOffice recalculates the workbook (its cached results removed) to the JSON's figures, and opens ceq's own file to them", async () => {
    const { dir, file, book, json } = await workbook(["--dir", DEMO]);
    // Keep the formulas, drop the results ceq cached: LibreOffice must compute every cell itself.
    for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => {
      const v = cell.value as unknown;
      if (v !== null && typeof v === "object" && "formula" in (v as object)) cell.value = { formula: (v as { formula: string }).formula } as ExcelJS.CellFormulaValue;
    }));
    const bare = join(dir, "bare.xlsx");
    await book.xlsx.writeFile(bare);
    const out = join(dir, "out");
    mkdirSync(out);
    // ceq's file as written (exceljs's streaming writer, row by row) converted in the same run.
    const run = spawnSync(soffice!, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "csv", "--outdir", out, bare, file], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    for (const csv of ["bare.csv", "equity.csv"]) {
      const lines = readFileSync(join(out, csv), "utf8").trim().split("\n").slice(1);
      const cells = lines.map((l) => l.split(",").slice(1).map((c, k) => (c === "" ? null : rounded(c.endsWith("%") ? Number(c.slice(0, -1)) / 100 : Number(c), k))));
      expect(cells, csv).toEqual([...json.years, json.total].map(expected));
    }
  });
  if (!soffice) it("LibreOffice is absent: its recalculation is skipped (apt-get install libreoffice-calc-nogui)", () => {});
});
