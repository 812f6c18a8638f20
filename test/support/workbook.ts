/** Workbooks made in a test with exceljs (never committed as files): sheets of rows, cells with formats. */
import ExcelJS from "exceljs";

/** A cell: a value as exceljs takes it, or one with a number format (`{ v: 45292, fmt: "yyyy-mm-dd" }`). */
export type TestCell = ExcelJS.CellValue | { v: ExcelJS.CellValue; fmt: string };

export interface TestSheet {
  name: string;
  rows: TestCell[][];
  /** Rows placed from this row number (1 by default), so a sheet can start lower or skip rows. */
  firstRow?: number;
  hidden?: boolean;
  /** Ranges merged after the rows are written (`A1:E1`, a report's title across the table). */
  merge?: string[];
}

const isFormatted = (c: TestCell): c is { v: ExcelJS.CellValue; fmt: string } => c !== null && typeof c === "object" && "fmt" in c && "v" in c;

export async function workbook(sheets: TestSheet[], options: { date1904?: boolean } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  if (options.date1904) book.properties.date1904 = true;
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name);
    if (sheet.hidden) ws.state = "hidden";
    sheet.rows.forEach((cells, i) => {
      const row = ws.getRow((sheet.firstRow ?? 1) + i);
      cells.forEach((cell, j) => {
        if (cell === undefined) return;
        const target = row.getCell(j + 1);
        if (isFormatted(cell)) {
          target.value = cell.v;
          target.numFmt = cell.fmt;
        } else target.value = cell;
      });
      row.commit();
    });
    for (const range of sheet.merge ?? []) ws.mergeCells(range);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Every cell of every sheet of a workbook file, as JSON text: what a reader of the file sees, to compare two workbooks cell for cell. */
export async function cellsOfWorkbook(path: string): Promise<Record<string, string[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const out: Record<string, string[][]> = {};
  book.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1).map((v) => JSON.stringify(v ?? null))));
    out[sheet.name] = rows;
  });
  return out;
}
