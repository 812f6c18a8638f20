/**
 * Amount cells read straight from their UTF-8 bytes, for the fast paths (fast-lines.ts for phase
 * exports, read/log-lines.ts for logs): the common shapes only, in integer units of
 * 10^-UNIT_SCALE; anything else is -1 (or NaN), and the schema (schema/amount.ts) reads or refuses it.
 */
import { UNIT_SCALE } from "../model/equity.js";

const SCALE = [10 ** UNIT_SCALE, 10 ** (UNIT_SCALE - 1), 10 ** (UNIT_SCALE - 2), 10 ** (UNIT_SCALE - 3), 1];
const MAX_INT_DIGITS = 11; // 10^11 × 10^4 units stays under 2^53

const DOLLAR = 0x24;
const OPEN = 0x28;
const CLOSE = 0x29;
const MINUS = 0x2d;
const COMMA = 0x2c;
const DOT = 0x2e;
const SPACE = 0x20;
const ZERO = 0x30;
/** Swiss grouping's ASCII apostrophe (CLDR 48's de-CH); the typographic ’ (U+2019, before it) is not ASCII, so the slow path's. */
const APOSTROPHE = 0x27;

/**
 * A non-negative amount in units, or -1 when it is anything else (the slow path then decides):
 * `1234.56`; grouped by threes as the slow path reads it, `1,234.56` (with a decimal comma
 * `1.234,56` or `1 234,56`, one separator throughout); a `$` before it, when `dollar` says the
 * run's currency is one `$` is written for (currency.ts; else the slow path words the error). In
 * minor units (`decimal` -1) only plain digits. Indian `12,34,567.89` and Swiss `1'234.56` grouping
 * are otherGroups()' to read, and only when this by-threes reading has failed, so that the common
 * shapes cost what they did.
 */
export function amountUnits(bytes: Uint8Array, start: number, end: number, decimal: number, dollar = true): number {
  let i = start;
  if (decimal !== -1 && i < end && bytes[i] === DOLLAR && dollar) i++;
  const first = i;
  let int = 0;
  for (; i < end; i++) {
    const c = bytes[i]! - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  let intDigits = i - first;
  if (intDigits === 0) return -1;
  const group = decimal === -1 || i === end ? -1 : decimal === COMMA ? (bytes[i] === DOT || bytes[i] === SPACE ? bytes[i]! : -1) : bytes[i] === COMMA ? COMMA : -1;
  if (group !== -1) {
    // a grouped number never starts with 0: `0,925` is a decimal with the other mark (schema/amount.ts)
    if (intDigits > 3 || bytes[first] === ZERO) return -1;
    while (i < end && bytes[i] === group) {
      for (let k = 1; k <= 3; k++) {
        const c = i + k < end ? bytes[i + k]! - 48 : -1;
        // a separator two digits on (`12,34,567`) may be Indian grouping
        if (c < 0 || c > 9) return group === COMMA ? otherGroups(bytes, first, end, decimal) : -1;
        int = int * 10 + c;
      }
      intDigits += 3;
      i += 4;
    }
  }
  if (intDigits > MAX_INT_DIGITS) return -1;
  if (i === end) return int * SCALE[0]!;
  if (bytes[i] !== decimal) return bytes[i] === APOSTROPHE ? otherGroups(bytes, first, end, decimal) : -1;
  return withFraction(bytes, i + 1, end, int);
}

/** `int` with the fraction digits in [i, end) in units; -1 when there are none, more than
 * UNIT_SCALE, or anything but digits. */
function withFraction(bytes: Uint8Array, i: number, end: number, int: number): number {
  let frac = 0;
  const fracStart = i;
  for (; i < end; i++) {
    const c = bytes[i]! - 48;
    if (c < 0 || c > 9) return -1;
    frac = frac * 10 + c;
  }
  const fracDigits = i - fracStart;
  if (fracDigits === 0 || fracDigits > UNIT_SCALE) return -1;
  return int * SCALE[0]! + frac * SCALE[fracDigits]!;
}

/**
 * The groupings amountUnits() leaves here, by the rules of schema/amount.ts: Indian with a
 * decimal point (the first group 1-2 digits, then groups of two, the last of three:
 * `1,23,45,678.90`), and the apostrophe with either decimal (1-3 digits, then groups of three:
 * `1'234'567.89`, `1'234,5`). One separator throughout; anything else is -1. `first` is the first
 * digit (after a `$`).
 */
function otherGroups(bytes: Uint8Array, first: number, end: number, decimal: number): number {
  if (decimal === -1) return -1;
  let i = first;
  let int = 0;
  let intDigits = 0;
  let separator = -1;
  for (let group = 0; ; group++) {
    const groupStart = i;
    for (; i < end; i++) {
      const c = bytes[i]! - 48;
      if (c < 0 || c > 9) break;
      int = int * 10 + c;
    }
    const size = i - groupStart;
    intDigits += size;
    if (group === 0) {
      separator = i < end ? bytes[i]! : -1;
      const indian = separator === COMMA && decimal === DOT;
      if (!indian && separator !== APOSTROPHE) return -1;
      if (size === 0 || size > (indian ? 2 : 3) || bytes[groupStart] === ZERO) return -1;
    } else {
      const more = i < end && bytes[i] === separator;
      // Indian: two digits while more groups follow, three in the last; apostrophe: always three
      if (size !== (separator === COMMA && more ? 2 : 3)) return -1;
      if (!more) break;
    }
    i++; // over the separator
  }
  if (intDigits > MAX_INT_DIGITS) return -1;
  if (i === end) return int * SCALE[0]!;
  return bytes[i] === decimal ? withFraction(bytes, i + 1, end, int) : -1;
}

/**
 * An amount as amountUnits() reads it, negative ones too, as the slow path writes them most
 * often: `-1234.56`, accounting's `(1,234.56)`, SAP's trailing minus `1234.56-`, each with a `$`
 * after the sign (see amountUnits for `dollar`). NaN for anything else (`(-12)`, `+12`, spaces
 * inside: the slow path decides).
 */
export function signedUnits(bytes: Uint8Array, start: number, end: number, decimal: number, dollar = true): number {
  if (end <= start) return NaN;
  let negative = true;
  if (bytes[start] === OPEN && bytes[end - 1] === CLOSE) {
    start++;
    end--;
  } else if (bytes[start] === MINUS) start++;
  else if (bytes[end - 1] === MINUS) end--;
  else negative = false;
  const units = amountUnits(bytes, start, end, decimal, dollar);
  return units < 0 ? NaN : negative ? -units : units;
}
