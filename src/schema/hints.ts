/**
 * Which header cell a missing column most likely is, for a missing-column error's hint; and which
 * of a report's first lines is its header, when none has every column. Pure: header cells and a
 * few sample rows in, an index out.
 *
 * A suggestion is never an empty header cell, never a column another field already reads, and
 * never one whose values do not fit the role: `Id` (edit distance 2 from `fy`) is no year, a
 * column of names no amount. Names are matched, best first: a role's name exactly (after a
 * `(UTC)`-style suffix is dropped), a name that holds one as whole words ("Total Revenue"), then
 * a misspelling two letters from one ("Yaer"), in names of four letters or more.
 */
import { withinEdits } from "../text.js";
import { HINT_NAMES, type HintRole } from "./synonyms.js";
import { isTotalsLabel } from "./totals.js";

/** Lower case, `_ - space` as one space, a trailing `(UTC)`/`[USD]` dropped, a BOM and quotes trimmed. */
function words(name: string): string {
  return name
    .replace(/^\ufeff/, "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .toLowerCase()
    .replace(/\s*[([][^)\]]*[)\]]\s*$/, "")
    .replace(/[\s_-]+/g, " ")
    .trim();
}

const compact = (name: string): string => name.replace(/ /g, "");

/** A header cell's or a role's name's words, ready to be compared many times. */
interface Words {
  /** The words with a space either side, so that `includes` finds whole words. */
  readonly spaced: string;
  readonly compact: string;
}

const prepared = (name: string): Words => ({ spaced: ` ${name} `, compact: compact(name) });

/** How well a header cell's words match one of a role's names: 0 exactly, 1 holding it as words,
 * 2 a misspelling of it; undefined: no match. */
function match(cell: Words, name: Words): number | undefined {
  const [a, b] = [cell.compact, name.compact];
  if (a === b) return 0;
  if (cell.spaced.includes(name.spaced)) return 1;
  // Short names are too near each other to be misspellings: `id` is two letters from `fy`.
  if (a.length >= 4 && b.length >= 4 && withinEdits(a, b, 2)) return 2;
  return undefined;
}

/** Whether a cell's text may be a value of the role; loose on layout (the reader words a bad
 * layout precisely), strict on kind. */
const FITS: Record<HintRole, (value: string) => boolean> = {
  id: () => true,
  phase: () => true,
  year: (v) => /^(fy\s*)?\d{4}$/i.test(v) && Number(v.slice(-4)) >= 1900 && Number(v.slice(-4)) <= 2200,
  date: (v) => /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{8}\b|^\d{4}-\d{2}$|^\d{4}-?q[1-4]$|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}[ -][a-z]{3,9}[ -]\d{2,4}/i.test(v),
  amount: looksLikeAmount,
  quantity: looksLikeAmount,
  price: looksLikeAmount,
  cost: looksLikeAmount,
  currency: (v) => /^[a-z]{3}$/i.test(v),
};

/** A number as exports write money: signs, parentheses, a currency symbol or code, separators. */
function looksLikeAmount(value: string): boolean {
  const bare = value.replace(/^[(+-]+|[)-]+$/g, "").replace(/^[^\d\s.,-]{1,3}\s?|\s?[^\d\s.,)-]{1,3}$/g, "").replace(/^[(+-]+|[)-]+$/g, "");
  return /\d/.test(bare) && /^[\d.,' \u00a0\u202f]+$/.test(bare);
}

/**
 * Whether a column's sample values fit a role: most of its non-empty cells (a totals row or a
 * stray note aside) and at least one. A column empty in every sample row fits nothing; with no
 * sample rows at all, only its name can speak.
 */
function fits(role: HintRole, samples: readonly (readonly string[])[], index: number): boolean {
  if (samples.length === 0) return true;
  const values = samples.map((row) => (row[index] ?? "").trim()).filter((v) => v !== "" && !isTotalsLabel(v));
  if (values.length === 0) return false;
  const fitting = values.filter(FITS[role]).length;
  return fitting >= Math.ceil(values.length * 0.8);
}

export interface SuggestOptions {
  /** The reader's own default names for the field (a hint also knows synonyms.ts's). */
  defaults: readonly string[];
  /** Columns other fields read: never suggested. */
  taken?: readonly number[];
  /** Rows after the header, as many as were read while looking for it. */
  samples?: readonly (readonly string[])[];
}

/** The header cell a missing field of this role most likely is, as its index, or undefined. */
export function suggestColumn(header: readonly string[], role: HintRole, options: SuggestOptions): { index: number; score: number } | undefined {
  const names = [...new Set([...options.defaults, ...HINT_NAMES[role]].map(words))].map(prepared);
  let best: { index: number; score: number; rank: number } | undefined;
  header.forEach((raw, index) => {
    const text = words(raw);
    if (text === "" || options.taken?.includes(index)) return;
    const cell = prepared(text);
    names.forEach((name, rank) => {
      const score = match(cell, name);
      if (score === undefined) return;
      if (best && (score > best.score || (score === best.score && rank >= best.rank))) return;
      if (!fits(role, options.samples ?? [], index)) return;
      best = { index, score, rank };
    });
  });
  return best && { index: best.index, score: best.score };
}

/**
 * Of the lines looked at for a header when none had every column, the one most like it: the most
 * columns recognized (`recognized`), then the most cells of text without digits (titles have one
 * or two; data rows have numbers and dates), then the first.
 */
export function likeliestHeader(lines: readonly (readonly string[])[], recognized: (fields: readonly string[]) => number): number {
  const textCells = (fields: readonly string[]) => fields.filter((f) => f.trim() !== "" && !/\d/.test(f)).length;
  let best = 0;
  let bestScore: [number, number] = [-1, -1];
  lines.forEach((fields, k) => {
    const score: [number, number] = [recognized(fields), textCells(fields)];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) [best, bestScore] = [k, score];
  });
  return best;
}
