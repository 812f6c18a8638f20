/**
 * Date cells read straight from their bytes, for a log's fast path (read/log-lines.ts): the
 * default layout only; anything else is -1, and the schema (parseDate in schema/row.ts) reads
 * or refuses it.
 */
import { daysInMonth, isYearInRange } from "../schema/row.js";

/** A digit's value, or -10000 for any other byte: below zero whatever the digits beside it weigh,
 * so that a year, month or day with a non-digit in it is out of range (with -100, `202x` was 1920). */
const digit = (bytes: Uint8Array, i: number): number => {
  const c = bytes[i]! - 48;
  return c >= 0 && c <= 9 ? c : -10000;
};

/**
 * A `YYYY-MM-DD` cell as year × 10000 + month × 100 + day, or -1; a time after it (see
 * isTime) is read to be sure it is one, and only when the cell is longer than a date.
 */
export function plainDate(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 && (end - start < 15 || !isTime(bytes, start + 10, end))) return -1;
  if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return -1;
  const year = digit(bytes, start) * 1000 + digit(bytes, start + 1) * 100 + digit(bytes, start + 2) * 10 + digit(bytes, start + 3);
  const month = digit(bytes, start + 5) * 10 + digit(bytes, start + 6);
  const day = digit(bytes, start + 8) * 10 + digit(bytes, start + 9);
  if (!isYearInRange(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

const T = 0x54;
const SPACE = 0x20;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** Two digits at i (both before `end`) as a number, or a negative one. */
const two = (bytes: Uint8Array, i: number, end: number): number => (i + 2 <= end ? digit(bytes, i) * 10 + digit(bytes, i + 1) : -1);

/**
 * Whether [i, end) is a time after a day as schema/row.ts's TIME reads it (the same rules, byte
 * by byte, for plain ASCII): `T` or a space; hours (1-2 digits, 0-23), `:` minutes (00-59),
 * optionally `:` seconds (00-60) and a fraction (`.` or `,`, 1-9 digits); optionally `AM`/`PM`
 * (any case, after an optional space; hours 1-12 then); optionally an offset after an optional
 * space: `Z`, `UTC`, or a sign, hours 00-14 and optionally minutes 00-59, with or without `:`.
 */
export function isTime(bytes: Uint8Array, i: number, end: number): boolean {
  if (i >= end || (bytes[i] !== T && bytes[i] !== SPACE)) return false;
  i++;
  const wide = two(bytes, i, end) >= 0;
  const hour = wide ? two(bytes, i, end) : i < end ? digit(bytes, i) : -1;
  if (hour < 0) return false;
  i += wide ? 2 : 1;
  const minute = two(bytes, i + 1, end);
  if (bytes[i] !== COLON || minute < 0 || minute > 59) return false;
  i += 3;
  if (i < end && bytes[i] === COLON) {
    const second = two(bytes, i + 1, end);
    if (second < 0 || second > 60) return false;
    i += 3;
    if (i < end && (bytes[i] === DOT || bytes[i] === COMMA)) {
      const from = ++i;
      while (i < end && digit(bytes, i) >= 0) i++;
      if (i === from || i - from > 9) return false;
    }
  }
  const m = i < end && bytes[i] === SPACE ? i + 1 : i;
  if (m + 2 <= end && ((bytes[m]! | 0x20) === 0x61 || (bytes[m]! | 0x20) === 0x70) && (bytes[m + 1]! | 0x20) === 0x6d) {
    // AM or PM (any case): a twelve-hour clock
    if (hour < 1 || hour > 12) return false;
    i = m + 2;
  } else if (hour > 23) return false;
  return i === end || isOffset(bytes, i, end);
}

/** Whether [i, end) is an offset after a time: an optional space, then `Z`, `UTC`, `+01:00`, `+0100` or `+01`. */
function isOffset(bytes: Uint8Array, i: number, end: number): boolean {
  if (bytes[i] === SPACE) i++;
  if (end - i === 1) return bytes[i] === 0x5a; // Z
  if (end - i === 3 && bytes[i] === 0x55 && bytes[i + 1] === 0x54 && bytes[i + 2] === 0x43) return true; // UTC
  if (bytes[i] !== PLUS && bytes[i] !== MINUS) return false;
  const hours = two(bytes, i + 1, end);
  if (hours < 0 || hours > 14) return false;
  i += 3;
  if (i === end) return true;
  if (bytes[i] === COLON) i++;
  const minutes = two(bytes, i, end);
  return end - i === 2 && minutes >= 0 && minutes <= 59;
}
