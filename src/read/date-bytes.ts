/**
 * Date cells read straight from their bytes, for a log's fast path (read/log-lines.ts): the
 * default layout only; anything else is -1, and the schema (parseDate in schema/row.ts) reads
 * or refuses it.
 */
import { daysInMonth, isYearInRange } from "../schema/row.js";

const digit = (bytes: Uint8Array, i: number): number => {
  const c = bytes[i]! - 48;
  return c >= 0 && c <= 9 ? c : -100;
};

/** A `YYYY-MM-DD` cell as year × 10000 + month × 100 + day, or -1. */
export function plainDate(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return -1;
  const year = digit(bytes, start) * 1000 + digit(bytes, start + 1) * 100 + digit(bytes, start + 2) * 10 + digit(bytes, start + 3);
  const month = digit(bytes, start + 5) * 10 + digit(bytes, start + 6);
  const day = digit(bytes, start + 8) * 10 + digit(bytes, start + 9);
  if (!isYearInRange(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}
