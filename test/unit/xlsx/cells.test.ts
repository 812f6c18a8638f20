/**
 * Workbook cells as text (src/xlsx/cells.ts, values.ts, sheets.ts, book-sheets.ts): the expected
 * values are worked out by hand here, from the decimal the user typed and from calendar
 * arithmetic, never taken from ceq's output.
 */
import { describe, expect, it } from "vitest";
import { columnLetters, dateText, isDateFormat, numberText, roundSignificant, serialDay, shortestDecimal, significantDigits } from "../../../src/xlsx/cells.js";
import { chooseSheet } from "../../../src/xlsx/sheets.js";
import { parseDateStyles, parseRelationships, parseSharedStrings, parseWorkbook } from "../../../src/xlsx/parts.js";
import { SheetScanner } from "../../../src/xlsx/sheet-xml.js";
import { rawCellText, type CellContext, type CellRefusal, type SheetParts } from "../../../src/xlsx/values.js";
import type { RawCell } from "../../../src/xlsx/sheet-xml.js";

describe("numbers: the shortest decimal that round-trips, rounded to Excel's 15 digits when a computed double has more", () => {
  it("keeps what was typed, digit for digit (the doubles 0.1, 0.7, 1.005, 1234.565, 12345678.91 are not those decimals)", () => {
    // Each literal is a double close to, not equal to, the decimal; ECMAScript's shortest form gives the decimal back.
    for (const typed of ["0.1", "0.7", "1.005", "1234.565", "12345678.91", "-12.5", "49", "0.000001", "1e-7"]) {
      expect(numberText(Number(typed))).toEqual({ text: typed === "1e-7" ? "0.0000001" : typed, rounded: false });
    }
    expect(1.005 * 1000).toBe(1004.9999999999999); // the double really is not 1.005
  });

  it("rounds a formula's binary noise to 15 significant digits, half to even", () => {
    expect(shortestDecimal(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(numberText(0.1 + 0.2)).toEqual({ text: "0.3", rounded: true });
    expect(shortestDecimal(19.99 * 3)).toBe("59.97");
    expect(shortestDecimal(1.1 * 3)).toBe("3.3000000000000003");
    expect(numberText(1.1 * 3)).toEqual({ text: "3.3", rounded: true });
    expect(numberText(-(0.1 + 0.2))).toEqual({ text: "-0.3", rounded: true });
    // 10/3 has 16 digits: 3.333333333333333 becomes 3.33333333333333 (15 threes' worth).
    expect(numberText(10 / 3)).toEqual({ text: "3.33333333333333", rounded: true });
  });

  it("rounds half to even at the 16th digit, and carries", () => {
    expect(roundSignificant("1.0000000000000005", 15)).toBe("1");
    expect(roundSignificant("1.000000000000015", 15)).toBe("1.00000000000002"); // a tie, to the even 2
    expect(roundSignificant("1.000000000000025", 15)).toBe("1.00000000000002"); // a tie, to the even 2
    expect(roundSignificant("1.0000000000000251", 15)).toBe("1.00000000000003"); // past the tie
    expect(roundSignificant("9.9999999999999995", 15)).toBe("10");
    expect(roundSignificant("12345678901234567", 15)).toBe("12345678901234600");
    expect(roundSignificant("0.000123456789012345678", 15)).toBe("0.000123456789012346");
  });

  it("writes big and small numbers without an exponent", () => {
    expect(shortestDecimal(1e21)).toBe("1000000000000000000000");
    expect(shortestDecimal(-1.5e-7)).toBe("-0.00000015");
    expect(shortestDecimal(-0)).toBe("0");
    expect(significantDigits("1000000000000000000000")).toBe(1);
    expect(significantDigits("0.00000015")).toBe(2);
  });
});

describe("dates: Excel serials converted exactly, both systems", () => {
  const iso = (serial: number, system: 1900 | 1904) => dateText(serial, system, "YYYY-MM-DD");

  it("1900 system: serial 1 is 1900-01-01, 59 is 28 February, 60 the phantom 29th, 61 is 1 March", () => {
    expect(iso(1, 1900)).toBe("1900-01-01");
    expect(iso(59, 1900)).toBe("1900-02-28");
    expect(serialDay(60, 1900)).toBe("phantom");
    expect(iso(60, 1900)).toBe("1900-02-29"); // as Excel shows it; no date parser takes it
    expect(iso(61, 1900)).toBe("1900-03-01");
    expect(serialDay(0, 1900)).toBeUndefined();
  });

  it("1900 system: 45292 is 2024-01-01 and 45351 is 2024-02-29 (days counted by hand from 1900-03-01 = 61)", () => {
    // From 1900-03-01 to 2024-01-01: 124 years less Jan-Feb 1900 = 45231 days (30 leap days 1904..2020 + 123*365 + 306).
    expect(123 * 365 + 30 + 306).toBe(45231);
    expect(iso(61 + 45231, 1900)).toBe("2024-01-01");
    expect(iso(45292 + 59, 1900)).toBe("2024-02-29");
    expect(iso(45292.75, 1900)).toBe("2024-01-01"); // 18:00 is the same day
  });

  it("1904 system: serial 0 is 1904-01-01, and a date is 1462 less than in the 1900 system", () => {
    expect(iso(0, 1904)).toBe("1904-01-01");
    expect(iso(45292 - 1462, 1904)).toBe("2024-01-01");
    expect(iso(59, 1904)).toBe("1904-02-29"); // 1904 was a leap year
  });

  it("writes the day in the run's --date-format layout", () => {
    expect(dateText(45351, 1900, "DD/MM/YYYY")).toBe("29/02/2024");
    expect(dateText(45351, 1900, "MM/DD/YYYY")).toBe("02/29/2024");
    expect(dateText(45351, 1900, "DD.MM.YYYY")).toBe("29.02.2024");
    expect(dateText(45351, 1900, "YYYYMMDD")).toBe("20240229");
  });

  it("tells date formats from number formats", () => {
    for (const f of ["yyyy-mm-dd", "m/d/yy", "d-mmm-yy", "[$-409]mmmm d, yyyy;@", "dd/mm/yyyy hh:mm"]) expect(isDateFormat(f)).toBe(true);
    for (const f of [undefined, "General", "0.00", "#,##0.00 [$USD]", '"days"0', "h:mm:ss", "0%", "\\d0"]) expect(isDateFormat(f)).toBe(false);
  });
});

describe("cells of each kind", () => {
  const context = (): CellContext => ({ system: 1900, layout: undefined, rounded: 0, first: undefined });
  const parts: SheetParts = { sharedStrings: ["Acme Corp", "$1,234.56"], isDate: (style) => style === 1 };
  const at = { row: 17, column: 3 };
  const never = (): never => {
    throw new Error("no value");
  };
  const cell = (type: string | undefined, value: string | undefined, style = 0, formula?: string): RawCell => ({ column: 3, type, style, value, formula });

  it("reads shared and inline strings, booleans, errors, numbers, date-styled numbers, and formulas' cached results", () => {
    const c = context();
    expect(rawCellText(cell("s", "1"), parts, c, at, never)).toBe("$1,234.56");
    expect(rawCellText(cell("inlineStr", "(12.00)"), parts, c, at, never)).toBe("(12.00)");
    expect(rawCellText(cell("b", "1"), parts, c, at, never)).toBe("TRUE");
    expect(rawCellText(cell("e", "#N/A"), parts, c, at, never)).toBe("#N/A");
    expect(rawCellText(cell(undefined, "1234.5650000000001"), parts, c, at, never)).toBe("1234.565"); // 17 digits, as Excel 2007 wrote them
    expect(rawCellText(cell("n", "59.970000000000006", 0, "A1*3"), parts, c, at, never)).toBe("59.97");
    expect(rawCellText(cell(undefined, "61", 1), parts, c, at, never)).toBe("1900-03-01");
    expect(rawCellText(cell("str", "Total", 0, "A1&B1"), parts, c, at, never)).toBe("Total");
    expect(rawCellText(cell(undefined, undefined), parts, c, at, never)).toBe("");
  });

  it("counts the numbers it rounds, naming the first", () => {
    const c = context();
    rawCellText(cell(undefined, "0.30000000000000004", 0, "A1+A2"), parts, c, at, never);
    rawCellText(cell(undefined, "0.7"), parts, c, at, never);
    rawCellText(cell(undefined, String(1.1 * 3)), parts, c, { row: 18, column: 28 }, never);
    expect(c.rounded).toBe(2);
    expect(c.first).toEqual({ row: 17, cell: "C17", from: "0.30000000000000004", to: "0.3" });
  });

  it("a formula without its result is no value", () => {
    const noValue = (why: CellRefusal): never => {
      throw new Error(`${why.code}: ${why.value}`);
    };
    expect(() => rawCellText(cell(undefined, undefined, 0, "A1+A2"), parts, context(), at, noValue)).toThrow("formula-without-value: =A1+A2");
  });

  it("names columns as Excel does", () => {
    expect([1, 3, 26, 27, 52, 702, 703, 16384].map(columnLetters)).toEqual(["A", "C", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
  });
});

describe("a sheet's XML, scanned as it streams in", () => {
  const xml =
    '<worksheet><cols><col min="1" max="2"/></cols><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1" s="1"><v>45292</v></c></row>' +
    '<row r="3"/><x:row r="4"><x:c r="B4" t="inlineStr"><x:is><x:r><x:t>a &amp; </x:t></x:r><x:r><x:t xml:space="preserve">b</x:t></x:r></x:is></x:c></x:row>' +
    '<row><c><f>A1*2</f></c><c t="str"><f>A1</f><v>x&lt;y</v></c></row></sheetData><rowBreaks count="0"/></worksheet>';

  it("gives the same rows however the text is cut", () => {
    const whole = new SheetScanner().push(xml);
    expect(whole).toEqual([
      { row: 1, cells: [{ column: 1, type: "s", style: 0, value: "0", formula: undefined }, { column: 3, type: undefined, style: 1, value: "45292", formula: undefined }] },
      { row: 3, cells: [] },
      { row: 4, cells: [{ column: 2, type: "inlineStr", style: 0, value: "a & b", formula: undefined }] },
      { row: 5, cells: [{ column: 1, type: undefined, style: 0, value: undefined, formula: "A1*2" }, { column: 2, type: "str", style: 0, value: "x<y", formula: "A1" }] },
    ]);
    for (const size of [1, 7, 50]) {
      const scanner = new SheetScanner();
      const rows = [];
      for (let i = 0; i < xml.length; i += size) rows.push(...scanner.push(xml.slice(i, i + size)));
      expect(rows).toEqual(whole);
    }
  });

  it("reads the workbook's parts: sheets and date system, relationships, shared strings, date styles", () => {
    const book = parseWorkbook('<workbook><workbookPr date1904="1"/><sheets><sheet name="New &amp; Won" sheetId="1" r:id="rId1"/><sheet state="hidden" name="Old" sheetId="2" r:id="rId2"/></sheets></workbook>');
    expect(book).toEqual({ date1904: true, sheets: [{ name: "New & Won", rel: "rId1" }, { name: "Old", rel: "rId2", state: "hidden" }] });
    expect(parseRelationships('<Relationships><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/s2.xml"/></Relationships>')).toEqual(
      new Map([["rId1", "xl/worksheets/sheet1.xml"], ["rId2", "xl/worksheets/s2.xml"]]),
    );
    expect(parseSharedStrings('<sst><si><t>A</t></si><si><r><t>B</t></r><r><t xml:space="preserve"> C</t></r><rPh sb="0" eb="1"><t>ビー</t></rPh></si><si/></sst>')).toEqual(["A", "B C", ""]);
    const styles = '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts>' +
      '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="4"/></cellXfs></styleSheet>';
    expect(parseDateStyles(styles)).toEqual([false, true, true, false, false, false]);
  });
});

describe("which sheet", () => {
  const sheets = [{ name: "Notes", state: "hidden" }, { name: "New" }, { name: "2024" }];
  it("the first visible one by default; by name ignoring case, then by number", () => {
    expect(chooseSheet(sheets, undefined)).toBe("New");
    expect(chooseSheet(sheets, "new")).toBe("New");
    expect(chooseSheet(sheets, "1")).toBe("Notes");
    expect(chooseSheet(sheets, "2024")).toBe("2024"); // a name before a number
    expect(chooseSheet(sheets, "4")).toEqual({ detail: 'the workbook has 3 sheets: "Notes" (hidden), "New", "2024" (--sheet takes a name, or a number from 1 to 3)' });
  });

});
