/**
 * Totals rows, as reports end with them (`"TOTAL","$3,519.08"`, `Grand Total (3 records)`,
 * `Summe`): never a customer. A row whose id cell, or first cell, is one of these words is left
 * out and checked against the rows it totals instead.
 */
const TOTALS = /^(?:grand\s+totals?|totals?|sub-?\s?totals?|sum|summe|gesamt|gesamtsumme|total\s+g[ée]n[ée]ral)\s*:?\s*(?:\(\s*\d[\d,.\s]*[\p{L}\s]*\))?$/iu;

export function isTotalsLabel(text: string): boolean {
  return TOTALS.test(text.trim());
}

/**
 * Whether bytes[start, end) may be a totals label: a cheap test for the fast path, which hands
 * such a line to the slow one, where isTotalsLabel() decides. It runs on every row, so it only
 * compares the first three letters (after spaces) with tot, sub, sum, ges and gra; `| 0x20`
 * lowers a letter's case.
 */
export function mayBeTotals(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && bytes[i] === 32) i++;
  if (end - i < 3) return false;
  const a = bytes[i]! | 0x20;
  const b = bytes[i + 1]! | 0x20;
  const c = bytes[i + 2]! | 0x20;
  if (a === 0x74) return b === 0x6f && c === 0x74; // tot
  if (a === 0x73) return b === 0x75 && (c === 0x62 || c === 0x6d); // sub, sum
  if (a === 0x67) return (b === 0x65 && c === 0x73) || (b === 0x72 && c === 0x61); // ges, gra
  return false;
}
