/** Small helpers on text that more than one layer needs. */

/** Levenshtein distance: how many characters to insert, delete or change to turn a into b. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * Whether a and b are at most k edits apart (editDistance(a, b) <= k), stopping at the first row
 * of the table where every way is past k: a wide header's cells are compared with every column
 * name a hint knows, and most are far from all of them.
 */
export function withinEdits(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  let row = new Uint32Array(b.length + 1);
  let next = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    let least = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1));
      next[j] = v;
      if (v < least) least = v;
    }
    if (least > k) return false;
    [row, next] = [next, row];
  }
  return row[b.length]! <= k;
}

/** One name for every way of writing a header: `CustomerID`, `customer_id`, `"Customer ID"` (case, spaces, quotes, a BOM, `_` and `-` aside). */
export const compactName = (name: string): string =>
  name
    .replace(/^\ufeff/, "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");

/**
 * Text from the data never reaches a terminal raw: control characters (ANSI escapes, and line
 * breaks and tabs, with which a header cell could forge a line such as `valid: 0 errors`), the
 * line and paragraph separators, and the bidirectional controls (U+202E and its kin, which make
 * text display in another order than it is read) are shown as \uXXXX escapes, on one line.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
