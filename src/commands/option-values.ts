/**
 * The values of the input options as commander reads them: each turns the text given into what
 * the reader takes, or throws the InvalidArgumentError that says what was expected.
 */
import { InvalidArgumentError } from "commander";
import { isCurrencyCode } from "../currency.js";
import type { Encoding } from "../io/source.js";
import { DATE_FORMATS, parsePhase, parseYear, type DateFormat, type Phase } from "../schema/row.js";
import { SOURCE_NAMES, sourceNamed, type SourceName } from "../schema/sources/index.js";
// The log reader's own value, from its types' module: importing it loads no reader.
import { WHITESPACE } from "../read/log-options.js";

export function currency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new InvalidArgumentError("expected a three-letter currency code such as USD, EUR or JPY");
  return code;
}

/**
 * `--minor-unit ISK=2` (or `ISK=2,MGA=0`; repeatable): the decimals of a currency's whole numbers
 * under --minor-units, over ISO 4217's, collected. A code in any case, as --currency takes it;
 * decimals from 0 to 4, the range of ISO's minor units; a code given two units is refused.
 */
export function minorUnit(value: string, previous: [string, number][] | undefined): [string, number][] {
  const declared = [...(previous ?? [])];
  for (const entry of value.split(",")) {
    const pair = /^\s*([A-Za-z]{3})\s*=\s*([0-4])\s*$/.exec(entry);
    if (pair === null) throw new InvalidArgumentError(`expected CODE=DIGITS, a currency code and the decimals of its minor unit from 0 to 4, such as ISK=2 (several separated by commas); not ${JSON.stringify(entry.trim())}`);
    const code = pair[1]!.toUpperCase();
    const digits = Number(pair[2]);
    const before = declared.find(([c]) => c === code);
    if (before !== undefined && before[1] !== digits) throw new InvalidArgumentError(`${code} is declared twice, with ${before[1]} and ${digits} decimals`);
    if (before === undefined) declared.push([code, digits]);
  }
  return declared;
}

export function dateFormat(value: string): DateFormat {
  const layout = DATE_FORMATS.find((f) => f === value.trim().toUpperCase());
  if (layout === undefined) throw new InvalidArgumentError(`expected one of ${DATE_FORMATS.join(", ")}`);
  return layout;
}

/** A parser for an option whose values are names in a table (any case); anything else says `expected`. */
export function namedValue<T>(names: ReadonlyMap<string, T>, expected: string): (value: string) => T {
  return (value) => {
    const named = names.get(value.trim().toLowerCase()) ?? names.get(value.toLowerCase());
    if (named === undefined) throw new InvalidArgumentError(expected);
    return named;
  };
}

/** Encoding names as users write them, and the one each means. */
const ENCODING_NAMES: ReadonlyMap<string, Encoding> = new Map([
  ["utf-8", "utf-8"],
  ["utf8", "utf-8"],
  ["utf-16le", "utf-16le"],
  ["utf16le", "utf-16le"],
  ["utf-16be", "utf-16be"],
  ["utf16be", "utf-16be"],
  ["latin1", "latin1"],
  ["latin-1", "latin1"],
  ["iso-8859-1", "latin1"],
  ["cp1252", "cp1252"],
  ["windows-1252", "cp1252"],
]);

export const encoding = namedValue(ENCODING_NAMES, "expected utf-8, utf-16le, utf-16be, latin1 or cp1252 (windows-1252)");

/** `--phase-map "New Customer=new,Former Customer=churned"`: each vendor word and the phase it means. */
export function phaseMap(value: string): [string, Phase][] {
  return value.split(",").map((entry) => {
    const at = entry.lastIndexOf("=");
    const word = entry.slice(0, at).trim().toLowerCase();
    const phase = at === -1 ? null : parsePhase(entry.slice(at + 1));
    if (word === "" || phase === null) throw new InvalidArgumentError(`expected WORD=PHASE pairs separated by commas, with a phase such as new, retained or churned; not ${JSON.stringify(entry.trim())}`);
    return [word, phase];
  });
}

/** `--source stripe`: a preset's name, any case; anything else names them all. */
export function sourcePreset(value: string): SourceName {
  const name = sourceNamed(value);
  if (name === undefined) throw new InvalidArgumentError(`expected one of ${SOURCE_NAMES.join(", ")} (ceq sources describes them)`);
  return name;
}

/** `--year 2024`, `--from`, `--to`: a year as a year column writes it. */
export function year(value: string): number {
  const y = parseYear(value);
  if (y === null) throw new InvalidArgumentError("expected a year such as 2024");
  return y;
}

export function integerIn(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
    }
    return n;
  };
}

/** A Map, not an object: `--delimiter constructor` must not find Object's. */
const DELIMITER_NAMES: ReadonlyMap<string, string> = new Map([
  [",", ","],
  [";", ";"],
  ["|", "|"],
  ["\t", "\t"],
  ["\\t", "\t"],
  ["tab", "\t"],
  ["comma", ","],
  ["semicolon", ";"],
  ["pipe", "|"],
  [WHITESPACE, WHITESPACE],
]);

/** The delimiter a `--delimiter` value names, or undefined. */
export function delimiterNamed(value: string): string | undefined {
  return DELIMITER_NAMES.get(value.toLowerCase());
}

export const delimiter = namedValue(DELIMITER_NAMES, "expected one of , ; | tab, or whitespace (runs of spaces or tabs, with --transactions)");
