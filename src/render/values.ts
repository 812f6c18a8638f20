/** How figures are written: plain for machines (CSV, JSON), readable for people (table). */
import { isNegative, multiplyInteger, roundedCoef, toFixed, type Decimal, type Ratio } from "../money.js";

export const RATE_DECIMALS = 4;

/** "-1234.50", or "" for no value. */
export function plainMoney(value: Decimal | Ratio | null, decimals: number): string {
  return value === null ? "" : toFixed(value, decimals);
}

/** "0.1667", or "" for no value. */
export function plainRate(value: Ratio | null): string {
  return value === null ? "" : toFixed(value, RATE_DECIMALS);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Thousands separators on plain decimal text: "-1234567.50" -> "-1,234,567.50". */
export function withSeparators(text: string): string {
  const negative = text.startsWith("-");
  const [int, frac] = (negative ? text.slice(1) : text).split(".");
  const grouped = groupThousands(int!) + (frac !== undefined ? `.${frac}` : "");
  return negative ? `-${grouped}` : grouped;
}

/** "$1,234.50", "-$12.00", or "" for no value. */
export function displayMoney(value: Decimal | Ratio | null, decimals: number, symbol: string): string {
  if (value === null) return "";
  const text = withSeparators(toFixed(value, decimals));
  return text.startsWith("-") ? `-${symbol}${text.slice(1)}` : `${symbol}${text}`;
}

/** A rate as a percentage with the rate's precision: 0.16667 -> "16.67%". */
export function displayPercent(value: Ratio | null): string {
  if (value === null) return "";
  const percent = { num: multiplyInteger(value.num, 100), den: value.den };
  return `${withSeparators(toFixed(percent, RATE_DECIMALS - 2))}%`;
}

export function displayCount(n: number): string {
  return n < 0 ? `-${groupThousands(String(-n))}` : groupThousands(String(n));
}

/** Whether a value prints as negative (after rounding, so -0.001 at 2 decimals is not). */
export function printsNegative(value: Decimal | Ratio | null, decimals: number): boolean {
  if (value === null) return false;
  return "coef" in value && value.scale <= decimals ? isNegative(value) : roundedCoef(value, decimals) < 0n;
}
