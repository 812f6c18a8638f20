import type { Summary } from "../equity.js";
import { flatColumns } from "./flat.js";
import type { RenderOptions } from "./types.js";

/** Text a spreadsheet would run as a formula gets a leading quote. Numbers are left alone. */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

function csvCell(text: string, delimiter: string): string {
  const safe = defuse(text);
  if (delimiter === "\t") return safe.replace(/[\t\r\n]/g, " ");
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function delimited(summary: Summary, options: RenderOptions, delimiter: string): string {
  const columns = flatColumns(summary);
  const lines = [columns.map(([name]) => name).join(delimiter)];
  for (const year of summary.years) {
    lines.push(columns.map(([, cell]) => csvCell(cell(year, options.decimals), delimiter)).join(delimiter));
  }
  return `${lines.join("\n")}\n`;
}

export const renderCsv = (summary: Summary, options: RenderOptions): string => delimited(summary, options, ",");
export const renderTsv = (summary: Summary, options: RenderOptions): string => delimited(summary, options, "\t");
