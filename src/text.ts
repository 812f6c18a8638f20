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

/** One name for every way of writing a header: `CustomerID`, `customer_id`, `"Customer ID"` (case, spaces, quotes, a BOM, `_` and `-` aside). */
export const compactName = (name: string): string =>
  name
    .replace(/^\ufeff/, "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
