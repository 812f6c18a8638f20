/** Currency codes, their minor units and symbols. */

/** The spec's minor units; other ISO 4217 codes take theirs from Intl (see minorUnitOf). */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ["JPY", 0],
  ["KWD", 3],
  ["BHD", 3],
  ["OMR", 3],
  ["JOD", 3],
  ["TND", 3],
]);

/**
 * The symbols of the most used currencies, as Intl gives them (a test checks they agree). The
 * first currency format Intl makes loads ICU's data, about 25 ms, which the default currency
 * need not pay on every run.
 */
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ["USD", "$"],
  ["EUR", "€"],
  ["GBP", "£"],
  ["JPY", "¥"],
  ["CHF", "CHF "],
  ["CAD", "$"],
  ["AUD", "$"],
]);

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

/** The decimals a currency is printed with: its minor unit, Intl's for any other code (2 for most), or 2. */
export function currencyDecimals(code: string): number {
  const known = MINOR_UNITS.get(code) ?? (SYMBOLS.has(code) ? 2 : undefined);
  if (known !== undefined) return known;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The ISO 4217 codes Intl knows, read once (see SYMBOLS on what loading them costs). */
let isoCodes: ReadonlySet<string> | undefined;
/** minorUnitOf()'s answers: it is asked once a row, and an Intl format is slow to make. */
const minorUnits = new Map<string, number | undefined>();

/**
 * The decimals of a currency's minor unit (USD 2, JPY 0, KWD 3): the spec's table above, or
 * Intl's for the ISO 4217 codes it lists; undefined for a code in neither. Intl formats any
 * three letters with 2 decimals, so its number alone is no knowledge: `--minor-units` must not
 * take a guess for an amount in whole minor units.
 */
export function minorUnitOf(code: string): number | undefined {
  if (MINOR_UNITS.has(code) || SYMBOLS.has(code)) return currencyDecimals(code);
  if (minorUnits.has(code)) return minorUnits.get(code);
  isoCodes ??= new Set(Intl.supportedValuesOf("currency"));
  const digits = isoCodes.has(code) ? currencyDecimals(code) : undefined;
  if (minorUnits.size < 1000) minorUnits.set(code, digits);
  return digits;
}

/** The symbol a reader expects before an amount: "$", "€", "¥"; or the code and a space. */
export function currencySymbol(code: string): string {
  const kept = SYMBOLS.get(code);
  if (kept !== undefined) return kept;
  try {
    const parts = new Intl.NumberFormat("en", { style: "currency", currency: code, currencyDisplay: "narrowSymbol" }).formatToParts(1);
    const symbol = parts.find((p) => p.type === "currency")?.value ?? code;
    return /^[A-Z]{2,}$/.test(symbol) ? `${symbol} ` : symbol;
  } catch {
    return `${code} `;
  }
}
