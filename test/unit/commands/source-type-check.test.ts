/**
 * The QuickBooks and NetSuite presets read past nothing: their type column is checked against the
 * system's sales transactions (`revenueValues`), so a purchase, deposit or journal entry in the
 * export is an error naming it, never revenue. Before, both presets had `"ignoreColumn"` on the type
 * column and counted every type their `--where` filters did not drop. The two audit reproductions,
 * figures worked by hand in the comments; `--revenue-values` on its own; and one run of the binary.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
/** The CSV result's row of a year, by column name. */
function year(stdout: string, y: string): Record<string, string> {
  const [head, ...rows] = stdout.trim().split("\n").map((l) => l.split(","));
  const row = rows.find((r) => r[0] === y)!;
  return Object.fromEntries(head!.map((h, i) => [h, row[i]!]));
}

// A QuickBooks Online Transaction List by Date with a sale among a company's other transactions
// (the audit's qb_expense.csv). Lines: 1-3 title, 4 blank, 5 header, 6 Invoice, 7 Payment,
// 8 Expense, 9 Bill, 10 Deposit, 11 Journal Entry.
const QB = `Transaction List by Date
My Company
"January 1, 2024 - December 31, 2024"

Date,Transaction Type,Num,Posting,Name,Memo/Description,Account,Split,Amount
01/15/2024,Invoice,1001,Yes,Amy's Bird Sanctuary,Garden design,Accounts Receivable (A/R),Services,"1,000.00"
02/01/2024,Payment,,Yes,Amy's Bird Sanctuary,,Undeposited Funds,Accounts Receivable (A/R),"1,000.00"
02/10/2024,Expense,,Yes,Home Depot,Supplies,Checking,Job Materials,-300.00
02/11/2024,Bill,B7,Yes,Norton Lumber,,Accounts Payable (A/P),Job Materials,450.00
02/12/2024,Deposit,,Yes,Bill's Windsurf Shop,,Checking,Undeposited Funds,250.00
02/13/2024,Journal Entry,JE1,Yes,Amy's Bird Sanctuary,,Accounts Receivable (A/R),-Split-,75.00
`;

// A NetSuite main-line transaction search (the audit's ns_types.csv). Lines: 1 header, 2 Invoice,
// 3 Customer Deposit, 4 Customer Refund, 5 Vendor Bill.
const NS = `Internal ID,Date,Type,Document Number,Name,Memo,Account,Status,Amount
101,1/15/2024,Invoice,INV1001,Acme Corp,,1200 Accounts Receivable,Paid In Full,1000.00
102,1/10/2024,Customer Deposit,DEP1,Acme Corp,,1100 Undeposited Funds,Fully Applied,1000.00
103,2/1/2024,Customer Refund,CR1,Beta LLC,,1000 Checking,,200.00
104,2/2/2024,Vendor Bill,VB1,Office Supplies Inc,,2000 Accounts Payable,Paid In Full,500.00
`;

const dir = folder({ "qb_expense.csv": QB, "ns_types.csv": NS, "kinds.csv": "customer,date,amount,Kind\na,2023-01-01,100,Sale\nb,2023-02-01,50,Transfer\nb,2023-03-01,-20,Return\n" });
const qb = join(dir, "qb_expense.csv");
const ns = join(dir, "ns_types.csv");
const kinds = join(dir, "kinds.csv");

const QB_SALES = "(Invoice, Sales Receipt, Credit Memo, Refund Receipt)";
const QB_HOLDS = '"Invoice" 1, "Expense" 1, "Bill" 1, "Deposit" 1, "Journal Entry" 1';

describe("--source quickbooks on a Transaction List that holds purchases, deposits and journal entries", () => {
  it("each type that is not a sale is an error with its row count and the --where that drops it; nothing on stdout (before: revenue 1775, 3 customers, no word)", async () => {
    const run = await cli(["--transactions", qb, "--source", "quickbooks", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual(
      [
        [8, "Expense"],
        [9, "Bill"],
        [10, "Deposit"],
        [11, "Journal Entry"],
      ].map(([line, type]) => `error: ${qb}:${line}: Transaction Type: "${type}" marks rows that are not revenue, and they were not left out: 1 row, not among the revenue values --revenue-values names for the column ${QB_SALES}; the column holds ${QB_HOLDS}`),
    );
    expect(run.stderr).toContain('hint: leave them out: --where "Transaction Type!=Expense" (or, if these rows are revenue after all, name them with the column\'s revenue values: --revenue-values "Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt,Expense")');
    // The payment is still left out by the preset's filter, and counted.
    expect(run.stderr).toContain('warning: --where "Transaction Type!=Payment" left out 1 row, --where "Posting=Yes" left out 0 rows');
  });

  it("with those types left out (the preset's filters given again beside them), the one sale: 1 customer, 1000.00", async () => {
    const drop = ["Expense", "Bill", "Deposit", "Journal Entry"].flatMap((t) => ["--where", `Transaction Type!=${t}`]);
    const run = await cli(["--transactions", qb, "--source", "quickbooks", "-f", "csv", "--where", "Transaction Type!=Payment", "--where", "Posting=Yes", ...drop]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(year(run.stdout, "2024")).toMatchObject({ new_customers: "1", new_revenue: "1000.00", inactive_customers: "0", inactive_revenue: "0.00", customer_equity: "1000.00" });
  });

  it("a type named among the revenue values counts: Deposit 250.00 of Bill's Windsurf Shop beside Amy's 1,000.00 invoice", async () => {
    const drop = ["Expense", "Bill", "Journal Entry"].flatMap((t) => ["--where", `Transaction Type!=${t}`]);
    const run = await cli(["--transactions", qb, "--source", "quickbooks", "-f", "csv", "--where", "Transaction Type!=Payment", ...drop, "--revenue-values", "Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt,Deposit"]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(year(run.stdout, "2024")).toMatchObject({ new_customers: "2", new_revenue: "1250.00" });
  });
});

describe("--source netsuite on a search that returns deposits, refunds and vendor bills", () => {
  it("Customer Deposit, Customer Refund and Vendor Bill are each an error; nothing on stdout (before: revenue 2700, no word)", async () => {
    const run = await cli(["--transactions", ns, "--source", "netsuite", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const holds = '"Invoice" 1, "Customer Deposit" 1, "Customer Refund" 1, "Vendor Bill" 1';
    expect(errorLines(run.stderr)).toEqual(
      [
        [3, "Customer Deposit"],
        [4, "Customer Refund"],
        [5, "Vendor Bill"],
      ].map(([line, type]) => `error: ${ns}:${line}: Type: "${type}" marks rows that are not revenue, and they were not left out: 1 row, not among the revenue values --revenue-values names for the column (Invoice, Cash Sale, Credit Memo, Cash Refund); the column holds ${holds}`),
    );
    expect(run.stderr).toContain('hint: leave them out: --where "Type!=Customer Deposit"');
  });

  it("--ignore-column still reads past the type column when the user says every row is revenue: 1000 + 1000 + 200 + 500 = 2700.00", async () => {
    const run = await cli(["--transactions", ns, "--source", "netsuite", "-f", "csv", "--ignore-column", "Type"]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(year(run.stdout, "2024")).toMatchObject({ new_customers: "3", new_revenue: "2700.00" });
  });
});

describe("--revenue-values on any log", () => {
  // a: Sale 100.00; b: Transfer 50.00 and Return −20.00.
  it("checks a column whatever its name: a value not named is an error", async () => {
    const run = await cli(["--transactions", kinds, "--revenue-values", "Kind=Sale,Return", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${kinds}:3: Kind: "Transfer" marks rows that are not revenue, and they were not left out: 1 row, not among the revenue values --revenue-values names for the column (Sale, Return); the column holds "Sale" 1, "Transfer" 1, "Return" 1`,
    ]);
  });

  it("from a config file, as a list, beside the --where that drops the rest: a 100.00, b −20.00 (inactive)", async () => {
    const config = join(folder({ "c.json": JSON.stringify({ revenueValues: ["Kind=Sale,Return"], where: ["Kind!=Transfer"] }) }), "c.json");
    const run = await cli(["--transactions", kinds, "--config", config, "-f", "csv"]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(year(run.stdout, "2023")).toMatchObject({ new_customers: "1", new_revenue: "100.00", inactive_customers: "1", inactive_revenue: "-20.00" });
  });

  it("a column the file lacks is an error, as a --where's is; a text without a column and values, or a column twice, is a usage error", async () => {
    const missing = await cli(["--transactions", kinds, "--revenue-values", "Type=Sale"]);
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([`error: ${kinds}:1: missing required column "Type" (named by --revenue-values "Type=Sale"); found: customer, date, amount, Kind`]);
    const bad = await cli(["--transactions", kinds, "--revenue-values", "Kind"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected COLUMN=VALUE,VALUE,…");
    const twice = await cli(["--transactions", kinds, "--revenue-values", "Kind=Sale", "--revenue-values", "kind=Return"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('names the column "kind" again: give all its revenue values in one');
  });

  it("ceq sql refuses it: the query would not check the values", async () => {
    const run = await cli(["sql", "--dialect", "duckdb", "--transactions", kinds, "--revenue-values", "Kind=Sale"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: ceq sql does not carry out --revenue-values: the query would read every row and amount as they are");
  });
});

describe("the built binary", () => {
  it("--source quickbooks on the audit's Transaction List: exit 1, four errors, empty stdout", async () => {
    const run = await ceq(["--transactions", qb, "--source", "quickbooks", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr).map((l) => l.split(": ").slice(1, 4).join(": "))).toEqual(
      [
        [8, "Expense"],
        [9, "Bill"],
        [10, "Deposit"],
        [11, "Journal Entry"],
      ].map(([line, type]) => `${qb}:${line}: Transaction Type: "${type}" marks rows that are not revenue, and they were not left out`),
    );
    expect(run.stderr).toContain("error: 4 errors in the input; no result was written");
  });
});
