/**
 * A worksheet part's rows, scanned from its XML text as it streams in (ECMA-376 Part 1 §18.3.1:
 * sheetData > row > c > v | f | is). A sheet part is machine-written, one element kind per row and
 * cell, so a scanner of those few elements reads it exactly, at about ten times the speed of a
 * general SAX parser building exceljs's Row and Cell objects for every row. Elements may carry a
 * namespace prefix (`<x:row>`, as some .NET writers write them); `r` attributes may be absent
 * (the row or cell then follows the one before). Pure: text in, raw cells out.
 */

/** A cell as the part writes it: its type (`t`), style index (`s`), value text (`v`, or an inline string's text), and formula if any. */
export interface RawCell {
  readonly column: number;
  readonly type: string | undefined;
  readonly style: number;
  readonly value: string | undefined;
  readonly formula: string | undefined;
}

export interface RawRow {
  readonly row: number;
  readonly cells: RawCell[];
}

const ROW = /<(?:[\w.-]+:)?row\b([^>]*?)(\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const FORMULA = /<(?:[\w.-]+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?f>)/;
const TEXT = /<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>|<(?:[\w.-]+:)?t(?:\s[^>]*)?\/>/g;
const INLINE = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;
const ROW_END = /<\/(?:[\w.-]+:)?row>|<(?:[\w.-]+:)?row\b[^>]*\/>/g;

/** The attributes read, each with its pattern made once (a sheet has millions of cells). */
const ATTRIBUTES = new Map(["r", "s", "t"].map((name) => [name, new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)]));

/** An attribute's value in a start tag's attribute text. */
function attribute(attributes: string, name: "r" | "s" | "t"): string | undefined {
  const match = ATTRIBUTES.get(name)!.exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** XML text with its five predefined entities and character references resolved. */
export function xmlText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

/** A cell reference's column number: `C17` is 3, `AA1` is 27. */
export function columnOfRef(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper case
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

/** The cells of one row's inner XML. */
function cellsOf(inner: string): RawCell[] {
  const cells: RawCell[] = [];
  let column = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(inner); m !== null; m = CELL.exec(inner)) {
    const attributes = m[1]!;
    const body = m[2] ?? "";
    const ref = attribute(attributes, "r");
    column = ref !== undefined ? columnOfRef(ref) : column + 1;
    const type = attribute(attributes, "t");
    const style = Number(attribute(attributes, "s") ?? 0);
    const f = FORMULA.exec(body);
    let value: string | undefined;
    if (type === "inlineStr") {
      const is = INLINE.exec(body);
      if (is) value = [...is[1]!.matchAll(TEXT)].map((t) => xmlText(t[1] ?? "")).join("");
    } else {
      const v = VALUE.exec(body);
      if (v) value = xmlText(v[1]!);
    }
    cells.push({ column, type, style, value, formula: f ? xmlText(f[2] ?? "") : undefined });
  }
  return cells;
}

/**
 * The rows of a worksheet part, as its text arrives in pieces: each row once it is whole. Rows
 * without cells (`<row r="5"/>`, a row given a height) come with none.
 */
export class SheetScanner {
  private pending = "";
  private row = 0;

  /** The whole rows in the text so far; the rest waits for more. */
  push(text: string): RawRow[] {
    this.pending += text;
    let end = -1;
    ROW_END.lastIndex = 0;
    for (let m = ROW_END.exec(this.pending); m !== null; m = ROW_END.exec(this.pending)) end = m.index + m[0].length;
    if (end === -1) {
      // No row has ended: keep only from the last row start (the sheet's head may be long).
      const start = this.pending.search(/<(?:[\w.-]+:)?row\b/);
      if (start === -1 && this.pending.length > 256) this.pending = this.pending.slice(-256);
      return [];
    }
    const whole = this.pending.slice(0, end);
    this.pending = this.pending.slice(end);
    const rows: RawRow[] = [];
    ROW.lastIndex = 0;
    for (let m = ROW.exec(whole); m !== null; m = ROW.exec(whole)) {
      const r = attribute(m[1]!, "r");
      this.row = r !== undefined ? Number(r) : this.row + 1;
      rows.push({ row: this.row, cells: m[3] !== undefined ? cellsOf(m[3]) : [] });
    }
    return rows;
  }
}
