/**
 * A workbook's sheet as the records a CSV export of it would give: one record per row, its line
 * the row's number, every cell as text (see cells.ts), so that every check of the CSV path
 * (header search, title rows, totals rows, footers, amounts, dates, --where) reads it unchanged.
 * The archive is read through its central directory (zip.ts), its small parts whole (parts.ts),
 * and the sheet as a stream through sheet-xml.ts's scanner: rows are passed on as they are
 * inflated and parsed, never the whole sheet.
 */
import type { CsvRecord } from "../csv/records.js";
import { InputProblem, type Source } from "../io/source.js";
import type { Issue } from "../issues.js";
import { cellName, rawCellText, type CellContext, type SheetParts } from "./values.js";
import { SheetScanner } from "./sheet-xml.js";
import { chooseSheet } from "./sheets.js";
import { noteRow, noteSheet } from "./places.js";
import { entryBytes, entryStream, zipEntries, ZipError, type ZipEntry } from "./zip.js";
import { parseDateStyles, parseRelationships, parseSharedStrings, parseWorkbook } from "./parts.js";
import { seekable } from "./seekable.js";
import type { DecimalMark } from "./cells.js";

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
 * The records of the chosen sheet (`src.sheet`, else the first visible one), in batches, number
 * cells written with `mark` (see DecimalMark). `onWarning` is told once, at the end, how many
 * numbers were rounded to Excel's 15 digits.
 */
export async function* workbookRecords(src: Source, bytes: AsyncIterable<Buffer>, onWarning?: (issue: Issue) => void, mark?: DecimalMark): AsyncGenerator<CsvRecord[]> {
  const file = await seekable(src, bytes);
  try {
    let entries: Map<string, ZipEntry>;
    try {
      entries = await zipEntries(file.fd, file.size);
    } catch (error) {
      if (error instanceof ZipError) throw problem(src, { code: "unreadable-file", detail: `not a readable .xlsx workbook: ${error.message}` });
      throw error;
    }
    const text = async (path: string): Promise<string | undefined> => {
      const entry = entries.get(path);
      return entry ? (await entryBytes(file.fd, entry)).toString("utf8") : undefined;
    };
    const workbookXml = await text("xl/workbook.xml");
    if (workbookXml === undefined) throw problem(src, { code: "unreadable-file", detail: "it is a ZIP archive, but not an Excel workbook (it has no xl/workbook.xml): unzip it, or save the spreadsheet as .xlsx or CSV" });
    const book = parseWorkbook(workbookXml);
    const choice = chooseSheet(book.sheets, src.sheet);
    if (typeof choice !== "string") throw problem(src, { code: "missing-sheet", detail: missing(src, choice.detail) });
    const rels = parseRelationships((await text("xl/_rels/workbook.xml.rels")) ?? "");
    const sheet = book.sheets.find((s) => s.name === choice)!;
    const part = sheet.rel === undefined ? undefined : entries.get(rels.get(sheet.rel) ?? "");
    if (!part) throw problem(src, { code: "unreadable-file", detail: `the workbook lists the sheet ${JSON.stringify(choice)} but does not hold it: open it in a spreadsheet, save it, and run ceq again` });
    const partOf = (suffix: string, fallback: string): string => [...rels.values()].find((t) => t.endsWith(suffix)) ?? fallback;
    const sharedStrings = parseSharedStrings((await text(partOf("sharedStrings.xml", "xl/sharedStrings.xml"))) ?? "");
    const dateStyles = parseDateStyles((await text(partOf("styles.xml", "xl/styles.xml"))) ?? "");
    const context: CellContext = { system: book.date1904 ? 1904 : 1900, layout: src.dateFormat, mark, rounded: 0, first: undefined };
    noteSheet(src.name, fileOf(src), choice);
    yield* sheetRecords(src, choice, entryStream(file.fd, part), { sharedStrings, isDate: (style) => dateStyles[style] === true }, context);
    if (context.rounded > 0 && onWarning) onWarning(roundedIssue(src, context));
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw problem(src, { code: "unreadable-file", detail: `not a readable .xlsx workbook (${(error as Error).message})` });
  } finally {
    file.close();
  }
}

/** One sheet's rows as records: trailing empty cells dropped, then padded as the rows above (see the width rule below). */
async function* sheetRecords(src: Source, sheet: string, bytes: AsyncIterable<Buffer>, parts: SheetParts, context: CellContext): AsyncGenerator<CsvRecord[]> {
  const scanner = new SheetScanner();
  const decoder = new TextDecoder("utf-8");
  /** The current block of rows (no blank row between them): where it starts, and its width. */
  let block = { start: 0, last: -1, width: 0 };
  for await (const chunk of bytes) {
    const batch: CsvRecord[] = [];
    for (const raw of scanner.push(decoder.decode(chunk, { stream: true }))) {
      const fields: string[] = [];
      for (const cell of raw.cells) {
        const at = { row: raw.row, column: cell.column };
        fields[cell.column - 1] = rawCellText(cell, parts, context, at, (why) => {
          throw problem(src, { ...why, line: raw.row, sheet, cell: cellName(at) });
        });
      }
      let extent = fields.length;
      while (extent > 0 && (fields[extent - 1] ?? "").trim() === "") extent--;
      if (extent === 0) continue; // a blank row, as a blank line is skipped
      // A grid has no ragged rows, but its rows end at their last filled cell. As a spreadsheet's
      // CSV export pads them, a row is as wide as the widest of its block's first rows (the header
      // is among them, below any title), so a row whose last cells are empty is not taken for a
      // ragged one. A row wider than that stays as wide as it is, and ragged; after a blank row
      // the width starts again, so that a footer below one is as short as it is written (a row
      // there that reads as data is given its empty cells back: see read/footer.ts).
      if (raw.row !== block.last + 1) block = { start: raw.row, last: raw.row, width: 0 };
      block.last = raw.row;
      if (raw.row - block.start < HEADER_ROWS) block.width = Math.max(block.width, extent);
      const cells = Array.from({ length: Math.max(extent, block.width) }, (_, i) => fields[i] ?? "");
      noteRow(src.name, raw.row, cells);
      batch.push({ fields: cells, line: raw.row, grid: true });
    }
    if (batch.length > 0) yield batch;
  }
}

/** "named "Nope": the workbook has 2 sheets: …". */
const missing = (src: Source, detail: string): string => (src.sheet === undefined ? detail : `none is named ${JSON.stringify(src.sheet)}: ${detail}`);

function roundedIssue(src: Source, context: CellContext): Issue {
  const first = context.first!;
  const n = context.rounded;
  const detail = `${n.toLocaleString("en")} number cell${n === 1 ? "" : "s"} held more than Excel's 15 significant digits (binary floating point: 0.1 + 0.2 is 0.30000000000000004) and ${n === 1 ? "was" : "were"} rounded to 15, half to even; the first, at ${first.cell}: ${first.from} became ${first.to}`;
  return { severity: "warning", lenient: true, code: "rounded-number", file: src.name, line: first.row, cell: first.cell, detail };
}
