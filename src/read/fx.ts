/**
 * `--fx-rates rates.csv`: columns currency, year (or a date, mapped to its fiscal year) and rate,
 * the value of one unit of that currency in the run's currency. Rows of a currency column in a
 * currency with a rate for their year are converted exactly (decimal multiplication, rounded only
 * when printed); without one they stay an error that names the currency and the year.
 */
import type { IssueLog } from "../issues.js";
import { InputProblem, type Source } from "../io/source.js";
import { fileCells } from "./options.js";
import { sideRecords } from "./side-records.js";
import { isNegative, isZero, type Decimal } from "../money.js";
import { amountRemedy, readAmount } from "../schema/amount.js";
import { rateMarkerProblem } from "../schema/currency-marker.js";
import { describeFound, normalizeHeader } from "../schema/columns.js";
import { parseDateYear, parseYear, type CellOptions, type FxRate } from "../schema/row.js";

const NAMES = { currency: ["currency", "currency code", "from"], year: ["year", "fiscal year", "fy"], date: ["date"], rate: ["rate", "fx rate", "exchange rate"] } as const;

/** The rates of a rates file, or none when it has errors (they are in the log). */
export async function readFxRates(src: Source, log: IssueLog, options: { delimiter?: string | undefined; cells: CellOptions }): Promise<FxRate[]> {
  const rates = new Map<string, FxRate>();
  const before = log.errorCount;
  const error = (line: number, detail: string, column?: string, value?: string, remedy?: "--decimal-comma"): void =>
    log.add({ severity: "error", code: "bad-fx-rate", file: src.name, line, ...(column !== undefined ? { column } : {}), ...(value !== undefined ? { value } : {}), ...(remedy ? { remedy: { flag: remedy } } : {}), detail });
  try {
    const file = await sideRecords(src, log, options.delimiter, options.cells.decimalComma ? "," : ".");
    if (!file) return [];
    const header = file.header.fields;
    const normalized = header.map(normalizeHeader);
    const at = (names: readonly string[]) => normalized.findIndex((n) => names.includes(n));
    const [currency, year, date, rate] = [at(NAMES.currency), at(NAMES.year), at(NAMES.date), at(NAMES.rate)];
    if (currency === -1 || rate === -1 || (year === -1 && date === -1)) {
      log.add({ severity: "error", code: "missing-column", file: src.name, line: file.header.line, detail: `currency, year (or date) and rate; ${describeFound(header)}` });
      return [];
    }
    const amounts = { decimalComma: options.cells.decimalComma, ambiguousGroups: fileCells(options.cells, file.delimiter).ambiguousGroups };
    for await (const { fields, line } of file.rows) {
      const code = (fields[currency] ?? "").trim().toUpperCase();
      const when = year !== -1 ? parseYear(fields[year] ?? "") : parseDateYear(fields[date] ?? "", options.cells.fiscalYearStart, options.cells.dateFormat);
      const read = readAmount(fields[rate] ?? "", amounts);
      const value = typeof read === "string" ? null : read;
      // A rate is written in the run's currency (per unit of the row's): a marker must say that one.
      const marked = value === null ? undefined : rateMarkerProblem(header[rate]!.trim(), fields[rate]!, options.cells.currency);
      if (!/^[A-Z]{3}$/.test(code)) error(line, "is not a currency code", header[currency]!.trim(), fields[currency] ?? "");
      else if (when === null) error(line, "is not a year or date", header[year !== -1 ? year : date]!.trim(), fields[year !== -1 ? year : date] ?? "");
      else if (read === "ambiguous-amount") log.add({ severity: "error", code: read, file: src.name, line, column: header[rate]!.trim(), value: fields[rate] ?? "" });
      else if (value === null || isZero(value) || isNegative(value)) {
        const remedy = value === null ? amountRemedy(fields[rate] ?? "", { decimalComma: options.cells.decimalComma, emptyAsZero: true }) : undefined;
        error(line, "is not a positive rate", header[rate]!.trim(), fields[rate] ?? "", remedy === "--decimal-comma" ? remedy : undefined);
      }
      else if (marked) log.add({ ...marked, file: src.name, line });
      else if (rates.has(`${code} ${when}`)) error(line, `gives a second rate for ${code} in ${when}: give one rate per currency and year`);
      else rates.set(`${code} ${when}`, { currency: code, year: when, rate: value as Decimal });
    }
  } catch (problem) {
    if (!(problem instanceof InputProblem)) throw problem;
    log.add(problem.issue);
  }
  return log.errorCount > before ? [] : [...rates.values()];
}
