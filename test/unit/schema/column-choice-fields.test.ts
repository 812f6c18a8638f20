/**
 * The column-choice notice of a phase export for every field (src/schema/columns.ts,
 * columnNotices): what each field is called and the flag that names another, written here by
 * hand, and a log's (src/schema/transaction.ts, txColumnNotices); the columns quoted as the header
 * has them, trimmed; and yes/no names that hold "is"
 * elsewhere than at their start are not read as "is" and a name (src/schema/meaning.ts).
 */
import { describe, expect, it } from "vitest";
import { columnNotices, DEFAULT_NAMES, FIELDS } from "../../../src/schema/columns.js";
import { meaningOf } from "../../../src/schema/meaning.js";
import { txColumnNotices } from "../../../src/schema/transaction.js";

const at = { file: "new.csv", line: 1 };

describe("the notice for two columns with one field's default names, in a phase export", () => {
  // By hand: each field as the notice names it, and its flag.
  const expected: Record<(typeof FIELDS)[number], [string, string]> = {
    year: ["year", "--year-column"],
    date: ["date", "--date-column"],
    revenue: ["revenue", "--revenue-column"],
    avgRevenue: ["average revenue", "--avg-revenue-column"],
    count: ["customer count", "--count-column"],
    cost: ["cost", "--cost-column"],
    id: ["customer id", "--id-column"],
    phase: ["phase", "--phase-column"],
    currency: ["currency", "--currency-column"],
  };
  for (const field of FIELDS) {
    it(`${field}: its first two default names, the first read`, () => {
      const [first, second] = DEFAULT_NAMES[field];
      const [what, flag] = expected[field];
      expect(columnNotices([first!, second!], { [field]: 0 }, {}, at)).toEqual([
        { severity: "notice", code: "column-choice", file: "new.csv", line: 1, detail: `"${first}" and "${second}" could each be the ${what}: using "${first}"`, remedy: { flag } },
      ]);
    });
  }

  it("quotes the columns trimmed, the one read among them", () => {
    expect(columnNotices(["customer id", "  sales ", " revenue  "], { id: 0, revenue: 2 }, {}, at).map((n) => n.detail)).toEqual(['"sales" and "revenue" could each be the revenue: using "revenue"']);
  });

  it("no notice for a field a flag named, or for one column alone", () => {
    expect(columnNotices(["sales", "revenue"], { revenue: 1 }, { revenue: "revenue" }, at)).toEqual([]);
    expect(columnNotices(["customer id", "revenue"], { id: 0, revenue: 1 }, {}, at)).toEqual([]);
  });
});

describe("yes/no names after an \"is\", and only there", () => {
  it("`Is Void` and `IsVoid` are `Void`; `Voisid` (an is inside the word) is nothing", () => {
    expect(meaningOf("Is Void")).toEqual(meaningOf("Void"));
    expect(meaningOf("IsVoid")).toEqual(meaningOf("Void"));
    expect(meaningOf("Void")).toBeDefined();
    expect(meaningOf("Voisid")).toBeUndefined();
    expect(meaningOf("Paisd")).toBeUndefined();
    // Three words: "is" and a name that is not one of the yes/no names alone, as without the "is".
    expect(meaningOf("Paid Flag")).toBeUndefined();
    expect(meaningOf("Is Paid Flag")).toBeUndefined();
    expect(meaningOf("Is Void Date")).toBeUndefined();
  });
});

describe("the notice in a log, for the fields the log tests do not reach", () => {
  it("year, cost and currency, each with its flag; never the customer id (it has a notice of its own)", () => {
    const details = (header: string[], columns: Record<string, number>) => txColumnNotices(header, columns, {}, at).map((n) => [n.detail, n.remedy?.flag]);
    expect(details(["customer id", "year", "fy", "amount"], { id: 0, year: 1, amount: 3 })).toEqual([['"year" and "fy" could each be the year: using "year"', "--year-column"]]);
    expect(details(["customer id", "date", "amount", "cost", "service cost"], { id: 0, date: 1, amount: 2, cost: 3 })).toEqual([['"cost" and "service cost" could each be the cost: using "cost"', "--cost-column"]]);
    expect(details(["customer id", "date", "amount", "currency code", "currency"], { id: 0, date: 1, amount: 2, currency: 4 })).toEqual([['"currency code" and "currency" could each be the currency: using "currency"', "--currency-column"]]);
    expect(details(["customer id", "customer", "date", "amount"], { id: 0, date: 2, amount: 3 })).toEqual([]);
  });
});
