/** Input options through the built binary: costs file, one-file input, dates, stdin, gzip. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseDateYear } from "../../../src/schema/row.js";
import { cli } from "../../support/capture.js";
import { ceq, DEMO, folder } from "../../support/helpers.js";

const json = (stdout: string) => JSON.parse(stdout);

describe("the costs file", () => {
  it("adds yearly acquisition and servicing costs to the per-row costs", async () => {
    const dir = folder({
      "new.csv": "customer_id,year,revenue,acquisition_cost\nA,2024,100.00,10.00\nB,2024,200.00,0\n",
      "retained.csv": "customer_id,year,revenue\nC,2024,500.00\n",
      "churned.csv": "customer_id,year,revenue\nD,2024,50.00\n",
      "costs.csv": "Year;Acquisition Cost;Servicing Cost\n2024;\"$1,234.50\";99.99\n",
    });
    const run = await cli(["--dir", dir, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const y = json(run.stdout).years[0];
    // acquisition: 300 - (10 + 1234.50) = -944.50; retention: 500 - 99.99 = 400.01; churn -50
    expect(y.acquisition.cost).toBe(1244.5);
    expect(y.acquisition.equity).toBe(-944.5);
    expect(y.retention.cost).toBe(99.99);
    expect(y.customerEquity).toBe(-594.49);
    expect(y.acquisitionCostPerCustomer).toBe(622.25);
  });

  it("rejects a costs file without its columns", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,1\n", "c.csv": "year,marketing\n2024,5\n" });
    const run = await cli(["--new", "new.csv", "--costs", "c.csv"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: c.csv:1: missing required column acquisition cost or servicing cost; found: year, marketing");
  });
});

describe("one file with a phase column", () => {
  it("reads phase aliases in any case and leaves churned rows' cost unread", async () => {
    const dir = folder({
      "all.csv": [
        "Customer,Segment Type,Year,Sales,Cost",
        "A,Acquired,2024,100,10",
        "B,NEW,2024,50,5",
        "C,existing,2024,300,30",
        "D,Old,2024,200,20",
        "E,lost,2024,80,",
        "F,Churn,2024,20,not read",
        "",
      ].join("\n"),
    });
    const run = await cli(["--input", "all.csv", "-f", "json"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const y = json(run.stdout).years[0];
    expect([y.acquisition.customers, y.retention.customers, y.churn.customers]).toEqual([2, 2, 2]);
    // (150 - 15) + (500 - 50) - 100
    expect(y.customerEquity).toBe(485);
  });

  it("names a value that is not a phase", async () => {
    const dir = folder({ "all.csv": "phase,year,revenue\nnew,2024,1\nprospect,2024,2\n" });
    const run = await cli(["--input", "all.csv"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: all.csv:3: phase: "prospect" is not a phase (expected new, retained or churned)');
    expect(run.stderr).toContain('hint: map the export\'s own words to phases: --phase-map');
  });

  it("uses --phase-column", async () => {
    const dir = folder({ "all.csv": "kind,year,revenue\nnew,2024,1\n" });
    const run = await cli(["--input", "all.csv", "--phase-column", "kind", "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
  });
});

describe("dates and fiscal years", () => {
  it.each([
    ["2024-03-31", 1, 2024],
    ["2024-12-31", 1, 2024],
    ["2024-03-31", 4, 2024],
    ["2024-04-01", 4, 2025],
    ["2024/04/01", 4, 2025],
    ["2024-06", 7, 2024],
    ["2024-07", 7, 2025],
    ["2023-12-15", 12, 2024],
  ])("%s with the year starting in month %i is fiscal year %i", (date, start, year) => {
    expect(parseDateYear(date, start)).toBe(year);
  });

  it.each(["2024-13", "2024-00-10", "2023-02-29", "24-01-01", "01/02/2024", "2024-1-5"])("%s is not a date", (date) => {
    expect(parseDateYear(date, 1)).toBeNull();
  });

  it("maps a date column to years end to end", async () => {
    const dir = folder({ "new.csv": "month,revenue\n2023-03,10\n2023-04,20\n2024/03/31,30\n" });
    const run = await cli(["--new", "new.csv", "--fiscal-year-start", "4", "-f", "csv"], { cwd: dir });
    const rows = run.stdout.trim().split("\n").slice(1).map((l) => l.split(",").slice(0, 3));
    expect(rows).toEqual([
      ["2023", "1", "10.00"],
      ["2024", "2", "50.00"],
    ]);
  });
});

describe("reading", () => {
  it("reads gzip from standard input", async () => {
    const gz = gzipSync("customer_id;year;revenue\nA;2024;1.234,56\n");
    const run = await ceq(["--new", "-", "--decimal-comma", "-f", "csv"], { stdin: gz });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/^2024,1,1234\.56,/);
  });

  it("reads exports whose lines end with a lone CR (Excel's CSV for old Macs)", async () => {
    const mac = (name: string) => readFileSync(join(DEMO, name), "utf8").replace(/\r?\n/g, "\r");
    const dir = folder({ "new.csv": mac("new.csv"), "retained.csv": mac("retained.csv"), "churned.csv": mac("churned.csv") });
    const run = await cli(["--dir", dir, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(DEMO, "expected.json"), "utf8"));
    // A bad value is placed at its line, each CR ending one.
    const bad = folder({ "new.csv": "year,revenue\r2024,1\r2024,x\r" });
    const error = await cli(["--new", join(bad, "new.csv")]);
    expect(error.code).toBe(1);
    expect(error.stdout).toBe("");
    expect(error.stderr).toContain('new.csv:3: revenue: "x" is not an amount');
  });

  it("splits on --delimiter when detection would guess otherwise", async () => {
    const dir = folder({ "new.csv": "year|revenue|note\n2024|5|a,b,c,d\n" });
    const run = await cli(["--new", "new.csv", "--delimiter", "|", "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/^2024,1,5\.00,/);
  });

  it("reads empty amounts as zero with --empty-as-zero", async () => {
    const dir = folder({ "new.csv": "year,revenue,cost\n2024,,\n2024,10,\n" });
    expect((await cli(["--new", "new.csv"], { cwd: dir })).code).toBe(1);
    const run = await cli(["--new", "new.csv", "--empty-as-zero", "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/^2024,2,10\.00,5\.00,0\.00,10\.00,/);
  });

  it("finds files in a folder case-insensitively, and reads every file of a kind", async () => {
    const dir = folder({ "NEW Customers.CSV": "year,revenue\n2024,1\n", "Churned.tsv": "year\trevenue\n2024\t1\n" });
    const run = await cli(["--dir", dir, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/^2024,1,1\.00,.*,0\.00,1,/);
    const two = folder({ "new.csv": "year,revenue\n2024,1\n", "new_2.csv": "year,revenue\n2024,1\n" });
    const both = await cli(["--dir", two, "-f", "csv"]);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout.split("\n")[1]).toMatch(/^2024,2,2\.00,/);
  });
});
