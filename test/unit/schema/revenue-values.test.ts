/**
 * `--revenue-values COLUMN=VALUE,…` (and a preset's `revenueValues`): a status or type column whose
 * revenue values the run names. Those values are revenue, whatever the built-in lists say of them
 * (a Credit Memo is revenue taken back); any other value is not revenue, an error naming it.
 * Pure parts: parsing, which columns are checked, how values read, what the tally reports.
 */
import { describe, expect, it } from "vitest";
import { classifyStatus, meaningColumns, parseRevenueValues } from "../../../src/schema/meaning.js";
import { MeaningTally } from "../../../src/read/meaning-tally.js";
import { hintOf } from "../../../src/issues.js";
import { decimalText } from "../../support/decimal-text.js";
import { SOURCE_NAMES, SOURCES } from "../../../src/schema/sources/index.js";

const SALES = ["Invoice", "Sales Receipt", "Credit Memo", "Refund Receipt"];

describe("parseRevenueValues", () => {
  it("the column before the first =, the values after it, comma-separated and trimmed", () => {
    expect(parseRevenueValues("Transaction Type=Invoice, Sales Receipt ,Credit Memo")).toEqual({ column: "Transaction Type", values: ["Invoice", "Sales Receipt", "Credit Memo"] });
    expect(parseRevenueValues(" Type = Invoice")).toEqual({ column: "Type", values: ["Invoice"] });
  });

  it("no column, no =, or an empty value is a message, not a guess", () => {
    for (const bad of ["Invoice", "=Invoice", "Type=", "Type=Invoice,,Credit Memo", "Type=Invoice,"]) {
      expect(typeof parseRevenueValues(bad), bad).toBe("string");
    }
    expect(parseRevenueValues("Type")).toMatch(/^expected COLUMN=VALUE,VALUE,…/);
  });
});

describe("meaningColumns with declared revenue values", () => {
  const header = ["Date", "Transaction Type", "Name", "Kind", "Amount"];
  const declared = [{ column: "transaction_type", values: SALES }];

  it("the declared column is a status column carrying its values (the name compares as column names do)", () => {
    expect(meaningColumns(header, new Set([0, 2, 4]), [], declared)).toEqual([{ index: 1, name: "Transaction Type", kind: "status", revenueValues: SALES }]);
    // Without the declaration the same header's type column is an ordinary status column.
    expect(meaningColumns(header, new Set([0, 2, 4]), [])).toEqual([{ index: 1, name: "Transaction Type", kind: "status" }]);
  });

  it("a column whose name says nothing is checked once declared", () => {
    expect(meaningColumns(header, new Set([0, 1, 2, 4]), [], [{ column: "Kind", values: ["Sale"] }])).toEqual([{ index: 3, name: "Kind", kind: "status", revenueValues: ["Sale"] }]);
  });

  it("--ignore-column still reads past it, and a column the run reads is never one", () => {
    expect(meaningColumns(header, new Set([0, 2, 4]), ["Transaction Type"], declared)).toEqual([]);
    expect(meaningColumns(header, new Set([0, 1, 2, 4]), [], declared)).toEqual([]);
  });
});

describe("classifyStatus in a declared column", () => {
  const column = { revenueValues: SALES };
  it("a named value is revenue, even one the built-in lists call no revenue (credit memo), which takes it back: a refund row, whose amount must be negative", () => {
    for (const v of ["Invoice", " Sales  Receipt "]) expect(classifyStatus(column, v), v).toBe("revenue");
    for (const v of ["credit memo", "CREDIT_MEMO", "refund-receipt"]) expect(classifyStatus(column, v), v).toBe("refund-row");
    expect(classifyStatus({}, "Credit Memo")).toBe("non-revenue");
  });

  it("any other value is not revenue, even one the built-in lists call revenue or do not know; an empty cell says nothing", () => {
    for (const v of ["Expense", "Bill", "Deposit", "Journal Entry", "Payment", "Sale", "paid", "refund"]) expect(classifyStatus(column, v), v).toBe("non-revenue");
    expect(classifyStatus({}, "Expense")).toBe("unknown");
    expect(classifyStatus({}, "paid")).toBe("revenue");
    expect(classifyStatus(column, "")).toBe("revenue");
  });
});

/** A row's amount: negative for the values that take revenue back, as QuickBooks writes them. */
const signed = (value: string) => decimalText(/credit memo|refund receipt/i.test(value) ? "-25.00" : "100.00");

describe("MeaningTally on a declared column", () => {
  const options = { refundColumn: false, amounts: { decimalComma: false } };
  const tally = () => new MeaningTally([{ index: 0, name: "Transaction Type", kind: "status", revenueValues: SALES }], options);

  it("each value not named is an error with its rows, first line, the values named, the column's values, and the --where that drops it", () => {
    const t = tally();
    // lines 2..8: Invoice, Expense, Credit Memo, Expense, Bill, Invoice, Sales Receipt
    ["Invoice", "Expense", "Credit Memo", "Expense", "Bill", "Invoice", "Sales Receipt"].forEach((v, i) => t.row([v], i + 2, signed(v)));
    const issues = t.issues("qb.csv", 1);
    const holds = '"Invoice" 2, "Expense" 2, "Credit Memo" 1, "Bill" 1, "Sales Receipt" 1';
    expect(issues).toEqual([
      {
        severity: "error",
        code: "non-revenue-status",
        file: "qb.csv",
        line: 3,
        column: "Transaction Type",
        value: "Expense",
        detail: `2 rows, not among the revenue values --revenue-values names for the column (Invoice, Sales Receipt, Credit Memo, Refund Receipt); the column holds ${holds}`,
        remedy: { flag: "--where", value: "Transaction Type!=Expense", why: "Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt,Expense" },
      },
      {
        severity: "error",
        code: "non-revenue-status",
        file: "qb.csv",
        line: 6,
        column: "Transaction Type",
        value: "Bill",
        detail: `1 row, not among the revenue values --revenue-values names for the column (Invoice, Sales Receipt, Credit Memo, Refund Receipt); the column holds ${holds}`,
        remedy: { flag: "--where", value: "Transaction Type!=Bill", why: "Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt,Bill" },
      },
    ]);
    expect(hintOf(issues[0]!)).toBe(
      'leave them out: --where "Transaction Type!=Expense" (or, if these rows are revenue after all, name them with the column\'s revenue values: --revenue-values "Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt,Expense")',
    );
  });

  it("one revenue value seen is no reason to keep only it: the remedy drops the other value by name", () => {
    const t = tally();
    ["Invoice", "Deposit"].forEach((v, i) => t.row([v], i + 2));
    expect(t.issues("qb.csv", 1).map((i) => i.remedy?.value)).toEqual(["Transaction Type!=Deposit"]);
  });

  it("only named values (and empty cells): no issue at all, not even a warning", () => {
    const t = tally();
    ["Invoice", "Credit Memo", "", "refund receipt"].forEach((v, i) => t.row([v], i + 2, signed(v)));
    expect(t.issues("qb.csv", 1)).toEqual([]);
  });

  it("a named credit memo with a positive amount (or none read) is an error at its first such line; negative ones pass", () => {
    const t = tally();
    // lines 2..5: Invoice 100, Credit Memo -100, Credit Memo 30, Credit Memo with no amount read
    t.row(["Invoice"], 2, decimalText("100"));
    t.row(["Credit Memo"], 3, decimalText("-100"));
    t.row(["Credit Memo"], 4, decimalText("30"));
    t.row(["Credit Memo"], 5);
    const issues = t.issues("qb.csv", 1);
    expect(issues).toEqual([
      {
        severity: "error",
        code: "non-revenue-status",
        file: "qb.csv",
        line: 4,
        column: "Transaction Type",
        value: "Credit Memo",
        detail: '2 rows with a positive amount: a value that takes revenue back (a credit memo or a refund) would add to it, since ceq reads its amount as written, and it must be negative; the column holds "Credit Memo" 3, "Invoice" 1',
        remedy: { flag: "--where", value: "Transaction Type!=Credit Memo", why: "positive" },
      },
    ]);
    expect(hintOf(issues[0]!)).toBe('export these rows with their minus sign, so that they net the sales they take back; or leave them out, knowing that the revenue is then before them: --where "Transaction Type!=Credit Memo"');
  });
});

describe("the presets that name a type column's revenue values", () => {
  it("QuickBooks, NetSuite and SAP check their type column instead of reading past it; the column is one of the export's", () => {
    const declaring = SOURCE_NAMES.filter((n) => "revenueValues" in SOURCES[n]);
    expect(declaring).toEqual(["quickbooks", "netsuite", "sap"]);
    expect((SOURCES.sap as Record<string, unknown>).revenueValues).toEqual(["Document Type=RV,DR,DG"]);
    expect((SOURCES.quickbooks as Record<string, unknown>).revenueValues).toEqual(["Transaction Type=Invoice,Sales Receipt,Credit Memo,Refund Receipt"]);
    expect((SOURCES.netsuite as Record<string, unknown>).revenueValues).toEqual(["Type=Invoice,Cash Sale,Credit Memo,Cash Refund"]);
    for (const name of declaring) {
      const p = SOURCES[name] as Record<string, unknown> & { $columns: readonly string[] };
      for (const text of p.revenueValues as string[]) {
        const parsed = parseRevenueValues(text);
        if (typeof parsed === "string") throw new Error(parsed);
        expect(p.$columns, name).toContain(parsed.column);
        expect((p.ignoreColumn as string[] | undefined) ?? [], name).not.toContain(parsed.column);
      }
    }
  });
});
