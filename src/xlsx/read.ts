/**
 * A workbook's sheet as the records a CSV export of it would give: one record per row, its line
 * the row's number, every cell as text (see cells.ts), so that every check of the CSV path
 * (header search, title rows, totals rows, footers, amounts, dates, --where) reads it unchanged.
 * Read with exceljs's streaming reader: rows are passed on as they are parsed, never the whole sheet.
 */
import { Readable } from "node:stream";
import type { CsvRecord } from "../io/records.js";
import { InputProblem, type Source } from "../io/source.js";
import type { Issue } from "../issues.js";
import { cellName, cellText, type CellContext } from "./values.js";
import { chooseSheet, type SheetEntry } from "./sheets.js";
import { noteRow, noteSheet } from "./places.js";

interface CellLike {
  readonly value: unknown;
  readonly numFmt?: string;
}
interface RowLike {
  readonly number: number;
  eachCell(options: { includeEmpty: boolean }, each: (cell: CellLike, column: number) => void): void;
}
interface SheetReader extends AsyncIterable<RowLike> {
  readonly name: string;
}
interface BookReader extends AsyncIterable<SheetReader> {
  readonly model?: { sheets?: SheetEntry[] };
  readonly properties?: { model?: { date1904?: boolean } };
}

const BATCH_ROWS = 1024;
/** The rows a header is looked for in (see read.ts), which set a block's width. */
const HEADER_ROWS = 20;

/** The file a workbook's messages name: the input's name without the sheet a folder's phase-per-sheet input adds to it. */
function fileOf(src: Source): string {
  const suffix = src.sheet === undefined ? "" : ` [${src.sheet}]`;
  return suffix !== "" && src.name.endsWith(suffix) ? src.name.slice(0, -suffix.length) : src.name;
}

function problem(src: Source, issue: Omit<Issue, "severity" | "file">): InputProblem {
  return new InputProblem({ severity: "error", file: src.name, ...issue });
}

/**
 * The records of the chosen sheet (`src.sheet`, else the first visible one), in batches.
 * `onWarning` is told once, at the end, how many numbers were rounded to Excel's 15 digits.
 */
export async function* workbookRecords(src: Source, bytes: AsyncIterable<Buffer>, onWarning?: (issue: Issue) => void): AsyncGenerator<CsvRecord[]> {
  const { default: ExcelJS } = await import("exceljs");
  const input = Readable.from(bytes, { objectMode: false });
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" }) as unknown as BookReader;
  const file = fileOf(src);
  let chosen: string | undefined;
  let found = false;
  const context: CellContext = { system: 1900, layout: src.dateFormat, rounded: 0, first: undefined };
  try {
    for await (const sheet of book) {
      const sheets = book.model?.sheets;
      if (!sheets) throw problem(src, { code: "unreadable-file", detail: "the workbook's list of sheets (xl/workbook.xml) does not come before its sheets: open it in a spreadsheet, save it, and run ceq again" });
      if (chosen === undefined) {
        const choice = chooseSheet(sheets, src.sheet);
        if (typeof choice !== "string") throw problem(src, { code: "missing-sheet", detail: missing(src, choice.detail) });
        chosen = choice;
        context.system = book.properties?.model?.date1904 ? 1904 : 1900;
      }
      if (found || sheet.name !== chosen) continue; // drained by the reader
      found = true;
      noteSheet(src.name, file, sheet.name);
      yield* sheetRecords(src, sheet, context);
    }
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw problem(src, { code: "unreadable-file", detail: `not a readable .xlsx workbook (${(error as Error).message})` });
  }
  if (!book.model?.sheets) throw problem(src, { code: "unreadable-file", detail: "it is a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml): unzip it, or save the spreadsheet as .xlsx or CSV" });
  if (!found) {
    // A workbook whose chosen sheet has no cells at all still has the sheet: it is an empty file.
    const choice = chooseSheet(book.model.sheets, src.sheet);
    if (typeof choice !== "string") throw problem(src, { code: "missing-sheet", detail: missing(src, choice.detail) });
    noteSheet(src.name, file, choice);
  }
  if (context.rounded > 0 && onWarning) onWarning(roundedIssue(src, context));
}

/** One sheet's rows as records: trailing empty cells dropped, then padded as the rows above (see width). */
async function* sheetRecords(src: Source, sheet: SheetReader, context: CellContext): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  /** The current block of rows (no blank row between them): where it starts, and its width. */
  let block = { start: 0, last: -1, width: 0 };
  for await (const row of sheet) {
    const fields: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const at = { row: row.number, column };
      fields[column - 1] = cellText(cell.value, cell.numFmt, context, at, (formula) => {
        throw problem(src, { code: "formula-without-value", line: row.number, sheet: sheet.name, cell: cellName(at), value: `=${formula}` });
      });
    });
    let extent = fields.length;
    while (extent > 0 && (fields[extent - 1] ?? "").trim() === "") extent--;
    if (extent === 0) continue; // a blank row, as a blank line is skipped
    // A grid has no ragged rows, but its rows end at their last filled cell. As a spreadsheet's
    // CSV export pads them, a row is as wide as the widest of its block's first rows (the header
    // is among them, below any title), so a row whose last cells are empty is not taken for a
    // ragged one. A row wider than that stays as wide as it is, and ragged; after a blank row
    // the width starts again, so that a footer below one is as short as it is written.
    if (row.number !== block.last + 1) block = { start: row.number, last: row.number, width: 0 };
    block.last = row.number;
    if (row.number - block.start < HEADER_ROWS) block.width = Math.max(block.width, extent);
    const cells = Array.from({ length: Math.max(extent, block.width) }, (_, i) => fields[i] ?? "");
    noteRow(src.name, row.number, cells);
    batch.push({ fields: cells, line: row.number });
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** "named "Nope": the workbook has 2 sheets: …". */
const missing = (src: Source, detail: string): string => (src.sheet === undefined ? detail : `none is named ${JSON.stringify(src.sheet)}: ${detail}`);

function roundedIssue(src: Source, context: CellContext): Issue {
  const first = context.first!;
  const n = context.rounded;
  const detail = `${n.toLocaleString("en")} number cell${n === 1 ? "" : "s"} held more than Excel's 15 significant digits (binary floating point: 0.1 + 0.2 is 0.30000000000000004) and ${n === 1 ? "was" : "were"} rounded to 15, half to even; the first, at ${first.cell}: ${first.from} became ${first.to}`;
  return { severity: "warning", lenient: true, code: "rounded-number", file: src.name, line: first.row, cell: first.cell, detail };
}
