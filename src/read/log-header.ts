/**
 * A log file as its header makes it: the header line found (among the first lines, past a report's
 * title), the columns, filters, --by and refund columns it names, and whether its rows may take the
 * fast path (and that path's plan).
 */
import { markerFits } from "../currency.js";
import type { Issue } from "../issues.js";
import type { CsvRecord } from "../csv/records.js";
import { add, decimal, ZERO, type Decimal } from "../money.js";
import { describeFilter, type CellOptions } from "../schema/row.js";
import { UNITS_SCALE } from "../model/unit-sums.js";
import { describeFound } from "../schema/columns.js";
import { likeliestHeader } from "../schema/hints.js";
import { compactName, resolveTxColumns, transactionSchema, type TxColumns, type TxField, type TxSchema } from "../schema/transaction.js";
import { meaningColumns } from "../schema/meaning.js";
import { MeaningTally } from "./meaning-tally.js";
import type { IdChoice } from "./id-choice.js";
import type { LogLinePlan } from "./log-lines.js";
import type { TransactionOptions } from "./log-options.js";

export interface LogFile {
  name: string;
  header: string[];
  columns: TxColumns;
  schema: TxSchema;
  /** The schema of a row left out by --skip-missing-id (its amount and currency only), once made. */
  leftOut?: TxSchema;
  fields: [TxField, number][];
  filters: { index: number; value: string; equal: boolean }[];
  /** The --by columns' indexes. */
  by: number[];
  /** The --refund-column indexes, and --refund-date-column's (-1: none). */
  refunds: number[];
  refundDate: number;
  /** What the meaning columns hold in the rows read (see schema/meaning.ts). */
  meaning: MeaningTally;
  headerLine: number;
  rows: number;
  /** Whether rows may take the plain path: an ISO date column, an amount column, amounts read as
   * written (no decimal comma, minor units or currency column), none of them ambiguous (a `;`-separated file's, see fileCells). */
  plain: boolean;
  /** The file's cell options: the run's, and whether its amounts' separators may be ambiguous (read/options.ts fileCells). */
  cells: CellOptions;
  /** Whether a `$` may mark an amount in the run's currency on the plain path (see csv/amount-bytes.ts). */
  dollar: boolean;
  /** The cells read as amounts, whose currency marker must be the row's currency (schema/currency-marker.ts); -1: none. */
  amounts: number[];
  /** The fast path's plan, once made. */
  fast?: LogLinePlan;
  /** Amounts since the last totals row (exact, and plain-path units not yet added to it), and
   * since the start: what a totals row must equal. */
  section: Decimal;
  sectionUnits: number;
  all: Decimal;
  /** Ragged rows not yet reported: errors if a row follows, a footer if they end the file after a blank line. */
  ragged: { line: number; fields: number }[];
  lastLine: number;
}

/** How many lines are looked at for a header. */
export const HEADER_SEARCH_LINES = 20;

/** The amounts since the last totals row, exact: the plain path's units added in. */
export function settleSection(file: LogFile): Decimal {
  if (file.sectionUnits !== 0) file.section = add(file.section, decimal(BigInt(file.sectionUnits), UNITS_SCALE));
  file.sectionUnits = 0;
  return file.section;
}

/** The file a header line makes, or why it is no header. */
export function logHeader(options: TransactionOptions, name: string, record: CsvRecord, samples?: readonly (readonly string[])[]): LogFile | { issues: Issue[] } {
  const { columns, issues } = resolveTxColumns(record.fields, options.columns, { file: name, line: record.line }, options.periods.kind !== "year", samples);
  if (issues.some((i) => i.severity === "error")) return { issues };
  const names = record.fields.map(compactName);
  const where = options.cells.where ?? [];
  const filters = where.map((f) => ({ index: names.indexOf(compactName(f.column)), value: f.value, equal: f.equal }));
  const byColumns = options.cells.by ?? [];
  const by = byColumns.map((column) => names.indexOf(compactName(column)));
  const meaning = options.meaning ?? { refund: [], ignore: [] };
  const refunds = meaning.refund.map((column) => names.indexOf(compactName(column)));
  const refundDate = meaning.refundDate === undefined ? -1 : names.indexOf(compactName(meaning.refundDate));
  const lacking = [
    ...where.flatMap((f, k) => (filters[k]!.index === -1 ? [{ column: f.column, flag: describeFilter(f) }] : [])),
    ...byColumns.flatMap((column, k) => (by[k] === -1 ? [{ column, flag: `--by ${byColumns.join(",")}` }] : [])),
    ...meaning.refund.flatMap((column, k) => (refunds[k] === -1 ? [{ column, flag: `--refund-column ${JSON.stringify(column)}` }] : [])),
    ...(meaning.refundDate !== undefined && refundDate === -1 ? [{ column: meaning.refundDate, flag: `--refund-date-column ${JSON.stringify(meaning.refundDate)}` }] : []),
    ...(meaning.revenueValues ?? []).flatMap((r) => (names.includes(compactName(r.column)) ? [] : [{ column: r.column, flag: `--revenue-values ${JSON.stringify(`${r.column}=${r.values.join(",")}`)}` }])),
  ];
  if (lacking.length > 0) {
    return { issues: lacking.map(({ column, flag }) => ({ severity: "error", code: "missing-column", file: name, line: record.line, detail: `"${column}" (named by ${flag}); ${describeFound(record.fields)}` }) as Issue) };
  }
  // Columns that change what an amount means are counted in every row read, on the schema's path.
  const used = new Set([...Object.values(columns), ...refunds, refundDate]);
  const tally = new MeaningTally(meaningColumns(record.fields, used, meaning.ignore, meaning.revenueValues), { refundColumn: refunds.length > 0, amounts: options.cells });
  return {
    name,
    header: record.fields,
    columns,
    schema: transactionSchema(columns, options.cells),
    fields: Object.entries(columns) as [TxField, number][],
    filters,
    by,
    refunds,
    refundDate,
    meaning: tally,
    headerLine: record.line,
    rows: 0,
    plain: tally.empty && refunds.length === 0 && columns.date !== undefined && columns.amount !== undefined && columns.currency === undefined && !options.cells.decimalComma && options.cells.ambiguousGroups !== true && options.cells.minorUnits === undefined && (options.cells.dateFormat ?? "YYYY-MM-DD") === "YYYY-MM-DD",
    cells: options.cells,
    dollar: markerFits("$", options.cells.currency),
    amounts: [columns.amount, columns.quantity, columns.price, columns.cost, ...refunds].map((i) => i ?? -1),
    section: ZERO,
    sectionUnits: 0,
    all: ZERO,
    ragged: [],
    lastLine: record.line,
  };
}

/** The id column a file's header chose (see id-choice.ts). */
export function idChoiceOf(options: TransactionOptions, file: LogFile): IdChoice {
  return { file: file.name, line: file.headerLine, header: file.header, index: file.columns.id!, byFlag: options.columns.id !== undefined };
}

/**
 * Why no line looked at is the header, said of the likeliest one (not a report's title above
 * it), with the rows below it to check a hint's column against (see schema/hints.ts).
 */
export function noHeader(options: TransactionOptions, name: string, looked: readonly CsvRecord[]): Issue[] {
  const needsDate = options.periods.kind !== "year";
  const recognized = (fields: readonly string[]) => Object.keys(resolveTxColumns(fields, options.columns, { file: name, line: 0 }, needsDate).columns).length;
  const k = likeliestHeader(looked.map((r) => r.fields), recognized);
  const found = logHeader(options, name, looked[k]!, looked.slice(k + 1).map((r) => r.fields));
  // It was no header when first looked at, and the rows below change only the hints.
  return "issues" in found ? found.issues : [];
}

/** The fast path's plan for a file whose rows may all be plain (see LogFile.plain), or undefined. */
export function fastPlanOf(file: LogFile, delimiter: string, whitespace: boolean): LogLinePlan | undefined {
  if (!file.plain || whitespace || delimiter.length !== 1 || file.filters.length > 0) return undefined;
  return (file.fast ??= { file: file.name, fields: file.header.length, delimiter: delimiter.charCodeAt(0), id: file.columns.id!, date: file.columns.date!, amount: file.columns.amount!, cost: file.columns.cost ?? -1, dollar: file.dollar });
}
