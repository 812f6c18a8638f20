/**
 * Reads transaction logs into exact sums per customer and period: records -> transactions (zod)
 * -> a customer's period sums. Memory grows with distinct customer-periods, not with rows: a row
 * is folded into its customer's sums and dropped. Customers are told apart by their id as
 * written (trimmed), never by a hash of it.
 */
import { IssueLog, type Issue } from "../issues.js";
import { changedSources, closeSources, openSource } from "../io/opened.js";
import { readBatches, type CsvRecord } from "../csv/records.js";
import { splitLines } from "../csv/lines.js";
import { InputProblem, type Source } from "../io/source.js";
import { add, isNegative, isZero, multiply, negate, subtract, ZERO, type Decimal } from "../money.js";
import { markerProblem, rowCurrency } from "../schema/currency-marker.js";
import { fiscalYear, fxKey, rowMinorUnits, type CalendarDate } from "../schema/row.js";
import { dateOrder, dayNumber, periodOf } from "../schema/period.js";
import { isTotalsLabel } from "../schema/totals.js";
import { CustomerPeriods } from "./customer-periods.js";
import { DayTally } from "./day-tally.js";
import { hash, shardOf, shardOfHash } from "./id-index.js";
import { LogShard } from "./log-shards.js";
import { DEFAULT_MIN_BYTES, fileCells } from "./options.js";
import { splitPoint, type Split } from "./split-points.js";
import { threadCount } from "./parallel/pool.js";
import { readLogLines, type LogLinePlan } from "./log-lines.js";
import { txColumnNotices, type Transaction, type TxField } from "../schema/transaction.js";
import type { FileSummary } from "./options.js";
import { readFxRates } from "./fx.js";
import { GroupIndex, groupOfFields } from "./group-index.js";
import { LogChecks } from "./log-checks.js";
import { offWidth } from "./footer.js";
import { GUARD_WORDS, MemoryGuard } from "../model/memory.js";
import { memoryBound } from "./memory-bound.js";
import { WHITESPACE, type TransactionLog, type TransactionOptions } from "./log-options.js";
import { fastPlanOf, HEADER_SEARCH_LINES, idChoiceOf, logHeader, noHeader, settleSection, type LogFile } from "./log-header.js";

/** A byte no text export has, so that each line reaches the whitespace splitter whole. */
const WHOLE_LINE = "\u0001";

/** Re-exported: the log's readers and ceq value's models use it from here. */
export { dayNumber } from "../schema/period.js";

class LogReader extends LogChecks {
  readonly customers = new CustomerPeriods();
  /** Per day with `tally` (ceq value's models): each customer's running summary (see read/day-tally.ts). */
  readonly tally = this.options.days && this.options.tally ? new DayTally(this.options.tally.end, this.options.tally.holdoutEnd) : undefined;
  /** Where the rows go: the tally, or the customers' periods. */
  private readonly store: CustomerPeriods | DayTally = this.tally ?? this.customers;
  first = Infinity;
  last = -Infinity;
  firstDate: CalendarDate | undefined;
  lastDate: CalendarDate | undefined;
  /** The worker holding shard 1 of the customers (this thread keeps shard 0), when there is one. */
  shard: LogShard | undefined;
  /**
   * Whether a row of the worker's customers, read here on the slow path, went to it with its
   * group. The worker gets such rows after its own lines, so a tie of dates between the two
   * would name the segment by the wrong line: the log is then read again on this thread.
   */
  handedGroupedRow = false;
  /** The bound on both threads' customer tables, checked after each block read. */
  guard = new MemoryGuard(Infinity);

  /** A group's index, made when new. */
  private groupIndex(key: string): number {
    let index = this.groups.get(key);
    if (index === undefined) this.groups.set(key, (index = this.groups.size));
    return index;
  }

  /** The groups' keys by index (see groupIndex), for the rows handed to the worker. */
  private groupKey(index: number): string {
    if (this.keys.length !== this.groups.size) this.keys = [...this.groups.keys()];
    return this.keys[index]!;
  }
  private keys: string[] = [];

  /** The fast path's groups of a file (see GroupIndex), made at its first plain row. */
  private fastGroups: { file: LogFile; index: GroupIndex } | undefined;

  async readFile(src: Source, split?: Split): Promise<number> {
    const whitespace = this.options.delimiter === WHITESPACE;
    let delimiter = whitespace ? WHOLE_LINE : (this.options.delimiter ?? ",");
    let file: LogFile | undefined;
    let records = 0;
    /** The lines looked at for a header, for the error when none is one (see noHeader). */
    const looked: CsvRecord[] = [];
    let done = false;
    /** A record: a row once the header is known, else a candidate header (or title) line. */
    const onRecord = (raw: CsvRecord): void => {
      const record = whitespace ? { line: raw.line, fields: raw.fields.join(WHOLE_LINE).trim().split(/[ \t]+/) } : raw;
      if (file) {
        records++;
        this.readRow(file, record);
        return;
      }
      if (this.options.skipRows !== undefined && record.line <= this.options.skipRows) return;
      const found = logHeader(whitespace ? this.options : { ...this.options, cells: fileCells(this.options.cells, delimiter) }, src.name, record);
      if ("issues" in found) {
        looked.push(record);
        done = this.options.skipRows !== undefined || record.line >= HEADER_SEARCH_LINES;
        return;
      }
      file = found;
      this.choseId(idChoiceOf(this.options, file));
      for (const notice of txColumnNotices(record.fields, file.columns, this.options.columns, { file: src.name, line: record.line })) this.log.add(notice);
      if (record.line > 1 && this.options.skipRows === undefined) {
        this.log.add({ severity: "warning", lenient: true, code: "title-rows", file: src.name, line: record.line, detail: record.line === 2 ? "line 1" : `lines 1-${record.line - 1}` });
      }
    };
    const slow = (bytes: Buffer, line: number): void => {
      for (const record of splitLines(bytes, line, delimiter, src.name)) if (!done) onRecord(record);
    };
    /** Once the header is known on line 1 of a big plain file, a worker takes a share of the customers (see shardOfHash). */
    const maybeShard = (): void => {
      const plan = file && this.fastPlan(file, delimiter, whitespace);
      // By segment too: a customer's rows, so their segments, are all seen by one thread.
      if (!split || !plan || this.shard || file!.lastLine !== 1 || split.delimiter !== delimiter) return;
      if (this.options.days) this.store.trackLines();
      this.shard = new LogShard({ fd: src.opened!.fd, start: split.dataStart, size: split.size, plan, periods: this.options.periods, shard: 1, by: file!.by, guard: { max: this.guard.max, shared: this.guard.shared }, days: this.options.days === true, tally: this.tally && this.options.tally });
    };
    /** A block of plain lines: line by line until the header is known, then the fast path. */
    let bytesRead = 0;
    const bytesBatch = (bytes: Buffer, first: number): void => {
      bytesRead += bytes.length;
      let start = 0;
      let line = first;
      while (start < bytes.length && !done && !(file && this.fastPlan(file, delimiter, whitespace))) {
        const lf = bytes.indexOf(0x0a, start);
        const end = lf === -1 ? bytes.length : lf + 1;
        slow(bytes.subarray(start, end), line++);
        start = end;
        maybeShard();
      }
      if (start < bytes.length && !done) {
        // Not `records += …`: the slow lines it hands on count themselves while it runs.
        const fast = this.fastLines(file!, bytes.subarray(start), line, slow);
        records += fast;
      }
    };
    try {
      const batches = readBatches(src, { delimiter: whitespace ? WHOLE_LINE : this.options.delimiter, onDelimiter: (d) => (delimiter = d), onWarning: (i) => this.log.add(i), decimalMark: this.options.cells.decimalComma ? "," : "." });
      for await (const batch of batches) {
        if (batch.kind === "records") batch.records.forEach((r) => done || onRecord(r));
        else bytesBatch(batch.bytes, batch.line);
        this.checkMemory({ file: src.name, read: bytesRead, size: src.opened && bytesRead > 0 && bytesRead <= src.opened.size ? src.opened.size : undefined, customers: this.store.customers });
        if (done) break;
      }
      if (!file) (looked.length > 0 ? noHeader(this.options, src.name, looked) : [{ severity: "error", code: "empty-file", file: src.name } as Issue]).forEach((i) => this.log.add(i));
      else this.endOfFile(file);
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      this.log.add(error.issue);
    }
    return records;
  }

  /** Stops the reading when both threads' tables would pass --max-memory at their next growth. */
  checkMemory(place: Parameters<MemoryGuard["check"]>[1]): void {
    this.guard.check(this.store.tables(), place);
  }

  /** The fast path's plan for a file whose rows may all be plain (see LogFile.plain), or undefined. */
  private fastPlan(file: LogFile, delimiter: string, whitespace: boolean): LogLinePlan | undefined {
    const plan = fastPlanOf(file, delimiter, whitespace);
    if (plan && this.bounds.length < 2 * file.header.length) this.bounds = new Int32Array(2 * file.header.length);
    return plan;
  }

  /**
   * A block of lines on the fast path; the lines it is not sure of go to `slow`, one by one.
   * Returns how many rows it read itself.
   */
  private fastLines(file: LogFile, bytes: Buffer, line: number, slow: (bytes: Buffer, line: number) => void): number {
    let rows = 0;
    if (this.segmented && this.fastGroups?.file !== file) this.fastGroups = { file, index: new GroupIndex(file.by, (key) => this.groupIndex(key)) };
    const groups = this.fastGroups?.index;
    readLogLines(bytes, line, file.fast!, {
      row: (b, idStart, idEnd, year, month, day, amount, cost, at) => {
        if (file.ragged.length > 0) this.flushRagged(file);
        file.lastLine = at;
        rows++;
        file.rows++;
        this.rowsWithIds++;
        file.sectionUnits += amount;
        if (file.sectionUnits > 2 ** 52 || file.sectionUnits < -(2 ** 52)) settleSection(file);
        const date = this.date;
        date.year = year;
        date.month = month;
        date.day = day;
        const period = this.periodOf(date);
        this.note(period, date);
        // Every line's group, the worker's too: groups are numbered in the order lines name them.
        const group = groups ? groups.indexOf(b, this.bounds) : -1;
        // The worker's shard: it reads this line itself
        const h = hash(b, idStart, idEnd);
        if (this.shard && shardOfHash(h, this.options.days === true) !== 0) return;
        this.store.queueUnits(b, idStart, idEnd, h, period, amount, cost, group, groups ? dateOrder(date) : 0, at);
      },
      // Rows are added in the order they come: the queued ones before a slow line's.
      slow: (b, at) => {
        this.store.flush();
        slow(b, at);
      },
    }, this.bounds);
    this.store.flush();
    return rows;
  }

  /** The line of the slow path's row being added (see CustomerPeriods.trackLines). */
  private line = 0;
  /** Reused by the fast path, which makes no object per row. */
  private readonly date: CalendarDate = { year: 0, month: 0, day: 0 };
  private bounds = new Int32Array(0);

  private readRow(file: LogFile, given: CsvRecord): void {
    let record = given;
    const idAt = file.columns.id!;
    if (isTotalsLabel(record.fields[idAt] ?? "")) return this.totalsRow(file, record);
    if (record.fields.length !== file.header.length) {
      // A row of data is never a footer (see footer.ts); the rest are held until it is known which they are.
      const row = offWidth(file.name, record, file.header, file.columns, file.cells, (file.ragged[0]?.line ?? record.line) > file.lastLine + 1);
      if (row === "held") return void file.ragged.push({ line: record.line, fields: record.fields.length });
      if ("severity" in row) {
        this.flushRagged(file);
        file.lastLine = record.line;
        return void this.log.add(row);
      }
      record = row;
    }
    this.flushRagged(file);
    file.lastLine = record.line;
    const failed = file.filters.findIndex((f) => (record.fields[f.index]!.trim() === f.value) !== f.equal);
    if (failed !== -1) return this.filtered(failed);
    const raw: Partial<Record<TxField, string>> = {};
    for (const [field, index] of file.fields) raw[field] = record.fields[index]!;
    if (this.options.skipMissingId && raw.id!.trim() === "") return this.skipMissingId(file, record, raw);
    const parsed = file.schema.safeParse(raw);
    if (!parsed.success) return this.refused(file, record.line, raw, parsed.error.issues);
    const row = parsed.data;
    this.line = record.line;
    file.meaning.row(record.fields, record.line, row.amount, rowMinorUnits(this.options.cells, row.currency));
    if (this.options.days && row.date?.day === undefined) {
      return void this.log.add({ severity: "error", code: "date-without-day", file: file.name, line: record.line, column: this.column(file, row.date ? "date" : "year"), value: raw[row.date ? "date" : "year"] ?? "" });
    }
    const refund = file.refunds.length === 0 ? undefined : this.refundOf(file, record, row);
    if (refund === null) return;
    const marked = markerProblem(file.header, record.fields, file.amounts, rowCurrency(file.header, file.columns.currency, row.currency, this.options.cells.currency));
    if (marked) return void this.log.add({ ...marked, file: file.name, line: record.line });
    let rate: Decimal | undefined;
    if (row.currency !== undefined && row.currency !== this.options.cells.currency) {
      const key = fxKey(row.currency, row.year);
      rate = this.fx.get(key);
      if (!rate) return this.noteForeign(file, record, row.currency);
      this.fxUsed.add(key);
      row.amount = multiply(row.amount, rate);
      row.cost = multiply(row.cost, rate);
    }
    file.rows++;
    this.rowsWithIds++;
    file.section = add(file.section, row.amount);
    if (isNegative(row.cost)) this.log.add({ severity: "warning", code: "negative-amount", file: file.name, line: record.line, column: this.column(file, "cost"), value: raw.cost! });
    const group = this.segmented ? this.groupIndex(groupOfFields(record.fields, file.by)) : 0;
    if (refund === undefined || isZero(refund.amount)) return this.add(row, group);
    const refunded = rate === undefined ? refund.amount : multiply(refund.amount, rate);
    if (refund.date === undefined) {
      // Netted in the charge's period; a charge refunded in full made no purchase, so it is no activity.
      const net = subtract(row.amount, refunded);
      return this.add({ ...row, amount: net }, group, !isNegative(net) && !isZero(net));
    }
    this.add(row, group);
    const year = fiscalYear(refund.date.year, refund.date.month, this.options.periods.fiscalYearStart);
    this.add({ id: row.id, date: refund.date, year, amount: negate(refunded), cost: ZERO }, group);
  }

  /** Folds a transaction into its customer's sums for its period (and, by segment, their group there). */
  private add(row: Transaction, group: number, nonNegative = !isNegative(row.amount)): void {
    const period = row.date === undefined ? row.year : this.periodOf(row.date);
    this.note(period, row.date);
    const bytes = this.shard ? Buffer.from(row.id, "utf8") : undefined;
    // The worker's shard: its rows are handed to it
    const order = row.date === undefined ? 0 : dateOrder(row.date);
    if (bytes && shardOf(bytes, 0, bytes.length, this.options.days === true) !== 0) {
      if (this.segmented) this.handedGroupedRow = true;
      return void this.shard!.rows.push([row.id, period, row.amount, row.cost, nonNegative, this.segmented ? this.groupKey(group) : undefined, order, this.line]);
    }
    const entry = this.store.entry(row.id, period, this.line);
    this.store.addTo(entry, row.amount, row.cost, nonNegative);
    if (this.segmented) this.store.setGroup(entry, group, order);
  }

  private periodOf(date: CalendarDate): number {
    return this.options.days ? dayNumber(date) : periodOf(date, this.options.periods);
  }

  /** Keeps the first and last period, and date, that hold a row. */
  private note(period: number, date: CalendarDate | undefined): void {
    if (period < this.first) this.first = period;
    if (period > this.last) this.last = period;
    if (date === undefined) return;
    if (!this.firstDate || dateOrder(date) < dateOrder(this.firstDate)) this.firstDate = { ...date };
    if (!this.lastDate || dateOrder(date) > dateOrder(this.lastDate)) this.lastDate = { ...date };
  }

  /**
   * The run's issues once every file is read (`elsewhere`: the distinct customers of the worker's
   * shard, when there is one): see LogChecks.checkRun.
   */
  finish(elsewhere = 0): void {
    this.checkRun(this.store.customers + elsewhere);
  }
}

/** Reads every log into each customer's sums per period, with every issue found. */
export async function readTransactions(options: TransactionOptions): Promise<TransactionLog> {
  const log = new IssueLog(options.maxErrors, options.strict);
  const cells = options.fxRates ? { ...options.cells, fxRates: await readFxRates(options.fxRates, log, { delimiter: options.delimiter, cells: options.cells }) } : options.cells;
  const reader = new LogReader({ ...options, cells }, log);
  const threads = options.threads ?? threadCount(options.env);
  reader.guard = new MemoryGuard(options.maxMemory ?? memoryBound(), threads > 1 ? new Int32Array(new SharedArrayBuffer(4 * GUARD_WORDS)) : undefined, 0, options.memoryWayOut);
  const opened: Source[] = [];
  const files: FileSummary[] = [];
  try {
    for (const given of options.sources) {
      const stdin = given.path === "-" && options.stdin ? { bytes: options.stdin as AsyncIterable<Buffer> } : {};
      const src = await openSource({ ...given, ...stdin, ...(options.encoding === undefined ? {} : { encoding: options.encoding }) });
      opened.push(src);
      const whitespace = options.delimiter === WHITESPACE;
      const split = threads > 1 && options.sources.length === 1 && !whitespace ? await splitPoint(src, options.minBytes ?? DEFAULT_MIN_BYTES, options.delimiter) : undefined;
      files.push({ file: src.name, role: "transactions", rows: await reader.readFile(src, split) });
    }
    if (reader.shard && (reader.handedGroupedRow || (await reader.shard.quoted()))) {
      // The worker cannot tell quoted fields apart, nor place a grouped row of this thread's
      // slow path among its own lines (see handedGroupedRow): read again, all on this thread.
      void reader.shard.close();
      return readTransactions({ ...options, threads: 1 });
    }
    if (reader.shard && reader.shard.rows.length > 0 && (await reader.shard.summarized())) {
      // The worker summarized its customers, judging that no row of theirs would come from here;
      // one did (this should not happen: see readShard in parallel/log-worker.ts). Read again
      // without the tally, whose summaries take no row once made.
      void reader.shard.close();
      return readTransactions({ ...options, tally: undefined });
    }
    // The worker's tables, once it has read them all (it stops early when over the bound).
    if (reader.shard) reader.checkMemory({ file: opened[0]!.name, read: 0, size: undefined, customers: reader.tally?.customers ?? reader.customers.customers });
    changedSources(opened).forEach((issue) => log.add(issue));
    reader.finish(reader.shard ? await reader.shard.customers() : 0);
  } catch (error) {
    void reader.shard?.close();
    throw error;
  } finally {
    closeSources(opened);
  }
  const { customers, tally, first, last, firstDate, lastDate } = reader;
  const fxRates = (cells.fxRates ?? []).filter((r) => reader.fxUsed.has(fxKey(r.currency, r.year)));
  const groups = reader.groups.size > 0 ? [...reader.groups.keys()] : [""];
  return { customers, tally, first, last, firstDate, lastDate, log, files, fxRates, shard: reader.shard, groups };
}
