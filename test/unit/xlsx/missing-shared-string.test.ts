/**
 * A cell of type s holds an index into the workbook's shared strings (ECMA-376 Part 1 §18.4.8
 * and §18.18.11). One that the strings do not hold is a damaged file: ceq read it as an empty
 * cell, so a customer's id or an amount could vanish without a word (an audit's finding). It is
 * an error naming the sheet and cell. The workbooks are written by hand (test/support/stored-zip.ts).
 *
 * Both refusals of a cell, this one and a formula saved without its result, once ended a
 * transaction log's run in an internal error (exit 70, EBADF): the sheet's stream closed the
 * input's descriptor when the reader stopped at the cell, and the run closed it again.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawCellText, type CellRefusal } from "../../../src/xlsx/values.js";
import { ceq, folder } from "../../support/helpers.js";
import { handWorkbook } from "../../support/stored-zip.js";

const refused = (why: CellRefusal): never => {
  throw new Error(`${why.code} ${why.value}${"detail" in why ? `: ${why.detail}` : ""}`);
};
const parts = { sharedStrings: ["customer", "A"], isDate: () => false };
const context = () => ({ system: 1900 as const, layout: undefined, rounded: 0, first: undefined });
const at = { row: 2, column: 1 };
const s = (value: string | undefined) => ({ column: 1, type: "s", value, style: 0, formula: undefined });

describe("a shared string cell", () => {
  it("reads the string its index names", () => {
    expect(rawCellText(s("1"), parts, context(), at, refused)).toBe("A");
    expect(rawCellText(s(" 0 "), parts, context(), at, refused)).toBe("customer");
  });

  it("is refused when the index is past the strings, not a whole number, or absent", () => {
    expect(() => rawCellText(s("2"), parts, context(), at, refused)).toThrow('missing-shared-string 2: shared string "2", and the workbook holds 2');
    expect(() => rawCellText(s("-1"), parts, context(), at, refused)).toThrow("missing-shared-string -1");
    expect(() => rawCellText(s("1.5"), parts, context(), at, refused)).toThrow("missing-shared-string 1.5");
    expect(() => rawCellText(s("constructor"), parts, context(), at, refused)).toThrow("missing-shared-string constructor");
    expect(() => rawCellText(s(undefined), parts, context(), at, refused)).toThrow("missing-shared-string : shared string (none)");
  });
});

describe("through the binary", () => {
  const header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>';
  const strings = ["customer_id", "date", "amount", "A", "B"];

  it("a workbook whose strings are all there reads: 100 + 50 = 150", async () => {
    const rows = `${header}<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="str"><v>2024-01-05</v></c><c r="C2"><v>100</v></c></row><row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="str"><v>2024-02-05</v></c><c r="C3"><v>50</v></c></row>`;
    const dir = folder({ "log.xlsx": handWorkbook(rows, strings) });
    const run = await ceq(["--transactions", join(dir, "log.xlsx"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition.revenue).toBe(150);
  });

  it("a customer id pointing past the strings is an error at its cell, with no result (it was read as empty)", async () => {
    const rows = `${header}<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="str"><v>2024-01-05</v></c><c r="C2"><v>100</v></c></row><row r="3"><c r="A3" t="s"><v>9</v></c><c r="B3" t="str"><v>2024-02-05</v></c><c r="C3"><v>50</v></c></row>`;
    const dir = folder({ "log.xlsx": handWorkbook(rows, strings) });
    const file = join(dir, "log.xlsx");
    const run = await ceq(["--transactions", file, "--skip-missing-id", "-f", "json"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${file} [Sales]!A3: "9" points to a text the workbook does not hold (shared string "9", and the workbook holds 5): the file is damaged, and the cell's value is lost`);
    expect(run.stderr).toContain("hint: open the workbook in a spreadsheet");
  });

  it("a log's formula saved without its result is an error at its cell, exit 1 (it was an internal error, exit 70)", async () => {
    const rows = `${header}<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="str"><v>2024-01-05</v></c><c r="C2"><f>1+1</f></c></row>`;
    const dir = folder({ "log.xlsx": handWorkbook(rows, strings) });
    const file = join(dir, "log.xlsx");
    const run = await ceq(["--transactions", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${file} [Sales]!C2: "=1+1" is a formula saved without its result`);
    expect(run.stderr).not.toContain("internal error");
  });
});
