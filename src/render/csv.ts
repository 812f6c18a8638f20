import type { Summary } from "../model/equity.js";
import { flatColumns } from "./flat.js";
import type { RenderOptions } from "./types.js";

/** The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"] as const;

/**
 * Text a spreadsheet would run as a formula gets a leading quote: every text cell of CSV, TSV,
 * Markdown and a workbook, headers included (a --by column's name is data too). Plain numbers
 * ("-1234.50") are left alone.
 */
export function defuse(text: string): string {
  return FORMULA_STARTS.some((c) => text.startsWith(c)) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** A CSV or TSV cell: defused, then quoted (CSV) or its tabs and line breaks made spaces (TSV). */
export function csvCell(text: string, delimiter: string): string {
  const safe = defuse(text);
  if (delimiter === "\t") return safe.replace(/[\t\r\n]/g, " ");
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function delimited(summary: Summary, options: RenderOptions, delimiter: string): string {
  const columns = flatColumns(summary);
  const lines = [columns.map(([name]) => csvCell(name, delimiter)).join(delimiter)];
  for (const year of summary.years) {
    lines.push(columns.map(([, cell]) => csvCell(cell(year, options.decimals), delimiter)).join(delimiter));
  }
  return `${lines.join("\n")}\n`;
}

export const renderCsv = (summary: Summary, options: RenderOptions): string => delimited(summary, options, ",");
export const renderTsv = (summary: Summary, options: RenderOptions): string => delimited(summary, options, "\t");
