/**
 * Totals rows, as reports end with them (`"TOTAL","$3,519.08"`, `Grand Total (3 records)`,
 * `Summe`): never a customer. A row whose id cell, or first cell, is one of these words is left
 * out and checked against the rows it totals instead.
 */
const TOTALS = /^(?:grand\s+totals?|totals?|sub-?\s?totals?|sum|summe|gesamt|gesamtsumme|total\s+g[ée]n[ée]ral)\s*:?\s*(?:\(\s*\d[\d,.\s]*[\p{L}\s]*\))?$/iu;

export function isTotalsLabel(text: string): boolean {
  return TOTALS.test(text.trim());
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
/** The first three letters a totals word can start with: tot, sub, sum, ges, gra. */
const STARTS = ["tot", "sub", "sum", "ges", "gra"].map((w) => [w.charCodeAt(0), w.charCodeAt(1), w.charCodeAt(2)] as const);

/**
 * Whether bytes[start, end) may be a totals label: a cheap test for the fast path, which hands
 * such a line to the slow one, where isTotalsLabel() decides. Leading spaces are skipped.
 */
export function mayBeTotals(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && bytes[i] === 32) i++;
  if (end - i < 3) return false;
  const a = lower(bytes[i]!);
  const b = lower(bytes[i + 1]!);
  const c = lower(bytes[i + 2]!);
  return STARTS.some(([x, y, z]) => a === x && b === y && c === z);
}
