/**
 * Fitting a section's table into the terminal's width without ever breaking a number: the full
 * layout when it fits; else headers broken at spaces; else fewer columns per table (at most
 * three), the key columns (year, phase) repeated in each; else one small table per row, each
 * figure beside its name. Pure: the caller draws, this only chooses by measuring what was drawn.
 */
import type { Cell, Section } from "./model.js";

/** Draws a section's table (no title): the text whose lines are measured. */
export type Draw = (section: Section) => string;

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
function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && displayWidth(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join("\n");
}

/** Headers broken at spaces, so that none is wider than its column's widest cell or longest word. */
export function wrapHeaders(section: Section): Section {
  const headers = section.headers.map((header, column) => {
    const cells = Math.max(0, ...section.rows.map((row) => displayWidth(row[column]?.text ?? "")));
    const word = Math.max(...header.split(" ").map(displayWidth));
    return wrapWords(header, Math.max(cells, word));
  });
  return { ...section, headers };
}

/** The columns `picked` (after the keys) of a section, as a section of its own. */
function columns(section: Section, picked: readonly number[], title: string): Section {
  const keep = [...Array.from({ length: section.keys }, (_, i) => i), ...picked];
  return { title, keys: section.keys, headers: keep.map((i) => section.headers[i]!), rows: section.rows.map((row) => keep.map((i) => row[i]!)) };
}

/** The section cut into tables of as many columns as fit, or undefined if one column alone does not. */
function split(section: Section, fits: (s: Section) => boolean): Section[] | undefined {
  const parts: number[][] = [];
  let current: number[] = [];
  const part = (picked: number[]) => columns(section, picked, section.title);
  for (let column = section.keys; column < section.headers.length; column++) {
    if (fits(part([...current, column]))) {
      current.push(column);
      continue;
    }
    if (current.length === 0) return undefined;
    parts.push(current);
    current = [column];
    if (!fits(part(current))) return undefined;
  }
  if (current.length > 0) parts.push(current);
  return parts.map((picked, index) => columns(section, picked, index === 0 ? section.title : `${section.title} (continued)`));
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
 */
export function fitSection(section: Section, width: number | undefined, draw: Draw): Section[] {
  if (width === undefined) return [section];
  const fits = (s: Section) => widest(draw(s)) <= width;
  const fitted = (s: Section) => (fits(s) ? s : fits(wrapHeaders(s)) ? wrapHeaders(s) : undefined);
  const whole = fitted(section);
  if (whole) return [whole];
  const parts = split(section, (s) => fitted(s) !== undefined);
  // Past three tables of a column or two each, a table per row reads better.
  return parts !== undefined && parts.length <= MAX_PARTS ? parts.map((s) => fitted(s)!) : transpose(section);
}
