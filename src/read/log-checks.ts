/**
 * The checks a log's rows go through besides their cells' schema: refunds, totals rows, ragged rows
 * and a report's footer, rows without an id, other currencies, --where filters, and the run's
 * issues once every file is read. LogReader (transactions.ts) reads the rows and calls these.
 */
import type { IssueCode, IssueLog } from "../issues.js";
import type { CsvRecord } from "../csv/records.js";
import { add, compare, isZero, multiply, toLiteral, ZERO, type Decimal } from "../money.js";
import { amountRemedy } from "../schema/amount.js";
import { amountReader, fxKey, parseDate, parseDateYear, parseYear, rowMinorUnits, type CalendarDate } from "../schema/row.js";
import { compactName, transactionSchema, type Transaction, type TxColumns, type TxField, type TxSchema } from "../schema/transaction.js";
import { DEFAULT_MAX_GROUPS, tooManyGroups } from "../model/segments.js";
import { sourceRemedy } from "../schema/sources/index.js";
import { isRefundProblem, refundOf } from "../schema/refund.js";
import { filteredIssue } from "./input-issues.js";
import { idColumnNotice, uniqueIdsWarning, type IdChoice } from "./id-choice.js";
import { settleSection, type LogFile } from "./log-header.js";
import type { TransactionOptions } from "./log-options.js";

export abstract class LogChecks {
  missingId = { rows: 0, amount: ZERO };
  foreign = new Map<string, { rows: number; line: number; file: string; column: string }>();
  protected readonly fx: Map<string, Decimal>;
  /** The --fx-rates that converted some row, as "EUR 2024". */
  readonly fxUsed = new Set<string>();
  /** With --by, each group's index by its key, in the order met. */
  readonly groups = new Map<string, number>();
  /** The first log's customer id column, and the rows read with an id (in every shard): see id-choice.ts. */
  protected idChoice: IdChoice | undefined;
  protected readonly idColumns = new Set<string>();
  protected rowsWithIds = 0;
  protected readonly segmented: boolean;

  constructor(
    readonly options: TransactionOptions,
    readonly log: IssueLog,
  ) {
    this.fx = new Map((options.cells.fxRates ?? []).map((r) => [fxKey(r.currency, r.year), r.rate]));
    this.segmented = (options.cells.by ?? []).length > 0;
  }

  /** Names the id column once per name, and keeps the first for the check of repeats. */
  protected choseId(choice: IdChoice): void {
    this.idChoice ??= choice;
    const name = compactName(choice.header[choice.index]!);
    if (this.idColumns.has(name)) return;
    this.idColumns.add(name);
    const notice = idColumnNotice(choice);
    if (notice) this.log.add(notice);
  }

  protected column(file: LogFile, field: TxField): string {
    return file.header[file.columns[field]!]!.trim();
  }

  /**
   * A row's refund (`--refund-column`, every one summed) and, with `--refund-date-column`, its
   * date; null when a cell is refused (the issue is logged). A refund is a positive amount no
   * larger than the charge.
   */
  protected refundOf(file: LogFile, record: CsvRecord, row: Transaction): { amount: Decimal; date?: CalendarDate } | null {
    // A refund is in the row's currency: with --minor-units, in its minor unit.
    const cells = file.cells;
    const amount = refundOf(file.header, file.refunds, record.fields, row.amount, { ...cells, minorUnits: rowMinorUnits(cells, row.currency) });
    if (isRefundProblem(amount)) {
      this.log.add({ ...amount, file: file.name, line: record.line });
      return null;
    }
    if (isZero(amount)) return { amount };
    if (file.refundDate === -1) return { amount };
    const cell = record.fields[file.refundDate]!;
    const date = parseDate(cell, this.options.cells.dateFormat);
    if (date === null) {
      this.log.add({ severity: "error", code: "bad-date", file: file.name, line: record.line, column: file.header[file.refundDate]!.trim(), value: cell, detail: this.options.cells.dateFormat ?? "YYYY-MM-DD" });
      return null;
    }
    if (this.options.days && date.day === undefined) {
      this.log.add({ severity: "error", code: "date-without-day", file: file.name, line: record.line, column: file.header[file.refundDate]!.trim(), value: cell });
      return null;
    }
    return { amount, date };
  }


  /** Rows each --where filter left out (a row counts for the first filter it fails). */
  readonly filteredCounts: number[] = [];

  protected filtered(index: number): void {
    this.filteredCounts[index] = (this.filteredCounts[index] ?? 0) + 1;
  }

  /**
   * A row without a customer id under --skip-missing-id: left out and counted, its amount summed
   * (the warning gives their count and their amounts' sum). Only the amount (or quantity × unit
   * price) and currency are read, as in any row: one that does not read is an error, one in another
   * currency is converted by --fx-rates in its date's year or counted as that currency's (an error).
   * The date, cost and the rest are not read: a row left out needs none of them.
   */
  protected skipMissingId(file: LogFile, record: CsvRecord, raw: Partial<Record<TxField, string>>): void {
    this.missingId.rows++;
    const parsed = (file.leftOut ??= this.leftOutSchema(file)).safeParse(raw);
    if (!parsed.success) return this.refused(file, record.line, raw, parsed.error.issues);
    let sum = parsed.data.amount;
    const code = parsed.data.currency;
    if (code !== undefined && code !== this.options.cells.currency) {
      const year = this.yearOf(raw);
      const rate = year === null ? undefined : this.fx.get(fxKey(code, year));
      if (!rate) return this.noteForeign(file, record, code);
      this.fxUsed.add(fxKey(code, year!));
      sum = multiply(sum, rate);
    }
    this.missingId.amount = add(this.missingId.amount, sum);
  }

  /** The schema of a row left out: its amount (or quantity and unit price) and currency columns only. */
  private leftOutSchema(file: LogFile): TxSchema {
    const columns: TxColumns = {};
    for (const field of ["amount", "quantity", "price", "currency"] as const) if (file.columns[field] !== undefined) columns[field] = file.columns[field];
    return transactionSchema(columns, file.cells);
  }

  /** A row's fiscal year from its date or year cell, or null when it does not read. */
  private yearOf(raw: Partial<Record<TxField, string>>): number | null {
    const { dateFormat, fiscalYearStart } = this.options.cells;
    if (raw.date !== undefined) return parseDateYear(raw.date, fiscalYearStart, dateFormat);
    return raw.year === undefined ? null : parseYear(raw.year);
  }

  /** The errors of a row's cells the schema refused, each with its column, value and likely remedy. */
  protected refused(file: LogFile, line: number, raw: Partial<Record<TxField, string>>, problems: readonly { path: readonly PropertyKey[]; message: string }[]): void {
    for (const problem of problems) {
      const field = problem.path[0] as TxField;
      const code = problem.message as IssueCode;
      const value = raw[field] ?? "";
      // Only a log reads --skip-missing-id (phase exports refuse it): the remedy is offered here.
      const remedy = code === "bad-amount" ? amountRemedy(value, this.options.cells) : code === "missing-id" ? "--skip-missing-id" : undefined;
      this.log.add({
        severity: "error",
        code,
        file: file.name,
        line,
        column: this.column(file, field),
        value,
        ...(code === "bad-date" ? { detail: this.options.cells.dateFormat ?? "YYYY-MM-DD" } : {}),
        ...(remedy ? { remedy: { flag: remedy } } : {}),
      });
    }
  }

  protected noteForeign(file: LogFile, record: CsvRecord, currency: string): void {
    const seen = this.foreign.get(currency);
    if (seen) seen.rows++;
    else this.foreign.set(currency, { rows: 1, line: record.line, file: file.name, column: this.column(file, "currency") });
  }

  /** A totals row is never a customer: left out, with whether it equals the rows it totals. */
  protected totalsRow(file: LogFile, record: CsvRecord): void {
    const at = file.columns.amount;
    const cell = at === undefined ? undefined : record.fields[at];
    // In the run's unit: with --minor-units, whole numbers of its minor unit, as the rows it totals.
    const read = cell === undefined || cell.trim() === "" ? null : amountReader(file.cells)(cell);
    const amount = typeof read === "string" ? null : read;
    const where = { file: file.name, line: record.line, column: this.column(file, "id"), value: record.fields[file.columns.id!]! };
    const section = settleSection(file);
    file.all = add(file.all, section);
    file.section = ZERO;
    if (amount === null) {
      this.log.add({ severity: "warning", code: "totals-row", ...where, detail: "it has no amount to check" });
    } else if (compare(amount, section) === 0 || compare(amount, file.all) === 0) {
      this.log.add({ severity: "warning", lenient: true, code: "totals-row", ...where, detail: `it reconciles: ${toLiteral(amount, amount.scale)} is the sum of the rows it totals` });
    } else {
      const detail = `it does not reconcile: it says ${toLiteral(amount, amount.scale)}, the rows it totals add up to ${toLiteral(section, section.scale)}`;
      this.log.add({ severity: "warning", code: "totals-row", ...where, detail });
    }
  }

  protected flushRagged(file: LogFile): void {
    for (const { line, fields } of file.ragged) {
      this.log.add({ severity: "error", code: "ragged-row", file: file.name, line, detail: `${fields} field${fields === 1 ? "" : "s"}; the header has ${file.header.length}` });
    }
    file.ragged = [];
  }

  /** Ragged rows that end the file after a blank line are a report's footer: one warning. */
  protected endOfFile(file: LogFile): void {
    // A meaning-column error on a preset's export: the preset settles it with the rest of the file,
    // so the first hint offers it (once: every hint saying it again would be noise).
    const meaning = this.options.meaning;
    const source = meaning && meaning.refund.length + meaning.ignore.length + (meaning.revenueValues?.length ?? 0) > 0 ? undefined : sourceRemedy(file.header, this.options.columns);
    const issues = file.meaning.issues(file.name, file.headerLine);
    const lead = issues.find((i) => i.remedy !== undefined);
    for (const issue of issues) {
      const offer = source !== undefined && issue === lead;
      this.log.add(offer ? { ...issue, remedy: { ...issue.remedy!, source: { name: source.value, why: source.why } } } : issue);
    }
    const first = file.ragged[0];
    if (!first || first.line <= file.lastLine + 1) return this.flushRagged(file);
    const last = file.ragged[file.ragged.length - 1]!.line;
    this.log.add({ severity: "warning", lenient: true, code: "footer", file: file.name, line: first.line, detail: first.line === last ? `line ${first.line}` : `lines ${first.line}-${last}` });
    file.ragged = [];
  }

  /**
   * The run's issues once every file is read: other currencies, filters, rows without ids, ids
   * that never repeat (`customers`: the distinct customers, in every shard).
   */
  protected checkRun(customers: number): void {
    const run = this.options.cells.currency;
    for (const [code, at] of this.foreign) {
      const fix = this.fx.size > 0 ? `--fx-rates has no rate for ${code} in that year: add it` : "give --fx-rates FILE (currency, year, rate) to convert them, or run ceq once per currency";
      const detail = `${run}, the currency of this run (--currency): ${at.rows.toLocaleString("en")} row${at.rows === 1 ? "" : "s"} in ${code} were not added; amounts in two currencies are never added: ${fix}`;
      this.log.add({ severity: "error", code: "other-currency", file: at.file, line: at.line, column: at.column, value: code, detail });
    }
    const where = this.options.cells.where ?? [];
    if (where.length > 0) this.log.add(filteredIssue(where, this.filteredCounts));
    const limit = this.options.maxGroups ?? DEFAULT_MAX_GROUPS;
    if (this.segmented && this.groups.size > limit) this.log.add(tooManyGroups(this.options.cells.by!, this.groups.size, limit));
    const unique = this.idChoice && uniqueIdsWarning(this.idChoice, this.rowsWithIds, customers);
    if (unique) this.log.add(unique);
    if (this.missingId.rows > 0) {
      const { rows, amount } = this.missingId;
      this.log.add({ severity: "warning", lenient: true, code: "skipped-missing-id", file: "", detail: `${rows.toLocaleString("en")} row${rows === 1 ? "" : "s"} without a customer id, amounting to ${toLiteral(amount, Math.max(2, amount.scale))}` });
    }
  }
}
