/**
 * A sheet's cells as text: what each kind of cell holds, turned exactly (cells.ts) into what a
 * CSV export of the cell would say. Pure.
 */
import type { DateFormat } from "../schema/row.js";
import { columnLetters, dateText, numberText, withMark, type DateSystem, type DecimalMark } from "./cells.js";
import type { RawCell } from "./sheet-xml.js";

/** What reading a sheet's cells needs and keeps: the date system and layout, the decimal mark, and the numbers rounded. */
export interface CellContext {
  system: DateSystem;
  layout: DateFormat | undefined;
  /** The mark number cells are written with (see DecimalMark): "," when the file's amounts are read with --decimal-comma; "." when absent. */
  mark?: DecimalMark | undefined;
  rounded: number;
  first: { row: number; cell: string; from: string; to: string } | undefined;
}

export interface CellAt {
  readonly row: number;
  readonly column: number;
}

/** `C17`. */
export const cellName = (at: CellAt): string => `${columnLetters(at.column)}${at.row}`;


/** A number cell's text, with the context's decimal mark, counting the ones rounded to Excel's 15 digits (the warning shows them with a point). */
function numberCell(value: number, isDate: boolean, context: CellContext, at: CellAt): string {
  if (isDate) return dateText(value, context.system, context.layout, context.mark);
  const { text, rounded } = numberText(value);
  if (rounded) {
    context.rounded++;
    context.first ??= { row: at.row, cell: cellName(at), from: String(value), to: text };
  }
  return withMark(text, context.mark);
}

/** Why a cell has no text to read: a formula saved without its result, or a shared string the workbook does not hold. */
export type CellRefusal = { code: "formula-without-value"; value: string } | { code: "missing-shared-string"; value: string; detail: string };

/** What a sheet's raw cells are read with: the workbook's shared strings, and whether a cell style shows a date. */
export interface SheetParts {
  readonly sharedStrings: readonly string[];
  readonly isDate: (style: number) => boolean;
}

/**
 * The text of a cell as the worksheet part writes it (sheet-xml.ts): `t` says what its `v` is
 * (ECMA-376 Part 1 §18.18.11 ST_CellType): s a shared string's index, str a formula's text,
 * inlineStr its own text, b 0 or 1, e an error, d an ISO 8601 date, n (or none) a number.
 */
export function rawCellText(cell: RawCell, parts: SheetParts, context: CellContext, at: CellAt, refuse: (why: CellRefusal) => never): string {
  if (cell.formula !== undefined && cell.value === undefined) refuse({ code: "formula-without-value", value: `=${cell.formula}` });
  const value = cell.value;
  switch (cell.type) {
    case "s": {
      // An index the shared strings do not hold is a damaged file: reading it as empty would drop the cell's amount or id.
      const index = value === undefined || !/^\s*\d+\s*$/.test(value) ? -1 : Number(value);
      const text = parts.sharedStrings[index];
      if (text === undefined) refuse({ code: "missing-shared-string", value: value ?? "", detail: `shared string ${value === undefined ? "(none)" : JSON.stringify(value.trim())}, and the workbook holds ${parts.sharedStrings.length}` });
      return text;
    }
    case "str":
    case "inlineStr":
    case "e":
    case "d":
      return value ?? "";
    case "b":
      return value === undefined ? "" : value.trim() === "1" ? "TRUE" : "FALSE";
    default: {
      if (value === undefined || value.trim() === "") return "";
      const n = Number(value);
      return Number.isFinite(n) ? numberCell(n, parts.isDate(cell.style), context, at) : value;
    }
  }
}
