/**
 * `ceq --dir` as a user downloads a spreadsheet's sheets: "<spreadsheet> - <sheet>.csv" (Google
 * Sheets), several files per phase, and files it does not read named on one line of stderr.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

interface YearJson {
  year: number;
  acquisition: { customers: number; revenue: number };
  retention: { customers: number; revenue: number };
  churn: { customers: number; revenue: number };
  customerEquity: number;
}

describe("--dir finds a phase word anywhere in a file's name", () => {
  it("reads Google Sheets' downloads and new_2023.csv, not renewals.csv, and says which files it left out", async () => {
    const dir = folder({
      "new_2023.csv": "year,customer id,revenue\n2023,a,100\n2023,b,50\n",
      "Customer equity 2024 - New.csv": "year,customer id,revenue\n2024,c,70\n",
      "Customer equity 2024 - Retained.csv": "year,customer id,revenue\n2024,a,120\n",
      "Customer equity 2024 - Churned.csv": "year,customer id,revenue\n2024,b,50\n",
      // Read as retained, it would add 999 to 2024: it must not be read at all.
      "renewals.csv": "year,customer id,revenue\n2024,a,999\n",
      "notes.md": "# not a table\n",
    });
    const run = await ceq(["--dir", dir, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const years = (JSON.parse(run.stdout) as { years: YearJson[] }).years;
    // 2023: a and b are new (100 + 50); 2024: c new (70), a retained (120), b churned (its 50)
    expect(years.map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue, y.retention.revenue, y.churn.revenue, y.customerEquity])).toEqual([
      [2023, 2, 150, 0, 0, 150],
      [2024, 1, 70, 120, 50, 140],
    ]);
    const notices = run.stderr.split("\n").filter((l) => l.startsWith("notice:"));
    expect(notices).toEqual([`notice: ${dir}: files not read (a phase's file has new, retained, churned or costs as a word of a .csv, .tsv, .txt or .xlsx name, or is a workbook with a sheet named after one): renewals.csv`]);
    // A notice is what ceq chose, not a problem: not among the result's warnings.
    expect(JSON.stringify(JSON.parse(run.stdout).warnings)).not.toContain("renewals");
  });

  it("--strict lets a notice be: it is no warning", async () => {
    const row = "year,revenue\n2024,10\n";
    const dir = folder({ "new.csv": row, "retained.csv": row, "churned.csv": row, "Sheet1.csv": row });
    const strict = await cli(["--dir", dir, "--strict", "-f", "json"]);
    expect(strict.code, strict.stderr).toBe(0);
    expect(strict.stderr).toBe(`notice: ${dir}: files not read (a phase's file has new, retained, churned or costs as a word of a .csv, .tsv, .txt or .xlsx name, or is a workbook with a sheet named after one): Sheet1.csv\n`);
    expect(JSON.parse(strict.stdout).warnings).toEqual([]);
  });

  it("the demo folder, whose other files are notes and scripts, gets no notice", async () => {
    const run = await cli(["--dir", join("fixtures", "demo")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("notice:");
  });

  it("validate's JSON report lists the notice with its severity", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,1\n", "Sheet1.csv": "year,revenue\n2024,5\n" });
    const run = await cli(["validate", "--dir", dir, "--report", "json"]);
    const report = JSON.parse(run.stdout) as { valid: boolean; warnings: number; issues: { severity: string; code: string; file: string }[] };
    expect(report.valid).toBe(true);
    expect(report.issues.filter((i) => i.severity === "notice")).toEqual([expect.objectContaining({ code: "ignored-files", file: dir })]);
  });
});
