/**
 * Exact decimal amounts. A Decimal is an integer coefficient scaled by 10^-scale, so
 * `{ coef: 123n, scale: 2 }` is 1.23. Sums never go through a binary double; rounding
 * happens once, half-to-even, when a value is printed.
 */
export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
}

/** An exact quotient num ÷ den, kept unrounded until it is printed (averages, rates). */
export interface Ratio {
  readonly num: Decimal;
  readonly den: Decimal;
}

export const ZERO: Decimal = { coef: 0n, scale: 0 };

const POW10: bigint[] = [1n];
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

export function decimal(coef: bigint, scale = 0): Decimal {
  return { coef, scale };
}

export function fromInteger(n: number | bigint): Decimal {
  return { coef: BigInt(n), scale: 0 };
}

function rescale(a: Decimal, scale: number): bigint {
  return a.scale === scale ? a.coef : a.coef * pow10(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { coef: a.coef + b.coef, scale: a.scale };
  const scale = Math.max(a.scale, b.scale);
  return { coef: rescale(a, scale) + rescale(b, scale), scale };
}

export function negate(a: Decimal): Decimal {
  return { coef: -a.coef, scale: a.scale };
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b));
}

export function multiplyInteger(a: Decimal, n: number | bigint): Decimal {
  return { coef: a.coef * BigInt(n), scale: a.scale };
}

/** The exact product of two decimals (an amount and an exchange rate). */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, scale: a.scale + b.scale };
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.coef === 0n;
}

export function isNegative(a: Decimal): boolean {
  return a.coef < 0n;
}

export function abs(a: Decimal): Decimal {
  return a.coef < 0n ? negate(a) : a;
}

export function ratio(num: Decimal, den: Decimal): Ratio | null {
  return den.coef === 0n ? null : { num, den };
}

/** Integer division of n by d (d > 0) rounded half to even. */
function divideHalfEven(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const m = negative ? -n : n;
  let q = m / d;
  const twice = (m % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** The coefficient of `value` rounded half to even to `decimals` places. */
export function roundedCoef(value: Decimal | Ratio, decimals: number): bigint {
  if ("coef" in value) {
    if (value.scale <= decimals) return value.coef * pow10(decimals - value.scale);
    return divideHalfEven(value.coef, pow10(value.scale - decimals));
  }
  const { num, den } = value;
  // num/den = (num.coef / 10^num.scale) / (den.coef / 10^den.scale)
  let n = num.coef * pow10(den.scale + decimals);
  let d = den.coef * pow10(num.scale);
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  return divideHalfEven(n, d);
}

/** Plain decimal text with exactly `decimals` places: "-1234.50". Never "-0.00". */
export function toFixed(value: Decimal | Ratio, decimals: number): string {
  const coef = roundedCoef(value, decimals);
  const digits = (coef < 0n ? -coef : coef).toString().padStart(decimals + 1, "0");
  const intPart = digits.slice(0, digits.length - decimals);
  const text = decimals > 0 ? `${intPart}.${digits.slice(digits.length - decimals)}` : intPart;
  return coef < 0n ? `-${text}` : text;
}

/** The nearest double: for what is real-valued by nature (chart geometry, a model's inputs, a
 * spreadsheet's cells), never to be summed back into money. */
export function approximate(value: Decimal | Ratio): number {
  return "coef" in value ? Number(value.coef) / 10 ** value.scale : approximate(value.num) / approximate(value.den);
}

/** The shortest exact literal of the rounded value ("300", "0.5"), as JSON numbers are written. */
export function toLiteral(value: Decimal | Ratio, decimals: number): string {
  const text = toFixed(value, decimals);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Exact text of a decimal with all its digits, for messages and tests: "0.30". */
export function toExactString(a: Decimal): string {
  return toFixed(a, a.scale);
}

/**
 * A finite double as the decimal it is written as: its shortest round-trip digits (what
 * `String(x)` shows), exponent spelled out, so 1.1e30 is 11 × 10^29, not 1.1. A model's output is
 * real-valued; this keeps it out of exponent form so that it is rounded once, by toFixed, and
 * prints every digit of its integer part. The digits past the 17th significant one are zeros:
 * a double carries no more.
 */
export function fromDouble(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const [mantissa, exponent = "0"] = String(x).split("e");
  const [int, frac = ""] = mantissa!.split(".");
  const coef = BigInt(`${int}${frac}`);
  const scale = frac.length - Number(exponent);
  return scale >= 0 ? { coef, scale } : { coef: coef * pow10(-scale), scale: 0 };
}
