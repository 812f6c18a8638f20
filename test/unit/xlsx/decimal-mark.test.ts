/**
 * A workbook's number cells written with the decimal mark their file's amounts are read with
 * (src/xlsx/values.ts, cells.ts): under --decimal-comma a number cell 12.345 must come out as
 * "12,345", which the decimal-comma amount parser reads as 12.345, not as "12.345" (12345 to that
 * parser). Text cells are left as written. Values worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { dateText, withMark } from "../../../src/xlsx/cells.js";
import { rawCellText, type CellContext, type SheetParts } from "../../../src/xlsx/values.js";
import type { RawCell } from "../../../src/xlsx/sheet-xml.js";
import { parseAmount } from "../../../src/schema/amount.js";
import type { DecimalMark } from "../../../src/xlsx/cells.js";

const parts: SheetParts = { sharedStrings: ["12,345", "12.345"], isDate: (style) => style === 1 };
const at = { row: 4, column: 3 };
const never = (): never => {
  throw new Error("no value");
};
const cell = (type: string | undefined, value: string | undefined, style = 0, formula?: string): RawCell => ({ column: 3, type, style, value, formula });
const context = (mark?: DecimalMark): CellContext => ({ system: 1900, layout: undefined, mark, rounded: 0, first: undefined });
const amount = (text: string, decimalComma: boolean) => parseAmount(text, { decimalComma });

describe("number cells take the run's decimal mark", () => {
  it("with a comma: 12.345 is 12,345, 2500.5 is 2500,5, -0.5 is -0,5; integers have no mark", () => {
    const c = context(",");
    expect(rawCellText(cell(undefined, "12.345"), parts, c, at, never)).toBe("12,345");
    expect(rawCellText(cell("n", "2500.5"), parts, c, at, never)).toBe("2500,5");
    expect(rawCellText(cell("n", "-0.5"), parts, c, at, never)).toBe("-0,5");
    expect(rawCellText(cell("n", "1000"), parts, c, at, never)).toBe("1000");
    expect(rawCellText(cell("n", "0.925"), parts, c, at, never)).toBe("0,925");
  });

  it("with a point, or none given: as before, 12.345", () => {
    expect(rawCellText(cell(undefined, "12.345"), parts, context("."), at, never)).toBe("12.345");
    expect(rawCellText(cell(undefined, "12.345"), parts, context(), at, never)).toBe("12.345");
  });

  it("each number reads back as itself through the parser of its mark: 12.345 is 12345/1000, not 12345", () => {
    for (const [typed, coef, scale] of [["12.345", 12345n, 3], ["2500.5", 25005n, 1], ["12.5", 125n, 1], ["-7.125", -7125n, 3], ["0.925", 925n, 3], ["1234567.89", 123456789n, 2]] as const) {
      const comma = rawCellText(cell(undefined, typed), parts, context(","), at, never);
      const point = rawCellText(cell(undefined, typed), parts, context("."), at, never);
      expect(amount(comma, true)).toEqual({ coef, scale });
      expect(amount(point, false)).toEqual({ coef, scale });
    }
    // What went wrong before: the point form under the comma parser.
    expect(amount("12.345", true)).toEqual({ coef: 12345n, scale: 0 });
    expect(amount("12.5", true)).toBeNull();
  });

  it("a number rounded to Excel's 15 digits gets the mark too; the warning names it with a point", () => {
    const c = context(",");
    expect(rawCellText(cell(undefined, "0.30000000000000004", 0, "A1+A2"), parts, c, at, never)).toBe("0,3");
    expect(c.rounded).toBe(1);
    expect(c.first).toEqual({ row: 4, cell: "C4", from: "0.30000000000000004", to: "0.3" });
  });

  it("text cells are as written, whatever the mark: \"12,345\" and \"12.345\" stay as they are", () => {
    const c = context(",");
    expect(rawCellText(cell("s", "0"), parts, c, at, never)).toBe("12,345");
    expect(rawCellText(cell("s", "1"), parts, c, at, never)).toBe("12.345");
    expect(rawCellText(cell("inlineStr", "1.234,5"), parts, c, at, never)).toBe("1.234,5");
    expect(rawCellText(cell("str", "7.125", 0, "TEXT(A1)"), parts, c, at, never)).toBe("7.125");
  });

  it("a date cell is its day; a date-styled serial before the first day is its number, with the mark", () => {
    const c = context(",");
    expect(rawCellText(cell(undefined, "45657", 1), parts, c, at, never)).toBe("2024-12-31");
    expect(rawCellText(cell(undefined, "-12.345", 1), parts, c, at, never)).toBe("-12,345");
    expect(dateText(-12.345, 1900, undefined, ",")).toBe("-12,345");
    expect(dateText(-12.345, 1900, undefined)).toBe("-12.345");
  });

  it("withMark changes the one point of a plain decimal", () => {
    expect(withMark("12.345", ",")).toBe("12,345");
    expect(withMark("12.345", ".")).toBe("12.345");
    expect(withMark("12345", ",")).toBe("12345");
    expect(withMark("12.345")).toBe("12.345");
  });
});
