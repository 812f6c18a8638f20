/**
 * An amount cell's currency marker against the row's currency (src/schema/currency-marker.ts), and
 * the code that is no currency's (src/schema/amount.ts). Values worked by hand.
 */
import { describe, expect, it } from "vitest";
import { toExactString } from "../../../src/money.js";
import { readAmount } from "../../../src/schema/amount.js";
import { markerProblem, phaseAmounts, rateMarkerProblem, rowCurrency } from "../../../src/schema/currency-marker.js";
import { describe as describeIssue, hintOf, type Issue } from "../../../src/issues.js";

const read = (text: string) => {
  const value = readAmount(text, { decimalComma: false });
  return typeof value === "string" ? value : toExactString(value);
};

describe("a code in an amount cell is an ISO 4217 currency's", () => {
  it("three other capitals are no amount, on either side and after a sign", () => {
    expect(read("XYZ 12")).toBe("unknown-currency");
    expect(read("12 XYZ")).toBe("unknown-currency");
    expect(read("-XYZ 12")).toBe("unknown-currency");
    expect(read("(NET 30)")).toBe("unknown-currency");
    expect(read("12.00 ABC-")).toBe("unknown-currency");
  });

  it("a currency's code, a symbol, or none reads as before; text with no number is still no amount", () => {
    expect(read("USD 12.00")).toBe("12.00");
    expect(read("12 EUR")).toBe("12");
    expect(read("(JPY 1,200)")).toBe("-1200");
    expect(read("￥1,200")).toBe("1200");
    expect(read("£12")).toBe("12");
    expect(read("1234.5")).toBe("1234.5");
    expect(read("TBD")).toBe("bad-amount");
    expect(read("XYZ")).toBe("bad-amount");
  });

  it("says which code it is not", () => {
    const issue: Issue = { severity: "error", code: "unknown-currency", file: "new.csv", line: 2, column: "revenue", value: "XYZ 12" };
    expect(describeIssue(issue)).toBe('revenue: "XYZ 12" is not an amount: XYZ is not a currency code (ISO 4217, such as USD or EUR)');
  });
});

describe("a marker must be the row's currency", () => {
  const header = ["customer_id", "year", "revenue", "cost", "currency"];
  const run = { code: "USD" };

  it("no marker, or one the currency is written with, is no problem", () => {
    expect(markerProblem(header, ["A", "2024", "12", "1", "USD"], [2, 3], run)).toBeUndefined();
    expect(markerProblem(header, ["A", "2024", "$12", "USD 1", "USD"], [2, 3], run)).toBeUndefined();
    expect(markerProblem(header, ["A", "2024", "$12", "1", "CAD"], [2, 3], { code: "CAD", column: "currency" })).toBeUndefined();
    expect(markerProblem(header, ["A", "2024", "€ 12", "12 EUR", "EUR"], [2, 3], { code: "EUR", column: "currency" })).toBeUndefined();
  });

  it("another one under --currency names the cell, what it says and the run's currency, and offers --currency", () => {
    const problem = markerProblem(header, ["A", "2024", "12", "€1", "USD"], [2, 3], run)!;
    expect(problem).toEqual({ severity: "error", code: "currency-marker", column: "cost", value: "€1", detail: "USD, the currency of this run (--currency)", remedy: { flag: "--currency", value: "EUR" } });
    const issue: Issue = { ...problem, file: "new.csv", line: 2 };
    expect(describeIssue(issue)).toBe('cost: "€1" is an amount in EUR, not in USD, the currency of this run (--currency): amounts in two currencies are never added');
    expect(hintOf(issue)).toBe("if the file's amounts are all in EUR, run with --currency EUR; rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them");
  });

  it("¥ and $ say which currencies they may be", () => {
    const yen: Issue = { ...markerProblem(header, ["A", "2024", "¥1200", "", "USD"], [2], run)!, file: "new.csv" };
    expect(describeIssue(yen)).toBe('revenue: "¥1200" is an amount in JPY or CNY, not in USD, the currency of this run (--currency): amounts in two currencies are never added');
    expect(hintOf(yen)).toContain("run with --currency JPY or --currency CNY;");
    const dollar: Issue = { ...markerProblem(header, ["A", "2024", "-$5", "", "EUR"], [2], { code: "EUR" })!, file: "new.csv" };
    expect(describeIssue(dollar)).toBe('revenue: "-$5" is an amount in a currency written $ (USD, CAD, AUD, …), not in EUR, the currency of this run (--currency): amounts in two currencies are never added');
    expect(hintOf(dollar)).toContain("run with --currency USD (or the one it is);");
  });

  it("against a currency column, names the column and points at it", () => {
    const issue: Issue = { ...markerProblem(header, ["A", "2024", "EUR 100.00", "", "USD"], [2, 3], rowCurrency(header, 4, "USD", "USD"))!, file: "log.csv", line: 2 };
    expect(describeIssue(issue)).toBe('revenue: "EUR 100.00" is an amount in EUR, not in USD, the row\'s currency (column "currency"): amounts in two currencies are never added');
    expect(hintOf(issue)).toBe("the currency column says which currency a row's amounts are in: correct the amount or the row's currency (--fx-rates FILE converts rows in another currency than --currency)");
  });

  it("the first cell that disagrees; -1 is no cell", () => {
    expect(markerProblem(header, ["A", "2024", "£1", "€2", "USD"], [-1, 3, 2], run)?.value).toBe("€2");
  });

  it("a row's currency is its currency column's, else the run's", () => {
    expect(rowCurrency([" Currency "], 0, "EUR", "USD")).toEqual({ code: "EUR", column: "Currency" });
    expect(rowCurrency(["x"], undefined, undefined, "USD")).toEqual({ code: "USD" });
  });

  it("a phase export's amount cells: revenue (or the average), refunds, then a cost a churned row does not have", () => {
    expect(phaseAmounts({ revenue: 2, cost: 3 }, [5])).toEqual({ churn: [2, 5], other: [2, 5, 3] });
    expect(phaseAmounts({ avgRevenue: 1 }, [])).toEqual({ churn: [1], other: [1, -1] });
  });

  it("a rate is in the run's currency", () => {
    expect(rateMarkerProblem("rate", "$1.10", "USD")).toBeUndefined();
    expect(rateMarkerProblem("rate", "1.10", "EUR")).toBeUndefined();
    const issue: Issue = { ...rateMarkerProblem("rate", "€0.92", "USD")!, file: "fx.csv", line: 2 };
    expect(describeIssue(issue)).toBe('rate: "€0.92" is an amount in EUR, not in USD, the currency of this run (--currency), which a rate converts to: amounts in two currencies are never added');
    expect(hintOf(issue)).toBe("a rate is the value of one unit of its currency in the run's (--currency): EUR,2024,1.08 under --currency USD says 1 EUR = 1.08 USD");
  });
});
