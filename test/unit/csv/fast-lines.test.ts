/**
 * The fast path's amount reader on its own: values worked by hand, in units of 10^-4. The
 * differential tests (paths.test.ts, transactions-paths.test.ts) prove it agrees with the schema.
 */
import { describe, expect, it } from "vitest";
import { amountUnits, signedUnits } from "../../../src/csv/fast-lines.js";
import { plainDate } from "../../../src/csv/date-bytes.js";

const DOT = 0x2e;
const COMMA = 0x2c;
const units = (text: string, decimal = DOT) => signedUnits(Buffer.from(text), 0, text.length, decimal);

describe("signedUnits", () => {
  it("reads the negative shapes exports write: minus, parentheses, trailing minus, with a $", () => {
    expect(units("-1234.56")).toBe(-12_345_600);
    expect(units("(1,234.56)")).toBe(-12_345_600);
    expect(units("1234.56-")).toBe(-12_345_600);
    expect(units("-$12")).toBe(-120_000);
    expect(units("($1,234.5)")).toBe(-12_345_000);
    expect(units("(1.234,56)", COMMA)).toBe(-12_345_600);
    expect(units("0.0001")).toBe(1);
    expect(units("$7")).toBe(70_000);
  });

  it("leaves every doubtful shape to the slow path (NaN)", () => {
    for (const text of ["(-12)", "-12-", "--12", "$-12", "+12", "-", "()", "( 12 )", "(12", "12)", "-(12)", "(12)-", "- 12", "", "12.34567"]) expect(units(text), text).toBeNaN();
  });

  it("a negative zero is no negative amount (the schema reads -0.00 as 0)", () => {
    expect(Object.is(units("-0.00"), -0)).toBe(true);
    expect(units("-0.00") < 0).toBe(false);
  });

  it("amountUnits reads no sign at all", () => {
    expect(amountUnits(Buffer.from("-12"), 0, 3, DOT)).toBe(-1);
    expect(amountUnits(Buffer.from("12"), 0, 2, DOT)).toBe(120_000);
  });
});

describe("digit groups on the fast path", () => {
  it("a lead of more than three digits before a comma is no grouping: 1234,567.00 is refused, never 1,234,567.00 (issue 33's surviving mutant)", () => {
    // Without the lead's bound the by-threes loop reads on from 1234 and gives 1,234,567.00, which the schema refuses.
    for (const text of ["1234,567.00", "1234,567", "(1234,567.891)", "12345,678"]) expect(units(text), text).toBeNaN();
    expect(amountUnits(Buffer.from("1234,567.00"), 0, 11, DOT)).toBe(-1);
    expect(units("1234,567", COMMA), "decimal comma: 1234 and a fraction of 567").toBe(12_345_670);
  });

  it("reads Indian grouping: the lead 1-2 digits, groups of two, the last of three", () => {
    expect(units("31,33,567.34")).toBe(31_335_673_400); // 3,133,567.34
    expect(units("-1,00,000")).toBe(-1_000_000_000); // one lakh
    expect(units("1,00,00,000.5")).toBe(100_000_005_000); // one crore and a half
    expect(units("$12,34,567")).toBe(12_345_670_000);
    expect(units("(9,99,999.99)")).toBe(-9_999_999_900);
  });

  it("reads Swiss grouping with an ASCII apostrophe, with either decimal", () => {
    expect(units("1'234.56")).toBe(12_345_600);
    expect(units("-1'234'567")).toBe(-12_345_670_000);
    expect(units("1'234,56", COMMA)).toBe(12_345_600);
    expect(units("$1'000")).toBe(10_000_000);
  });

  it("refuses inconsistent grouping, and Indian grouping with a decimal comma", () => {
    for (const text of ["1,23,4", "1,23", "12,,345", "123,45,678", "12,34,567,890.00", "1,234,56", "1,23,456,789", "1'23", "1'2345", "1'234,567.00", "1,234'567", "1'234'", "1,234,", "'123", "1''234", "1'234.56789"]) expect(units(text), text).toBeNaN();
    expect(units("1,00,000", COMMA)).toBeNaN();
    expect(amountUnits(Buffer.from("1'234"), 0, 5, -1), "--minor-units reads plain digits only").toBe(-1);
  });
});

describe("plainDate", () => {
  const date = (text: string) => plainDate(Buffer.from(text), 0, text.length);

  it("reads the day as written whatever the time and offset after it", () => {
    expect(date("2022-02-03")).toBe(20220203);
    expect(date("2022-02-03T17:02:37Z")).toBe(20220203);
    expect(date("2022-02-03 17:02:37 +0100")).toBe(20220203);
    expect(date("2022-12-31 23:30:00 -0500")).toBe(20221231); // 04:30 UTC on 1 January, still 2022 as written
    expect(date("2022-12-31T23:30:00.123+01:00")).toBe(20221231);
    expect(date("2023-01-01 00:30 +14")).toBe(20230101);
    expect(date("2022-02-03 9:41:27 PM UTC")).toBe(20220203);
  });

  it("refuses a time that is none, and leaves it to the schema to word", () => {
    for (const text of ["2022-02-03 24:00", "2022-02-03 17:60", "2022-02-03 17:02:61", "2022-02-03 17:02 +1500", "2022-02-03 17:02+01:60", "2022-02-03 13:00 PM", "2022-02-03 0:30 AM", "2022-02-03T17:02:37.1234567890Z", "2022-02-03 17:02 +1", "2022-02-03 17"]) expect(date(text), text).toBe(-1);
  });
});
