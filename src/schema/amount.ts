import { amountMarker, CURRENCY_SYMBOLS, isCurrencyMarker } from "../currency.js";
import type { Decimal } from "../money.js";

/**
 * Money as exports write it: `1234.5`, `1,234.56`, `$1,234.56`, `€ 12`, `USD 12.00`, `-12`,
 * `(1,234.56)`, `1234.56-` (SAP's trailing minus); Indian grouping `31,33,567.34` and Swiss
 * `1'234.56` / `1’234.56`; with decimal comma `1.234,56`, `1 234,56`, `1'234,56`.
 * Anything else is rejected: a guess at a malformed amount is worse than an error.
 *
 * Digit groups must be consistent within the cell (docs/numbers-and-dates.md): one separator
 * throughout; by threes (`1,234,567`), or the Indian way, the last group three digits and every
 * one before it two (`1,23,45,678`: lakh and crore, as CLDR's en-IN pattern `#,##,##0.###` writes).
 * A group of another size (`1,23,4`, `1234,567`, `12,34,567,890`) is a typo or a foreign decimal
 * separator, so an error. Grouping never changes the value: the digits are the same either way.
 * A grouped number never starts with 0: `0,925` and `0.925` (under --decimal-comma) are a decimal
 * written with the other mark, never 925, so an error that names the flag.
 *
 * A currency marker is a symbol (currency.ts lists them) or an ISO 4217 code: three other capitals
 * (`XYZ 12`, `NET 30`) make the cell no amount. Whether the marker is the row's currency is
 * schema/currency-marker.ts's to check: a cell does not know its row.
 */
export interface AmountOptions {
  decimalComma: boolean;
  /** Refuse a number whose one separator comes before exactly three digits (`1.500`, `1,500`): set
   * for a `;`-separated file read with neither --decimal-comma nor --decimal-point (see
   * read/options.ts fileCells), where it may be a decimal or a thousands group. */
  ambiguousGroups?: boolean | undefined;
}

/** One separator before exactly three digits, the first group 1-3 digits that do not start with 0:
 * a decimal mark (1.5) or a thousands group (1,500), as the file's locale writes it. */
const LONE_GROUP = /^[1-9]\d{0,2}[.,]\d{3}$/;

const CURRENCY_SYMBOL = `[${CURRENCY_SYMBOLS}]`;
const CURRENCY = new RegExp(`^(?:${CURRENCY_SYMBOL}|[A-Z]{3})\\s*|\\s*(?:${CURRENCY_SYMBOL}|[A-Z]{3})$`, "u");

const DOT_PLAIN = /^(\d+)(?:\.(\d+))?$/;
const DOT_GROUPED = /^([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;
/** Indian: lakh and crore, `12,34,567.89` (CLDR en-IN `#,##,##0.###`); by threes is DOT_GROUPED's. */
const DOT_INDIAN = /^([1-9]\d?(?:,\d{2})+,\d{3})(?:\.(\d+))?$/;
/** Swiss: `1'234.56`. CLDR's de-CH wrote U+2019 (’) until CLDR 48 (October 2025), U+0027 (') since
 * (https://cldr.unicode.org/downloads/cldr-48#numbers-1), so exports hold both; one of them throughout a cell. */
const DOT_APOSTROPHE = /^([1-9]\d{0,2}(?:(['\u2019])\d{3})(?:\2\d{3})*)(?:\.(\d+))?$/;
const DOT_FRACTION_ONLY = /^\.(\d+)$/;
const COMMA_PLAIN = /^(\d+)(?:,(\d+))?$/;
const COMMA_GROUPED = /^([1-9]\d{0,2}(?:([. \u00a0\u202f\u2009'\u2019])\d{3})(?:\2\d{3})*)(?:,(\d+))?$/;

function stripCurrency(text: string): string {
  // At most one currency marker, on either side of the number.
  const stripped = text.replace(CURRENCY, "");
  return stripped === text ? text : stripped.trim();
}

function body(text: string, options: AmountOptions): { int: string; frac: string } | null {
  if (options.decimalComma) {
    const plain = COMMA_PLAIN.exec(text);
    if (plain) return { int: plain[1]!, frac: plain[2] ?? "" };
    const grouped = COMMA_GROUPED.exec(text);
    if (grouped) return { int: grouped[1]!.replace(/[^0-9]/g, ""), frac: grouped[3] ?? "" };
    return null;
  }
  const plain = DOT_PLAIN.exec(text);
  if (plain) return { int: plain[1]!, frac: plain[2] ?? "" };
  const grouped = DOT_GROUPED.exec(text) ?? DOT_INDIAN.exec(text);
  if (grouped) return { int: grouped[1]!.replace(/,/g, ""), frac: grouped[2] ?? "" };
  const swiss = DOT_APOSTROPHE.exec(text);
  if (swiss) return { int: swiss[1]!.replace(/['\u2019]/g, ""), frac: swiss[3] ?? "" };
  const fraction = DOT_FRACTION_ONLY.exec(text);
  if (fraction) return { int: "0", frac: fraction[1]! };
  return null;
}

/**
 * The most digits an amount may have before, and after, its decimal point. No money needs more,
 * and a bound keeps a corrupt cell (200,000 decimals) from costing memory and time beyond linear.
 */
export const MAX_AMOUNT_DIGITS = 30;

/** Why an amount cell is refused: not an amount at all, one with too many digits, a number
 * marked with three capitals that are no currency's code, or one whose separator may be either
 * mark (AmountOptions.ambiguousGroups). */
export type AmountRefusal = "bad-amount" | "long-amount" | "unknown-currency" | "ambiguous-amount";

/**
 * The flag that would read a refused amount cell written a likely way that is off by default (an
 * empty cell, a decimal comma), or undefined: a remedy the run has already taken is not offered.
 */
export function amountRemedy(value: string, options: AmountOptions & { emptyAsZero: boolean }): "--empty-as-zero" | "--decimal-comma" | undefined {
  if (value.trim() === "") return options.emptyAsZero ? undefined : "--empty-as-zero";
  if (options.decimalComma) return undefined;
  const comma = /^\D*\d{1,3}(?:[. '\u2019]\d{3})+(?:,\d+)?\D*$|^\D*\d+,\d{1,2}\D*$|^\D*0,\d+\D*$/;
  return comma.test(value) ? "--decimal-comma" : undefined;
}

/** Parses an amount cell, or returns null when it is not an amount (the caller names the cell). */
export function parseAmount(raw: string, options: AmountOptions): Decimal | null {
  const parsed = readAmount(raw, options);
  return typeof parsed === "string" ? null : parsed;
}

/** parseAmount(), saying why a cell is refused. */
export function readAmount(raw: string, options: AmountOptions): Decimal | AmountRefusal {
  let text = raw.trim();
  let negative = false;
  if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  text = stripCurrency(text);
  let sign = text[0];
  if (sign === "-" || sign === "\u2212" || sign === "+") {
    text = stripCurrency(text.slice(1).trim());
  } else {
    const last = text[text.length - 1];
    sign = last === "-" || last === "\u2212" ? "-" : undefined;
    if (sign) text = stripCurrency(text.slice(0, -1).trim());
  }
  if (sign === "-" || sign === "\u2212") {
    if (negative) return "bad-amount"; // "(-12)" says minus twice: ambiguous
    negative = true;
  }
  const parts = body(text, options);
  if (!parts) return "bad-amount";
  if (options.ambiguousGroups === true && LONE_GROUP.test(text)) return "ambiguous-amount";
  const marker = amountMarker(raw);
  if (marker !== undefined && !isCurrencyMarker(marker)) return "unknown-currency";
  if (parts.int.replace(/^0+/, "").length > MAX_AMOUNT_DIGITS || parts.frac.length > MAX_AMOUNT_DIGITS) return "long-amount";
  const coef = BigInt(parts.int + parts.frac);
  return { coef: negative ? -coef : coef, scale: parts.frac.length };
}
