/**
 * The edges of a missing column's hint (src/schema/hints.ts) that decide its score: how a header
 * cell's name is normalized (a BOM, quotes, a `(UTC)` note, separators, case), which of two equal
 * cells wins, which sample values are dates or amounts; and resolveTxColumns' flags and date rule.
 * Each expectation follows from the rules written in hints.ts, worked out by hand; written to
 * kill schema-names' mutants (docs/mutation.md, "schema-names").
 *
 * Score: 0 the name exactly, 1 the name as whole words of the cell, 2 a misspelling (two edits or
 * fewer, both four letters or more). Role `phase` fits any value, so only the names decide; its
 * own names (phase, status, type, segment type) are kept out of these cells.
 */
import { describe, expect, it } from "vitest";
import { suggestColumn } from "../../../src/schema/hints.js";
import { resolveTxColumns } from "../../../src/schema/transaction.js";

const named = (header: string[], defaults: string[]) => suggestColumn(header, "phase", { defaults });

describe("a header cell's words", () => {
  it("drops a BOM at the start; one inside is white space (JavaScript's \\s), a separator like a space", () => {
    expect(named(["\ufeffZeta"], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Ze\ufeffta"], ["zeta"])).toEqual({ index: 0, score: 0 });
    // "alpha ze ta" holds the words "ze ta"; had the BOM been dropped, "alpha zeta" would not.
    expect(named(["Alpha Ze\ufeffta"], ["ze ta"])).toEqual({ index: 0, score: 1 });
  });

  it("trims quote runs at both ends only: a quote inside stays", () => {
    expect(named(["''Zeta"], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Zeta\"\""], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Ze'ta"], ["zeta"])).toEqual({ index: 0, score: 2 });
  });

  it("drops a trailing note in brackets, glued or spaced, of any length, and nothing before other text", () => {
    expect(named(["Zeta(USD)"], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Zeta (UTC)"], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Zeta [local time]"], ["zeta"])).toEqual({ index: 0, score: 0 });
    // Text after the note: the note stays, and "zeta" is a word of the cell.
    expect(named(["Zeta (USD)x"], ["zeta"])).toEqual({ index: 0, score: 1 });
  });

  it("reads a run of separators as one space, so a two-word name is found inside a longer cell", () => {
    expect(named(["Alpha Zeta__Omega"], ["zeta omega"])).toEqual({ index: 0, score: 1 });
    expect(named(["Alpha Zeta - Omega"], ["zeta omega"])).toEqual({ index: 0, score: 1 });
  });

  it("compares names without their spaces: ZetaOmega is zeta omega exactly", () => {
    expect(named(["ZetaOmega"], ["zeta omega"])).toEqual({ index: 0, score: 0 });
  });

  it("compares in lower case: Groß is two edits from gross (upper case would make it GROSS exactly)", () => {
    expect(named(["Groß"], ["gross"])).toEqual({ index: 0, score: 2 });
  });

  it("of two cells that match the same name equally, the first wins", () => {
    expect(named(["Zeta", "zeta"], ["zeta"])).toEqual({ index: 0, score: 0 });
    expect(named(["Alpha Zeta", "Zeta Beta"], ["zeta"])).toEqual({ index: 0, score: 1 });
  });
});

describe("which sample values are dates", () => {
  const date = (value: string) => suggestColumn(["Date"], "date", { defaults: ["date"], samples: [[value]] });
  it.each([
    ["March 15, 2024", true], // two digits of day
    ["Mar. 5, 2024", true],
    ["ab 5, 2024", false], // a month's name has three letters or more
    ["March 5, 24", false], // the year has four digits
    ["5-Mar-2024", true],
    ["5-Mar-2", false], // two digits of year at least
    ["5-a-2024", false],
  ])("%s: %s", (value, isDate) => {
    expect(date(value)).toEqual(isDate ? { index: 0, score: 0 } : undefined);
  });
});

describe("which sample values are amounts", () => {
  const amount = (value: string) => suggestColumn(["Amount"], "amount", { defaults: ["amount"], samples: [[value]] });
  it.each([
    ["$-5.00", true], // a sign after the symbol: the symbol goes, then the sign
    ["$--5", true],
    ["(-$5", true], // signs before the symbol go first, all of them
    ["5€", true], // a symbol glued to the number
    ["5 €)-", true], // a closing parenthesis and a sign after the symbol's space
    ["5--€", true],
    ["1-2", false], // a sign inside the number
    ["1)2", false],
  ])("%s: %s", (value, isAmount) => {
    expect(amount(value)).toEqual(isAmount ? { index: 0, score: 0 } : undefined);
  });
});

describe("resolveTxColumns' flags and the date rule", () => {
  const at = { file: "log.csv", line: 1 };
  it.each([
    ["quantity", "--quantity-column"],
    ["price", "--price-column"],
    ["cost", "--cost-column"],
    ["currency", "--currency-column"],
  ] as const)("a --%s-column naming no header cell says which flag named it", (field, flag) => {
    const { issues } = resolveTxColumns(["customer_id", "date", "amount"], { [field]: "Zeta" }, at, false);
    expect(issues.map((i) => i.detail?.split(";")[0])).toEqual([`"Zeta" (named by ${flag})`]);
  });

  it("a yearly run reads a year column without a date; a shorter period asks for the date and hints at it", () => {
    expect(resolveTxColumns(["customer_id", "year", "amount"], {}, at, false).issues).toEqual([]);
    expect(resolveTxColumns(["customer_id", "date", "amount"], {}, at, true).issues).toEqual([]);
    const { issues } = resolveTxColumns(["customer_id", "Close Date", "amount"], {}, at, true);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.detail).toMatch(/^date \(periods shorter than a year need dates\);/);
    expect(issues[0]!.remedy).toEqual({ flag: "--date-column", value: "Close Date" });
  });
});
