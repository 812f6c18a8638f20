/**
 * `--format xlsx` as a user sees the workbook beyond its figures (those are test/e2e/xlsx.test.ts's):
 * column widths, bold header and total rows, frozen header, number formats, and the mark that
 * asks a spreadsheet to recalculate on opening. The workbook is written by exceljs's streaming
 * writer, row by row; these are the things that writer handles differently from the in-memory
 * one (calcPr it does not write at all), so each is read back from the file here.
 */
import { closeSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { entryBytes, zipEntries } from "../../../src/xlsx/zip.js";
import { cli } from "../../support/capture.js";
import { DEMO, folder, ROOT } from "../../support/helpers.js";

const MONEY = '"$"#,##0.00;[Red]-"$"#,##0.00';

async function written(args: string[]) {
  const file = join(folder(), "equity.xlsx");
  const run = await cli([...args, "-o", file]);
  expect(run.code, run.stderr).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return { file, book };
}

/** A part of the file as text, read from the zip's central directory. */
async function part(file: string, name: string): Promise<string> {
  const fd = openSync(file, "r");
  try {
    const entry = (await zipEntries(fd, statSync(file).size)).get(name);
    expect(entry, `${name} in ${file}`).toBeDefined();
    return (await entryBytes(fd, entry!)).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

const bold = (row: ExcelJS.Row) => {
  const cells: boolean[] = [];
  row.eachCell((c) => cells.push(c.font?.bold === true));
  return cells;
};
const widths = (sheet: ExcelJS.Worksheet) => sheet.columns.map((c) => c.width);

describe("--format xlsx: the workbook's layout", () => {
  it("widths, bold header and total, frozen header, formats, recalculation on load (--by plan,channel)", async () => {
    const { file, book } = await written(["--dir", join(ROOT, "fixtures", "segments", "phases"), "--by", "plan,channel"]);
    const summary = book.getWorksheet("Summary")!;
    const sums = book.getWorksheet("Sums")!;
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Sums"]);
    // Period, plan, channel at 14; a formula column 22 when its header is over 16 letters, else 18.
    expect(widths(summary)).toEqual([14, 14, 14, 22, 18, 18, 18, 18, 18, 18, 18, 18, 22, 22, 22, 22]);
    expect(widths(sums)).toEqual([14, 14, 14, 18, 18, 18, 18, 18, 18, 18, 18]);
    for (const sheet of [summary, sums]) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(bold(sheet.getRow(1))).toEqual(Array(sheet.columns.length).fill(true));
      expect(bold(sheet.getRow(2)).some(Boolean)).toBe(false);
    }
    // The last row is the total, bold in each cell it has (the total has no change: H and I are empty).
    const last = summary.rowCount;
    expect(summary.getCell(`A${last}`).value).toBe("Total");
    expect([summary.getCell(`B${last}`).value, summary.getCell(`C${last}`).value]).toEqual(["(all)", "(all)"]);
    expect(bold(summary.getRow(last))).toEqual(Array(14).fill(true));
    expect([summary.getCell(`H${last}`).value, summary.getCell(`I${last}`).value]).toEqual([null, null]);
    expect((summary.getCell(`K${last}`).value as { formula: string }).formula).toBe(`IF(J${last}="","",1-J${last})`);
    // Formats: money, rate and count, the same in a bold cell as in a plain one.
    expect([summary.getCell("D2").numFmt, summary.getCell("J2").numFmt, summary.getCell("P2").numFmt]).toEqual([MONEY, "0.00%", "#,##0"]);
    expect([summary.getCell(`D${last}`).numFmt, summary.getCell(`J${last}`).numFmt, summary.getCell(`P${last}`).numFmt]).toEqual([MONEY, "0.00%", "#,##0"]);
    expect([sums.getCell("D2").numFmt, sums.getCell("E2").numFmt]).toEqual(["#,##0", MONEY]);
    // A spreadsheet recalculates the formulas on opening rather than trusting the cached results.
    expect(await part(file, "xl/workbook.xml")).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    expect(await part(file, "docProps/core.xml")).toContain("<dc:creator>ceq</dc:creator>");
  });

  it("a view's sheet (--owners): widths from its headers, bold header, frozen, figures as numbers", async () => {
    const { book } = await written(["--dir", DEMO, "--owners"]);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Sums", "Owners"]);
    const owners = book.getWorksheet("Owners")!;
    const headers = (owners.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers.length).toBeGreaterThan(3);
    expect(widths(owners)).toEqual(headers.map((h) => Math.max(14, h.length + 4)));
    expect(owners.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(bold(owners.getRow(1))).toEqual(headers.map(() => true));
    const figures = (owners.getRow(2).values as unknown[]).slice(1).filter((v) => typeof v === "number");
    expect(figures.length).toBeGreaterThan(0);
  });
});
