/**
 * A workbook's small parts, read from their XML text (ECMA-376 Part 1): the list of sheets and the
 * date system (§18.2 workbook), where each sheet's part is (Part 2 relationships), the shared
 * strings (§18.4 sst) and which cell styles show dates (§18.8 styleSheet). Pure.
 */
import { isDateFormat } from "./cells.js";
import { xmlText } from "./sheet-xml.js";
import type { SheetEntry } from "./sheets.js";

const P = String.raw`(?:[\w.-]+:)?`;

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(String.raw`\s${name}\s*=\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? xmlText(match[1] ?? match[2] ?? "") : undefined;
}

export interface BookSheet extends SheetEntry {
  /** The relationship id that names the sheet's part (`r:id`). */
  readonly rel: string | undefined;
}

export interface Book {
  readonly sheets: BookSheet[];
  /** workbookPr date1904: serials count from 1904-01-01. */
  readonly date1904: boolean;
}

/** xl/workbook.xml: the sheets in tab order, and the date system. */
export function parseWorkbook(xml: string): Book {
  const sheets: BookSheet[] = [];
  for (const [tag] of xml.matchAll(new RegExp(String.raw`<${P}sheet\s[^>]*>`, "g"))) {
    const name = attribute(tag, "name");
    const state = attribute(tag, "state");
    const rel = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined) sheets.push({ name, rel, ...(state !== undefined ? { state } : {}) });
  }
  const pr = new RegExp(String.raw`<${P}workbookPr\b[^>]*>`).exec(xml)?.[0] ?? "";
  const date1904 = /^(1|true)$/i.test(attribute(pr, "date1904") ?? "");
  return { sheets, date1904 };
}

/** xl/_rels/workbook.xml.rels: each relationship's part, as a path in the archive. */
export function parseRelationships(xml: string, base = "xl/"): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [tag] of xml.matchAll(new RegExp(String.raw`<${P}Relationship\s[^>]*>`, "g"))) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id === undefined || target === undefined) continue;
    targets.set(id, target.startsWith("/") ? target.slice(1) : normalize(base + target));
  }
  return targets;
}

/** `xl/../xl/worksheets/sheet1.xml` as `xl/worksheets/sheet1.xml`. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

/** xl/sharedStrings.xml: each string's text, rich text runs joined, phonetic guides (rPh) left out. */
export function parseSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  const si = new RegExp(String.raw`<${P}si\b[^>]*?(?:\/>|>([\s\S]*?)<\/${P}si>)`, "g");
  const rph = new RegExp(String.raw`<${P}rPh\b[\s\S]*?<\/${P}rPh>`, "g");
  const t = new RegExp(String.raw`<${P}t(?:\s[^>]*)?>([\s\S]*?)<\/${P}t>`, "g");
  for (const m of xml.matchAll(si)) {
    const body = (m[1] ?? "").replace(rph, "");
    let text = "";
    for (const run of body.matchAll(t)) text += xmlText(run[1]!);
    strings.push(text);
  }
  return strings;
}

/**
 * The built-in number formats that show a date (ECMA-376 Part 1 §18.8.30): 14-17 and 22 (m/d/yyyy,
 * d-mmm-yy, d-mmm, mmm-yy, m/d/yyyy h:mm), and the East Asian ones, 27-36 and 50-58. 18-21 and
 * 45-47 are times of day.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 22, ...Array.from({ length: 10 }, (_, i) => 27 + i), ...Array.from({ length: 9 }, (_, i) => 50 + i)]);

/** xl/styles.xml: for each cell style (an `s` index, cellXfs' order), whether it shows a date. */
export function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const [tag] of xml.matchAll(new RegExp(String.raw`<${P}numFmt\s[^>]*>`, "g"))) {
    const id = attribute(tag, "numFmtId");
    const code = attribute(tag, "formatCode");
    if (id !== undefined && code !== undefined) custom.set(Number(id), code);
  }
  const xfs = new RegExp(String.raw`<${P}cellXfs\b[^>]*>([\s\S]*?)<\/${P}cellXfs>`).exec(xml)?.[1] ?? "";
  const dates: boolean[] = [];
  for (const [tag] of xfs.matchAll(new RegExp(String.raw`<${P}xf\b[^>]*>`, "g"))) {
    const id = Number(attribute(tag, "numFmtId") ?? 0);
    const code = custom.get(id);
    dates.push(code !== undefined ? isDateFormat(code) : BUILT_IN_DATES.has(id));
  }
  return dates;
}
