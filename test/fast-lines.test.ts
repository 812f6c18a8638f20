/**
 * The fast path's amount reader on its own: values worked by hand, in units of 10^-4. The
 * differential tests (paths.test.ts, transactions-paths.test.ts) prove it agrees with the schema.
 */
import { describe, expect, it } from "vitest";
import { amountUnits, signedUnits } from "../src/fast-lines.js";

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
