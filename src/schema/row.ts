import * as z from "zod/mini";
import type { IssueCode } from "../issues.js";
import { multiplyInteger, ZERO, type Decimal } from "../money.js";
import { exporterDispute, minorUnitWith, type DeclaredMinorUnits } from "../currency.js";
import { readAmount } from "./amount.js";
import { fiscalYear, periodOf, quarterOfLabel, type CalendarDate, type PeriodKind } from "./period.js";

export { fiscalYear, type CalendarDate };
import type { ColumnIndex, Field } from "./columns.js";

export const PHASES = ["acquisition", "retention", "churn"] as const;
export type Phase = (typeof PHASES)[number];

/** A validated input row: exact types only, whatever the export looked like. */
export interface Row {
  /** The (fiscal) year: what exchange rates are looked up by. */
  year: number;
  /** The period the row counts in: the year, or with `--period quarter|month` its quarter or month
   * as schema/period.ts numbers them. */
  period: number;
  customers: number;
  revenue: Decimal;
  cost: Decimal;
  id?: string;
  phase?: Phase;
  /** The row's currency code, when the file has a currency column. */
  currency?: string;
}

/** A rate of `--fx-rates`: one unit of `currency` in `year` is `rate` units of the run's currency. */
export interface FxRate {
  currency: string;
  year: number;
  rate: Decimal;
}

/** How a rate is looked up and remembered as used: "EUR 2024". */
export const fxKey = (currency: string, year: number): string => `${currency} ${year}`;

/** `--where COLUMN=VALUE` (equal) or `COLUMN!=VALUE`: values compare exactly after trimming. */
export interface RowFilter {
  column: string;
  value: string;
  equal: boolean;
}

/** How a filter is shown: `--where "Stage=Closed Won"`. */
export const describeFilter = (f: RowFilter): string => `--where ${JSON.stringify(`${f.column}${f.equal ? "=" : "!="}${f.value}`)}`;

export interface CellOptions {
  decimalComma: boolean;
  /** `--decimal-point`: amounts use a decimal point, said outright, so that a `;`-separated file's
   * `1.500` reads as 1.5 instead of being refused as ambiguous (see ambiguousGroups). */
  decimalPoint?: boolean | undefined;
  /** Set per file, never by a flag (read/options.ts fileCells): the file is separated by `;` and
   * neither --decimal-comma nor --decimal-point says its decimal mark, so an amount whose one
   * separator comes before three digits is refused (schema/amount.ts). */
  ambiguousGroups?: boolean | undefined;
  emptyAsZero: boolean;
  /** Month (1-12) in which the fiscal year starts; it is named after the year it ends in. */
  fiscalYearStart: number;
  /** The currency of the run (`--currency`): rows of a currency column in another one are not added. */
  currency: string;
  /** With `--minor-units`, the run currency's decimals: amounts are whole numbers of its minor unit
   * (`4900` USD is 49.00). A row of a currency column is in its own currency's minor unit (see
   * rowMinorUnits). Undefined: amounts are written in the major unit. */
  minorUnits?: number | undefined;
  /** `--minor-unit CODE=DIGITS`: the units declared for codes, over ISO 4217's (see minorUnitWith):
   * what a row in that currency is read in under --minor-units. */
  declaredMinorUnits?: DeclaredMinorUnits | undefined;
  /** Rates that convert a currency column's other currencies (`--fx-rates`), exactly. */
  fxRates?: readonly FxRate[] | undefined;
  /** The layout of date cells (`--date-format`); default ISO. */
  dateFormat?: DateFormat | undefined;
  /** Row filters (`--where`): every one must hold for a row to be read. */
  where?: readonly RowFilter[] | undefined;
  /** Segment columns (`--by`): a row's group is their values, trimmed. */
  by?: readonly string[] | undefined;
  /** Vendor phase words (`--phase-map`), lower case, on top of the built-in ones. */
  phaseMap?: readonly (readonly [string, Phase])[] | undefined;
  /** `--period quarter|month`: rows count in the quarter or month of their date. Default: years. */
  period?: PeriodKind | undefined;
}

/** A Map, not an object: a cell saying "constructor" or "__proto__" must not find Object's. */
const PHASE_NAMES: ReadonlyMap<string, Phase> = new Map([
  ["new", "acquisition"],
  ["acquired", "acquisition"],
  ["acquisition", "acquisition"],
  ["retained", "retention"],
  ["existing", "retention"],
  ["old", "retention"],
  ["retention", "retention"],
  ["churned", "churn"],
  ["lost", "churn"],
  ["churn", "churn"],
]);

const YEAR = /^(?:FY\s?)?(\d{4})$/i;
/**
 * The years a cell or a date may name. Exports name years of the last century or this one; a
 * year outside this range is a typo or a corrupt cell, and bounding it keeps every per-year
 * table small (an id table with thousands of distinct years was quadratic).
 */
export const FIRST_YEAR = 1900;
export const LAST_CELL_YEAR = 2200;
/** The last year a row can have: a date in LAST_CELL_YEAR can fall in the fiscal year after it. */
export const LAST_YEAR = LAST_CELL_YEAR + 1;
/** The last period key a row can have, of any kind: months are numbered 12 × year + month − 1,
 * the largest of the three (see schema/period.ts). Tables indexed by period are this long. */
export const LAST_PERIOD = LAST_CELL_YEAR * 12 + 11;
/** The most customers one row may stand for; sums stay far below 2^53 (checked in the ledger). */
export const MAX_COUNT = 10 ** 12;

export const isYearInRange = (year: number): boolean => year >= FIRST_YEAR && year <= LAST_CELL_YEAR;

export function parseYear(text: string): number | null {
  const match = YEAR.exec(text.trim());
  const year = match ? Number(match[1]) : NaN;
  return isYearInRange(year) ? year : null;
}

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Days in a month of a year, by the Gregorian rule (not through Date, which maps years 0-99 to 19xx). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date layouts `--date-format` names; the default is ISO (also YYYY-MM and YYYY/MM/DD). */
export const DATE_FORMATS = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYYMMDD"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/**
 * A time after the day, read only to be sure it is one: the period is the calendar date as
 * written, never converted to another zone (23:30 on 31 December at -05:00 stays in that year).
 * After `T` or a space: `8:26`, `17:02:37`, fractional seconds `17:02:37.123456` (ISO 8601 also
 * allows `,123`), `9:41:27 AM`; then an offset, after an optional space: `Z`, `UTC` (BigQuery),
 * `+01:00` (RFC 3339), `+0100` (Shopify), `+01` (PostgreSQL). Hours 0-23 (1-12 with AM/PM),
 * minutes 0-59, seconds 0-60 (RFC 3339 allows a leap second), offsets to ±14:00, the widest
 * zone in use (Kiribati). read/date-bytes.ts reads the same on the fast path.
 */
const SECONDS = String.raw`(?::(?:[0-5]\d|60)(?:[.,]\d{1,9})?)?`;
const CLOCK = String.raw`(?:(?:[01]?\d|2[0-3]):[0-5]\d${SECONDS}|(?:0?[1-9]|1[0-2]):[0-5]\d${SECONDS}\s?[AaPp][Mm])`;
/**
 * Zone abbreviations some systems write instead of an offset (Recurly's `2012-01-19 11:16:41 PST`):
 * a closed list of the common ones, read as a label only. The fast path reads `UTC` alone and
 * hands the others to this schema.
 */
const ZONES = "GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|CET|CEST|EET|EEST|WET|WEST|BST|IST|JST|KST|AEST|AEDT|ACST|AWST|NZST|NZDT";
const OFFSET = String.raw`(?: ?(?:Z|UTC|${ZONES}|[+-](?:0\d|1[0-4])(?::?[0-5]\d)?))?`;
const TIME = `(?:[T ]${CLOCK}${OFFSET})?`;
/** Each layout's pattern, and where its year, month and day are (day 0: a month alone). */
const LAYOUTS: Record<DateFormat, { pattern: RegExp; year: number; month: number; day: number }[]> = {
  "YYYY-MM-DD": [
    // ISO as written: two-digit months and days (the other layouts may drop a leading zero)
    { pattern: new RegExp(`^(\\d{4})-(\\d{2})(?:-(\\d{2})${TIME})?$`), year: 1, month: 2, day: 3 },
    { pattern: new RegExp(`^(\\d{4})/(\\d{2})/(\\d{2})${TIME}$`), year: 1, month: 2, day: 3 },
  ],
  "MM/DD/YYYY": [{ pattern: new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`), year: 3, month: 1, day: 2 }],
  "DD/MM/YYYY": [{ pattern: new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`), year: 3, month: 2, day: 1 }],
  "DD.MM.YYYY": [{ pattern: new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${TIME}$`), year: 3, month: 2, day: 1 }],
  YYYYMMDD: [{ pattern: new RegExp(`^(\\d{4})(\\d{2})(\\d{2})${TIME}$`), year: 1, month: 2, day: 3 }],
};

/**
 * A date written in `format`, or null when it does not fit that layout or is no date: ceq never
 * guesses between month-first and day-first.
 */
export function parseDate(text: string, format: DateFormat = "YYYY-MM-DD"): CalendarDate | null {
  for (const layout of LAYOUTS[format]) {
    const match = layout.pattern.exec(text.trim());
    if (!match) continue;
    const year = Number(match[layout.year]);
    const month = Number(match[layout.month]);
    const day = match[layout.day] === undefined ? undefined : Number(match[layout.day]);
    if (!isYearInRange(year) || month < 1 || month > 12) return null;
    if (day !== undefined && (day < 1 || day > daysInMonth(year, month))) return null;
    return { year, month, day };
  }
  return null;
}

/** The (fiscal) year of a date written in `format`, or null (see parseDate). */
export function parseDateYear(text: string, fiscalYearStart: number, format: DateFormat = "YYYY-MM-DD"): number | null {
  const date = parseDate(text, format);
  return date === null ? null : fiscalYear(date.year, date.month, fiscalYearStart);
}

/** A fiscal quarter as `ceq derive --period quarter` names it (`2025-Q1`), numbered as in schema/period.ts. */
interface FiscalQuarter {
  quarter: number;
}

/**
 * A date cell that names a fiscal quarter (`2025-Q1`): read by year or by quarter, not by month,
 * which a quarter does not name; null for anything else.
 */
function quarterCell(text: string, period: PeriodKind | undefined): FiscalQuarter | null {
  const quarter = quarterOfLabel(text);
  if (quarter === null || period === "month" || !isYearInRange(Math.floor(quarter / 4))) return null;
  return { quarter };
}

export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && n <= MAX_COUNT ? n : null;
}

export function parsePhase(text: string): Phase | null {
  return PHASE_NAMES.get(text.trim().toLowerCase()) ?? null;
}

/** The phase reader of a run: the built-in words, and the vendor words of `--phase-map`. */
export function phaseReader(cells: Pick<CellOptions, "phaseMap">): (text: string) => Phase | null {
  if (!cells.phaseMap || cells.phaseMap.length === 0) return parsePhase;
  const words = new Map([...PHASE_NAMES, ...cells.phaseMap]);
  return (text) => words.get(text.trim().toLowerCase()) ?? null;
}

/**
 * A cell schema: the string becomes an exact value, or an issue whose message is its code
 * (`code` may look at the text to say which problem it is; it runs only on failure).
 */
function cell<T>(code: IssueCode | ((text: string) => IssueCode), parse: (text: string) => T | null) {
  return z.pipe(
    z.string(),
    z.transform((text: string, ctx): T => {
      const value = parse(text);
      if (value === null) {
        ctx.issues.push({ code: "custom", message: typeof code === "string" ? code : code(text), input: text });
        return z.NEVER;
      }
      return value;
    }),
  );
}

/**
 * How the run reads an amount cell: as written, or in minor units (`--minor-units`); an empty
 * cell is 0 with `--empty-as-zero`. The refusal's issue code when it is no amount.
 */
export function amountReader(options: Pick<CellOptions, "decimalComma" | "emptyAsZero" | "minorUnits" | "ambiguousGroups">): (text: string) => Decimal | IssueCode {
  const major = (text: string): Decimal | IssueCode =>
    text.trim() === "" ? (options.emptyAsZero ? ZERO : "bad-amount") : readAmount(text, options);
  const minor = options.minorUnits;
  if (minor === undefined) return major;
  return (text) => {
    const value = major(text);
    if (typeof value === "string") return value;
    return value.scale > 0 ? "minor-units-fraction" : { coef: value.coef, scale: minor };
  };
}

/**
 * With `--minor-units`, the decimals of a row's amounts: its own currency's when the file has a
 * currency column (a Stripe or Chargebee export gives each charge in the minor unit of its
 * currency: 4900 USD is 49.00, 4900 JPY is 4900, 4900 KWD is 4.900), the run's otherwise.
 * Undefined without `--minor-units`, or for a currency whose minor unit ceq does not know.
 */
export function rowMinorUnits(options: Pick<CellOptions, "currency" | "minorUnits" | "declaredMinorUnits">, currency: string | undefined): number | undefined {
  if (options.minorUnits === undefined || currency === undefined || currency === options.currency) return options.minorUnits;
  return minorUnitWith(currency, options.declaredMinorUnits);
}

/** A whole number of minor units of `digits` decimals as an amount: 4900 at 2 is 49.00, exactly
 * (a product of whole numbers, quantity × price, is shifted as a whole). */
const inMinorUnits = (value: Decimal, digits: number): Decimal => ({ coef: value.coef, scale: value.scale + digits });

/**
 * How a row schema reads amounts in minor units of each row's currency: its cells as whole
 * numbers (`minorUnits` 0), and `shift` then puts a row's amounts in its currency's unit, or
 * refuses the row's currency cell when ceq does not know that unit. Undefined when the file has
 * no currency column or the run reads no minor units: the cells read the run's unit themselves.
 */
export function minorUnitsByRow(options: CellOptions, hasCurrency: boolean): { cells: CellOptions; shift: (currency: string, amounts: readonly Decimal[]) => Decimal[] | null } | undefined {
  if (options.minorUnits === undefined || !hasCurrency) return undefined;
  return {
    cells: { ...options, minorUnits: 0 },
    shift: (currency, amounts) => {
      const digits = rowMinorUnits(options, currency);
      return digits === undefined ? null : amounts.map((a) => inMinorUnits(a, digits));
    },
  };
}

/** The issue a row schema adds when `minorUnitsByRow` does not know its currency's minor unit:
 * ISO 4217 gives it none, or an exporter counts it in another unit than ISO and none is declared. */
export function unknownMinorUnit(ctx: { issues: unknown[] }, currency: string): never {
  const code: IssueCode = exporterDispute(currency) === undefined ? "minor-units-currency" : "minor-units-disputed";
  ctx.issues.push({ code: "custom", message: code, input: currency, path: ["currency"] });
  return z.NEVER as never;
}

export function cellSchemas(options: CellOptions) {
  const read = amountReader(options);
  const amount = (text: string): Decimal | null => {
    const value = read(text);
    return typeof value === "string" ? null : value;
  };
  const refusal = (text: string): IssueCode => {
    const value = read(text);
    return typeof value === "string" ? value : "bad-amount";
  };
  return {
    year: cell("bad-year", parseYear),
    date: cell("bad-date", (t) => parseDate(t, options.dateFormat) ?? quarterCell(t, options.period)),
    revenue: cell(refusal, amount),
    avgRevenue: cell(refusal, amount),
    count: cell("bad-count", parseCount),
    cost: cell(refusal, amount),
    id: cell("missing-id", (t) => (t.trim() === "" ? null : t.trim())),
    phase: cell("bad-phase", phaseReader(options)),
    currency: cell("bad-currency", (t) => (/^\s*[A-Za-z]{3}\s*$/.test(t) ? t.trim().toUpperCase() : null)),
  } satisfies Record<Field, z.ZodMiniType>;
}

export type RowSchema = z.ZodMiniType<Row, Partial<Record<Field, string>>>;

/**
 * The schema of one file's rows, built from the columns it has. Input is the raw cells keyed
 * by field; output is a Row. Revenue given as an average is multiplied out exactly.
 */
export function rowSchema(columns: ColumnIndex, options: CellOptions, readCost: boolean): RowSchema {
  const byRow = minorUnitsByRow(options, columns.currency !== undefined);
  const cells = cellSchemas(byRow?.cells ?? options);
  const shape: Partial<Record<Field, z.ZodMiniType>> = {};
  for (const field of Object.keys(columns) as Field[]) {
    if (field === "cost" && !readCost) continue;
    shape[field] = cells[field];
  }
  return z.pipe(z.object(shape), z.transform((c, ctx): Row => {
    const parsed = c as Partial<Record<Field, unknown>>;
    const customers = (parsed.count as number | undefined) ?? 1;
    const revenue =
      parsed.revenue !== undefined ? (parsed.revenue as Decimal) : multiplyInteger(parsed.avgRevenue as Decimal, customers);
    const cell = parsed.date as CalendarDate | FiscalQuarter | undefined;
    const quarter = cell && "quarter" in cell ? cell.quarter : undefined;
    const date = cell && !("quarter" in cell) ? cell : undefined;
    const year = quarter !== undefined ? Math.floor(quarter / 4) : date ? fiscalYear(date.year, date.month, options.fiscalYearStart) : (parsed.year as number);
    const byPeriod = options.period !== undefined && options.period !== "year";
    let amounts = [revenue, (parsed.cost as Decimal | undefined) ?? ZERO];
    if (byRow) {
      const shifted = byRow.shift(parsed.currency as string, amounts);
      if (shifted === null) return unknownMinorUnit(ctx, parsed.currency as string);
      amounts = shifted;
    }
    const row: Row = {
      year,
      period: byPeriod && quarter !== undefined ? quarter : byPeriod && date ? periodOf(date, { kind: options.period!, fiscalYearStart: options.fiscalYearStart }) : year,
      customers,
      revenue: amounts[0]!,
      cost: amounts[1]!,
    };
    if (parsed.id !== undefined) row.id = parsed.id as string;
    if (parsed.phase !== undefined) row.phase = parsed.phase as Phase;
    if (parsed.currency !== undefined) row.currency = parsed.currency as string;
    return row;
  })) as unknown as RowSchema;
}
