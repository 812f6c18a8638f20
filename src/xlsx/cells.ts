/**
 * A workbook's cells as the text a CSV export of them would hold, exactly: numbers (binary
 * doubles in the file) as decimals, date serials as calendar dates. Pure: no exceljs, no I/O.
 */
import type { DateFormat } from "../schema/row.js";

/**
 * Excel keeps 15 significant digits of what is typed ("Excel stores 15 significant digits of
 * precision", Microsoft Learn, "Floating-point arithmetic may give inaccurate results in Excel").
 * Every decimal of 15 significant digits is a distinct double, so a typed value comes back in 15
 * digits or fewer; a double that needs 16 or 17 (0.1 + 0.2 = 0.30000000000000004) was computed.
 */
export const EXCEL_DIGITS = 15;

/** A number as a plain decimal: its shortest round-trip digits (ECMAScript's Number::toString), never in exponent form. */
export function shortestDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (Object.is(value, -0) || value === 0) return "0";
  const text = String(value);
  const e = text.indexOf("e");
  if (e === -1) return text;
  const negative = text.startsWith("-");
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  const point = (dot === -1 ? mantissa.length : dot) + exponent; // where the point falls in `digits`
  const plain = point <= 0 ? `0.${"0".repeat(-point)}${digits}` : point >= digits.length ? digits + "0".repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? "-" : "") + plain;
}

/** How many significant digits a plain decimal has (leading zeros and trailing zeros of an integer part do not count). */
export function significantDigits(plain: string): number {
  const digits = plain.replace(/^-/, "").replace(".", "").replace(/^0+/, "");
  return plain.includes(".") ? digits.length : digits.replace(/0+$/, "").length;
}

/**
 * A decimal rounded half-to-even to `digits` significant digits, trailing fraction zeros dropped:
 * "0.30000000000000004" to 15 is "0.3", "59.970000000000006" is "59.97".
 */
export function roundSignificant(plain: string, digits: number): string {
  const negative = plain.startsWith("-");
  const body = negative ? plain.slice(1) : plain;
  const dot = body.indexOf(".");
  const intPart = dot === -1 ? body : body.slice(0, dot);
  const fracPart = dot === -1 ? "" : body.slice(dot + 1);
  const all = intPart + fracPart;
  const first = all.search(/[1-9]/);
  if (first === -1) return "0";
  const keep = first + digits; // digits of `all` kept
  if (keep >= all.length) return plain;
  let kept = BigInt(all.slice(0, keep) || "0");
  const rest = all.slice(keep);
  const half = rest[0]! > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || kept % 2n === 1n));
  if (half) kept += 1n;
  // `kept` is the number scaled by 10^(fraction digits kept); put the point back.
  const fracKept = Math.max(0, keep - intPart.length);
  let text = kept.toString().padStart(fracKept + 1, "0");
  if (keep < intPart.length) text += "0".repeat(intPart.length - keep);
  else if (fracKept > 0) text = `${text.slice(0, text.length - fracKept)}.${text.slice(text.length - fracKept)}`.replace(/\.?0+$/, "");
  return text === "0" ? "0" : (negative ? "-" : "") + text;
}

/** A number cell's text: its shortest decimal, rounded to Excel's 15 digits when it has more (`rounded` says so). */
export function numberText(value: number): { text: string; rounded: boolean } {
  const plain = shortestDecimal(value);
  if (significantDigits(plain) <= EXCEL_DIGITS) return { text: plain, rounded: false };
  return { text: roundSignificant(plain, EXCEL_DIGITS), rounded: true };
}

/**
 * Whether a number format shows a date: it has a year or a day placeholder once quoted text,
 * escaped characters and [bracketed] parts (colours, locales, elapsed time) are taken out
 * (ECMA-376 Part 1, §18.8.31 numFmt; the built-in date formats 14-17 and 22 all have y or d).
 * A format of times alone (h:mm) is no date: its serial is a fraction of a day.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (format === undefined) return false;
  const bare = format.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[[^\]]*\]/g, "");
  return /[yd]/i.test(bare);
}

export type DateSystem = 1900 | 1904;

export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The civil date of a day counted from 1970-01-01 (Howard Hinnant's days_from_civil inverse, in integers). */
function civilFromDays(days: number): CalendarDay {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The day an Excel date serial names, from its whole part (a time of day is the fraction).
 * 1900 system: serial 1 is 1900-01-01, and serial 60 is 29 February 1900, a day that never was:
 * Lotus 1-2-3 took 1900 for a leap year and Excel kept it (Microsoft Learn, "Excel incorrectly
 * assumes that the year 1900 is a leap year"), so from serial 61 (1 March 1900) on the count is
 * one day ahead. 1904 system (Mac Excel before 2011, workbookPr date1904): serial 0 is 1904-01-01.
 * The phantom day comes back as month 2, day 29 of 1900, for the caller to refuse; serials
 * before the first day (0 in 1900, "1900-01-00" in Excel) are undefined.
 */
export function serialDay(serial: number, system: DateSystem): CalendarDay | "phantom" | undefined {
  const whole = Math.floor(serial);
  if (system === 1904) return whole < 0 ? undefined : civilFromDays(whole - 24107); // 1904-01-01 is day -24107 of 1970
  if (whole < 1) return undefined;
  if (whole === 60) return "phantom";
  return civilFromDays(whole < 60 ? whole - 25568 : whole - 25569); // 1900-01-01 is day -25567 of 1970
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A day written in a --date-format layout, so that date cells read as dates typed in that layout do. */
export function formatDay({ year, month, day }: CalendarDay, layout: DateFormat = "YYYY-MM-DD"): string {
  switch (layout) {
    case "YYYY-MM-DD":
      return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    case "MM/DD/YYYY":
      return `${pad(month)}/${pad(day)}/${pad(year, 4)}`;
    case "DD/MM/YYYY":
      return `${pad(day)}/${pad(month)}/${pad(year, 4)}`;
    case "DD.MM.YYYY":
      return `${pad(day)}.${pad(month)}.${pad(year, 4)}`;
    case "YYYYMMDD":
      return `${pad(year, 4)}${pad(month)}${pad(day)}`;
  }
}

/**
 * The mark a number's text is written with: the one its file's amounts are read with, "," under
 * --decimal-comma. A number cell is then read as the number it holds, whichever the mark: "12.345"
 * would be twelve thousand under --decimal-comma, and "12,345" twelve thousand without it.
 */
export type DecimalMark = "." | ",";

/** A plain decimal (shortestDecimal's, roundSignificant's) written with `mark`: 12.345 is "12,345" with ",". */
export const withMark = (plain: string, mark: DecimalMark = "."): string => (mark === "," ? plain.replace(".", ",") : plain);

/** A date cell's text: the day in the run's layout; the phantom 29 February 1900 as written (no date reads it); a serial before the first day as its number, with `mark`. */
export function dateText(serial: number, system: DateSystem, layout: DateFormat | undefined, mark: DecimalMark = "."): string {
  const day = serialDay(serial, system);
  if (day === "phantom") return "1900-02-29";
  return day === undefined ? withMark(shortestDecimal(serial), mark) : formatDay(day, layout);
}

/** A column's letters from its 1-based number: 1 is A, 27 is AA. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
