/**
 * A missing column's hint (issue 25): a role's synonyms (Stripe's "Created (UTC)", HubSpot's
 * "Close Date", SAP's "Posting Date", "Buchungsdatum"), never an empty header nor a column whose
 * values do not fit the role (no `--year-column "Id"`), and, below a report's title, said of the
 * header line rather than the title.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { likeliestHeader, suggestColumn } from "../../../src/schema/hints.js";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const pick = (header: string[], role: Parameters<typeof suggestColumn>[1], samples?: string[][], taken: number[] = []) => {
  const found = suggestColumn(header, role, { defaults: [], taken, ...(samples && { samples }) });
  return found && header[found.index];
};

describe("suggestColumn", () => {
  it.each([
    [["id", "Created (UTC)", "Amount"], "date", "Created (UTC)"],
    [["Deal Name", "Close Date", "Create Date"], "date", "Close Date"],
    [["Document No", "Posting Date", "Amount in local currency"], "date", "Posting Date"],
    [["Kunde", "Buchungsdatum", "Betrag"], "date", "Buchungsdatum"],
    [["Kunde", "Buchungsdatum", "Betrag"], "amount", "Betrag"],
    [["Name", "Total Revenue"], "amount", "Total Revenue"],
    [["Name", "amount_usd"], "amount", "amount_usd"],
    [["Id", "Customer Name", "Date"], "id", "Customer Name"],
    [["Yaer", "Revenue"], "year", "Yaer"],
  ])("%j, %s → %s", (header, role, expected) => {
    expect(pick(header, role as Parameters<typeof suggestColumn>[1])).toBe(expected);
  });

  it("never an empty header, a short name two letters off (Id is not fy), or a column already read", () => {
    expect(pick(["", "Revenue"], "year")).toBeUndefined();
    expect(pick(["Id", "Revenue"], "year")).toBeUndefined();
    expect(pick(["Amount", "Total"], "amount", undefined, [0])).toBe("Total");
  });

  it("never a column whose values do not fit the role", () => {
    // "Fiscal Yr" is a misspelt year, but holds names
    expect(pick(["Fiscal Yr", "Revenue"], "year", [["Ann", "1"], ["Bob", "2"]])).toBeUndefined();
    expect(pick(["Fiscal Yr", "Revenue"], "year", [["2023", "1"], ["FY2024", "2"]])).toBe("Fiscal Yr");
    // a "Total" column of labels is no amount; the next name that holds numbers is
    expect(pick(["Total", "Amount Paid"], "amount", [["yes", "$1,234.50"], ["no", "(12.00)"]])).toBe("Amount Paid");
    expect(pick(["Order Date", "Paid at"], "date", [["n/a", "2022-02-03 17:02:37 +0100"], ["", "03.02.2022"]])).toBe("Paid at");
    // an empty column fits nothing; a totals row among the values is not held against it
    expect(pick(["Amount"], "amount", [[""], [""]])).toBeUndefined();
    expect(pick(["Amount"], "amount", [["1.00"], ["2.00"], ["Total"]])).toBe("Amount");
  });
});

describe("likeliestHeader", () => {
  it("the line with the most columns recognized, then the most cells of plain text, then the first", () => {
    const recognized = (fields: readonly string[]) => fields.filter((f) => ["date", "customer"].includes(f.toLowerCase())).length;
    expect(likeliestHeader([["Sales by Customer Detail"], ["January - December 2024"], [""], ["Customer", "Date", "Num", "Amount Paid"], ["Ann", "2024-01-05", "1001", "100.00"]], recognized)).toBe(3);
    // nothing recognized: the text cells tell the header from the title and the rows
    expect(likeliestHeader([["Report"], ["Client", "When", "Paid"], ["Ann", "2024-01-05", "100.00"]], () => 0)).toBe(1);
    expect(likeliestHeader([["a", "b"], ["c", "d"]], () => 0)).toBe(0);
  });
});

const TITLED = 'Sales by Customer Detail\n"January - December 2024"\n\nCustomer,Date,Num,Amount Paid\nAnn,2024-01-05,1001,100.00\nBob,2024-02-05,1002,50.00\n';

describe("through the binary", () => {
  it("a phase export below a report's title: the error names the header line, and the hint its amount column", async () => {
    const dir = folder({ "new.csv": TITLED });
    const file = join(dir, "new.csv");
    const run = await cli(["--new", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").slice(0, 2)).toEqual([`error: ${file}:4: missing required column revenue (or avg revenue); found: Customer, Date, Num, Amount Paid`, 'hint: if "Amount Paid" is that column, name it: --revenue-column "Amount Paid"']);
    // The hint, taken, reads it: 100 + 50 from two new customers
    const fixed = await cli(["--new", file, "--revenue-column", "Amount Paid", "-f", "json"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(fixed.stdout).years[0].acquisition).toMatchObject({ customers: 2, revenue: 150 });
  });

  it("a transaction log below a title: the same line, and the date's synonym", async () => {
    const dir = folder({ "log.csv": "Payments export\nid,Customer ID,Created date (UTC),Amount\nch_1,cus_1,2024-01-05 10:00:00,100.00\nch_2,cus_1,2024-02-05 11:00:00,50.00\n" });
    const file = join(dir, "log.csv");
    const run = await cli(["--transactions", file]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").slice(0, 2)).toEqual([`error: ${file}:2: missing required column date (or year); found: id, Customer ID, Created date (UTC), Amount`, 'hint: if "Created date (UTC)" is that column, name it: --date-column "Created date (UTC)"']);
  });

  it("no hint of an empty header or of an Id for the year; a column of names is no customer id's only clue", async () => {
    const dir = folder({ "new.csv": "Id,,Revenue\n1,x,5\n2,y,6\n", "log.csv": "Order,Customer Name,Date,Amount\n1001,Ann,2024-01-05,10\n" });
    const phase = await cli(["--new", join(dir, "new.csv")]);
    expect(phase.code).toBe(1);
    expect(phase.stderr).toContain(`error: ${join(dir, "new.csv")}:1: missing required column year (or date); found: Id, Revenue\n`);
    expect(phase.stderr).not.toContain("hint:");
    const log = await cli(["--transactions", join(dir, "log.csv")]);
    expect(log.stderr.split("\n").slice(0, 2)).toEqual([`error: ${join(dir, "log.csv")}:1: missing required column customer id; found: Order, Customer Name, Date, Amount`, 'hint: if "Customer Name" is that column, name it: --id-column "Customer Name"']);
  });

  it("a misspelt amount column whose cells are text is not offered", async () => {
    const dir = folder({ "log.csv": "customer,date,Amont,Amount Note\nc1,2024-01-05,n/a,paid late\nc2,2024-01-06,n/a,\n" });
    const run = await cli(["--transactions", join(dir, "log.csv")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("missing required column amount (or quantity and unit price)");
    expect(run.stderr).not.toContain("hint:");
  });
});

// Issue 33's mutation run: each kind of value a role's column may hold, on both sides of its
// bounds, and the share of fitting cells (80%, rounded up), worked out from hints.ts's rules.
describe("suggestColumn: which values fit a role", () => {
  const fitsAs = (role: Parameters<typeof suggestColumn>[1], name: string, values: string[]) => pick([name], role, values.map((v) => [v])) === name;

  it("a year: four digits from 1900 to 2200, FY before them allowed", () => {
    for (const v of ["1900", "2200", "2024", "FY2024", "fy 2024"]) expect(fitsAs("year", "Year", [v]), v).toBe(true);
    for (const v of ["1899", "2201", "20245", "x2024", "224", "FY"]) expect(fitsAs("year", "Year", [v]), v).toBe(false);
  });

  it("a date: each layout the readers know, a quarter, a month's name; not a plain number or a word", () => {
    for (const v of ["2024-03-05", "5/3/2024", "05.03.2024", "20240305", "2024-03", "2024-Q1", "2024q4", "March 5, 2024", "Mar. 5 2024", "5 Mar 2024", "05-Mar-24"]) expect(fitsAs("date", "Date", [v]), v).toBe(true);
    for (const v of ["hello", "12345", "2024-Q5", "2024-3", "Ann", "202403051"]) expect(fitsAs("date", "Date", [v]), v).toBe(false);
  });

  it("an amount: signs, parentheses, a symbol or code, separators; a currency: three letters", () => {
    for (const v of ["$1,234.50", "(12.00)", "-5", "12-", "+3", "EUR 12,50", "12 €", "1 234,56", "1'234.50", "USD 12", "12 USD", "1\u00a0234", "1\u202f234"]) expect(fitsAs("amount", "Amount", [v]), v).toBe(true);
    for (const v of ["yes", "12abcd", "abc", "-", "USDX 12", "12 USDX", "$$$$1", "1/2"]) expect(fitsAs("amount", "Amount", [v]), v).toBe(false);
    for (const role of ["quantity", "price", "cost"] as const) {
      expect(fitsAs(role, role, ["12"]), role).toBe(true);
      expect(fitsAs(role, role, ["many"]), role).toBe(false);
    }
    for (const v of ["usd", "EUR"]) expect(fitsAs("currency", "Currency", [v]), v).toBe(true);
    for (const v of ["US", "EURO", "12"]) expect(fitsAs("currency", "Currency", [v]), v).toBe(false);
    expect(fitsAs("id", "Customer", ["anything"])).toBe(true);
    expect(fitsAs("phase", "Phase", ["anything"])).toBe(true);
  });

  it("80% of the non-empty cells, rounded up: 4 of 5 fit, 3 of 4 do not", () => {
    expect(fitsAs("amount", "Amount", ["1", "2", "3", "4", "x"])).toBe(true);
    expect(fitsAs("amount", "Amount", ["1", "2", "3", "x"])).toBe(false);
    expect(fitsAs("amount", "Amount", ["1", "", " ", "x", "2", "3", "4"])).toBe(true);
  });

  it("the best match wins whatever the column order: exact over whole words over a misspelling; the earlier name on a tie", () => {
    expect(pick(["Amount Due", "Amonut", "Amount"], "amount")).toBe("Amount");
    expect(pick(["Amonut", "Amount Due"], "amount")).toBe("Amount Due");
    expect(pick(["Sales", "Revenue"], "amount")).toBe("Revenue");
    expect(pick(["Revenue", "Sales"], "amount")).toBe("Revenue");
    // Whole words only: "Totality" holds "total" but not as a word; a misspelling needs 4 letters on both sides.
    expect(pick(["Totality"], "amount")).toBeUndefined();
    expect(pick(["Fy"], "year")).toBe("Fy");
    expect(pick(["Yr"], "year")).toBeUndefined();
    // A (UTC) or [USD] note, quotes, a BOM and _ - are set aside before comparing.
    for (const name of ["Amount [USD]", "\ufeff'Amount'", "amount_(usd)", "  AMOUNT  "]) expect(pick([name], "amount"), name).toBe(name);
    expect(pick(["Net-Amount"], "amount")).toBe("Net-Amount");
    // The reader's own defaults count as names too.
    expect(suggestColumn(["Zzz", "Spend"], "amount", { defaults: ["spend"] })).toEqual({ index: 1, score: 0 });
  });

  it("likeliestHeader: more text cells win only among lines with as many recognized", () => {
    expect(likeliestHeader([["a", "b", "c"], ["x", "1"]], (f) => (f.includes("1") ? 1 : 0))).toBe(1);
    expect(likeliestHeader([["1", "2"], ["a", " "], ["b", "c"]], () => 0)).toBe(2);
  });
});

// Issue 33, schema-names' first Stryker run (sixth session, second round): cases its survivors
// showed untested, each worked out from hints.ts's rules and checked against the mutant by hand.
describe("suggestColumn and likeliestHeader: what schema-names' first mutation run left", () => {
  const fitsAs = (role: Parameters<typeof suggestColumn>[1], name: string, values: string[]) => pick([name], role, values.map((v) => [v])) === name;

  it("a bracketed note is dropped only at the end; quotes inside spaces are trimmed first", () => {
    // "Amount (USD) Paid" keeps its note: it holds "amount" as a word (1), not "amount paid" exactly (0)
    expect(suggestColumn(["Amount (USD) Paid"], "amount", { defaults: [] })).toEqual({ index: 0, score: 1 });
    // spaces outside the quotes go first, so the quotes go too: an exact match, not a misspelling
    expect(suggestColumn([" 'Amount' "], "amount", { defaults: [] })).toEqual({ index: 0, score: 0 });
  });

  it("a misspelling needs four letters on the name's side too: Nett is not net", () => {
    expect(pick(["Nett"], "amount")).toBeUndefined();
  });

  it("a year is the whole cell; a month or quarter is the whole cell", () => {
    expect(fitsAs("year", "Year", ["202024"])).toBe(false);
    for (const v of ["x2024-03", "2024-031", "x2024q1", "2024q1x"]) expect(fitsAs("date", "Date", [v]), v).toBe(false);
  });

  it("sample rows shorter than the header give the column no value: it fits nothing", () => {
    expect(pick(["Customer Name"], "id", [[], []])).toBeUndefined();
  });

  it("likeliestHeader: more recognized columns win over more text cells, whatever the order", () => {
    expect(likeliestHeader([["Customer", "1"], ["a", "b", "c"]], (f) => (f.includes("Customer") ? 1 : 0))).toBe(0);
  });
});
