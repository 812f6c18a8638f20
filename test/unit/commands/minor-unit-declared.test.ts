/**
 * `--minor-unit CODE=DIGITS` reaches every reader of minor units: phase exports and their refund
 * columns, a log's totals row, workbooks, the config file, the Chargebee preset, and the worker
 * threads of a big phase export (in-process here, on 64 KiB ranges). The built binary is
 * test/e2e/minor-units-iso.test.ts. Figures worked by hand in the comments.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { source } from "../../../src/io/source.js";
import { formatLog } from "../../../src/issues.js";
import { roundedCoef } from "../../../src/money.js";
import { summarize } from "../../../src/model/equity.js";
import { readInputs } from "../../../src/read/inputs.js";
import { folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";
import { workbook } from "../../support/workbook.js";

/** Rates into USD: 1 HUF = 0.0027, 1 ISK = 0.0072, 1 MGA = 0.0002, 1 KWD = 3. */
const FX = "currency,year,rate\nHUF,2024,0.0027\nISK,2024,0.0072\nMGA,2024,0.0002\nKWD,2024,3\n";
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));

/** The first data row of a CSV result, keyed by its header. */
function firstRow(stdout: string): Record<string, string> {
  const [header, line] = stdout.trim().split("\n");
  const values = line!.split(",");
  return Object.fromEntries(header!.split(",").map((name, k) => [name, values[k]!]));
}

function files(content: Record<string, string | Buffer>): Record<string, string> {
  const dir = folder({ "fx.csv": FX, ...content });
  return Object.fromEntries(["fx.csv", ...Object.keys(content)].map((name) => [name, join(dir, name)]));
}

describe("phase exports", () => {
  const NEW = "customer_id,year,revenue,currency,amount_refunded\nA,2024,500000,HUF,0\nB,2024,250000,isk,50000\nC,2024,50000,MGA,0\n";

  it("refuse each disputed code's row, naming it, without a declaration", async () => {
    const f = files({ "new.csv": NEW });
    const run = await cli(["--new", f["new.csv"]!, "--minor-units", "--fx-rates", f["fx.csv"]!, "--refund-column", "amount_refunded", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${f["new.csv"]}:3: currency: "isk" is a currency whose whole numbers exporters count in different units: ISO 4217 has 0 decimals, Stripe's API 2 (100 = 1 króna); --minor-units cannot say which unit this export's are, and ceq does not guess`,
      `error: ${f["new.csv"]}:4: currency: "MGA" is a currency whose whole numbers exporters count in different units: ISO 4217 has 2 decimals, Stripe's API 0 (100 = 100 ariary); --minor-units cannot say which unit this export's are, and ceq does not guess`,
    ]);
  });

  it("read revenue and refunds in the declared units: 13.50 + 14.40 + 10.00 = 37.90", async () => {
    const f = files({ "new.csv": NEW });
    const run = await cli(["--new", f["new.csv"]!, "--minor-units", "--minor-unit", "ISK=2,MGA=0", "--fx-rates", f["fx.csv"]!, "--refund-column", "amount_refunded", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    // HUF 500000 at 2 = 5,000.00 × 0.0027 = 13.50; ISK (250000 − 50000) at 2 = 2,000.00 × 0.0072 = 14.40;
    // MGA 50000 at 0 = 50,000 × 0.0002 = 10.00; 13.50 + 14.40 + 10.00 = 37.90
    expect([firstRow(run.stdout).new_customers, firstRow(run.stdout).new_revenue]).toEqual(["3", "37.90"]);
  });

  it("a declaration overrides ISO for any code: --minor-unit HUF=0 reads 500000 as 500,000 forints (1,350.00)", async () => {
    const f = files({ "new.csv": "customer_id,year,revenue,currency\nA,2024,500000,HUF\n" });
    const run = await cli(["--new", f["new.csv"]!, "--minor-units", "--minor-unit", "HUF=0", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRow(run.stdout).new_revenue).toBe("1350.00");
  });
});

describe("the run's own currency declared", () => {
  it("a log's totals row is read in it: Total 500000 is 2,500 + 2,500 krónur, and reconciles", async () => {
    const f = files({ "isk.csv": "customer_id,date,amount\nA,2024-01-05,250000\nB,2024-02-05,250000\nTotal,,500000\n" });
    const run = await cli(["--transactions", f["isk.csv"]!, "--minor-units", "--currency", "ISK", "--minor-unit", "ISK=2", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: ${f["isk.csv"]}:4: customer_id: "Total" is a totals row, not a customer: left out; it reconciles: 5000 is the sum of the rows it totals`);
    expect(firstRow(run.stdout).new_revenue).toBe("5000");
  });
});

describe("workbooks", () => {
  it("number cells in the row's declared unit: 250000 ISK at 2 × 0.0072 = 18.00, with 4900 USD 67.00", async () => {
    const book = await workbook([{ name: "Sheet1", rows: [["customer_id", "date", "amount", "currency"], ["A", "2024-01-05", 4900, "USD"], ["B", "2024-02-05", 250000, "ISK"]] }]);
    const f = files({ "log.xlsx": book });
    const refused = await cli(["--transactions", f["log.xlsx"]!, "--minor-units", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toHaveLength(1);
    expect(errorLines(refused.stderr)[0]).toContain(`[Sheet1]!D3: currency: "ISK" is a currency whose whole numbers exporters count in different units`);
    const run = await cli(["--transactions", f["log.xlsx"]!, "--minor-units", "--minor-unit", "ISK=2", "--currency-column", "currency", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRow(run.stdout).new_revenue).toBe("67.00");
  });
});

describe("the config file and the presets", () => {
  const LOG = "customer_id,date,amount,currency\nA,2024-01-05,4900,USD\nB,2024-02-05,250000,ISK\nC,2024-03-05,50000,MGA\n";

  it("minorUnit as a list or as one comma-separated value: 49.00 + 18.00 + 10.00 = 77.00", async () => {
    for (const minorUnit of [["ISK=2", "MGA=0"], "ISK=2,MGA=0"]) {
      const f = files({ "log.csv": LOG });
      const config = { minorUnits: true, minorUnit, currencyColumn: "currency", fxRates: f["fx.csv"] };
      const dir = folder({ "ceq.json": JSON.stringify(config) });
      const run = await cli(["--transactions", f["log.csv"]!, "--config", join(dir, "ceq.json"), "-f", "csv"]);
      expect(run.code, run.stderr).toBe(0);
      expect(firstRow(run.stdout).new_revenue).toBe("77.00");
    }
  });

  it("a bad minorUnit in a config file is a usage error naming its key", async () => {
    const dir = folder({ "ceq.json": JSON.stringify({ minorUnits: true, minorUnit: "ISK=9" }), "log.csv": LOG });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--config", join(dir, "ceq.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${join(dir, "ceq.json")}: minorUnit: expected CODE=DIGITS`);
  });

  it("--source chargebee puts a three-decimal currency in hundredths, as Chargebee's API does: 4900 KWD is 49.00 (× 3 = 147.00), not 4.900", async () => {
    const header = "id,customer_id,subscription_id,recurring,status,date,due_date,currency_code,sub_total,tax,total,amount_paid,amount_adjusted,credits_applied,write_off_amount,amount_due,paid_at,voided_at,first_invoice";
    const f = files({ "invoices.csv": `${header}\ninv_1,cus_A,sub_1,true,paid,2024-01-05,2024-01-05,KWD,4900,0,4900,4900,0,0,0,0,2024-01-05,,true\n` });
    const run = await cli(["--transactions", f["invoices.csv"]!, "--source", "chargebee", "--minor-units", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(firstRow(run.stdout).new_revenue).toBe("147.00");
    // without the preset's declaration, KWD is in ISO's thousandths (as in Stripe's API): 4.900 × 3 = 14.70
    const iso = await cli(["--transactions", f["invoices.csv"]!, "--source", "chargebee", "--minor-units", "--minor-unit", "ISK=2", "--fx-rates", f["fx.csv"]!, "-f", "csv"]);
    expect(iso.code, iso.stderr).toBe(0);
    expect(firstRow(iso.stdout).new_revenue).toBe("14.70");
  });
});

describe("the worker threads of a phase export", () => {
  const ROWS = 6000;

  /** Reads new customers' rows of 250000 ISK each, on one thread or with every 64 KiB range read by workers. */
  async function reading(path: string, fx: string, how: "one" | "workers", declared: boolean) {
    const ranges: number[] = [];
    const parallel = how === "one" ? { threads: 1 } : { threads: 3, rangeBytes: 64 << 10, minBytes: 0, workersOnly: true, onRange: (thread: number) => ranges.push(thread) };
    const cells = { currency: "USD", minorUnits: 2, ...(declared ? { declaredMinorUnits: [["ISK", 2]] as const } : {}) };
    const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: source(path) } }, cells, fxRates: source(fx), parallel });
    const summary = log.errorCount === 0 ? summarize(ledger) : undefined;
    // The workers read every range (none on a single thread): so the declaration crossed to them.
    expect(ranges.length > 0).toBe(how === "workers");
    return { issues: formatLog(log).length, errors: log.errorCount, cents: summary?.years.map((y) => [y.year, roundedCoef(y.acquisition.revenue, 2)]) };
  }

  it("read the declared unit as one thread does: 6,000 × 2,500.00 krónur × 0.0072 = 108,000.00", async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => `C${String(i).padStart(6, "0")},2024,250000,ISK`);
    const f = files({ "new.csv": `customer_id,year,revenue,currency\n${lines.join("\n")}\n` });
    const one = await reading(f["new.csv"]!, f["fx.csv"]!, "one", true);
    const workers = await reading(f["new.csv"]!, f["fx.csv"]!, "workers", true);
    expect(one.cents).toEqual([[2024, 10_800_000n]]);
    expect(workers).toEqual(one);
    // undeclared, every row is refused, on either path
    const refused = await reading(f["new.csv"]!, f["fx.csv"]!, "workers", false);
    expect(refused.errors).toBe(ROWS);
    expect(refused).toEqual(await reading(f["new.csv"]!, f["fx.csv"]!, "one", false));
  });
});
