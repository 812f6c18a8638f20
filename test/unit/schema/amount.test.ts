import { describe, expect, it } from "vitest";
import { toExactString } from "../../../src/money.js";
import { amountRemedy, MAX_AMOUNT_DIGITS, parseAmount, readAmount } from "../../../src/schema/amount.js";

const parse = (text: string, decimalComma = false): string | null => {
  const d = parseAmount(text, { decimalComma });
  return d === null ? null : toExactString(d);
};

describe("amounts as exports write them", () => {
  it.each([
    ["1234.5", "1234.5"],
    ["1,234.56", "1234.56"],
    ["$1,234.56", "1234.56"],
    ["€ 12", "12"],
    ["€\u00a012", "12"],
    ["USD 12.00", "12.00"],
    ["12.00 USD", "12.00"],
    ["12 €", "12"],
    ["-12", "-12"],
    ["+12", "12"],
    ["−12", "-12"],
    ["-$12.50", "-12.50"],
    ["$-12.50", "-12.50"],
    ["(1,234.56)", "-1234.56"],
    ["($1,234.56)", "-1234.56"],
    ["1234.56-", "-1234.56"],
    ["  42  ", "42"],
    ["0.0001", "0.0001"],
    ["1,000,000", "1000000"],
    [".5", "0.5"],
    // Indian grouping (lakh, crore) and Swiss, consistent within the cell
    ["31,33,567.34", "3133567.34"],
    ["-1,00,000", "-100000"],
    ["1,00,00,000", "10000000"],
    ["₹12,34,567.89", "1234567.89"],
    ["1'234.56", "1234.56"],
    ["1’234’567.5", "1234567.5"],
    ["CHF 1'234.50", "1234.50"],
    ["(1'234.56)", "-1234.56"],
    // spaces inside the parentheses, after a leading sign, before a trailing one; U+2212 trailing
    ["( 12 )", "-12"],
    ["- 12", "-12"],
    ["12 -", "-12"],
    ["12−", "-12"],
    [".25", "0.25"],
  ])("%j is %s", (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it.each([
    ["1.234,56", "1234.56"],
    ["1 234,56", "1234.56"],
    ["1\u00a0234,56", "1234.56"],
    ["1\u202f234,56", "1234.56"],
    ["1.234.567,8", "1234567.8"],
    ["12,5", "12.5"],
    ["-1.234,56", "-1234.56"],
    ["1.234,56-", "-1234.56"],
    ["€ 1.234,56", "1234.56"],
    ["1234", "1234"],
    ["1'234,56", "1234.56"],
    ["1’234’567,8", "1234567.8"],
  ])("with a decimal comma %j is %s", (text, expected) => {
    expect(parse(text, true)).toBe(expected);
  });

  it.each(["12abc", "N/A", "1e5", "1,23,4", "", " ", "-", "()", "1.2.3", "12,34x", "$$12", "(-12)", "1 234.56", "0x10", "Infinity", "NaN", "12 34",
    // inconsistent grouping: a group of the wrong size, two separators, an empty group, a lead too long
    "1234,567.00", "1,23", "12,,345", "1.234.56", "12,34,567,890.00", "123,45,678", "1,234,56", "1'23", "1'234,567.00", "1’234'567", "1,234'567", "1'234'",
    // one parenthesis is no negative; a fraction alone is digits only
    "(12", "12)", ".5x", ".5.5"])(
    "%j is not an amount",
    (text) => {
      expect(parse(text)).toBeNull();
    },
  );

  it.each(["1,234.56", "1.234.56", "1 234 56", "12.5.0", "1,00,000", "31,33,567,34", "1'234.567,8"])("%j is not an amount with a decimal comma", (text) => {
    expect(parse(text, true)).toBeNull();
  });
});

describe("the flag a refused amount names", () => {
  it.each([
    ["1'234,56", "--decimal-comma"],
    ["1’234,56", "--decimal-comma"],
    ["1.234,56", "--decimal-comma"],
    ["12,5", "--decimal-comma"],
    ["", "--empty-as-zero"],
    // inconsistent grouping has no flag that reads it
    ["1,23,4", undefined],
    ["12,34,567,890.00", undefined],
    ["1234,567.00", undefined],
    // what a decimal comma would read: groups of three by dot, space or apostrophe, then a comma
    // and decimals or nothing; or digits, a comma and one or two decimals; a currency either side
    ["1 234", "--decimal-comma"],
    ["1.234.567,8", "--decimal-comma"],
    ["12.345,67", "--decimal-comma"],
    ["$1.234,56", "--decimal-comma"],
    ["1.234,56 €", "--decimal-comma"],
    ["12,50", "--decimal-comma"],
    ["€12,5", "--decimal-comma"],
    ["12,5 €", "--decimal-comma"],
    ["  ", "--empty-as-zero"],
    // not even with a decimal comma: a lead of four digits, a dot after the decimals
    ["1234.567,8", undefined],
    ["1.234,567.8", undefined],
  ])("%j: %s", (text, flag) => {
    expect(amountRemedy(text, { decimalComma: false, emptyAsZero: false })).toBe(flag);
  });

  it("no flag the run already has: --empty-as-zero, or --decimal-comma for a cell it refused", () => {
    expect(amountRemedy("  ", { decimalComma: false, emptyAsZero: true })).toBeUndefined();
    expect(amountRemedy("12,5x", { decimalComma: false, emptyAsZero: false })).toBe("--decimal-comma");
    expect(amountRemedy("12,5x", { decimalComma: true, emptyAsZero: false })).toBeUndefined();
    expect(parse("12,5x", true)).toBeNull();
  });
});

describe("the most digits an amount may have", () => {
  const ones = (n: number) => "1".repeat(n);
  it(`${MAX_AMOUNT_DIGITS} digits before the point and ${MAX_AMOUNT_DIGITS} after are read; one more either side is a long amount`, () => {
    expect(MAX_AMOUNT_DIGITS).toBe(30);
    expect(parse(ones(30))).toBe(ones(30));
    expect(parse(`0.${ones(30)}`)).toBe(`0.${ones(30)}`);
    expect(readAmount(ones(31), { decimalComma: false })).toBe("long-amount");
    expect(readAmount(`1.${ones(31)}`, { decimalComma: false })).toBe("long-amount");
    // a 1 and thirty zeros: 31 digits, whatever zeros there are inside
    expect(readAmount(`1${"0".repeat(30)}`, { decimalComma: false })).toBe("long-amount");
  });

  it("leading zeros are not counted: 00 and thirty ones is thirty digits", () => {
    expect(parse(`00${ones(30)}`)).toBe(ones(30));
    expect(parse(`${"0".repeat(40)}7`)).toBe("7");
  });
});
