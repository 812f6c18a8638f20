/**
 * The byte-level amount reader's edges (src/csv/amount-bytes.ts), each value worked by hand in
 * units of 10^-4. The differential property (test/properties/byte-readers-agree.test.ts) holds the
 * fast path to the schema wherever it reads a cell; it cannot see a cell the fast path refuses but
 * should read (that only costs time), nor one read past its bound that the schema reads the same.
 * These are those cases, found by mutation testing (docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import { amountUnits, signedUnits } from "../../../src/csv/amount-bytes.js";

const DOT = 0x2e;
const COMMA = 0x2c;
const units = (text: string, decimal = DOT) => signedUnits(Buffer.from(text), 0, Buffer.byteLength(text), decimal);
/** amountUnits on the first `end` bytes of `text`: the bytes after them belong to the next cell. */
const upTo = (text: string, end: number, decimal = DOT) => amountUnits(Buffer.from(text), 0, end, decimal);

describe("a lead of exactly three digits is a group", () => {
  it("by threes, Swiss, with a decimal comma", () => {
    expect(units("123,456.78")).toBe(1_234_567_800); // 123,456.78
    expect(units("-123,456")).toBe(-1_234_560_000);
    expect(units("123'456.78")).toBe(1_234_567_800);
    expect(units("123'456'789")).toBe(1_234_567_890_000);
    expect(units("123.456,78", COMMA)).toBe(1_234_567_800);
  });
});

describe("groups after the lead", () => {
  it("several by threes, with a fraction of three digits after the last", () => {
    expect(units("1,234,567")).toBe(12_345_670_000);
    expect(units("1,234.567")).toBe(12_345_670); // 1234.567, not 1,234,567
    expect(units("12,345,678.9")).toBe(123_456_789_000);
  });

  it("a space groups with a decimal comma", () => {
    expect(units("1 234,56", COMMA)).toBe(12_345_600);
    expect(units("12 345 678", COMMA)).toBe(123_456_780_000);
    expect(units("1 234,56")).toBeNaN(); // a space with a decimal point is no grouping
  });
});

describe("the eleven-digit bound (10^11 × 10^4 units stays under 2^53)", () => {
  it("eleven integer digits are read, twelve are the schema's, in every grouping", () => {
    expect(units("99999999999")).toBe(999_999_999_990_000);
    expect(units("999999999999")).toBeNaN();
    expect(units("99,999,999,999")).toBe(999_999_999_990_000);
    expect(units("999,999,999,999")).toBeNaN();
    expect(units("99.999.999.999", COMMA)).toBe(999_999_999_990_000);
    expect(units("999.999.999.999", COMMA)).toBeNaN();
    expect(units("99,99,99,99,999")).toBe(999_999_999_990_000); // Indian, eleven digits
    expect(units("9,99,99,99,99,999")).toBeNaN(); // thirteen
    expect(units("99'999'999'999")).toBe(999_999_999_990_000);
    expect(units("999'999'999'999")).toBeNaN();
  });
});

describe("only the bytes in [start, end) are the cell", () => {
  it("a separator or digits after the end are the next cell's", () => {
    expect(upTo("12,345", 2)).toBe(120_000);
    expect(upTo("1,234,567", 5)).toBe(12_340_000);
    expect(upTo("1.234.567", 5, COMMA)).toBe(12_340_000);
    expect(upTo("1 234 567", 5, COMMA)).toBe(12_340_000);
    expect(upTo("1'234'", 5)).toBe(12_340_000);
    expect(upTo("1'234'567", 5)).toBe(12_340_000);
    expect(upTo("1,00,000,", 8)).toBe(1_000_000_000); // one lakh
    expect(upTo("12,34,567,89", 9)).toBe(12_345_670_000);
    expect(upTo("1.5|", 3)).toBe(15_000);
    expect(upTo("(12)", 3)).toBe(-1); // "(12": no closing parenthesis inside the cell
    expect(upTo("1,234.5", 4)).toBe(-1); // "1,23": a group cut short by the cell's end
  });

  it("signedUnits reads the sign inside the cell only", () => {
    const bytes = Buffer.from("(12)-");
    expect(signedUnits(bytes, 1, 3, DOT)).toBe(120_000);
    expect(signedUnits(bytes, 0, 4, DOT)).toBe(-120_000);
    expect(signedUnits(Buffer.from("-12"), 1, 3, DOT)).toBe(120_000);
    expect(signedUnits(Buffer.from("12-"), 0, 2, DOT)).toBe(120_000);
  });
});

describe("digits 0 and 9 in groups, and what is no digit", () => {
  it("zeros and nines in groups after the first", () => {
    expect(units("1,000,000")).toBe(10_000_000_000);
    expect(units("9,999,999.99")).toBe(99_999_999_900);
  });

  it("a letter in a group or a fraction, or an apostrophe after other groups, is refused, never read as a digit", () => {
    for (const text of ["1.5e3", "1'23a", "12,34,5a7", "1'234.5x"]) expect(units(text), text).toBeNaN();
    expect(units("1.234'5", COMMA)).toBeNaN();
    expect(units("1 234'567,5", COMMA)).toBeNaN();
  });
});
