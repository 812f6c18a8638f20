/**
 * Which column of a log is the customer (issue 25): a customer-like column wins over a bare `id`
 * (Shopify's order number, Stripe's charge), the column chosen is named in a notice unless a flag
 * named it, and ids that never repeat over 50 rows or more are a warning, on every reading path.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatLog } from "../../../src/issues.js";
import { source } from "../../../src/io/source.js";
import { DEFAULT_CELLS } from "../../../src/read/options.js";
import { likelyCustomer, uniqueIdsWarning, type IdChoice } from "../../../src/read/id-choice.js";
import { readTransactions } from "../../../src/read/transactions.js";
import { resolveTxColumns } from "../../../src/schema/transaction.js";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const at = { file: "log.csv", line: 1 };
const idOf = (header: string[]) => {
  // Stripe's date, "Created (UTC)", is no default name: the missing date is beside the point here.
  const { columns, issues } = resolveTxColumns(header, {}, at, false);
  expect(issues.filter((i) => !i.detail?.startsWith("date"))).toEqual([]);
  return header[columns.id!];
};

describe("the customer id column of a log", () => {
  it.each([
    // Shopify's orders export: Name is the order number, Id the order's id, Email the customer
    [["Name", "Email", "Paid at", "Total", "Id"], "Email"],
    // Stripe's payments export: id is the charge
    [["id", "Created (UTC)", "Amount", "Customer ID", "Customer Email"], "Customer ID"],
    [["id", "date", "amount", "Customer Email"], "Customer Email"],
    [["ID", "Account", "Date", "Amount"], "Account"],
    [["Id", "Client", "Date", "Amount"], "Client"],
    [["Belegnummer", "Kunde", "Datum", "Betrag", "date", "amount"], "Kunde"],
    [["id", "Debitor", "date", "amount"], "Debitor"],
    [["CustomerID", "InvoiceDate", "Quantity", "UnitPrice"], "CustomerID"],
    [["id", "date", "amount"], "id"],
  ])("%j → %s", (header, chosen) => {
    expect(idOf(header)).toBe(chosen);
  });

  it("a flag still settles it, and a customer-like name twice is ambiguous rather than guessed", () => {
    expect(resolveTxColumns(["Email", "Id", "date", "amount"], { id: "Id" }, at, false).columns.id).toBe(1);
    const twice = resolveTxColumns(["Email", "e-mail", "date", "amount"], {}, at, false);
    expect(twice.issues.map((i) => i.code)).toEqual(["ambiguous-column"]);
  });
});

describe("ids that never repeat", () => {
  const choice = (header: string[], index: number): IdChoice => ({ file: "log.csv", line: 1, header, index, byFlag: false });

  it("warn from 50 rows with as many customers; fewer rows, or one repeat, say nothing", () => {
    const c = choice(["id", "date", "amount"], 0);
    expect(uniqueIdsWarning(c, 49, 49)).toBeUndefined();
    expect(uniqueIdsWarning(c, 50, 49)).toBeUndefined();
    expect(uniqueIdsWarning(c, 50, 50)).toEqual({ severity: "warning", code: "unique-ids", file: "log.csv", line: 1, column: "id", detail: "50 rows", remedy: { flag: "--id-column" } });
  });

  it("the hint names the likely customer column, never the chosen one nor an empty header", () => {
    expect(likelyCustomer(["Id", "", "Billing Name", "Email"], 0)).toBe("Email");
    expect(likelyCustomer(["Email", "Id"], 1)).toBe("Email");
    expect(likelyCustomer(["Email", "Id"], 0)).toBeUndefined();
    expect(likelyCustomer(["id", "Customer Name", "date"], 0)).toBe("Customer Name");
    expect(likelyCustomer(["id", "", "date"], 0)).toBeUndefined();
  });
});

/** A log of `rows` charges, each with an id of its own, by five customers named in another column. */
function charges(rows: number, repeat = false): { text: string; cents: number } {
  let cents = 0;
  const lines = ["id,Customer Name,date,amount"];
  for (let i = 0; i < rows; i++) {
    const amount = 1000 + 25 * i; // 10.00, 10.25, …
    cents += amount;
    // `repeat`: the last row has the id of the first, so that one id repeats once
    const id = repeat && i === rows - 1 ? "ch_0" : `ch_${i}`;
    lines.push(`${id},Customer ${i % 5},2024-${String(1 + (i % 12)).padStart(2, "0")}-15,${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`);
  }
  return { text: `${lines.join("\n")}\n`, cents };
}

describe("through the binary", () => {
  it("a Shopify orders export: Email is the customer, not Id; the notice says so, and the figures follow the customers", async () => {
    const dir = folder({
      "orders.csv": ["Name,Email,Paid at,Total,Id", "#1001,ann@example.com,2023-03-01,100.00,4501", "#1002,bob@example.com,2023-05-01,50.00,4502", "#1003,ann@example.com,2024-02-01,80.00,4503", "#1004,cy@example.com,2024-03-01,30.00,4504", ""].join("\n"),
    });
    const file = join(dir, "orders.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("notice:"))).toEqual([`notice: ${file}:1: using "Email" as the customer id (--id-column to choose another)`]);
    const years = (JSON.parse(run.stdout) as { years: { year: number; acquisition: { customers: number; revenue: number }; retention: { customers: number; revenue: number }; churn: { customers: number; revenue: number }; customerEquity: number }[] }).years;
    // 2023: ann 100 and bob 50 are new. 2024: ann retained (80), cy new (30), bob churned (his 50): 30 + 80 − 50 = 60.
    // (Read by Id, 2024 would be two new orders and two churned ones: 110 − 150 = −40.)
    expect(years.map((y) => [y.year, y.acquisition.customers, y.acquisition.revenue, y.retention.customers, y.retention.revenue, y.churn.customers, y.churn.revenue, y.customerEquity])).toEqual([
      [2023, 2, 150, 0, 0, 0, 0, 150],
      [2024, 1, 30, 1, 80, 1, 50, 60],
    ]);
    // Named by a flag, no notice.
    const named = await cli(["--transactions", file, "--id-column", "Email", "-f", "json"]);
    expect(named.stdout).toBe(run.stdout);
    expect(named.stderr).not.toContain("notice:");
  });

  it("an id column that never repeats over 55 rows is a warning whose hint names the likely customer column; --strict makes it an error", async () => {
    const { text, cents } = charges(55);
    const dir = folder({ "charges.csv": text });
    const file = join(dir, "charges.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split("\n");
    const warning = lines.indexOf(`warning: ${file}:1: id: never repeats in 55 rows: each row is a customer of its own, which looks like an order or charge id, not a customer's`);
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(lines[warning + 1]).toBe('hint: if "Customer Name" holds the customer, name it: --id-column "Customer Name"');
    expect(lines).toContain(`notice: ${file}:1: using "id" as the customer id (--id-column to choose another)`);
    const strict = await cli(["--transactions", file, "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");

    const fixed = await cli(["--transactions", file, "--id-column", "Customer Name", "-f", "json"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).not.toContain("never repeats");
    const year = (JSON.parse(fixed.stdout) as { years: { acquisition: { customers: number; revenue: number } }[] }).years[0]!;
    // Five customers, all new in the log's one year; the revenue is every row's, summed in cents.
    expect(year.acquisition).toMatchObject({ customers: 5, revenue: cents / 100 });
  });

  it("no likely customer column: the hint names the flag", async () => {
    const dir = folder({ "charges.csv": charges(50).text.replace("Customer Name", "Description") });
    const run = await cli(["--transactions", join(dir, "charges.csv")]);
    expect(run.stderr).toContain("never repeats in 50 rows");
    expect(run.stderr).toContain("\nhint: name the column that holds the customer: --id-column NAME\n");
  });
});

describe("every reading path agrees on the warning", () => {
  async function warnings(path: string, threads: number): Promise<{ lines: string[]; sharded: boolean }> {
    const log = await readTransactions({ sources: [source(path)], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 100, strict: false, threads, minBytes: 0 });
    const sharded = log.shard !== undefined;
    log.shard?.close();
    return { lines: formatLog(log.log).filter((l) => l.includes("never repeats")), sharded };
  }

  it.each([
    ["plain lines", (t: string) => t],
    // An id with a space before it takes the slow path: the main thread reads it, and hands the
    // worker those of its shard. (A quote would send the whole file back to one thread.)
    ["slow lines", (t: string) => t.replace(/\nch_/g, "\n ch_")],
    ["plain and slow lines", (t: string) => t.replace(/\nch_(\d*[13579]),/g, "\n ch_$1,")],
  ])("on %s, one thread and two: unique ids warn, one repeated id anywhere does not", async (_, shape) => {
    const dir = folder();
    const unique = join(dir, "unique.csv");
    const repeated = join(dir, "repeated.csv");
    writeFileSync(unique, shape(charges(80).text));
    writeFileSync(repeated, shape(charges(80, true).text));
    const [one, two] = await Promise.all([warnings(unique, 1), warnings(unique, 2)]);
    expect(two.sharded).toBe(true);
    expect(one.lines).toEqual([`warning: ${unique}:1: id: never repeats in 80 rows: each row is a customer of its own, which looks like an order or charge id, not a customer's`]);
    expect(two.lines).toEqual(one.lines);
    const [oneRepeat, twoRepeat] = await Promise.all([warnings(repeated, 1), warnings(repeated, 2)]);
    expect(twoRepeat.sharded).toBe(true);
    expect(oneRepeat.lines).toEqual([]);
    expect(twoRepeat.lines).toEqual([]);
  });
});
