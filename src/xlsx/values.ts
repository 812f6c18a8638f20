/**
 * exceljs's cell values as text: what each kind of cell holds, turned exactly (cells.ts) into
 * what a CSV export of the cell would say. Pure.
 */
import type { DateFormat } from "../schema/row.js";
import { columnLetters, dateText, isDateFormat, numberText, type DateSystem } from "./cells.js";

/** What reading a sheet's cells needs and keeps: the date system and layout, and the numbers rounded. */
export interface CellContext {
  system: DateSystem;
  layout: DateFormat | undefined;
  rounded: number;
  first: { row: number; cell: string; from: string; to: string } | undefined;
}

export interface CellAt {
  readonly row: number;
  readonly column: number;
}

/** `C17`. */
export const cellName = (at: CellAt): string => `${columnLetters(at.column)}${at.row}`;

const DAY_MS = 86_400_000;
/** exceljs turns a date cell's serial v into Date((v - 25569 [+ 1462 in 1904]) days after 1970): these undo it. */
const EPOCH_SERIAL: Record<DateSystem, number> = { 1900: 25569, 1904: 24107 };

/** A number cell's text, counting the ones rounded to Excel's 15 digits. */
function numberCell(value: number, format: string | undefined, context: CellContext, at: CellAt): string {
  if (Number.isNaN(value)) return "#VALUE!"; // a formula's error result, which exceljs reads as a number
  if (isDateFormat(format)) return dateText(value, context.system, context.layout);
  const { text, rounded } = numberText(value);
  if (rounded) {
    context.rounded++;
    context.first ??= { row: at.row, cell: cellName(at), from: String(value), to: text };
  }
  return text;
}

/**
 * The text of one cell. `noValue` is called (and must throw) for a formula saved without its
 * result, as files written by programs that do not calculate are: there is no value to read.
 */
export function cellText(value: unknown, format: string | undefined, context: CellContext, at: CellAt, noValue: (formula: string) => never): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberCell(value, format, context, at);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) {
    // Only a date-formatted number cell becomes a Date: its serial is recovered, whole days exactly.
    const serial = Math.floor(value.getTime() / DAY_MS) + EPOCH_SERIAL[context.system];
    return dateText(serial, context.system, context.layout);
  }
  if (typeof value === "object") {
    const v = value as { richText?: { text?: string }[]; formula?: string; sharedFormula?: string; result?: unknown; error?: string; text?: unknown };
    if (v.richText) return v.richText.map((run) => run.text ?? "").join("");
    if (v.formula !== undefined || v.sharedFormula !== undefined) {
      if (v.result === undefined) noValue(v.formula ?? v.sharedFormula ?? "");
      return cellText(v.result, format, context, at, noValue);
    }
    if (v.error !== undefined) return v.error;
    if (v.text !== undefined) return cellText(v.text, format, context, at, noValue); // a hyperlink's text
  }
  return String(value);
}
