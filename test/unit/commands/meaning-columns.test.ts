/**
 * Issue 25: a column whose meaning changes the number is applied or refused, never ignored. Each
 * export below gave a wrong number without a word before: refunds not subtracted, failed charges,
 * voided invoices and payment rows added in. Figures are worked by hand in the comments.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { source } from "../../../src/io/source.js";
import { DEFAULT_CELLS } from "../../../src/read/options.js";
import { readInputs } from "../../../src/read/inputs.js";
import { readTransactions } from "../../../src/read/transactions.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const hintLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("hint: "));
const json = (stdout: string) => JSON.parse(stdout) as { years: Record<string, unknown>[] };
const figures = (stdout: string) =>
  json(stdout).years.map((y) => {
    const p = y as { year: number; acquisition: { customers: number; revenue: number }; retention: { customers: number; revenue: number }; churn: { customers: number; revenue: number }; inactive: { customers: number; revenue: number }; customerEquity: number };
    return [p.year, p.acquisition.customers, p.acquisition.revenue, p.retention.customers, p.retention.revenue, p.churn.customers, p.churn.revenue, p.inactive.customers, p.inactive.revenue, p.customerEquity];
  });

// A payments export as Stripe writes one: the charge, what was refunded of it and when, its status.
const PAYMENTS = [
  "id,Created date (UTC),Amount,Amount Refunded,Refunded At,Currency,Status,Customer ID",
  "ch_1,2023-01-05,100.00,0.00,,usd,Paid,cus_A",
  "ch_2,2023-02-05,50.00,20.00,2023-02-20,usd,Paid,cus_B",
  "ch_3,2023-03-05,70.00,0.00,,usd,Failed,cus_C",
  "ch_4,2024-01-05,80.00,80.00,2025-01-10,usd,Refunded,cus_A",
  "ch_5,2024-02-05,40.30,0.10,2024-02-06,usd,Paid,cus_B",
].join("\n");

describe("a refund column", () => {
  const dir = folder({ "payments.csv": `${PAYMENTS}\n` });
  const file = join(dir, "payments.csv");
  const base = ["--transactions", file, "--date-column", "Created date (UTC)", "-f", "json"];

  it("left unread is an error naming the column, the rows, their total and the flags that settle it; nothing on stdout", async () => {
    const run = await ceq(base);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${file}:1: Amount Refunded: is a refund or adjustment column, so it changes what the amounts mean: 3 rows hold a non-zero amount here, 100.10 in all (the first on line 3), and the amounts were not netted by it`,
      `error: ${file}:4: Status: "Failed" marks rows that are not revenue, and they were not left out: 1 row; the column holds "Paid" 3, "Failed" 1, "Refunded" 1`,
      `error: ${file}:5: Status: "Refunded" marks rows that are not revenue, and they were not left out: 1 row (a refund: --refund-column with the refunded amount's column nets it); the column holds "Paid" 3, "Failed" 1, "Refunded" 1`,
    ]);
    expect(hintLines(run.stderr)).toEqual([
      'hint: if the amounts are before refunds, net them: --refund-column "Amount Refunded"; if they are already net, say so: --ignore-column "Amount Refunded"',
      'hint: leave them out: --where "Status=Paid" (or, if these rows are revenue after all, --ignore-column "Status")',
    ]);
  });

  it("--refund-column nets each charge exactly; a charge refunded in full is no purchase; a refunded status is settled", async () => {
    const run = await cli([...base, "--refund-column", "Amount Refunded", "--where", "Status!=Failed"]);
    expect(run.code, run.stderr).toBe(0);
    // 2023: A 100.00, B 50.00 − 20.00 = 30.00, both new: 130.00.
    // 2024: A 80.00 − 80.00 = 0, refunded in full: inactive. B 40.30 − 0.10 = 40.20 retained.
    //       A churned with their 2023 revenue, 100.00: 40.20 − 100.00 = −59.80.
    expect(figures(run.stdout)).toEqual([
      [2023, 2, 130, 0, 0, 0, 0, 0, 0, 130],
      [2024, 0, 0, 1, 40.2, 1, 100, 1, 0, -59.8],
    ]);
  });

  it("--refund-date-column books each refund in the period of its own date", async () => {
    const run = await cli([...base, "--refund-column", "Amount Refunded", "--refund-date-column", "Refunded At", "--where", "Status!=Failed"]);
    expect(run.code, run.stderr).toBe(0);
    // 2023: A 100.00; B 50.00 and its refund of 20.00 on 2023-02-20: 30.00. New 130.00.
    // 2024: A 80.00 stands (refunded in 2025), B 40.30 − 0.10 (2024-02-06) = 40.20: retained 120.20.
    // 2025: A's refund of 80.00 alone: inactive, −80.00; A and B churned with 120.20.
    expect(figures(run.stdout)).toEqual([
      [2023, 2, 130, 0, 0, 0, 0, 0, 0, 130],
      [2024, 0, 0, 2, 120.2, 0, 0, 0, 0, 120.2],
      [2025, 0, 0, 0, 0, 2, 120.2, 1, -80, -120.2],
    ]);
  });

  it("--ignore-column says the amounts are already net: the gross figures, and the refunded status is still named", async () => {
    const ignored = await cli([...base, "--ignore-column", "Amount Refunded", "--where", "Status!=Failed"]);
    expect(ignored.code).toBe(1);
    expect(errorLines(ignored.stderr).map((l) => l.replace(/^error: .*?:(\d+): /, "$1 "))).toEqual([
      `5 Status: "Refunded" marks rows that are not revenue, and they were not left out: 1 row (a refund: --refund-column with the refunded amount's column nets it); the column holds "Paid" 3, "Refunded" 1`,
    ]);
    const run = await cli([...base, "--ignore-column", "Amount Refunded", "--ignore-column", "Status", "--where", "Status!=Failed"]);
    expect(run.code, run.stderr).toBe(0);
    // 2023: 100.00 + 50.00; 2024: 80.00 + 40.30 retained.
    expect(figures(run.stdout)).toEqual([
      [2023, 2, 150, 0, 0, 0, 0, 0, 0, 150],
      [2024, 0, 0, 2, 120.3, 0, 0, 0, 0, 120.3],
    ]);
  });

  it("a refund larger than its charge, a negative refund and a refund with no date are errors naming the row", async () => {
    const bad = folder({ "p.csv": "Customer ID,Date,Amount,Refund,Refund Date\nA,2024-01-01,10.00,10.01,2024-01-02\nB,2024-01-01,10.00,-1.00,2024-01-02\nC,2024-01-01,10.00,1.00,\n" });
    const f = join(bad, "p.csv");
    const run = await cli(["--transactions", f, "--refund-column", "Refund", "--refund-date-column", "Refund Date"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${f}:2: Refund: "10.01" is not a refund: the refund is more than the row's amount, 10.00: a refund nets the charge it belongs to`,
      `error: ${f}:3: Refund: "-1.00" is not a refund: a refund column holds what was refunded, as a positive amount`,
      `error: ${f}:4: Refund Date: "" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY/MM/DD, in the years 1900 to 2200)`,
    ]);
  });

  it("refunds in minor units, as amounts are with --minor-units (Stripe's API exports cents)", async () => {
    const cents = folder({ "p.csv": "customer,created,amount,amount_refunded\nA,2024-01-05,4900,900\nB,2024-01-06,1999,0\nC,2024-01-07,1000,10.5\n" });
    const f = join(cents, "p.csv");
    const run = await cli(["--transactions", f, "--minor-units", "--refund-column", "amount_refunded", "--date-column", "created", "-f", "json"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${f}:4: amount_refunded: "10.5" has a decimal point, but --minor-units reads amounts as whole numbers of the currency's minor unit (4900 is 49.00): drop --minor-units if the amounts are in the major unit`]);
    const ok = folder({ "p.csv": "customer,created,amount,amount_refunded\nA,2024-01-05,4900,900\nB,2024-01-06,1999,0\n" });
    const good = await cli(["--transactions", join(ok, "p.csv"), "--minor-units", "--refund-column", "amount_refunded", "--date-column", "created", "-f", "json"]);
    expect(good.code, good.stderr).toBe(0);
    // 49.00 − 9.00 + 19.99 = 59.99
    expect(figures(good.stdout)).toEqual([[2024, 2, 59.99, 0, 0, 0, 0, 0, 0, 59.99]]);
  });

  it("flags that name no column of the file, or a refund date without a refund, are said", async () => {
    const run = await cli([...base, "--refund-column", "Refunds"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)[0]).toContain('missing required column "Refunds" (named by --refund-column "Refunds")');
    const phases = await cli(["--dir", folder({ "new.csv": "customer,year,revenue\nA,2024,1\n" }), "--refund-column", "r", "--refund-date-column", "d"]);
    expect(phases.code).toBe(2);
    expect(phases.stderr).toContain("error: --refund-date-column reads transaction logs (--transactions) only");
    const usage = await cli([...base, "--refund-date-column", "Refunded At"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--refund-date-column says when the refunds of --refund-column were made: give --refund-column too");
  });
});

describe("status and type columns", () => {
  // An accounting search (NetSuite-shaped): invoices, the payments that settle them, a credit memo, a voided invoice.
  const SEARCH = [
    "Customer,Date,Type,Status,Amount",
    "Acme,2023-03-01,Invoice,Paid In Full,1000.10",
    "Acme,2023-03-20,Payment,Deposited,1000.10",
    "Beta,2023-05-01,Invoice,Paid In Full,500.20",
    "Beta,2023-05-02,Invoice,Voided,500.20",
    "Beta,2023-05-30,Payment,Deposited,500.20",
    "Acme,2024-02-01,Invoice,Paid In Full,0.30",
    "Acme,2024-02-02,Credit Memo,Applied,-0.10",
  ].join("\n");
  const dir = folder({ "search.csv": `${SEARCH}\n` });
  const file = join(dir, "search.csv");

  it("payment rows, a voided invoice and a credit memo are errors with their counts; unknown statuses are named", async () => {
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr).map((l) => l.replace(`${file}:`, ""))).toEqual([
      'error: 3: Type: "Payment" marks rows that are not revenue, and they were not left out: 2 rows; the column holds "Invoice" 4, "Payment" 2, "Credit Memo" 1',
      'error: 8: Type: "Credit Memo" marks rows that are not revenue, and they were not left out: 1 row; the column holds "Invoice" 4, "Payment" 2, "Credit Memo" 1',
      'error: 5: Status: "Voided" marks rows that are not revenue, and they were not left out: 1 row; the column holds "Paid In Full" 3, "Deposited" 2, "Voided" 1, "Applied" 1',
    ]);
    expect(run.stderr).toContain('warning: ' + file + ':8: Status: has values not known as revenue or not, read as revenue: "Applied" (1 row)');
    expect(hintLines(run.stderr)[0]).toBe('hint: leave them out: --where "Type=Invoice" (or, if these rows are revenue after all, --ignore-column "Type")');
  });

  it("the --where filters that leave them out give the invoices' figures, to the cent", async () => {
    const run = await cli(["--transactions", file, "--where", "Type=Invoice", "--where", "Status!=Voided", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // 2023: Acme 1000.10, Beta 500.20 new: 1500.30. 2024: Acme 0.30 retained; Beta churned with 500.20.
    expect(figures(run.stdout)).toEqual([
      [2023, 2, 1500.3, 0, 0, 0, 0, 0, 0, 1500.3],
      [2024, 0, 0, 1, 0.3, 1, 500.2, 0, 0, -499.9],
    ]);
  });

  it("credit memos kept as negative revenue: drop the payments, then read past the type column", async () => {
    const run = await cli(["--transactions", file, "--where", "Type!=Payment", "--where", "Status!=Voided", "--ignore-column", "Type", "--ignore-column", "Status", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // 2024: Acme 0.30 − 0.10 = 0.20 retained (exact: a double gives 0.19999999999999998).
    expect(figures(run.stdout)[1]).toEqual([2024, 0, 0, 1, 0.2, 1, 500.2, 0, 0, -500]);
  });

  it("a column of known revenue values only passes silently; unknown values warn, and fail under --strict", async () => {
    const clean = folder({ "t.csv": "Customer ID,Date,Amount,Financial Status\nA,2024-01-01,10,paid\nB,2024-01-01,5,Paid\n" });
    const ok = await cli(["--transactions", join(clean, "t.csv"), "--strict", "-f", "csv"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain("Financial Status");
    const odd = folder({ "t.csv": "Customer ID,Date,Amount,Financial Status\nA,2024-01-01,10,paid\nB,2024-01-01,5,on the way\n" });
    const warned = await cli(["--transactions", join(odd, "t.csv"), "-f", "csv"]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Financial Status: has values not known as revenue or not, read as revenue: "on the way" (1 row)');
    expect(warned.stderr).toContain('hint: if every row is revenue, say so: --ignore-column "Financial Status"');
    const strict = await cli(["--transactions", join(odd, "t.csv"), "--strict", "-f", "csv"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
  });

  it("HubSpot deals: open and lost stages are no sales; the closed-won deals are the company's transactions", async () => {
    const deals = folder({ "deals.csv": "Record ID,Deal Name,Deal Stage,Close Date,Amount,Company\n1,A-1,closedwon,2023-04-01,1200,Acme\n2,B-1,closedlost,2023-06-01,900,Beta\n3,C-1,contractsent,2024-02-01,700,Cyan\n4,A-2,closedwon,2024-04-01,1500,Acme\n" });
    const f = join(deals, "deals.csv");
    const refused = await cli(["--transactions", f, "--id-column", "Company", "--date-column", "Close Date"]);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr).map((l) => l.replace(/^.*?: Deal Stage: /, ""))).toEqual([
      '"closedlost" marks rows that are not revenue, and they were not left out: 1 row; the column holds "closedwon" 2, "closedlost" 1, "contractsent" 1',
      '"contractsent" marks rows that are not revenue, and they were not left out: 1 row; the column holds "closedwon" 2, "closedlost" 1, "contractsent" 1',
    ]);
    const run = await cli(["--transactions", f, "--id-column", "Company", "--date-column", "Close Date", "--where", "Deal Stage=closedwon", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // Acme won in 2023 (1200) and again in 2024 (1500): new then retained; nobody churned.
    expect(figures(run.stdout)).toEqual([
      [2023, 1, 1200, 0, 0, 0, 0, 0, 0, 1200],
      [2024, 0, 0, 1, 1500, 0, 0, 0, 0, 1500],
    ]);
  });

  it("yes/no columns: a voided row, or an unpaid one, is no revenue", async () => {
    const dir = folder({ "t.csv": "Customer ID,Date,Amount,Voided,Paid\nA,2024-01-01,10,false,true\nB,2024-01-01,5,TRUE,true\nC,2024-01-02,7,no,no\n" });
    const run = await cli(["--transactions", join(dir, "t.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr).map((l) => l.replace(/^.*?t\.csv:/, ""))).toEqual([
      '3: Voided: "TRUE" marks rows that are not revenue, and they were not left out: 1 row; the column holds "false" 1, "TRUE" 1, "no" 1',
      '4: Paid: "no" marks rows that are not revenue, and they were not left out: 1 row; the column holds "true" 2, "no" 1',
    ]);
  });
});

describe("phase exports", () => {
  it("a refund column in a phase file is refused, then netted exactly by --refund-column", async () => {
    const dir = folder({
      "new.csv": "customer,year,revenue,credit\nA,2024,100.10,0.10\nB,2024,50.20,\n",
      "retained.csv": "customer,year,revenue\nC,2024,10.00\n",
      "churned.csv": "customer,year,revenue,status\nD,2024,30.00,Cancelled\n",
    });
    const refused = await cli(["--dir", dir]);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:1: credit: is a refund or adjustment column, so it changes what the amounts mean: 1 row holds a non-zero amount here, 0.10 in all (the first on line 2), and the amounts were not netted by it`,
    ]);
    const run = await cli(["--dir", dir, "--refund-column", "credit", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // New: 100.10 − 0.10 + 50.20 = 150.20; retained 10.00; churned 30.00 (Cancelled is why D is there).
    const year = json(run.stdout).years[0] as { acquisition: { revenue: number }; retention: { revenue: number }; churn: { revenue: number }; customerEquity: number };
    expect([year.acquisition.revenue, year.retention.revenue, year.churn.revenue, year.customerEquity]).toEqual([150.2, 10, 30, 130.2]);
  });

  it("a status in a phase file that says the row is no revenue is an error", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `c${i},2024,1.00,${i === 2500 ? "void" : "paid"}`).join("\n");
    const dir = folder({ "new.csv": `customer,year,revenue,status\n${rows}\n` });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:2502: status: "void" marks rows that are not revenue, and they were not left out: 1 row; the column holds "paid" 2,999, "void" 1`,
    ]);
  });
});

describe("every reading path sees the meaning columns", () => {
  const lines = (date: string) => Array.from({ length: 3000 }, (_, i) => `c${i},${date},1.00,${i === 2500 ? "void" : "paid"}`).join("\n");
  const dir = folder({ "new.csv": `customer,year,revenue,status\n${lines("2024")}\n`, "log.csv": `customer,date,revenue,status\n${lines("2024-01-01")}\n` });
  const file = join(dir, "log.csv");

  it("phase exports read in byte ranges across threads", async () => {
    const { log } = await readInputs({ inputs: { phases: { acquisition: [source(join(dir, "new.csv"))] } }, parallel: { threads: 2, rangeBytes: 256, minBytes: 1 } });
    expect(log.errors.map((i) => [i.code, i.line, i.value])).toEqual([["non-revenue-status", 2502, "void"]]);
  });

  it("a log read by two threads", async () => {
    const { log } = await readTransactions({ sources: [source(file)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 50, strict: false, threads: 2, minBytes: 0 });
    expect(log.errors.map((i) => [i.code, i.line, i.value])).toEqual([["non-revenue-status", 2502, "void"]]);
  });
});

describe("ceq sql", () => {
  const dir = folder({ "payments.csv": `${PAYMENTS}\n`, "clean.csv": "customer_id,date,amount\nA,2024-01-01,1.00\n" });
  const file = join(dir, "payments.csv");

  it("refuses a DuckDB file whose header has a refund or status column the query would not read", async () => {
    const run = await cli(["sql", "--dialect", "duckdb", "--transactions", file, "--date-column", "Created date (UTC)"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(`error: ${file}: "Amount Refunded", "Status" are columns whose name says they change the amounts (a refund, an adjustment, a status or type), which the query would not read`);
    // Its currency column next: every row is in usd, which only --ignore-column can tell the query
    const meaningless = ["--ignore-column", "Amount Refunded", "--ignore-column", "Status"];
    const currency = await cli(["sql", "--dialect", "duckdb", "--transactions", file, "--date-column", "Created date (UTC)", ...meaningless]);
    expect(currency.code).toBe(1);
    expect(currency.stdout).toBe("");
    expect(currency.stderr.split("\n")[0]).toBe(`error: ${file}: "Currency" is a currency column, which the query would not read: amounts in other currencies would be added in as they are`);
    const ignored = await cli(["sql", "--dialect", "duckdb", "--transactions", file, "--date-column", "Created date (UTC)", ...meaningless, "--ignore-column", "currency"]);
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stdout).toContain("SELECT");
  });

  it("refuses a log in two currencies through --warehouse, as ceq refuses the file: no figure where EUR would be added to USD", async () => {
    const mixed = join(folder({ "mixed.csv": "customer_id,date,amount,currency\nA,2024-01-05,10.00,USD\nB,2024-02-01,20.00,EUR\n" }), "mixed.csv");
    const direct = await cli(["--transactions", mixed]);
    expect(direct.code).toBe(1);
    const run = await cli(["--warehouse", "duckdb:", "--transactions", mixed, "--format", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${mixed}: "currency" is a currency column, which the query would not read: amounts in other currencies would be added in as they are`);
    expect(run.stderr).toContain(`hint: check the figures with ceq itself (ceq --transactions ${mixed}), which refuses other currencies or converts them with --fx-rates`);
  });

  it("refuses a phase export with a currency column, through ceq sql and --warehouse, as ceq refuses the file: EUR is never added to USD", async () => {
    const mixed = join(folder({ "new.csv": "year,revenue,currency\n2024,10.00,EUR\n2024,5.00,USD\n" }), "new.csv");
    const direct = await cli(["--new", mixed]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain(`error: ${mixed}:2: currency: "EUR" is not USD, the currency of this run`);
    for (const args of [["sql", "--dialect", "duckdb", "--new", mixed], ["--warehouse", "duckdb:", "--new", mixed, "--format", "csv"]]) {
      const run = await cli(args);
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`error: ${mixed}: "currency" is a currency column, which the query would not read: amounts in other currencies would be added in as they are`);
      expect(run.stderr).toContain(`hint: check the figures with ceq itself (ceq --new ${mixed}), which refuses other currencies or converts them with --fx-rates`);
    }
    // One currency in every row, said with --ignore-column: the query is written.
    const said = await cli(["sql", "--dialect", "duckdb", "--new", mixed, "--ignore-column", "currency"]);
    expect(said.code, said.stderr).toBe(0);
    expect(said.stdout).toContain("SELECT");
  });

  it("refuses reading options it does not carry out, rather than dropping them", async () => {
    for (const extra of [["--where", "Status=Paid"], ["--refund-column", "Amount Refunded"], ["--currency-column", "Currency"], ["--decimal-comma"]]) {
      const run = await cli(["sql", "--dialect", "duckdb", "--transactions", join(dir, "clean.csv"), ...extra]);
      expect(run.code, extra.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`error: ceq sql does not carry out ${extra[0]}: the query would read every row and amount as they are`);
    }
  });
});
