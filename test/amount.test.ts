import { describe, expect, it } from "vitest";
import { toExactString } from "../src/money.js";
import { parseAmount } from "../src/schema/amount.js";

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
  ])("with a decimal comma %j is %s", (text, expected) => {
    expect(parse(text, true)).toBe(expected);
  });

  it.each(["12abc", "N/A", "1e5", "1,23,4", "", " ", "-", "()", "1.2.3", "12,34x", "$$12", "(-12)", "1 234.56", "0x10", "Infinity", "NaN", "12 34"])(
    "%j is not an amount",
    (text) => {
      expect(parse(text)).toBeNull();
    },
  );

  it.each(["1,234.56", "1.234.56", "1 234 56", "12.5.0"])("%j is not an amount with a decimal comma", (text) => {
    expect(parse(text, true)).toBeNull();
  });
});
