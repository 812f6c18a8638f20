/**
 * `--minor-units` with a currency column: Stripe and Chargebee give each charge in the minor unit
 * of its own currency (USD 2 decimals, JPY 0, KWD 3), not of the run's. Every amount used to be
 * divided by the run currency's unit: 4900 JPY read as ¥49.00, 4900 USD under `--currency JPY` as
 * $4,900. Figures are worked by hand in the comments.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const LOG_HEADER = "customer_id,date,amount,currency";
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));

/** A CSV result's rows as objects keyed by its header. */
function rows(stdout: string): Record<string, string>[] {
  const [header, ...lines] = stdout.trim().split("\n");
  const names = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, k) => [names[k]!, v])));
}

/** Writes the files and gives their paths. */
function files(content: Record<string, string>): Record<string, string> {
  const dir = folder(content);
  return Object.fromEntries(Object.keys(content).map((name) => [name, join(dir, name)]));
}

describe("--minor-units reads each row in its own currency's minor unit", () => {
  it("¥4,900 at 0.01 is 49.00, not 0.49 (JPY has no minor unit)", async () => {
    const f = files({ "mu_jpy.csv": `${LOG_HEADER}\nB,2024-02-05,4900,JPY\n`, "fx.csv": "currency,year,rate\nJPY,2024,0.01\n" });
    const run = await cli(["--transactions", f["mu_jpy.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(errorLines(run.stderr)).toEqual([]);
    // 4900 JPY = ¥4,900; × 0.01 = 49.00 USD
    expect(rows(run.stdout).map((r) => [r.year, r.new_customers, r.new_revenue, r.customer_equity])).toEqual([["2024", "1", "49.00", "49.00"]]);
  });

  it("4900 USD under --currency JPY is $49.00, × 150 = ¥7,350, not ¥735,000", async () => {
    const f = files({ "mu_usd.csv": `${LOG_HEADER}\nB,2024-02-05,4900,USD\n`, "fx.csv": "currency,year,rate\nUSD,2024,150\n" });
    const run = await cli(["--transactions", f["mu_usd.csv"]!, "--minor-units", "--currency", "JPY", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // JPY prints with no decimals
    expect(rows(run.stdout).map((r) => [r.new_revenue, r.customer_equity])).toEqual([["7350", "7350"]]);
  });

  it("4900 each in USD, JPY and KWD is 49.00 + 49.00 + 14.70 = 112.70", async () => {
    const log = `${LOG_HEADER}\nA,2024-01-05,4900,USD\nB,2024-02-05,4900,JPY\nC,2024-02-05,4900,KWD\n`;
    const f = files({ "mu_cur.csv": log, "fx.csv": "currency,year,rate\nJPY,2024,0.01\nKWD,2024,3\n" });
    const run = await cli(["--transactions", f["mu_cur.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // $49.00; ¥4,900 × 0.01 = 49.00; KWD 4.900 × 3 = 14.700; the average 112.70 / 3 = 37.5666… → 37.57
    expect(rows(run.stdout).map((r) => [r.new_customers, r.new_revenue, r.new_average_revenue])).toEqual([["3", "112.70", "37.57"]]);
  });

  it("the same rows as a phase export (--new) add up the same", async () => {
    const f = files({ "new.csv": "customer_id,year,revenue,currency\nA,2024,4900,USD\nB,2024,4900,JPY\nC,2024,4900,KWD\n", "fx.csv": "currency,year,rate\nJPY,2024,0.01\nKWD,2024,3\n" });
    const run = await cli(["--new", f["new.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(rows(run.stdout).map((r) => [r.new_customers, r.new_revenue])).toEqual([["3", "112.70"]]);
  });

  it("a refund column is in the minor unit of its row's currency", async () => {
    const log = "customer_id,date,amount,currency,amount_refunded\nA,2024-01-05,4900,USD,900\nB,2024-02-05,4900,JPY,900\nC,2024-02-05,4900,KWD,900\n";
    const f = files({ "p.csv": log, "fx.csv": "currency,year,rate\nJPY,2024,0.01\nKWD,2024,3\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "--refund-column", "amount_refunded", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // $49.00 − $9.00 = 40.00; (¥4,900 − ¥900) × 0.01 = 40.00; (KWD 4.900 − 0.900) × 3 = 12.00: 92.00
    expect(rows(run.stdout).map((r) => [r.new_customers, r.new_revenue])).toEqual([["3", "92.00"]]);
  });

  it("a yen refund of the whole charge is the charge, not more than it", async () => {
    // ¥4,900 refunded ¥4,900: netted to 0, so the customer is not active; the $10.00 row stays.
    const log = "customer_id,date,amount,currency,amount_refunded\nA,2024-01-05,1000,USD,0\nB,2024-02-05,4900,JPY,4900\n";
    const f = files({ "p.csv": log, "fx.csv": "currency,year,rate\nJPY,2024,0.01\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "--refund-column", "amount_refunded", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(rows(run.stdout).map((r) => [r.new_customers, r.new_revenue])).toEqual([["1", "10.00"]]);
  });

  it("a refund column left unread is totalled in the rows' own units in its error", async () => {
    // ¥900 is 900, not 9.00
    const f = files({ "p.csv": "customer_id,date,amount,currency,amount_refunded\nB,2024-02-05,4900,JPY,900\n", "fx.csv": "currency,year,rate\nJPY,2024,0.01\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toHaveLength(1);
    expect(errorLines(run.stderr)[0]).toContain("1 row holds a non-zero amount here, 900.00 in all");
  });

  it("quantity × unit price in yen: 3 × ¥1,650 = ¥4,950, × 0.01 = 49.50; with 2 × $19.99: 89.48", async () => {
    const log = "customer_id,date,quantity,price,currency\nA,2024-01-05,3,1650,JPY\nB,2024-01-05,2,1999,USD\n";
    const f = files({ "p.csv": log, "fx.csv": "currency,year,rate\nJPY,2024,0.01\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--quantity-column", "quantity", "--price-column", "price", "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(rows(run.stdout).map((r) => [r.new_customers, r.new_revenue])).toEqual([["2", "89.48"]]);
  });

  it("derive writes the phase exports in the run's major unit", async () => {
    const log = `${LOG_HEADER}\nA,2024-01-05,4900,USD\nB,2024-02-05,4900,JPY\nC,2024-02-05,4900,KWD\n`;
    const f = files({ "mu_cur.csv": log, "fx.csv": "currency,year,rate\nJPY,2024,0.01\nKWD,2024,3\n" });
    const out = join(folder(), "out");
    const run = await cli(["derive", "--transactions", f["mu_cur.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "--out-dir", out]);
    expect(run.code, run.stderr).toBe(0);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(join(out, "new.csv"), "utf8")).toBe("customer_id,year,revenue,cost\nA,2024,49,0\nB,2024,49,0\nC,2024,14.7,0\n");
    const cohorts = await cli(["cohorts", "--transactions", f["mu_cur.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(cohorts.code, cohorts.stderr).toBe(0);
    expect(cohorts.stdout).toBe("cohort,period,customers,revenue\n2024,2024,3,112.70\n");
  });
});

describe("a currency whose minor unit ceq does not know is an error, never a guess", () => {
  it("in a currency column: the row's cell is named, nothing is printed", async () => {
    // XTS is the ISO code reserved for testing: it has no minor unit.
    const f = files({ "p.csv": `${LOG_HEADER}\nA,2024-01-05,4900,USD\nB,2024-02-05,4900,XTS\n`, "fx.csv": "currency,year,rate\nXTS,2024,2\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${f["p.csv"]}:3: currency: "XTS" is a currency whose minor unit ceq does not know, so --minor-units cannot say what its whole numbers are (4900 is 49.00 USD, 4900 JPY, 4.900 KWD); ceq does not guess: give these rows' amounts in the major unit, without --minor-units`,
    ]);
  });

  it("in a phase export too", async () => {
    const f = files({ "new.csv": "customer_id,year,revenue,currency\nA,2024,4900,USD\nB,2024,4900,xts\n", "fx.csv": "currency,year,rate\nXTS,2024,2\n" });
    const run = await cli(["--new", f["new.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toHaveLength(1);
    expect(errorLines(run.stderr)[0]).toMatch(/new\.csv:3: currency: "xts" is a currency whose minor unit ceq does not know/);
  });

  it("as --currency: a usage error", async () => {
    const f = files({ "p.csv": "customer_id,date,amount\nA,2024-01-05,4900\n" });
    const run = await cli(["--transactions", f["p.csv"]!, "--minor-units", "--currency", "XTS", "-f", "csv"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: --minor-units: ceq does not know the minor unit of XTS (--currency), so it cannot say what a whole number of it is");
  });
});

describe("a totals row under --minor-units is read in minor units, as its rows are", () => {
  it("Total 10000 is 49.00 + 51.00: it reconciles, in a phase export and in a log", async () => {
    const f = files({ "new.csv": "customer_id,year,revenue\nA,2024,4900\nB,2024,5100\nTotal,2024,10000\n", "log.csv": "customer_id,date,amount\nA,2024-01-05,4900\nB,2024-02-05,5100\nTotal,,10000\n" });
    const phase = await cli(["--new", f["new.csv"]!, "--minor-units", "-f", "csv"]);
    expect(phase.stderr).toContain(`warning: ${f["new.csv"]}:4: customer_id: "Total" is a totals row, not a customer: left out; it reconciles: 100 is the sum of the 2 rows it totals`);
    expect(rows(phase.stdout)[0]!.new_revenue).toBe("100.00");
    const log = await cli(["--transactions", f["log.csv"]!, "--minor-units", "-f", "csv"]);
    expect(log.code, log.stderr).toBe(0);
    expect(log.stderr).toContain(`warning: ${f["log.csv"]}:4: customer_id: "Total" is a totals row, not a customer: left out; it reconciles: 100 is the sum of the rows it totals`);
  });
});

describe("the built binary", () => {
  it("reads ¥4,900 as 49.00 at 0.01", async () => {
    const f = files({ "mu_jpy.csv": `${LOG_HEADER}\nB,2024-02-05,4900,JPY\n`, "fx.csv": "currency,year,rate\nJPY,2024,0.01\n" });
    const run = await ceq(["--transactions", f["mu_jpy.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(rows(run.stdout).map((r) => [r.new_revenue, r.acquisition_equity, r.customer_equity])).toEqual([["49.00", "49.00", "49.00"]]);
  });
});
