/**
 * `--period quarter|month` on phase exports with a date column: each row counts in the quarter
 * or month of its date, worked out by hand below; quarter names (`2025-Q1`, as derive writes them)
 * read too; a year column cannot say a quarter.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

interface Entry {
  period: string;
  year: number;
  acquisition: { customers: number; revenue: number };
  retention: { customers: number; revenue: number };
  churn: { customers: number; revenue: number };
  customerEquity: number;
  change: number | null;
}

describe("--period with phase exports", () => {
  it("counts each row in its fiscal quarter, gaps included, with ids checked per quarter", async () => {
    const dir = folder({
      // Fiscal year from April: 2024-04-10 is 2025-Q1, 2024-07-01 2025-Q2, 2025-01-15 2025-Q4
      "new.csv": "customer,date,revenue,cost\nA,2024-04-10,100,10\nB,2024-07-01,50,5\n",
      "retained.csv": "customer,date,revenue,cost\nA,2024-07-20,80,2\n",
      "churned.csv": "customer,date,revenue\nB,2025-01-15,50\n",
    });
    const run = await ceq(["--dir", dir, "--period", "quarter", "--fiscal-year-start", "4", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { period: string; periods: Entry[] };
    expect(doc.period).toBe("quarter");
    const brief = doc.periods.map((p) => [p.period, p.year, p.acquisition.customers, p.retention.customers, p.churn.customers, p.customerEquity, p.change]);
    expect(brief).toEqual([
      // 100 − 10 = 90
      ["2025-Q1", 2025, 1, 0, 0, 90, null],
      // (50 − 5) + (80 − 2) = 123; change 123 − 90 = 33
      ["2025-Q2", 2025, 1, 1, 0, 123, 33],
      // a gap: nothing happened, and it is shown
      ["2025-Q3", 2025, 0, 0, 0, 0, -123],
      ["2025-Q4", 2025, 0, 0, 1, -50, -50],
    ]);
    // A customer twice in one quarter's new customers is a duplicate; in two quarters it is not
    const twice = folder({ "new.csv": "customer,date,revenue\nA,2024-01-10,1\nA,2024-02-10,1\nB,2024-01-10,1\nB,2024-04-10,1\n" });
    const dup = await cli(["--dir", twice, "--period", "quarter"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain(`error: ${join(twice, "new.csv")}:3: customer: "A" appears twice in new customers of 2024-Q1 (first at ${join(twice, "new.csv")}:2)`);
    expect(dup.stderr).not.toContain('"B" appears twice');
  });

  it("reads quarter names as derive writes them, by quarter or by year; months by month", async () => {
    const dir = folder({ "new.csv": "customer_id,period,revenue,cost\nA,2024-Q1,1,0\nB,2024-Q2,3,0\n", "retained.csv": "customer_id,period,revenue,cost\nA,2024-Q2,2,0\n" });
    const quarter = await cli(["--dir", dir, "--period", "quarter", "-f", "csv"]);
    expect(quarter.code, quarter.stderr).toBe(0);
    expect(quarter.stdout.trimEnd().split("\n").map((l) => l.split(",").slice(0, 5).join(","))).toEqual(["period,year,new_customers,new_revenue,new_average_revenue", "2024-Q1,2024,1,1.00,1.00", "2024-Q2,2024,1,3.00,3.00"]);
    // By year, both quarters are 2024 (and A, new in Q1 and retained in Q2, would be both in one year)
    const year = await cli(["--new", join(dir, "new.csv"), "-f", "csv"]);
    expect(year.code, year.stderr).toBe(0);
    expect(year.stdout.split("\n")[1]!.split(",").slice(0, 3).join(",")).toBe("2024,2,4.00");
    const month = await cli(["--dir", dir, "--period", "month"]);
    expect(month.code).toBe(1);
    expect(month.stderr).toContain('period: "2024-Q1" is not a date');
  });

  it("a year column cannot say a quarter; a costs file per year does not go with quarters", async () => {
    const dir = folder({ "new.csv": "customer,year,revenue\nA,2024,1\n", "costs.csv": "year,acquisition cost,servicing cost\n2024,1,1\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--period", "month"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("missing required column date (--period month needs dates; a year column has none)");
    const costs = await cli(["--dir", dir, "--period", "quarter"]);
    expect(costs.code).toBe(2);
    expect(costs.stderr).toBe(`error: --costs gives costs per year: it does not go with --period quarter\nhint: ${dir} has a costs file, found by its name: move it aside, or use --period year\n`);
  });
});
