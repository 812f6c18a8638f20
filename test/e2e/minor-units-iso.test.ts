/**
 * `--minor-units` through the built binary, in ISO 4217's minor units (list one), not Intl's
 * display digits: `500000,HUF` is 5,000.00 forints, which Intl's 0 made 500,000. A code an exporter
 * counts otherwise than ISO (ISK: Stripe's API 2, ISO 0) is an error until `--minor-unit` or a
 * `--source` preset declares its unit. Every figure is worked by hand in the comments.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../support/helpers.js";

const LOG = "customer_id,date,amount,currency";
/** Rates into USD: 1 HUF = 0.0027 USD, 1 ISK = 0.0072 USD, 1 MGA = 0.0002 USD. */
const FX = "currency,year,rate\nHUF,2024,0.0027\nISK,2024,0.0072\nMGA,2024,0.0002\n";
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const hintLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("hint: "));

/** The first data row of a CSV result, keyed by its header. */
function firstRow(stdout: string): Record<string, string> {
  const [header, line] = stdout.trim().split("\n");
  const values = line!.split(",");
  return Object.fromEntries(header!.split(",").map((name, k) => [name, values[k]!]));
}

/** Writes the files, with the rates, and gives their paths. */
function files(content: Record<string, string>): Record<string, string> {
  const dir = folder({ "fx.csv": FX, ...content });
  return Object.fromEntries(["fx.csv", ...Object.keys(content)].map((name) => [name, join(dir, name)]));
}

describe("--minor-units in ISO 4217's minor units", () => {
  it("500000 HUF is 5,000.00 forints: × 0.0027 = 13.50, with $49.00 62.50 (Intl's 0 decimals made it 1,399.00)", async () => {
    const f = files({ "huf.csv": `${LOG}\nA,2024-01-05,500000,HUF\nB,2024-02-05,4900,USD\n` });
    const run = await ceq(["--transactions", f["huf.csv"]!, "--minor-units", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(errorLines(run.stderr)).toEqual([]);
    // 500000 at 2 decimals = 5,000.00 HUF; × 0.0027 = 13.50 exactly; 4900 USD = 49.00; 13.50 + 49.00 = 62.50; ÷ 2 = 31.25
    const row = firstRow(run.stdout);
    expect([row.new_customers, row.new_revenue, row.new_average_revenue, row.customer_equity]).toEqual(["2", "62.50", "31.25", "62.50"]);
  });

  it("money in forints prints to ISO's two decimals: 1,234.50 Ft is not rounded to 1,234", async () => {
    const f = files({ "huf.csv": "customer_id,date,amount\nA,2024-01-05,1234.50\n" });
    const run = await ceq(["--transactions", f["huf.csv"]!, "--currency", "HUF", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect([firstRow(run.stdout).new_revenue, firstRow(run.stdout).new_average_revenue]).toEqual(["1234.50", "1234.50"]);
  });
});

describe("a code an exporter counts otherwise than ISO 4217 is an error, not a guess", () => {
  const isk = `${LOG}\nA,2024-01-05,4900,USD\nB,2024-02-05,250000,ISK\n`;

  it("an ISK row under --minor-units: exit 1, nothing printed, the codes' two units named, and the flag that declares one", async () => {
    const f = files({ "isk.csv": isk });
    const run = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${f["isk.csv"]}:3: currency: "ISK" is a currency whose whole numbers exporters count in different units: ISO 4217 has 0 decimals, Stripe's API 2 (100 = 1 króna); --minor-units cannot say which unit this export's are, and ceq does not guess`,
    ]);
    expect(hintLines(run.stderr)).toEqual(["hint: declare the unit the export counts ISK in: --minor-unit ISK=2 (Stripe's API) or --minor-unit ISK=0 (ISO 4217)"]);
  });

  it("--minor-unit ISK=2: 250000 is 2,500.00 krónur, × 0.0072 = 18.00, with $49.00 67.00", async () => {
    const f = files({ "isk.csv": isk });
    const run = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--minor-unit", "ISK=2", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // 250000 at 2 decimals = 2,500.00 ISK; × 0.0072 = 18.00; + 49.00 = 67.00; ÷ 2 = 33.50
    const row = firstRow(run.stdout);
    expect([row.new_customers, row.new_revenue, row.new_average_revenue]).toEqual(["2", "67.00", "33.50"]);
  });

  it("--minor-unit isk=0 (ISO's unit, any case): 250000 krónur × 0.0072 = 1,800.00, with $49.00 1,849.00", async () => {
    const f = files({ "isk.csv": isk });
    const run = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--minor-unit", "isk=0", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRow(run.stdout).new_revenue).toBe("1849.00");
  });

  it("--source stripe declares Stripe's ISK=2: a Stripe export's isk charge of 250000 less a refund of 10000 is 2,400.00 krónur, × 0.0072 = 17.28, with $49.00 66.28", async () => {
    const header = "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Amount Refunded,Converted Currency,Status,Customer ID";
    const f = files({ "stripe.csv": `${header}\nch_1,2024-01-05 10:00:00,4900,0,usd,true,4900,0,usd,Paid,cus_A\nch_2,2024-02-05 10:00:00,250000,10000,isk,true,250000,10000,isk,Paid,cus_B\n` });
    const run = await ceq(["--transactions", f["stripe.csv"]!, "--source", "stripe", "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // (250000 − 10000) at 2 decimals = 2,400.00 ISK; × 0.0072 = 17.28; + 49.00 = 66.28; ÷ 2 = 33.14
    const row = firstRow(run.stdout);
    expect([row.new_customers, row.new_revenue, row.new_average_revenue]).toEqual(["2", "66.28", "33.14"]);
  });

  it("as --currency: a usage error (exit 2) naming both units; declared, 250000 + 250000 is 5,000 krónur, printed with ISO's 0 decimals", async () => {
    const f = files({ "isk.csv": "customer_id,date,amount\nA,2024-01-05,250000\nB,2024-02-05,250000\n" });
    const refused = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--currency", "ISK", "-f", "csv"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("error: --minor-units: ISK: ISO 4217 has 0 decimals, Stripe's API 2 (100 = 1 króna), so ceq cannot say what a whole number of ISK (--currency) is\n");
    expect(refused.stderr).toContain("hint: declare the unit the amounts are in: --minor-unit ISK=2 (Stripe's API) or --minor-unit ISK=0 (ISO 4217)\n");
    const declared = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--currency", "ISK", "--minor-unit", "ISK=2", "-f", "csv"]);
    expect(declared.code, declared.stderr).toBe(0);
    // 2,500.00 + 2,500.00 = 5,000 ISK; ISK prints with 0 decimals
    expect(firstRow(declared.stdout).new_revenue).toBe("5000");
  });

  it("refuses a --minor-unit that is no CODE=DIGITS from 0 to 4 (exit 2, as every bad option value)", async () => {
    const f = files({ "isk.csv": isk });
    for (const bad of ["ISK=x", "ISK=9", "IS=2"]) {
      const run = await ceq(["--transactions", f["isk.csv"]!, "--minor-units", "--minor-unit", bad, "--currency-column", "currency", "--fx-rates", f["fx.csv"]!]);
      expect(run.code, bad).toBe(2);
      expect(run.stdout, bad).toBe("");
      expect(run.stderr, bad).toContain(`error: option '--minor-unit <code=digits>' argument '${bad}' is invalid. expected CODE=DIGITS, a currency code and the decimals of its minor unit from 0 to 4, such as ISK=2`);
    }
  });
});
