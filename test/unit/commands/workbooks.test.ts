/**
 * Workbooks in: .xlsx files made here with exceljs, read by main() in-process (cli(); the first case and a piped workbook spawn the built binary) wherever a CSV is,
 * with figures computed by hand or taken from fixtures/demo/expected.json (computed by
 * fixtures/demo/expected.py, which shares no code with ceq).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ceq, DEMO, folder } from "../../support/helpers.js";
import { storedZip } from "../../support/stored-zip.js";
import { cli } from "../../support/capture.js";
import { workbook, type TestCell } from "../../support/workbook.js";

const json = (stdout: string) => JSON.parse(stdout);
const expected = JSON.parse(readFileSync(join(DEMO, "expected.json"), "utf8"));

/** A demo CSV's rows as a sheet's: numbers typed as numbers, the rest as text, as a user's sheet holds them. */
function demoRows(name: string): TestCell[][] {
  const rows = parse(readFileSync(join(DEMO, `${name}.csv`), "utf8")) as string[][];
  return rows.map((r, i) => r.map((c) => (i > 0 && /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c)));
}

describe("the demo exports as workbooks give the demo's figures", () => {
  it("one workbook per phase, through --new, --retained, --churned", async () => {
    const dir = folder({
      "new.xlsx": await workbook([{ name: "Export", rows: demoRows("new") }]),
      "retained.xlsx": await workbook([{ name: "Export", rows: demoRows("retained") }]),
      "churned.xlsx": await workbook([{ name: "Export", rows: demoRows("churned") }]),
    });
    const run = await ceq(["--new", "new.xlsx", "--retained", "retained.xlsx", "--churned", "churned.xlsx", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout).years).toEqual(expected.years);
    expect(json(run.stdout).total).toEqual(expected.total);
  });

  it("one workbook in --dir whose sheets are named after the phases (any case, a phase word, a hidden sheet left alone)", async () => {
    const dir = folder({
      "exports.xlsx": await workbook([
        { name: "Read me", rows: [["not an export"]], hidden: true },
        { name: "NEW", rows: demoRows("new") },
        { name: "Existing", rows: demoRows("retained") },
        { name: "Churned customers", rows: demoRows("churned") },
      ]),
    });
    const run = await cli(["--dir", dir, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout).years).toEqual(expected.years);
  });

  it("sheets named in --phase-map's words, and a Costs sheet, in a folder's workbook", async () => {
    const dir = folder({
      "crm.xlsx": await workbook([
        { name: "Won", rows: demoRows("new") },
        { name: "Renewal", rows: demoRows("retained") },
        { name: "Lost", rows: demoRows("churned") },
        { name: "Costs", rows: [["year", "acquisition cost", "servicing cost"], [2021, 100, 50]] },
      ]),
    });
    const run = await cli(["--dir", dir, "--phase-map", "Won=new,Renewal=retained", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const [first, ...rest] = json(run.stdout).years;
    // 2021's costs with the sheet's: 4,001.20 + 100.00 and 2,731.50 + 50.00; the other years' phases as the demo's.
    expect(first.acquisition.cost).toBe(4101.2);
    expect(first.retention.cost).toBe(2781.5);
    expect(first.churn).toEqual(expected.years[0].churn);
    const phases = (y: Record<string, unknown>) => [y.acquisition, y.retention, y.churn];
    expect(rest.map(phases)).toEqual(expected.years.slice(1).map(phases));
    // 2021's equity is 150.00 less, and so 2022's change 150.00 more.
    expect(first.customerEquity).toBe(expected.years[0].customerEquity - 150);
  });

  it("a workbook named by its content, not its name, and one on standard input", async () => {
    const dir = folder({ "new.csv": await workbook([{ name: "S", rows: demoRows("new") }]) });
    const named = await cli(["--new", "new.csv", "-f", "json"], { cwd: dir });
    expect(named.code, named.stderr).toBe(0);
    expect(json(named.stdout).years[0].acquisition).toEqual(expected.years[0].acquisition);
    const piped = await ceq(["--new", "-", "-f", "json"], { stdin: await workbook([{ name: "S", rows: demoRows("new") }]) });
    expect(piped.code, piped.stderr).toBe(0);
    expect(json(piped.stdout).total.acquisition).toEqual(expected.total.acquisition);
  });
});

describe("numbers exactly", () => {
  it("sums doubles that drift, negative amounts, currency-formatted cells, text amounts and formulas' cached results to the cent", async () => {
    const rows: TestCell[][] = [
      ["customer_id", "year", "revenue"],
      ["A", 2024, 0.1],
      ["B", 2024, 0.7],
      ["C", 2024, 1.005],
      ["D", 2024, 1.005],
      ["E", 2024, 12345678.91],
      ["F", 2024, -12.5],
      ["G", 2024, { v: 100.25, fmt: '"$"#,##0.00' }],
      ["H", 2024, "$1,234.56"],
      ["I", 2024, "(12.00)"],
      ["J", 2024, { formula: "C2+0.2", result: 0.1 + 0.2 }],
      ["K", 2024, { formula: "19.99*3", result: 19.99 * 3 }],
    ];
    const dir = folder({ "new.xlsx": await workbook([{ name: "New", rows }]) });
    const run = await cli(["--new", "new.xlsx", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    // By hand: 0.1 + 0.7 + 1.005 + 1.005 + 12,345,678.91 − 12.50 + 100.25 + 1,234.56 − 12.00 + 0.3 + 59.97
    //   = 12,347,052.30 (the doubles alone, added in this order, make 12347052.299999999).
    expect(0.1 + 0.7 + 1.005 + 1.005 + 12345678.91 - 12.5 + 100.25 + 1234.56 - 12 + (0.1 + 0.2) + 19.99 * 3).not.toBe(12347052.3);
    expect(json(run.stdout).years[0].acquisition.revenue).toBe(12347052.3);
    expect(json(run.stdout).years[0].acquisition.customers).toBe(11);
    // One warning for the one rounded formula result (19.99*3 is 59.97 exactly as a shortest double).
    expect(run.stderr).toContain("warning: new.xlsx [New]!C11: 1 number cell held more than Excel's 15 significant digits");
    expect(run.stderr).toContain("0.30000000000000004 became 0.3");
  });

  it("a formula saved without its result is an error at its cell, saying to save the file in a spreadsheet", async () => {
    const rows: TestCell[][] = [["customer_id", "year", "revenue"], ["A", 2024, 5], ["B", 2024, { formula: "C2*2" } as TestCell]];
    const dir = folder({ "new.xlsx": await workbook([{ name: "New", rows }]) });
    const run = await cli(["--new", "new.xlsx"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('error: new.xlsx [New]!C3: "=C2*2" is a formula saved without its result');
    expect(run.stderr).toContain("hint: open the file in a spreadsheet (Excel, LibreOffice) and save it");
  });

  it("names the cell of a bad amount, in the message and in validate's JSON report", async () => {
    const rows: TestCell[][] = [["Customer", "Year", "Revenue"], ...Array.from({ length: 15 }, (_, i): TestCell[] => [`C${i}`, 2024, 10]), ["X", 2024, "12,34x"]];
    const dir = folder({ "new.xlsx": await workbook([{ name: "New", rows }]) });
    const run = await cli(["--new", "new.xlsx"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: new.xlsx [New]!C17: Revenue: "12,34x" is not an amount');
    const report = await cli(["validate", "--new", "new.xlsx", "--report", "json"], { cwd: dir });
    const issue = json(report.stdout).issues.find((i: { code: string }) => i.code === "bad-amount");
    expect(issue).toMatchObject({ file: "new.xlsx", line: 17, sheet: "New", cell: "C17", column: "Revenue", value: "12,34x" });
  });
});

describe("dates exactly", () => {
  /** A new export by date: serials with a date format, the day counted by hand in the comment. */
  const byDate = (dates: TestCell[]): TestCell[][] => [["customer_id", "date", "revenue"], ...dates.map((d, i): TestCell[] => [`C${i}`, d, 10 * (i + 1)])];
  const iso = (serial: number) => ({ v: serial, fmt: "yyyy-mm-dd" });

  it("1900 system: 1900-01-01 (serial 1), 28 February 1900 (59) and 1 March 1900 (61) either side of the phantom 29th", async () => {
    // With the fiscal year from March, 1 March 1900 opens fiscal 1901: 28 February is the last day of fiscal 1900.
    const dir = folder({ "new.xlsx": await workbook([{ name: "New", rows: byDate([iso(1), iso(59), iso(61)]) }]) });
    const run = await cli(["--new", "new.xlsx", "--fiscal-year-start", "3", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const years = json(run.stdout).years.map((y: { year: number; acquisition: { revenue: number } }) => [y.year, y.acquisition.revenue]);
    expect(years).toEqual([[1900, 30], [1901, 30]]);
  });

  it("1900 system: the phantom 29 February 1900 (serial 60) is an error at its cell", async () => {
    const dir = folder({ "new.xlsx": await workbook([{ name: "New", rows: byDate([iso(61), iso(60)]) }]) });
    const run = await cli(["--new", "new.xlsx"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: new.xlsx [New]!B3: date: "1900-02-29" is not a date');
  });

  it("1904 system: the same days are 1462 less, and give the same figures", async () => {
    // 2024-01-31 is serial 45322 in the 1900 system; 2024-02-01 is 45323; 2023-12-31 is 45291.
    const days = [45291, 45322, 45323];
    const run1900 = await cli(["--new", "new.xlsx", "--period", "month", "-f", "json"], { cwd: folder({ "new.xlsx": await workbook([{ name: "N", rows: byDate(days.map(iso)) }]) }) });
    const run1904 = await cli(["--new", "new.xlsx", "--period", "month", "-f", "json"], { cwd: folder({ "new.xlsx": await workbook([{ name: "N", rows: byDate(days.map((d) => iso(d - 1462))) }], { date1904: true }) }) });
    const text = await cli(["--new", "new.csv", "--period", "month", "-f", "json"], { cwd: folder({ "new.csv": "customer_id,date,revenue\nC0,2023-12-31,10\nC1,2024-01-31,20\nC2,2024-02-01,30\n" }) });
    expect(run1900.code, run1900.stderr).toBe(0);
    expect(run1904.code, run1904.stderr).toBe(0);
    const months = (stdout: string) => json(stdout).periods.map((p: { period: string; acquisition: { revenue: number } }) => [p.period, p.acquisition.revenue]);
    expect(months(text.stdout)).toEqual([["2023-12", 10], ["2024-01", 20], ["2024-02", 30]]);
    expect(months(run1900.stdout)).toEqual(months(text.stdout));
    expect(months(run1904.stdout)).toEqual(months(text.stdout));
  });

  it("a date typed as text follows --date-format, and a date cell beside it is read as the same day", async () => {
    const rows = byDate(["31/01/2024", iso(45322), "01/02/2024"]);
    const dir = folder({ "new.xlsx": await workbook([{ name: "N", rows }]) });
    const run = await cli(["--new", "new.xlsx", "--date-format", "DD/MM/YYYY", "--period", "month", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const months = json(run.stdout).periods.map((p: { period: string; acquisition: { revenue: number } }) => [p.period, p.acquisition.revenue]);
    expect(months).toEqual([["2024-01", 30], ["2024-02", 30]]);
  });
});

describe("report shapes, as in a CSV", () => {
  it("a merged title, blank rows, a totals row with a SUM and a footer give the figures and warnings of the CSV twin", async () => {
    const rows: TestCell[][] = [
      ["Acme Corp: new customers 2024"],
      [],
      ["customer_id", "year", "revenue"],
      ["A", 2024, 100.5],
      ["B", 2024, 200.25],
      ["C", 2024, { v: 300, fmt: "#,##0.00" }],
      ["Total", null, { formula: "SUM(C4:C6)", result: 600.75 }],
      [],
      ["Generated by Salesforce on 2024-12-31"],
    ];
    const csv = "Acme Corp: new customers 2024\n\ncustomer_id,year,revenue\nA,2024,100.50\nB,2024,200.25\nC,2024,300.00\nTotal,,600.75\n\nGenerated by Salesforce on 2024-12-31\n";
    const dir = folder({ "new.xlsx": await workbook([{ name: "Report", rows, merge: ["A1:C1"] }]), "new.csv": csv });
    const sheet = await cli(["--new", "new.xlsx", "-f", "json"], { cwd: dir });
    const text = await cli(["--new", "new.csv", "-f", "json"], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(sheet.code, sheet.stderr).toBe(0);
    expect(json(sheet.stdout).years[0].acquisition).toMatchObject({ customers: 3, revenue: 600.75 });
    expect(json(sheet.stdout).years).toEqual(json(text.stdout).years);
    // The same warnings, the sheet's at its rows and cells where the CSV's are at its lines.
    const where = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning: new."));
    expect(where(sheet.stderr).length).toBe(where(text.stderr).length);
    expect(sheet.stderr).toContain("warning: new.xlsx [Report]!3:3: line 1 above the header were skipped as the report's title");
    expect(sheet.stderr).toMatch(/warning: new\.xlsx \[Report\]!A7: customer_id: "Total" is a totals row/);
    expect(sheet.stderr).toContain("warning: new.xlsx [Report]!9:9: the report's footer after the data");
  });
});

describe("which sheet", () => {
  const book = () =>
    workbook([
      { name: "Old", rows: [["customer_id", "year", "revenue"], ["X", 2023, 1]], hidden: true },
      { name: "Summary", rows: [["customer_id", "year", "revenue"], ["A", 2024, 10]] },
      { name: "Detail", rows: [["customer_id", "year", "revenue"], ["B", 2024, 20], ["C", 2024, 30]] },
    ]);
  const revenue = (stdout: string) => json(stdout).total.acquisition.revenue;

  it("the first visible sheet by default; --sheet by name (any case) or by number, hidden ones counted", async () => {
    const dir = folder({ "new.xlsx": await book() });
    const runs = await Promise.all([[], ["--sheet", "detail"], ["--sheet", "3"], ["--sheet", "1"]].map((extra) => cli(["--new", "new.xlsx", "-f", "json", ...extra], { cwd: dir })));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(runs.map((r) => revenue(r.stdout))).toEqual([10, 50, 50, 1]);
  });

  it("a sheet that is not there is an error listing the sheets found", async () => {
    const dir = folder({ "new.xlsx": await book() });
    const run = await cli(["--new", "new.xlsx", "--sheet", "Details"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('error: new.xlsx: no such sheet (--sheet): none is named "Details": the workbook has 3 sheets: "Old" (hidden), "Summary", "Detail" (--sheet takes a name, or a number from 1 to 3)');
  });
});

describe("files that are not workbooks ceq reads", () => {
  /** An OLE compound file's first bytes ([MS-CFB] §2.2) and a directory entry's UTF-16 name. */
  const compound = (stream: string) => Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(504), Buffer.from(stream, "utf16le"), Buffer.alloc(64)]);

  it("a legacy .xls says to save as .xlsx or CSV, an encrypted workbook to remove its password; --encoding is never offered", async () => {
    const dir = folder({ "new.xls": compound("Workbook"), "secret.xlsx": compound("EncryptedPackage") });
    const xls = await cli(["--new", "new.xls"], { cwd: dir });
    expect(xls.code).toBe(1);
    expect(xls.stdout).toBe("");
    expect(xls.stderr).toContain("error: new.xls: cannot read the file: it is a legacy Excel 97-2003 workbook (.xls), which ceq does not read: open it in a spreadsheet and save it as .xlsx (Excel Workbook) or CSV");
    const encrypted = await cli(["--new", "secret.xlsx", "--encoding", "cp1252"], { cwd: dir });
    expect(encrypted.code).toBe(1);
    expect(encrypted.stderr).toContain("error: secret.xlsx: cannot read the file: it is a workbook protected with a password (encrypted)");
    for (const run of [xls, encrypted]) {
      expect(run.stderr).not.toContain("UTF-8");
      expect(run.stderr).not.toContain("hint: if the export comes from Excel");
    }
  });

  it("a ZIP that is no workbook says so", async () => {
    // A stored ZIP of one file (test/support/stored-zip.ts).
    const zip = storedZip({ "new.csv": "customer_id,year,revenue\nA,2024,1\n" });
    const dir = folder({ "new.zip": zip });
    const run = await cli(["--new", "new.zip"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: new.zip: cannot read the file: it is a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml)");
    expect(run.stderr).not.toContain("--encoding");
  });
});

describe("transaction logs and derive's output as workbooks", () => {
  const COHORTS = join(DEMO, "..", "cohorts", "log.csv");
  /** Excel's 1900-system serial of an ISO date after 1 March 1900: days since 1899-12-30 (the phantom 29 February 1900 makes it so). */
  const serial = (date: string) => (Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
  const csvToSheet = (path: string, dateColumn?: number): TestCell[][] =>
    (parse(readFileSync(path, "utf8")) as string[][]).map((r, i) =>
      r.map((c, j) => (i === 0 ? c : j === dateColumn ? { v: serial(c), fmt: "d-mmm-yyyy" } : /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c)),
    );

  it("a log with date cells gives the CSV log's figures, and its cohorts", async () => {
    const dir = folder({ "log.xlsx": await workbook([{ name: "Invoices", rows: csvToSheet(COHORTS, 1) }]) });
    for (const args of [["--period", "quarter", "-f", "json"], ["cohorts", "--period", "quarter", "-f", "json"]]) {
      const [first, ...rest] = args;
      const command = first === "cohorts" ? ["cohorts"] : [];
      const flags = first === "cohorts" ? rest : args;
      const sheet = await cli([...command, "--transactions", "log.xlsx", ...flags], { cwd: dir });
      const text = await cli([...command, "--transactions", COHORTS, ...flags], { cwd: dir });
      expect(sheet.code, sheet.stderr).toBe(0);
      expect(text.code, text.stderr).toBe(0);
      const { files: _a, ...fromSheet } = json(sheet.stdout);
      const { files: _b, ...fromText } = json(text.stdout);
      expect(fromSheet).toEqual(fromText);
    }
  });

  it("derive's phase exports saved as workbooks read back to the same figures", async () => {
    const out = folder();
    const derived = await cli(["derive", "--transactions", COHORTS, "--period", "quarter", "--out-dir", out]);
    expect(derived.code, derived.stderr).toBe(0);
    const books: Record<string, Buffer> = {};
    for (const name of ["new", "retained", "churned"]) books[`${name}.xlsx`] = await workbook([{ name, rows: csvToSheet(join(out, `${name}.csv`)) }]);
    const sheets = await cli(["--dir", folder(books), "--period", "quarter", "-f", "json"]);
    const text = await cli(["--dir", out, "--period", "quarter", "-f", "json"]);
    expect(text.code, text.stderr).toBe(0);
    expect(sheets.code, sheets.stderr).toBe(0);
    expect(json(sheets.stdout).periods).toEqual(json(text.stdout).periods);
    expect(json(sheets.stdout).periods.length).toBe(4);
  });
});

describe("a workbook saved by LibreOffice", () => {
  const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find(existsSync);
  it.skipIf(!soffice)("the demo exports and the cohorts log converted by soffice --convert-to xlsx give their CSV's figures", async () => {
    const dir = folder();
    const csvs = [...["new", "retained", "churned"].map((n) => join(DEMO, `${n}.csv`)), join(DEMO, "..", "cohorts", "log.csv")];
    for (const csv of csvs) copyFileSync(csv, join(dir, csv.split("/").pop()!));
    const out = join(dir, "out");
    // LibreOffice reads the CSV as a user opening it would: numbers become numbers, ISO dates date cells.
    const run = spawnSync(soffice!, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "xlsx", "--outdir", out, ...csvs.map((c) => join(dir, c.split("/").pop()!))], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const phases = await cli(["--new", "new.xlsx", "--retained", "retained.xlsx", "--churned", "churned.xlsx", "-f", "json"], { cwd: out });
    expect(phases.code, phases.stderr).toBe(0);
    expect(json(phases.stdout).years).toEqual(expected.years);
    const log = await cli(["--transactions", "log.xlsx", "--period", "quarter", "-f", "json"], { cwd: out });
    expect(log.code, log.stderr).toBe(0);
    // The log's dates were date cells (serials with LibreOffice's yyyy\-mm\-dd format): the same quarters as the CSV's text dates.
    const text = await cli(["--transactions", join(DEMO, "..", "cohorts", "log.csv"), "--period", "quarter", "-f", "json"]);
    expect(json(log.stdout).periods).toEqual(json(text.stdout).periods);
  });
  if (!soffice) it("LibreOffice is absent: the workbook it saves is not tested (apt-get install libreoffice-calc-nogui)", () => {});
});

describe("ceq's own workbook read back", () => {
  it("the Sums sheet of --format xlsx, read one phase at a time, gives each phase's figures of every year", async () => {
    const dir = folder();
    const written = await cli(["--dir", DEMO, "-o", join(dir, "equity.xlsx")]);
    expect(written.code, written.stderr).toBe(0);
    const phases = [
      { flag: "--new", key: "acquisition", columns: ["New customers", "New revenue", "Acquisition cost"] },
      { flag: "--retained", key: "retention", columns: ["Retained customers", "Retained revenue", "Servicing cost"] },
      { flag: "--churned", key: "churn", columns: ["Churned customers", "Churned revenue"] },
    ] as const;
    for (const { flag, key, columns } of phases) {
      const [count, revenue, cost] = columns;
      const args = [flag, "equity.xlsx", "--sheet", "Sums", "--year-column", "Period", "--count-column", count, "--revenue-column", revenue, ...(cost ? ["--cost-column", cost] : []), "-f", "json"];
      const run = await cli(args, { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      // The sheet's money cells are doubles (26099.49 is not that decimal): read back as the cents they show.
      expect(json(run.stdout).years.map((y: Record<string, unknown>) => y[key])).toEqual(expected.years.map((y: Record<string, unknown>) => y[key]));
    }
  });
});

describe("ceq sql and a workbook", () => {
  it("is refused with what to do, not read by DuckDB as CSV", async () => {
    const dir = folder({ "log.xlsx": await workbook([{ name: "Log", rows: [["customer_id", "date", "amount"], ["A", "2024-01-01", 1]] }]) });
    const run = await cli(["sql", "--dialect", "duckdb", "--transactions", join(dir, "log.xlsx")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`error: ${join(dir, "log.xlsx")} is a workbook: ceq sql has DuckDB read CSV files\nhint: save the sheet as CSV for ceq sql, or run ceq itself on the workbook (ceq --transactions FILE reads .xlsx)\n`);
  });
});
