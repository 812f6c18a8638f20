/**
 * A grouped number never starts with 0 (docs/numbers-and-dates.md): `0,925` is 0.925 written with
 * a decimal comma, never nine hundred and twenty-five, and `0.925` under --decimal-comma is 0.925
 * written with a point. Both were read as 925 by the grouping rules (an audit's finding: an
 * --fx-rates cell `0,925` turned 100 EUR into 92,500 USD). They are now refused, by the schema's
 * reader and the byte readers alike, with the flag that reads them; groups that start 1-9 read as
 * before.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { amountUnits, signedUnits } from "../../../src/csv/amount-bytes.js";
import { toFixed } from "../../../src/money.js";
import { amountRemedy, parseAmount } from "../../../src/schema/amount.js";
import { ceq, folder } from "../../support/helpers.js";

const DOT = 46;
const COMMA = 44;
const bytes = (text: string) => new TextEncoder().encode(text);
const units = (text: string, decimal: number) => amountUnits(bytes(text), 0, bytes(text).length, decimal);
const read = (text: string, decimalComma = false) => {
  const value = parseAmount(text, { decimalComma });
  return value === null ? null : toFixed(value, 4);
};

describe("the schema's reader", () => {
  it("refuses a first group of 0 with either mark", () => {
    for (const text of ["0,925", "0,925.50", "$0,925", "-0,925", "(0,925)", "0,12,345", "0'925", "00,925"]) expect(read(text), text).toBeNull();
    for (const text of ["0.925", "0 925", "0.925,5", "0'925,5"]) expect(read(text, true), text).toBeNull();
  });

  it("reads the same digits when the first group starts 1-9, and a plain 0 decimal", () => {
    expect(read("1,925")).toBe("1925.0000");
    expect(read("10,925.5")).toBe("10925.5000");
    expect(read("1,23,925")).toBe("123925.0000");
    expect(read("1'925.25")).toBe("1925.2500");
    expect(read("0.925")).toBe("0.9250");
    expect(read("1.925", true)).toBe("1925.0000");
    expect(read("0,925", true)).toBe("0.9250");
    expect(read("1 925,5", true)).toBe("1925.5000");
  });

  it("names --decimal-comma for a comma after a 0", () => {
    expect(amountRemedy("0,925", { decimalComma: false, emptyAsZero: false })).toBe("--decimal-comma");
    expect(amountRemedy("0,92500", { decimalComma: false, emptyAsZero: false })).toBe("--decimal-comma");
    // with a currency marker on either side; not when more follows, nor after other digits
    expect(amountRemedy("$0,925", { decimalComma: false, emptyAsZero: false })).toBe("--decimal-comma");
    expect(amountRemedy("0,925 €", { decimalComma: false, emptyAsZero: false })).toBe("--decimal-comma");
    expect(amountRemedy("0,925x1", { decimalComma: false, emptyAsZero: false })).toBeUndefined();
    expect(amountRemedy("12340,925", { decimalComma: false, emptyAsZero: false })).toBeUndefined();
  });
});

describe("the byte readers leave it to the schema", () => {
  it("refuse a first group of 0 (-1, NaN), by threes, Indian and apostrophe", () => {
    expect(units("0,925", DOT)).toBe(-1);
    expect(units("0,12,345", DOT)).toBe(-1);
    expect(units("0'925", DOT)).toBe(-1);
    expect(units("0.925", COMMA)).toBe(-1);
    expect(units("0 925", COMMA)).toBe(-1);
    expect(units("0'925,5", COMMA)).toBe(-1);
    expect(signedUnits(bytes("-0,925"), 0, 6, DOT)).toBeNaN();
  });

  it("read the groups that start 1-9 as before, in units of 10^-4", () => {
    expect(units("1,925", DOT)).toBe(19_250_000);
    expect(units("1,23,925", DOT)).toBe(1_239_250_000);
    expect(units("1'925", DOT)).toBe(19_250_000);
    expect(units("1.925", COMMA)).toBe(19_250_000);
    expect(units("0.925", DOT)).toBe(9_250);
    expect(units("0,925", COMMA)).toBe(9_250);
  });
});

describe("through the binary", () => {
  it("an --fx-rates cell 0,925 is an error naming --decimal-comma, and no result (it gave 92,500)", async () => {
    const dir = folder({
      "log.csv": "customer_id,date,amount,currency\nA,2024-01-05,100.00,EUR\n",
      "fx.csv": 'currency,year,rate\nEUR,2024,"0,925"\n',
    });
    const run = await ceq(["--transactions", join(dir, "log.csv"), "--fx-rates", join(dir, "fx.csv"), "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${join(dir, "fx.csv")}:2: rate: "0,925" is not a positive rate`);
    expect(run.stderr).toContain("hint: rates with a decimal comma (0,925) are read with --decimal-comma, as the amounts are");
  });

  it("a log's amount 0,925 is an error at its line with the --decimal-comma hint; 0.925 reads as 0.925", async () => {
    const dir = folder({ "bad.csv": 'customer_id,date,amount\nA,2024-01-05,"0,925"\n', "good.csv": "customer_id,date,amount\nA,2024-01-05,0.925\nB,2024-02-05,1.5\n" });
    const bad = await ceq(["--transactions", join(dir, "bad.csv"), "-f", "json"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain(`error: ${join(dir, "bad.csv")}:2: amount: "0,925" is not an amount`);
    expect(bad.stderr).toContain("--decimal-comma");
    const good = await ceq(["--transactions", join(dir, "good.csv"), "--decimals", "3", "-f", "json"]);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout).years[0].acquisition.revenue).toBe(2.425);
  });
});
