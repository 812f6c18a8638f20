/**
 * Fitting a section's table into the terminal's width without ever breaking a number: the full
 * layout when it fits; else headers broken at spaces; else fewer columns per table (at most
 * three), the key columns (year, phase) repeated in each; else one small table per row, each
 * figure beside its name. Pure: the caller draws, this only chooses from the cells' measured widths.
 */
import { boxedWidth, type Measure } from "./box.js";
import type { Cell, Section } from "./model.js";

const ANSI = /\u001b\[[0-9;]*m/g;
// East Asian wide and fullwidth characters take two columns in a terminal.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** How many terminal columns a line takes, colours aside. */
export function displayWidth(line: string): number {
  let width = 0;
  for (const char of line.replace(ANSI, "")) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** The widest line of a text. */
export function widest(text: string): number {
  return text.split("\n").reduce((max, line) => Math.max(max, displayWidth(line)), 0);
}

/** Words joined into lines of at most `width` columns (a longer word stands alone). */
function wrapWords(text: string, width: number, measure: Measure): string {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && measure(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join("\n");
}

/** Headers broken at spaces, so that none is wider than its column's widest cell or longest word. */
export function wrapHeaders(section: Section, measure: Measure = displayWidth): Section {
  const cells = cellWidths(section, measure);
  return { ...section, headers: section.headers.map((header, column) => wrapHeader(header, cells[column]!, measure)) };
}

const wrapHeader = (header: string, cells: number, measure: Measure): string => wrapWords(header, Math.max(cells, ...header.split(" ").map(measure)), measure);

/** The widest cell of each column (each cell measured once): what the layout is chosen from. */
function cellWidths(section: Section, measure: Measure): number[] {
  const widths = section.headers.map(() => 0);
  for (const row of section.rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, ...cell.text.split("\n").map(measure))));
  return widths;
}

/** The columns `picked` (after the keys) of a section, as a section of its own. */
function columns(section: Section, picked: readonly number[], title: string, headers: readonly string[]): Section {
  const keep = [...Array.from({ length: section.keys }, (_, i) => i), ...picked];
  return { title, keys: section.keys, headers: keep.map((i) => headers[i]!), rows: section.rows.map((row) => keep.map((i) => row[i]!)) };
}

/** The most tables a section is split into before it is transposed instead. */
const MAX_PARTS = 3;

const label = (text: string): Cell => ({ text, negative: false, numeric: false });

/** One table per row, transposed: each figure on a line of its own beside its name. */
function transpose(section: Section): Section[] {
  return section.rows.map((row) => ({
    title: [section.title, ...row.slice(0, section.keys).map((c) => c.text)].join(", "),
    keys: 0,
    headers: [],
    rows: section.headers.slice(section.keys).map((header, i) => [label(header), row[section.keys + i]!]),
  }));
}

/**
 * The tables to print for a section within `width` columns (undefined: no limit). Headers are
 * broken only in a table that needs it. When nothing fits, the transposed tables are printed
 * anyway: a number is never broken to fit.
 *
 * Every cell is measured once, up front; each layout tried is then judged from its columns'
 * widths alone (`frame`: the drawn table's width for given column widths), so choosing is
 * linear in rows however many layouts are tried. Measuring by drawing each candidate made a
 * 1,200-row table take minutes (issue 26, point 7).
 */
export function fitSection(section: Section, width: number | undefined, frame: (widths: readonly number[]) => number = boxedWidth, measure: Measure = displayWidth): Section[] {
  if (width === undefined) return [section];
  const cells = cellWidths(section, measure);
  const full = section.headers.map((h) => Math.max(0, ...h.split("\n").map(measure)));
  const wrappedHeaders = section.headers.map((h, c) => wrapHeader(h, cells[c]!, measure));
  const wrapped = wrappedHeaders.map((h) => Math.max(0, ...h.split("\n").map(measure)));
  const keys = Array.from({ length: section.keys }, (_, i) => i);
  /** Full headers, wrapped ones, or undefined: how the columns `picked` (after the keys) fit. */
  const fitting = (picked: readonly number[]): "full" | "wrapped" | undefined => {
    const of = (heads: readonly number[]) => frame([...keys, ...picked].map((c) => Math.max(cells[c]!, heads[c]!)));
    return of(full) <= width ? "full" : of(wrapped) <= width ? "wrapped" : undefined;
  };
  const part = (picked: readonly number[], title: string): Section => columns(section, picked, title, fitting(picked) === "full" ? section.headers : wrappedHeaders);
  const values = Array.from({ length: section.headers.length - section.keys }, (_, i) => section.keys + i);
  if (fitting(values) !== undefined) return [fitting(values) === "full" ? section : { ...section, headers: wrappedHeaders }];
  const parts: number[][] = [];
  let current: number[] = [];
  for (const column of values) {
    if (fitting([...current, column]) !== undefined) {
      current.push(column);
      continue;
    }
    if (current.length === 0 || fitting([column]) === undefined) return transpose(section);
    parts.push(current);
    current = [column];
  }
  if (current.length > 0) parts.push(current);
  // Past three tables of a column or two each, a table per row reads better.
  if (parts.length > MAX_PARTS) return transpose(section);
  return parts.map((picked, index) => part(picked, index === 0 ? section.title : `${section.title} (continued)`));
}
