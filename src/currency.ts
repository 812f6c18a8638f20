/** Currency codes, their minor units and symbols. */

/**
 * ISO 4217's minor units: the decimals of each currency's minor unit, from list one ("current
 * currency & funds code list"), which SIX publishes on behalf of ISO
 * (https://www.six-group.com/en/products-services/financial-information/data-standards.html,
 * list-one.xml), as of the copy of 1 February 2026 in github.com/datasets/currency-codes
 * (data/codes-all.csv); cross-checked against Firefox's table generated from the same list
 * (js/src/builtin/intl/CurrencyDataGenerated.h, version 2026-01-01) and Cybersource's ISO code
 * table. Not Intl's digits: those are CLDR's display digits (HUF, COP, IDR 0, IQD 0), not the
 * unit a system counts in. Codes ISO gives no minor unit (gold XAU, XDR, the test code XTS …) are
 * left out. Six codes withdrawn since 2021 that exports still hold, and that Intl and
 * ISO_CODES below still know, keep the unit list one gave them: ANG, BGN, CUC, HRK, SLL, ZWL.
 */
const ISO_MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2:
      "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU " +
      "CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES " +
      "KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR " +
      "NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP " +
      "TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG " +
      "ANG BGN CUC HRK SLL ZWL",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
  }).flatMap(([digits, codes]) => codes.split(" ").map((code): [string, number] => [code, Number(digits)])),
);

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

/** The decimals a currency is printed with: its ISO 4217 minor unit (USD 2, JPY 0, KWD 3, HUF 2), or 2 for a code ISO gives none. */
export function currencyDecimals(code: string): number {
  return ISO_MINOR_UNITS.get(code) ?? 2;
}

/** ISO 4217's minor unit of a code (list one), or undefined for a code it gives none (XTS, XAU, a typo). */
export function isoMinorUnit(code: string): number | undefined {
  return ISO_MINOR_UNITS.get(code);
}

/**
 * The decimals `--minor-units` reads a currency's whole numbers in when nothing is declared (4900
 * USD is 49.00, JPY 4900, KWD 4.900): ISO 4217's. Undefined, so that the amount is refused and
 * never guessed, for a code ISO gives no minor unit, and for one whose unit a known exporter
 * writes otherwise than ISO (see exporterDispute).
 */
export function minorUnitOf(code: string): number | undefined {
  return EXPORTER_UNITS.has(code) ? undefined : ISO_MINOR_UNITS.get(code);
}

/** minorUnitOf, unless `--minor-unit CODE=DIGITS` declares the code's unit: then that one. */
export function minorUnitWith(code: string, declared: DeclaredMinorUnits = []): number | undefined {
  for (const [named, digits] of declared) if (named === code) return digits;
  return minorUnitOf(code);
}

/** `--minor-unit ISK=2,MGA=0`: currency codes and the decimals of their whole numbers, as declared. */
export type DeclaredMinorUnits = readonly (readonly [string, number])[];

/**
 * Codes whose whole numbers a known exporter counts in another unit than ISO 4217's minor unit:
 * an amount of them in minor units is one or the other, a factor of 100 apart, so it is an error
 * until `--minor-unit` says which. Stripe's API: ISK stays two-decimal, "an ISK amount of 100 will
 * continue to represent 1 króna" (https://support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds);
 * MGA is among its zero-decimal currencies (https://stripe.com/docs/currencies#zero-decimal, as
 * archived on 18 June 2022). Chargebee's documented units agree with ISO on the currencies it lists
 * (see its preset).
 */
const EXPORTER_UNITS: ReadonlyMap<string, { readonly exporter: string; readonly digits: number; readonly example: string }> = new Map([
  ["ISK", { exporter: "Stripe's API", digits: 2, example: "100 = 1 króna" }],
  ["MGA", { exporter: "Stripe's API", digits: 0, example: "100 = 100 ariary" }],
]);

/** "ISO 4217 has 0 decimals, Stripe's API 2 (100 = 1 króna)" for ISK: how the units of a code an exporter counts otherwise than ISO differ; else undefined. */
export function exporterDispute(code: string): string | undefined {
  const other = EXPORTER_UNITS.get(code);
  if (other === undefined) return undefined;
  return `ISO 4217 has ${ISO_MINOR_UNITS.get(code)} decimals, ${other.exporter} ${other.digits} (${other.example})`;
}

/** The `--minor-unit` values that settle a disputed code, the exporter's first: "--minor-unit ISK=2 (Stripe's API) or --minor-unit ISK=0 (ISO 4217)". */
export function disputeRemedy(code: string): string | undefined {
  const other = EXPORTER_UNITS.get(code);
  if (other === undefined) return undefined;
  return `--minor-unit ${code}=${other.digits} (${other.exporter}) or --minor-unit ${code}=${ISO_MINOR_UNITS.get(code)} (ISO 4217)`;
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

/**
 * The ISO 4217 codes of currencies, as an amount cell may name one (`USD 12.00`, `12 EUR`): CLDR
 * 48's list (Intl.supportedValuesOf("currency") in Node 20), which keeps a code some years after
 * it is withdrawn (HRK, SLL, ZWL), and VED. Three other capitals (`XYZ 12`, `NET 30`) name no
 * currency, so the cell is no amount. ISO's fund codes (BOV, CLF, USN …), precious metals and
 * test codes (XAU, XTS, XXX) are left out: no revenue is booked in them.
 */
const ISO_CODES: ReadonlySet<string> = new Set(
  ("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY " +
    "COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR " +
    "ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP " +
    "MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG " +
    "SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV " +
    "WST XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL").split(" "),
);

/**
 * The currency symbols an amount cell may carry (schema/amount.ts), each with the currencies it
 * may be written for, the likeliest first: those whose narrow symbol it is in CLDR 48 (Intl's
 * `currencyDisplay: "narrowSymbol"` in English; a test checks they agree). `$` is some thirty
 * dollars and pesos; `￥` is the full-width `¥` of Chinese and Japanese text.
 */
const SYMBOL_CURRENCIES: ReadonlyMap<string, readonly string[]> = new Map([
  ["$", ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU", "DOP", "CUP", "CUC", "BBD", "BMD", "BND", "BSD", "BZD", "FJD", "GYD", "JMD", "KYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD"]],
  ["€", ["EUR"]],
  ["£", ["GBP", "GIP", "FKP", "SHP", "SSP", "SYP"]],
  ["¥", ["JPY", "CNY"]],
  ["￥", ["JPY", "CNY"]],
  ["₩", ["KRW", "KPW"]],
  ["₹", ["INR"]],
  ["₽", ["RUB"]],
  ["₪", ["ILS"]],
  ["₺", ["TRY"]],
  ["₫", ["VND"]],
  ["₦", ["NGN"]],
  ["₱", ["PHP"]],
  ["฿", ["THB"]],
]);

/** The symbols of SYMBOL_CURRENCIES, for a character class: none is special inside one. */
export const CURRENCY_SYMBOLS = [...SYMBOL_CURRENCIES.keys()].join("");

const MARKER = new RegExp(`[${CURRENCY_SYMBOLS}]|[A-Z]{3}`, "u");

/**
 * The currency marker of an amount cell that schema/amount.ts has read (`€`, `USD`), or
 * undefined: such a cell holds nothing else that is a symbol or a capital.
 */
export function amountMarker(cell: string): string | undefined {
  return MARKER.exec(cell)?.[0];
}

/** Whether a marker read in an amount cell is a currency's: a symbol of SYMBOL_CURRENCIES or an ISO code. */
export function isCurrencyMarker(marker: string): boolean {
  return SYMBOL_CURRENCIES.has(marker) || ISO_CODES.has(marker);
}

/** Whether an amount marked `marker` (a symbol or a code) may be an amount in `currency`. */
export function markerFits(marker: string, currency: string): boolean {
  return SYMBOL_CURRENCIES.get(marker)?.includes(currency) ?? marker === currency;
}

/** The currencies a marker may stand for: a code itself, a symbol those it is written for. */
export function markerCurrencies(marker: string): readonly string[] {
  return SYMBOL_CURRENCIES.get(marker) ?? [marker];
}

/** What a marker says, for a message: "EUR", "JPY or CNY", "a currency written $ (USD, CAD, AUD, …)". */
export function describeMarker(marker: string): string {
  const currencies = markerCurrencies(marker);
  if (currencies.length <= 2) return currencies.join(" or ");
  return `a currency written ${marker} (${currencies.slice(0, 3).join(", ")}, …)`;
}
