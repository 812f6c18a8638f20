/**
 * `ceq --transactions` through main() in-process (test/support/capture.ts cli()), the public logs and standard input through the built binary (a long read must not hold up the in-process runs queued behind it): the two public logs in ../shared/data against
 * the independent oracle (test/support/oracles/transactions.py), and each reading option on small logs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ceq, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const DATA = join(ROOT, "..", "shared", "data");
const CDNOW = join(DATA, "CDNOW_master.txt");
const RETAIL = join(DATA, "online_retail.csv.gz");
const ORACLE = join(ROOT, "test", "support", "oracles", "transactions.py");

interface Entry {
  period?: string;
  year: number;
  acquisition: { customers: number; revenue: number; reactivated: number };
  retention: { customers: number; revenue: number };
  churn: { customers: number; revenue: number };
  inactive: { customers: number; revenue: number };
  customerEquity: number;
}

/** ceq's JSON in the oracle's shape; amounts as the literals JSON wrote, at two decimals. */
function figures(stdout: string) {
  const doc = JSON.parse(stdout, (_key, value, context?: { source?: string }) => (typeof value === "number" && context?.source?.includes(".") ? context.source : value)) as { years?: Entry[]; periods?: Entry[] };
  const fixed = (x: number | string) => Number(x).toFixed(2);
  return (doc.years ?? doc.periods ?? []).map((e) => ({
    period: e.period ?? String(e.year),
    new: [e.acquisition.customers, fixed(e.acquisition.revenue)],
    retained: [e.retention.customers, fixed(e.retention.revenue)],
    churned: [e.churn.customers, fixed(e.churn.revenue)],
    reactivated: e.acquisition.reactivated,
    inactive: [e.inactive.customers, fixed(e.inactive.revenue)],
    customerEquity: fixed(e.customerEquity),
  }));
}

const oracle = (which: string, path: string, kind: string) => JSON.parse(execFileSync("python3", [ORACLE, which, path, kind], { encoding: "utf8", maxBuffer: 1 << 26 }));

const CDNOW_ARGS = ["--transactions", CDNOW, "--delimiter", "whitespace", "--date-format", "YYYYMMDD", "--revenue-column", "dollar_value"];
const RETAIL_ARGS = ["--transactions", RETAIL, "--encoding", "cp1252", "--date-format", "MM/DD/YYYY", "--skip-missing-id"];

describe.skipIf(!existsSync(CDNOW))("CDNOW (../shared/data/CDNOW_master.txt; skipped when absent)", () => {
  it.each(["year", "quarter"])("the spec's command, by %s, prints the oracle's figures", async (kind) => {
    const run = await ceq([...CDNOW_ARGS, "--period", kind, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)).toEqual(oracle("cdnow", CDNOW, kind));
    // 69,659 purchases, $2,500,315.63 in all: every dollar is new or retained revenue
    const all = figures(run.stdout).reduce((sum, e) => sum + Number(e.new[1]) * 100 + Number(e.retained[1]) * 100, 0);
    expect(Math.round(all)).toBe(250031563);
    expect(run.stderr).toContain(`warning: the log starts in ${kind === "year" ? "1997" : "1997-Q1"} (its first date is 1997-01-01)`);
    // 1998 is cut short at June 30; its second quarter is not
    if (kind === "year") expect(run.stderr).toContain("warning: the log ends on 1998-06-30, before 1998 ends");
    else expect(run.stderr).not.toContain("the log ends on");
  });
});

// 541,909 lines and the Python oracle over them: about 6 s, with CEQ_DEEP=1 (as .ci/run sets it), as
// the docs' examples on ../shared/data are; CDNOW's oracles above run in every npm test.
describe.skipIf(!existsSync(RETAIL) || process.env.CEQ_DEEP !== "1")("Online Retail (../shared/data/online_retail.csv.gz; with CEQ_DEEP=1, skipped when absent)", () => {
  it("the spec's command prints the oracle's figures, and leaves out the 135,080 lines without a customer", async () => {
    const run = await ceq([...RETAIL_ARGS, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)).toEqual(oracle("retail", RETAIL, "year"));
    expect(run.stderr).toContain("warning: --skip-missing-id left out 135,080 rows without a customer id, amounting to 1447682.12");
  });
});

describe("reading a log", () => {
  const LOG = "customer id,date,amount\nA,2023-01-05,100\nA,2024-02-01,50\nB,2023-03-01,20.50\nB,2023-04-01,-5\nC,2024-05-01,30\nB,2025-01-01,10\nA,2025-02-01,-50\n";
  const dated = (layout: (y: string, m: string, d: string) => string) => LOG.replace(/(\d{4})-(\d{2})-(\d{2})/g, (_, y, m, d) => layout(y, m, d));

  it("classifies by hand: 2023 two new, 2024 one retained, one new, one churned; 2025 one won back, two churned, a refund inactive", async () => {
    const dir = folder({ "log.csv": LOG });
    const run = await cli(["--transactions", join(dir, "log.csv"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)).toEqual([
      { period: "2023", new: [2, "115.50"], retained: [0, "0.00"], churned: [0, "0.00"], reactivated: 0, inactive: [0, "0.00"], customerEquity: "115.50" },
      { period: "2024", new: [1, "30.00"], retained: [1, "50.00"], churned: [1, "15.50"], reactivated: 0, inactive: [0, "0.00"], customerEquity: "64.50" },
      { period: "2025", new: [1, "10.00"], retained: [0, "0.00"], churned: [2, "80.00"], reactivated: 1, inactive: [1, "-50.00"], customerEquity: "-70.00" },
    ]);
    expect(JSON.parse(run.stdout).period).toBe("year");
  });

  it.each([
    ["MM/DD/YYYY", (y: string, m: string, d: string) => `${Number(m)}/${Number(d)}/${y} 8:26`],
    ["DD/MM/YYYY", (y: string, m: string, d: string) => `${d}/${m}/${y}`],
    ["DD.MM.YYYY", (y: string, m: string, d: string) => `${d}.${m}.${y}`],
    ["YYYYMMDD", (y: string, m: string, d: string) => `${y}${m}${d}`],
  ])("--date-format %s reads the same log", async (format, layout) => {
    const dir = folder({ "iso.csv": LOG, "other.csv": dated(layout) });
    const [iso, other] = await Promise.all([cli(["--transactions", join(dir, "iso.csv"), "-f", "csv"]), cli(["--transactions", join(dir, "other.csv"), "--date-format", format, "-f", "csv"])]);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toBe(iso.stdout);
    const without = await cli(["--transactions", join(dir, "other.csv")]);
    expect(without.code).toBe(1);
    expect(without.stdout).toBe("");
    expect(without.stderr).toMatch(/^error: .*other\.csv:2: date: ".*" is not a date/m);
  });

  it("a non-digit as a year's last digit is no date: 202x-01-01 was read as 1920-01-01 on the fast path", async () => {
    const dir = folder({ "log.csv": "customer_id,date,amount\nA,2021-01-01,10.00\nB,202x-01-01,20.00\n" });
    const run = await ceq(["--transactions", join(dir, "log.csv"), "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: .*log\.csv:3: date: "202x-01-01" is not a date/m);
  });

  it("--period quarter and month name their periods, in JSON and CSV", async () => {
    const dir = folder({ "log.csv": LOG });
    const quarter = await cli(["--transactions", join(dir, "log.csv"), "--period", "quarter", "--fiscal-year-start", "4", "-f", "json"]);
    const doc = JSON.parse(quarter.stdout);
    expect(doc.period).toBe("quarter");
    expect(doc.years).toBeUndefined();
    // Jan 2023 is the 4th quarter of the fiscal year 2023 (April 2022 - March 2023); Feb 2025 of 2025
    expect(doc.periods.map((p: Entry) => p.period)).toEqual(["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    expect(doc.periods.map((p: Entry) => p.year)).toEqual([2023, 2024, 2024, 2024, 2024, 2025, 2025, 2025, 2025]);
    expect(doc.total.period).toBeNull();
    const month = await cli(["--transactions", join(dir, "log.csv"), "--period", "month", "-f", "csv"]);
    const lines = month.stdout.trimEnd().split("\n");
    expect(lines[0]!.startsWith("period,year,new_customers,")).toBe(true);
    expect(lines[0]!.endsWith(",reactivated_customers,inactive_customers,inactive_revenue,inactive_cost")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(Array.from({ length: 26 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`));
  });

  it("--delimiter whitespace reads fixed-width text; quantity × unit price is exact; cp1252 names", async () => {
    const text = "  Kunde   Datum      Menge  Preis\n  Müller  20230105   3      0.10\n  Müller  20240105   7      0.10\n  Zoë     20230105   1      0.70\n";
    const dir = folder({ "log.txt": Buffer.from(text, "latin1") });
    const run = await cli(["--transactions", join(dir, "log.txt"), "--delimiter", "whitespace", "--encoding", "cp1252", "--date-format", "YYYYMMDD", "--id-column", "Kunde", "--date-column", "Datum", "--quantity-column", "Menge", "--price-column", "Preis", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const [y2023, y2024] = figures(run.stdout);
    // 3 × 0.10 + 1 × 0.70 = 1.00 exactly (0.30000000000000004 + 0.7 in doubles)
    expect(y2023!.new).toEqual([2, "1.00"]);
    expect(y2024!.retained).toEqual([1, "0.70"]);
    expect(y2024!.churned).toEqual([1, "0.70"]);
  });

  it("a row without a customer id is an error naming the flag; --skip-missing-id leaves it out with one warning", async () => {
    const dir = folder({ "log.csv": "CustomerID,InvoiceDate,Quantity,UnitPrice\n17850,2010-12-01,6,2.55\n,2010-12-01,1,9.99\n,2010-12-02,2,0.50\n" });
    const strict = await cli(["--transactions", join(dir, "log.csv")]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`error: ${join(dir, "log.csv")}:3: CustomerID: "" is empty: every row needs a customer id when the file has that column`);
    // Both empty ids are grouped under one hint that names the flag.
    expect(strict.stderr).toContain(`every row needs a customer id when the file has that column\nhint: to leave out the rows without a customer id: --skip-missing-id (one warning then gives their count and the sum of their amounts)\n`);
    const phases = await cli(["--new", join(dir, "log.csv"), "--id-column", "CustomerID", "--revenue-column", "UnitPrice", "--date-column", "InvoiceDate"]);
    // Phase exports refuse --skip-missing-id: their empty-id error offers no such hint.
    expect(phases.stderr).toContain('CustomerID: "" is empty');
    expect(phases.stderr).not.toContain("hint: to leave out the rows without a customer id");
    const skipped = await cli(["--transactions", join(dir, "log.csv"), "--skip-missing-id", "-f", "json"]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(figures(skipped.stdout)[0]!.new).toEqual([1, "15.30"]);
    expect(skipped.stderr).toContain("warning: --skip-missing-id left out 2 rows without a customer id, amounting to 10.99");
  });

  it("reads gzip from standard input, and a TOTAL row is never a customer", async () => {
    const text = `${LOG}TOTAL,,155.50\n`;
    const run = await ceq(["--transactions", "-", "-f", "json"], { stdin: gzipSync(text) });
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)[0]!.new).toEqual([2, "115.50"]);
    expect(run.stderr).toContain('warning: <stdin>:9: customer id: "TOTAL" is a totals row, not a customer: left out; it reconciles');
  });

  it("rows in another currency are never added", async () => {
    const dir = folder({ "log.csv": "customer,date,amount,currency\nA,2024-01-01,10,USD\nB,2024-01-01,10,EUR\n" });
    const run = await cli(["--transactions", join(dir, "log.csv")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${join(dir, "log.csv")}:3: currency: "EUR" is not USD`);
  });

  it("--where filters a log's rows, and --fx-rates converts another currency's exactly", async () => {
    const dir = folder({
      "log.csv": "customer,date,amount,currency,status\nA,2024-01-01,10,USD,paid\nB,2024-02-01,10,EUR,paid\nC,2024-03-01,99,USD,void\n",
      "rates.csv": "currency,year,rate\nEUR,2024,1.0825\n",
    });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--where", "status!=void", "--fx-rates", join(dir, "rates.csv"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // 10 USD + 10 EUR × 1.0825 = 20.825, printed at the currency's 2 decimals (half to even)
    expect(figures(run.stdout)[0]!.new).toEqual([2, "20.82"]);
    expect(JSON.parse(run.stdout).fxRates).toEqual([{ currency: "EUR", year: 2024, rate: 1.0825 }]);
    expect(run.stderr).toContain('warning: --where "status!=void" left out 1 row\n');
  });

  it("validate --transactions reports the log's problems and its first and last period", async () => {
    const dir = folder({ "log.csv": `${LOG}D,2025-13-01,5\n` });
    const run = await cli(["validate", "--transactions", join(dir, "log.csv"), "--report", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.issues.map((i: { code: string; line: number | null }) => `${i.code} ${i.line}`)).toEqual(["bad-date 9", "first-period null", "partial-period null", "id-column 1"]);
    expect(report.files).toEqual([{ file: join(dir, "log.csv"), role: "transactions", rows: 8 }]);
  });

  it("options of a log are refused with phase exports, and --costs with quarters", async () => {
    const dir = folder({ "log.csv": LOG, "costs.csv": "year,acquisition cost,servicing cost\n2024,1,1\n" });
    const phases = await cli(["--new", join(dir, "log.csv"), "--skip-missing-id"]);
    expect(phases.code).toBe(2);
    expect(phases.stderr).toContain("error: --skip-missing-id reads transaction logs (--transactions) only");
    const costs = await cli(["--transactions", join(dir, "log.csv"), "--costs", join(dir, "costs.csv"), "--period", "quarter"]);
    expect(costs.code).toBe(2);
    expect(costs.stderr).toContain("--costs gives costs per year");
    const yearly = await cli(["--transactions", join(dir, "log.csv"), "--costs", join(dir, "costs.csv"), "-f", "json"]);
    expect(yearly.code, yearly.stderr).toBe(0);
    expect(JSON.parse(yearly.stdout).years[1].acquisition.cost).toBe(1);
    expect(readFileSync(join(dir, "costs.csv"), "utf8")).toContain("2024");
  });
});
