/**
 * Where a workbook's problems are: `exports/new.xlsx [New]!C17` rather than `exports/new.xlsx:17`.
 * A sheet is read as records whose line is the row's number, and issues name their column by
 * its header text; the column's letter is found here, from the sheet's first rows as the reader
 * saw them (the header is among them: it is looked for in the first 20 lines, or after
 * --skip-rows). Kept per input name, for the run; nothing here reads a file.
 */
import { placeIssuesWith, type Issue } from "../issues.js";
import { columnLetters } from "./cells.js";

/** The rows kept per sheet to find a header in: --skip-rows' usual few, plus the 20 searched. */
const ROWS_KEPT = 64;

interface SheetPlace {
  /** The file as the user named it (the input's name may add the sheet: `book.xlsx [New]`). */
  readonly file: string;
  readonly sheet: string;
  /** The sheet's first non-blank rows: their number and cells. */
  readonly rows: { row: number; cells: readonly string[] }[];
}

const places = new Map<string, SheetPlace>();

/** Notes that the input named `name` is `sheet` of the workbook `file`. */
export function noteSheet(name: string, file: string, sheet: string): void {
  places.set(name, { file, sheet, rows: [] });
}

/** Forgets a name read as CSV this time (a run in the same process may have read a workbook by it). */
export function forgetSheet(name: string): void {
  places.delete(name);
}

/** Keeps one of a sheet's first rows, for the column letters of messages. */
export function noteRow(name: string, row: number, cells: readonly string[]): void {
  const place = places.get(name);
  if (place && place.rows.length < ROWS_KEPT) place.rows.push({ row, cells: cells.map((c) => c.trim()) });
}

/** The 1-based column of a header text, in the last kept row at or above `row` that has it. */
function columnOf(place: SheetPlace, row: number, header: string): number | undefined {
  for (let i = place.rows.length - 1; i >= 0; i--) {
    const kept = place.rows[i]!;
    if (kept.row > row) continue;
    const at = kept.cells.indexOf(header.trim());
    if (at !== -1) return at + 1;
  }
  return undefined;
}

/** Where an issue of a workbook is: the file, its sheet and the cell (or row), or undefined for a CSV's. */
export function placeOf(issue: { file: string; line?: number | undefined; column?: string | undefined }): { file: string; sheet: string; cell?: string } | undefined {
  const place = places.get(issue.file);
  if (!place) return undefined;
  if (issue.line === undefined) return { file: place.file, sheet: place.sheet };
  const column = issue.column === undefined ? undefined : columnOf(place, issue.line, issue.column);
  return { file: place.file, sheet: place.sheet, cell: column === undefined ? `${issue.line}:${issue.line}` : `${columnLetters(column)}${issue.line}` };
}

/** An issue of a workbook's sheet, with the sheet and the cell it is in; any other as it is. */
function inSheet(issue: Issue): Issue {
  const place = placeOf(issue);
  if (!place) return issue;
  return { ...issue, ...place, ...(issue.sheet !== undefined ? { sheet: issue.sheet } : {}), ...(issue.cell !== undefined ? { cell: issue.cell } : {}) };
}

placeIssuesWith(inSheet);
