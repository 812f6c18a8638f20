/**
 * When more than one column of a header has a default name of one field (`sales` and `revenue`,
 * `Created at` and `Paid at`), ceq reads the first in the names' order of preference and says so
 * in a notice naming every such column and the flag that chooses another, in a transaction log
 * and in a phase export alike. Before, it read one without a word: 135 for 150, or a sale in the
 * wrong year. Through main(), checking standard error.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

interface Year {
  year: number;
  acquisition: { customers: number; revenue: number; cost: number };
  retention: { customers: number; revenue: number; cost: number };
  churn: { customers: number; revenue: number };
}
const years = (stdout: string): Year[] => (JSON.parse(stdout) as { years: Year[] }).years;
const notices = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("notice:"));

describe("a transaction log whose header has two columns for one field", () => {
  it("sales and revenue: revenue is read, the notice names both and --revenue-column; the flag reads sales, without the notice", async () => {
    const dir = folder({ "tx.csv": "customer,date,sales,revenue\nA,2024-01-05,100,90\nB,2024-02-05,50,45\n" });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "--strict", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(notices(run.stderr)).toEqual([
      `notice: ${file}:1: using "customer" as the customer id (--id-column to choose another)`,
      `notice: ${file}:1: "sales" and "revenue" could each be the amount: using "revenue" (--revenue-column to choose another)`,
    ]);
    // revenue: 90 + 45
    expect(years(run.stdout).map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue])).toEqual([[2024, 2, 135]]);

    const sales = await cli(["--transactions", file, "--revenue-column", "sales", "-f", "json"]);
    expect(sales.code, sales.stderr).toBe(0);
    expect(sales.stderr).not.toContain("could each be");
    // sales: 100 + 50
    expect(years(sales.stdout).map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue])).toEqual([[2024, 2, 150]]);
  });

  it("Created at and Paid at: the notice says which date is read, and --date-column moves A's sale into 2024", async () => {
    const dir = folder({ "orders.csv": "Email,Created at,Paid at,Total\nA,2023-12-31 10:00:00 +0100,2024-01-02 10:00:00 +0100,100\nB,2024-02-05,2024-02-05,50\n" });
    const file = join(dir, "orders.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`notice: ${file}:1: "Created at" and "Paid at" could each be the date: using "Created at" (--date-column to choose another)\n`);
    // By Created at: A new in 2023 (100); in 2024 B new (50) and A churned (100).
    expect(years(run.stdout).map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue, y.churn.customers, y.churn.revenue])).toEqual([
      [2023, 1, 100, 0, 0],
      [2024, 1, 50, 1, 100],
    ]);

    const paid = await cli(["--transactions", file, "--date-column", "Paid at", "-f", "json"]);
    expect(paid.code, paid.stderr).toBe(0);
    expect(paid.stderr).not.toContain("could each be");
    expect(years(paid.stdout).map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue, y.churn.customers])).toEqual([[2024, 2, 150, 0]]);
  });

  it("three amount names are all listed, in the header's order; one notice per field; a one-column field has none", async () => {
    const dir = folder({ "tx.csv": "value,customer_id,order date,total,amount,cost\nv1,A,2024-01-05,5,100,1\nv2,B,2024-02-05,7,50,2\n" });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "-f", "csv"]);
    // "value" holds v1 and v2: were it read, the run would fail.
    expect(run.code, run.stderr).toBe(0);
    expect(notices(run.stderr)).toEqual([
      `notice: ${file}:1: using "customer_id" as the customer id (--id-column to choose another)`,
      `notice: ${file}:1: "value", "total" and "amount" could each be the amount: using "amount" (--revenue-column to choose another)`,
    ]);
  });

  it("the customer id keeps its own notice only; quantity and price, not read beside an amount, have none", async () => {
    const dir = folder({ "tx.csv": "customer_id,email,date,amount,quantity,qty,unit price,price\nA,a@x,2024-01-05,100,1,1,100,100\n" });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(notices(run.stderr)).toEqual([`notice: ${file}:1: using "customer_id" as the customer id (--id-column to choose another)`]);
  });

  it("a column a flag reads for another field is not named as a candidate: --cost-column amount leaves revenue the only amount", async () => {
    const dir = folder({ "tx.csv": "customer_id,date,revenue,amount\nA,2024-01-05,100,30\n" });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "--cost-column", "amount", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain("could each be");
    // revenue 100, cost 30 (the amount column): acquisition equity 70
    expect(years(run.stdout)[0]!.acquisition).toMatchObject({ customers: 1, revenue: 100, cost: 30 });
  });

  it("quantity × unit price, with qty and price beside them: a notice for each", async () => {
    const dir = folder({ "tx.csv": "customer_id,date,quantity,qty,unit price,price\nA,2024-01-05,2,3,10,11\n" });
    const file = join(dir, "tx.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(notices(run.stderr).slice(1)).toEqual([
      `notice: ${file}:1: "quantity" and "qty" could each be the quantity: using "quantity" (--quantity-column to choose another)`,
      `notice: ${file}:1: "unit price" and "price" could each be the unit price: using "unit price" (--price-column to choose another)`,
    ]);
    // 2 × 10
    expect(years(run.stdout)[0]!.acquisition.revenue).toBe(20);
  });
});

describe("a phase export whose header has two columns for one field", () => {
  it("each file's notice names its columns; in the churned file, whose cost is not read, the cost has none", async () => {
    const dir = folder({
      "new.csv": "customer id,customer,year,sales,revenue\nA,a,2024,100,90\nB,b,2024,50,45\n",
      "churned.csv": "customer id,year,revenue,cost,service cost\nC,2024,30,1,2\n",
    });
    const [fresh, churned] = [join(dir, "new.csv"), join(dir, "churned.csv")];
    const run = await cli(["--new", fresh, "--churned", churned, "--strict", "-f", "json"]);
    // --strict: the missing retained input is a warning, so an error; the notices are not.
    expect(run.code).toBe(1);
    expect(notices(run.stderr)).toEqual([
      `notice: ${fresh}:1: "sales" and "revenue" could each be the revenue: using "revenue" (--revenue-column to choose another)`,
      `notice: ${fresh}:1: "customer id" and "customer" could each be the customer id: using "customer id" (--id-column to choose another)`,
    ]);

    const lenient = await cli(["--new", fresh, "--churned", churned, "-f", "json"]);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(notices(lenient.stderr)).toEqual(notices(run.stderr));
    expect(years(lenient.stdout).map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue, y.churn.customers, y.churn.revenue])).toEqual([[2024, 2, 135, 1, 30]]);
  });

  it("one --input file with acquisition and servicing costs and a phase and a type: the cost read for every row is named", async () => {
    const dir = folder({ "all.csv": "phase,type,year,revenue,acquisition cost,servicing cost\nnew,Invoice,2024,10,3,0\nretained,Invoice,2024,20,0,4\n" });
    const file = join(dir, "all.csv");
    const run = await cli(["--input", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(notices(run.stderr)).toEqual([
      `notice: ${file}:1: "acquisition cost" and "servicing cost" could each be the cost: using "acquisition cost" (--cost-column to choose another)`,
      `notice: ${file}:1: "phase" and "type" could each be the phase: using "phase" (--phase-column to choose another)`,
    ]);
    // The retained row's cost is read from "acquisition cost": 0, not its servicing cost of 4.
    expect(years(run.stdout)[0]!.retention).toMatchObject({ customers: 1, revenue: 20, cost: 0 });

    const named = await cli(["--input", file, "--phase-column", "phase", "--cost-column", "acquisition cost", "-f", "json"]);
    expect(named.code, named.stderr).toBe(0);
    expect(notices(named.stderr)).toEqual([]);
  });
});
