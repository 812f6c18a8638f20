/** The demo through main() in-process (cli()), in every format (the table and standard input spawn the built binary), against the independent expected.json. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ceq, DEMO } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const expectedText = readFileSync(join(DEMO, "expected.json"), "utf8");
const expected = JSON.parse(expectedText) as {
  years: { year: number; customerEquity: number; change: number | null; churnRate: number; acquisition: { revenue: number; cost: number } }[];
};
/** Money at 2 places as CSV writes it, from the oracle's literal. */
const two = (n: number | null): string => (n === null ? "" : n.toFixed(2));

describe("ceq --dir fixtures/demo", () => {
  it("prints JSON equal byte for byte to the hand-worked expected result", async () => {
    const run = await cli(["--dir", DEMO, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expectedText);
  });

  it("prints readable tables by default, without color when not on a terminal (the full layout with --wide)", async () => {
    const run = await ceq(["--dir", DEMO, "--wide"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain("Customer equity");
    expect(run.stdout).toContain("Phase breakdown");
    const row2024 = run.stdout.split("\n").find((l) => l.startsWith("│ 2024") && l.includes("$133,392.06"));
    expect(row2024).toBeDefined();
    expect(row2024).toMatch(/\$16,016\.57 .*\$130,776\.90 .*-\$13,401\.41 .*\$133,392\.06 .*\$18,881\.31 .*16\.49%/);
    expect(run.stdout).toMatch(/│ Total .*\$430,918\.46/);
    expect(run.stdout).toMatch(/│ 2022 .*15\.63%|│ 2022 .*15\.62%/);
  });

  it("prints CSV with one row per year, plain numbers and stable columns", async () => {
    const run = await cli(["--dir", DEMO, "--format", "csv"]);
    expect(run.code).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split("\n");
    const columns = header!.split(",");
    expect(columns.slice(0, 6)).toEqual(["year", "new_customers", "new_revenue", "new_average_revenue", "acquisition_cost", "acquisition_equity"]);
    expect(columns).toContain("customer_equity");
    expect(rows).toHaveLength(4);
    rows.forEach((line, i) => {
      const cells = Object.fromEntries(line.split(",").map((v, j) => [columns[j], v]));
      const y = expected.years[i]!;
      expect(cells.year).toBe(String(y.year));
      expect(cells.customer_equity).toBe(two(y.customerEquity));
      expect(cells.change).toBe(two(y.change));
      expect(cells.churn_rate).toBe(y.churnRate.toFixed(4));
      expect(cells.new_revenue).toBe(two(y.acquisition.revenue));
      expect(cells.acquisition_cost).toBe(two(y.acquisition.cost));
    });
    expect(rows[0]).toContain(",-7072.06,"); // churn equity of 2021, no separators
  });

  it("prints TSV with the same cells as CSV", async () => {
    const [csv, tsv] = await Promise.all([cli(["--dir", DEMO, "-f", "csv"]), cli(["--dir", DEMO, "-f", "tsv"])]);
    expect(tsv.code).toBe(0);
    expect(tsv.stdout.split("\n").map((l) => l.split("\t"))).toEqual(csv.stdout.split("\n").map((l) => l.split(",")));
  });

  it("prints Markdown tables", async () => {
    const run = await cli(["--dir", DEMO, "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("## Customer equity");
    expect(run.stdout).toContain("| Year | Acquisition | Retention | Churn | Customer equity | Change | Change % |");
    expect(run.stdout).toContain("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    expect(run.stdout).toContain("| 2024 | $16,016.57 | $130,776.90 | -$13,401.41 | $133,392.06 | $18,881.31 | 16.49% |");
  });

  it("uses the currency's symbol and minor unit, or --decimals", async () => {
    const jpy = await cli(["--dir", DEMO, "--currency", "JPY", "-f", "csv"]);
    expect(jpy.stdout.split("\n")[4]).toMatch(/^2024,11,19819,/); // 19818.67 rounds to 19819 yen
    const kwd = await cli(["--dir", DEMO, "--currency", "kwd", "-f", "json"]);
    expect(kwd.stdout).toContain('"currency": "KWD"');
    const eur = await cli(["--dir", DEMO, "--currency", "EUR"]);
    expect(eur.stdout).toContain("€133,392.06");
    const one = await cli(["--dir", DEMO, "--decimals", "1", "-f", "csv"]);
    expect(one.stdout.split("\n")[4]).toMatch(/^2024,11,19818\.7,/);
  });

  it("limits the years with --year, --from and --to", async () => {
    const run = await cli(["--dir", DEMO, "--year", "2023", "-f", "json"]);
    const doc = JSON.parse(run.stdout);
    expect(doc.years.map((y: { year: number }) => y.year)).toEqual([2023]);
    expect(doc.years[0].change).toBe(14259.41); // still compared with 2022
    const range = await cli(["--dir", DEMO, "--from", "2022", "--to", "2023", "-f", "csv"]);
    expect(range.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual(["2022", "2023"]);
  });

  it("writes --output atomically and prints nothing on stdout", async () => {
    const { folder } = await import("../../support/helpers.js");
    const dir = folder();
    const out = join(dir, "equity.json");
    const run = await cli(["--dir", DEMO, "-f", "json", "-o", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe(expectedText);
  });
});

describe("reading", () => {
  let phases: string[];
  beforeAll(() => {
    phases = ["--new", join(DEMO, "new.csv"), "--retained", join(DEMO, "retained.csv"), "--churned", join(DEMO, "churned.csv")];
  });

  it("takes the three files by flag, with the same result as --dir", async () => {
    const run = await cli([...phases, "-f", "json"]);
    expect(run.stdout).toBe(expectedText);
  });

  it("reads one input from standard input with -", async () => {
    const churned = readFileSync(join(DEMO, "churned.csv"));
    const run = await ceq([...phases.slice(0, 4), "--churned", "-", "-f", "json"], { stdin: churned });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expectedText);
  });

  it("counts an absent phase as zero, with a warning", async () => {
    const run = await cli(["--new", join(DEMO, "new.csv"), "-f", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: no retained input given: that phase counts as zero");
    expect(run.stderr).toContain("warning: no churned input given: that phase counts as zero");
    const doc = JSON.parse(run.stdout);
    expect(doc.years[0].customerEquity).toBe(22098.29); // 2021 acquisition equity only
    expect(doc.years[0].churnRate).toBeNull();
    expect(doc.warnings).toHaveLength(2);
  });
});
