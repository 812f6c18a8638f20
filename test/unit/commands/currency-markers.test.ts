/**
 * A currency symbol or code in an amount cell must be the currency its row is in (the row's
 * currency column, else --currency, USD by default): otherwise the amount would be added up as
 * that currency (the audit's "$100 + €100 + JPY 100 = 300.00 USD"). Each reader: phase exports on
 * both paths, transaction logs on both paths, refund columns, the costs file, --fx-rates.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const hintLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("hint: "));
/** new_customers and new_revenue of the CSV result's first period. */
const newRevenue = (stdout: string) => stdout.split("\n")[1]!.split(",").slice(1, 3);

const MIXED = "customer_id,year,revenue\nA,2024,$100.00\nB,2024,€100.00\nC,2024,JPY 100\n";
const EUR_NOT_USD = "is an amount in EUR, not in USD, the currency of this run (--currency): amounts in two currencies are never added";

describe("the audit's reproductions", () => {
  it("$100, €100 and JPY 100 are not 300.00 USD: the € and JPY rows are errors", async () => {
    const dir = folder({ "mixed_symbols.csv": MIXED });
    const file = join(dir, "mixed_symbols.csv");
    const run = await cli(["--new", file, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:3: revenue: "€100.00" ${EUR_NOT_USD}`,
      `error: ${file}:4: revenue: "JPY 100" is an amount in JPY, not in USD, the currency of this run (--currency): amounts in two currencies are never added`,
    ]);
    expect(hintLines(run.stderr)).toEqual([
      "hint: if the file's amounts are all in EUR, run with --currency EUR; rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them",
      "hint: if the file's amounts are all in JPY, run with --currency JPY; rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them",
    ]);
    expect(run.stderr).toContain("error: 2 errors in the input; no result was written");
  });

  it("nor 300.00 EUR under --currency EUR: the $ and JPY rows are errors", async () => {
    const dir = folder({ "mixed_symbols.csv": MIXED });
    const file = join(dir, "mixed_symbols.csv");
    const run = await cli(["--new", file, "-f", "csv", "--currency", "EUR"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:2: revenue: "$100.00" is an amount in a currency written $ (USD, CAD, AUD, …), not in EUR, the currency of this run (--currency): amounts in two currencies are never added`,
      `error: ${file}:4: revenue: "JPY 100" is an amount in JPY, not in EUR, the currency of this run (--currency): amounts in two currencies are never added`,
    ]);
    expect(hintLines(run.stderr)[0]).toBe(
      "hint: if the file's amounts are all in a currency written $ (USD, CAD, AUD, …), run with --currency USD (or the one it is); rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them",
    );
  });

  it("a log's cells that contradict its currency column are errors, not 5100", async () => {
    const dir = folder({ "sym_vs_col.csv": "customer_id,date,amount,currency\nA,2024-01-05,EUR 100.00,USD\nB,2024-02-05,¥5000,USD\n" });
    const file = join(dir, "sym_vs_col.csv");
    const run = await cli(["--transactions", file, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:2: amount: "EUR 100.00" is an amount in EUR, not in USD, the row's currency (column "currency"): amounts in two currencies are never added`,
      `error: ${file}:3: amount: "¥5000" is an amount in JPY or CNY, not in USD, the row's currency (column "currency"): amounts in two currencies are never added`,
    ]);
    expect(hintLines(run.stderr)).toEqual([
      "hint: the currency column says which currency a row's amounts are in: correct the amount or the row's currency (--fx-rates FILE converts rows in another currency than --currency)",
    ]);
  });

  it("XYZ is no currency; £12 and ¥1200 are not USD", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,XYZ 12\nB,2024,£12\nC,2024,¥1200\nD,2024,7\n" });
    const file = join(dir, "new.csv");
    const run = await cli(["--new", file, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:2: revenue: "XYZ 12" is not an amount: XYZ is not a currency code (ISO 4217, such as USD or EUR)`,
      `error: ${file}:3: revenue: "£12" is an amount in a currency written £ (GBP, GIP, FKP, …), not in USD, the currency of this run (--currency): amounts in two currencies are never added`,
      `error: ${file}:4: revenue: "¥1200" is an amount in JPY or CNY, not in USD, the currency of this run (--currency): amounts in two currencies are never added`,
    ]);
  });
});

describe("markers of the row's currency read as before", () => {
  it("$12 under USD (the default), -$1,000.50 too: 12 − 1000.50 = −988.50", async () => {
    const dir = folder({ "new.csv": 'customer_id,year,revenue\nA,2024,$12\nB,2024,"-$1,000.50"\n' });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(newRevenue(run.stdout)).toEqual(["2", "-988.50"]);
  });

  it("12 EUR and (€ 5) under --currency EUR: 12 − 5 = 7", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,12 EUR\nB,2024,(€ 5)\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "csv", "--currency", "EUR"]);
    expect(run.code, run.stderr).toBe(0);
    expect(newRevenue(run.stdout)).toEqual(["2", "7.00"]);
  });

  it("€ 12 in a row whose currency column says EUR: 12 under --currency EUR, 12 × 1.10 = 13.20 USD with a rate", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount,currency\nA,2024-01-05,€ 12,EUR\nB,2024-01-06,10,EUR\n", "fx.csv": "currency,year,rate\nEUR,2024,$1.10\n" });
    const eur = await cli(["--transactions", join(dir, "log.csv"), "-f", "csv", "--currency", "EUR"]);
    expect(eur.code, eur.stderr).toBe(0);
    expect(newRevenue(eur.stdout)).toEqual(["2", "22.00"]);
    const usd = await cli(["--transactions", join(dir, "log.csv"), "-f", "csv", "--fx-rates", join(dir, "fx.csv")]);
    expect(usd.code, usd.stderr).toBe(0);
    expect(newRevenue(usd.stdout)).toEqual(["2", "24.20"]); // (12 + 10) × 1.10
  });

  it("$ is any dollar's: $12 under --currency CAD", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,$12\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "csv", "--currency", "CAD"]);
    expect(run.code, run.stderr).toBe(0);
    expect(newRevenue(run.stdout)).toEqual(["1", "12.00"]);
  });

  it("a churned row's cost is not read, so its marker is not either", async () => {
    const dir = folder({ "all.csv": "customer_id,phase,year,revenue,cost\nA,new,2023,10,1\nA,churned,2024,10,€5\n" });
    const run = await cli(["--input", join(dir, "all.csv"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe("plain lines, which the fast paths read from their bytes", () => {
  it("a phase export's $ under --currency EUR is an error on every line, not 100 + 200 EUR", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,$100\nB,2024,200\nC,2024,-$5\n" });
    const file = join(dir, "new.csv");
    const run = await cli(["--new", file, "-f", "csv", "--currency", "EUR"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr).map((l) => l.slice(0, l.indexOf(" is an amount")))).toEqual([`error: ${file}:2: revenue: "$100"`, `error: ${file}:4: revenue: "-$5"`]);
  });

  it("a log's $ amount and cost under --currency GBP are errors", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount,cost\nA,2024-01-05,$100,1\nB,2024-01-06,20,$2\nC,2024-01-07,30,3\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file, "-f", "csv", "--currency", "GBP"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr).map((l) => l.slice(0, l.indexOf(" is an amount")))).toEqual([`error: ${file}:2: amount: "$100"`, `error: ${file}:3: cost: "$2"`]);
  });

  it("the same lines under USD read: 100 + 20 + 30 = 150", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount,cost\nA,2024-01-05,$100,1\nB,2024-01-06,20,$2\nC,2024-01-07,30,3\n" });
    const run = await cli(["--transactions", join(dir, "log.csv"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(newRevenue(run.stdout)).toEqual(["3", "150.00"]);
  });
});

describe("refund columns and side files", () => {
  it("a refund cell in another currency than its row's", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue,refund\nA,2024,$12,€2\nB,2024,$10,$1\n" });
    const file = join(dir, "new.csv");
    const run = await cli(["--new", file, "--refund-column", "refund", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${file}:2: refund: "€2" ${EUR_NOT_USD}`]);
  });

  it("a log's refund cell against its currency column", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount,refunded,currency\nA,2024-01-05,€12,$2,EUR\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file, "--refund-column", "refunded", "--currency", "EUR", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:2: refunded: "$2" is an amount in a currency written $ (USD, CAD, AUD, …), not in EUR, the row's currency (column "currency"): amounts in two currencies are never added`,
    ]);
  });

  it("a cost in the costs file, which is in the run's currency", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,12\n", "costs.csv": "year,acquisition cost,servicing cost\n2024,€5,1\n" });
    const costs = join(dir, "costs.csv");
    const run = await cli(["--new", join(dir, "new.csv"), "--costs", costs, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${costs}:2: acquisition cost: "€5" ${EUR_NOT_USD}`]);
  });

  it("a rate, which is in the run's currency: €0.92 for EUR under USD is the wrong way round", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue,currency\nA,2024,12,EUR\n", "fx.csv": "currency,year,rate\nEUR,2024,€0.92\n" });
    const fx = join(dir, "fx.csv");
    const run = await cli(["--new", join(dir, "new.csv"), "--fx-rates", fx, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)[0]).toBe(`error: ${fx}:2: rate: "€0.92" is an amount in EUR, not in USD, the currency of this run (--currency), which a rate converts to: amounts in two currencies are never added`);
    expect(hintLines(run.stderr)).toContain("hint: a rate is the value of one unit of its currency in the run's (--currency): EUR,2024,1.08 under --currency USD says 1 EUR = 1.08 USD");
  });
});
