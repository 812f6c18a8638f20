/**
 * Reads the inputs into a ledger: records -> rows (zod) -> sums, collecting every issue on the
 * way. Streaming: a row is folded into the sums and dropped; customer ids are kept only as
 * hashes in a compact table.
 *
 * Three paths give identical results. Blocks of lines without quotes, or whose quotes only
 * enclose whole plain fields (taken out first), go through a fast line parser that reads plain
 * amounts, years, counts and ids straight from the bytes; any row it is not certain of (and every
 * record csv-parse reads, from the first other quote on) goes through the zod row schema, which
 * also words every error. A big plain file is cut into newline-aligned byte ranges that worker threads and
 * this thread read at once; their sums, ids and issues are taken back in file order. If the id
 * table flags a problem, the inputs are read a second time to place it.
 */
import { read as readAt } from "node:fs";
import { promisify } from "node:util";
import type { Ledger } from "../model/equity.js";
import { DEFAULT_MAX_GROUPS, Segments, tooManyGroups } from "../model/segments.js";
import type { FastLines } from "../csv/fast-lines.js";
import { CustomerIds, PHASE_WORD, type SecondPass } from "./identities.js";
import { IssueLog, type Issue } from "../issues.js";
import { crLineEndings, lineRecord, readBatches, SNIFF_BYTES, sniffSample, sniffDelimiter, type CsvRecord } from "../csv/records.js";
import { changedSources, closeSources, openSource } from "../io/opened.js";
import { decodeUtf8, hasUtf8Bom, indexOfUnit, InputProblem, isGzip, readBytes, replay, sourcesOf, utf16Bom, withWorkbook, type Encoding, type Source } from "../io/source.js";
import { isSpreadsheet } from "../xlsx/detect.js";
import { StdinSpool } from "../io/spool.js";
import { pool, threadCount } from "./parallel/pool.js";
import { FileRanges, StreamBlocks, type Parts, type TaskBase } from "./parallel/parts.js";
import { readRange, type RangeResult, type RangeTask } from "./parallel/range.js";
import { readCostsFile } from "./costs.js";
import { readFxRates } from "./fx.js";
import { fileRevenue, noteForeign, filePlan, fileState, hasYear, RowReader, YEARS, type FilePlan, type FileState, type RowVisitor } from "./phase-rows.js";
import { add } from "../money.js";
import { z } from "zod";
import type { MeaningOptions } from "../schema/meaning.js";
import { describeFound, FIELDS, resolveColumns, type ColumnFlags, type ColumnIndex } from "../schema/columns.js";
import { likeliestHeader } from "../schema/hints.js";
import { periodLabel, type Periods } from "../schema/period.js";
import { describeFilter, fxKey, PHASES, type CellOptions, type FxRate, type Phase, type RowFilter } from "../schema/row.js";

export interface Inputs {
  /** One file per phase; an absent phase counts as zero. */
  phases?: Partial<Record<Phase, Source | readonly Source[]>>;
  /** One file with a phase column. */
  combined?: Source | readonly Source[];
  costs?: Source;
}

export interface ParallelOptions {
  /** Worker threads; 1 or less reads on the main thread only. Default: CEQ_THREADS, else one per core. */
  threads?: number;
  /** Bytes of a file per task. */
  rangeBytes?: number;
  /** Files smaller than this are read on the main thread. */
  minBytes?: number;
}

export interface ReadOptions {
  inputs: Inputs;
  columns?: ColumnFlags;
  cells?: Partial<CellOptions>;
  delimiter?: string | undefined;
  maxErrors?: number;
  strict?: boolean;
  /** Test hook: false sends every row through csv-parse and the zod schema, to prove the paths agree. */
  fastPath?: boolean;
  parallel?: ParallelOptions;
  /** A rates file (`--fx-rates`) that converts a currency column's other currencies. */
  fxRates?: Source;
  /** The inputs' encoding (`--encoding`); default UTF-8, or what a byte order mark says. */
  encoding?: Encoding;
  /** Lines above the header (`--skip-rows`); without it the header is looked for in the first 20. */
  skipRows?: number;
  /** A workbook's sheet to read (`--sheet`: a name or a 1-based number); default the first visible. */
  sheet?: string;
  /** Bytes of standard input kept for a second reading (default 2 GiB); see StdinSpool. */
  stdinSpoolLimit?: number;
  /** With `cells.by`, the most groups summed (`--max-groups`, default 50); more is an error. */
  maxGroups?: number;
  /** Sees every row summed (ceq cohorts); every row then takes the zod schema's path. */
  visit?: RowVisitor;
  /** Refund columns subtracted, and meaning columns read past (`--refund-column`, `--ignore-column`). */
  meaning?: MeaningOptions;
  /** What was chosen before reading (the files `--dir` left out), for the run's log. */
  notices?: Issue[];
}

export interface FileSummary {
  file: string;
  /** new, retained, churned, all (one file with a phase column) or costs. */
  role: string;
  /** Data rows read, valid or not. */
  rows: number;
}

export interface ReadResult {
  /** The company's sums: every group's added. */
  ledger: Ledger;
  /** Each group's sums (`--by`; one group, "", without it). */
  segments: Segments;
  log: IssueLog;
  files: FileSummary[];
  /** The --fx-rates that converted some row, by currency and year. */
  fxRates: FxRate[];
}

export const DEFAULT_CELLS: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1, currency: "USD" };

/** A range is about one read chunk: small ranges keep what is in flight, and so peak memory, small. */
const DEFAULT_RANGE_BYTES = 1 << 20;
/** Ranges out at once per thread: read ahead of the one merged next, bounding memory. */
const AHEAD = 8;
/** Ranges queued on a worker once it is ready: enough that it never waits for this thread. */
const PER_WORKER = 6;
/** Below this a file is read about as fast on one thread as a worker thread takes to start
 * and warm up (measured: a 16 MB file took 0.35 s either way), so threads are not worth it. */
export const DEFAULT_MIN_BYTES = 32 << 20;
const LF = 0x0a;

/** Where reading one file stands: its delimiter, and its plan and fast reader once the header is read. */
interface FileRead {
  delimiter: string;
  plan: FilePlan | undefined;
  fast: FastLines | undefined;
  /** Lines passed over while looking for the header (title rows), and those lines themselves, for
   * the error if none is the header (see noHeader). */
  title: number[];
  notHeader: CsvRecord[] | undefined;
  /** The header's line, once found. */
  headerLine?: number;
}

/** A report's header is the first of its first 20 lines that has the required columns. */
const HEADER_SEARCH_LINES = 20;

/** Where a big file's data begins, when it can be read in ranges across threads. */
export interface Split {
  dataStart: number;
  size: number;
  delimiter: string;
  /** What the ranges hold: UTF-8 bytes, or UTF-16 LE that each range decodes. */
  encoding: "utf-8" | "utf-16le";
}

/** The size of an opened regular file big enough to be read in ranges; undefined for anything
 * else (standard input, a FIFO, a missing file: the whole-file reader reads or reports those). */
function bigFileSize(src: Source, minBytes: number): number | undefined {
  const size = src.opened?.size;
  return size !== undefined && size >= minBytes ? size : undefined;
}

const readPositioned = promisify(readAt);

/**
 * A file is read in ranges when it is an opened regular file of at least `minBytes`, not gzip,
 * UTF-8 or (with `utf16`) UTF-16 LE, and its first line is a complete header row: the data then
 * begins right after it. Anything unusual is left to the whole-file reader, which reports it.
 */
export async function splitPoint(src: Source, minBytes: number, delimiter: string | undefined, utf16 = false): Promise<Split | undefined> {
  const size = bigFileSize(src, minBytes);
  const given = src.encoding ?? "utf-8";
  if (size === undefined || !src.opened || (given !== "utf-8" && !(utf16 && given === "utf-16le"))) return undefined;
  const buffer = Buffer.alloc(Math.min(size, 4 * 65536 + 4));
  const { bytesRead } = await readPositioned(src.opened.fd, buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, bytesRead);
  if (isGzip(head) || isSpreadsheet(head)) return undefined;
  const bom = utf16Bom(head);
  // Ranges are read as UTF-8 bytes, or as UTF-16 LE decoded in each range; UTF-16 BE, and a byte
  // order mark at odds with --encoding, are the whole-file reader's (which reports the latter).
  if (bom === "utf-16be" || (bom === "utf-16le" && (!utf16 || src.encoding === "utf-8"))) return undefined;
  if (bom === "utf-16le" || given === "utf-16le") return utf16Split(head.subarray(0, head.length & ~1), bom ? 2 : 0, size, delimiter);
  return utf8Split(head, size, delimiter);
}

/** splitPoint() for UTF-8 bytes from the file's start, a byte order mark allowed. */
function utf8Split(head: Buffer, size: number, delimiter: string | undefined): Split | undefined {
  const start = hasUtf8Bom(head) ? 3 : 0;
  const lf = head.indexOf(LF, start);
  if (lf === -1) return undefined;
  const text = decodeUtf8(head.subarray(start, lf));
  const sample = sniffSample(head.subarray(start));
  return headerSplit(text, sample, lf + 1, size, delimiter, "utf-8");
}

/** A gzipped file big enough to be read across threads: a quarter of `minBytes`, as CSV inflates about fourfold. */
async function isBigGzip(src: Source, minBytes: number): Promise<boolean> {
  const size = bigFileSize(src, minBytes / 4);
  if (size === undefined || !src.opened) return false;
  const magic = Buffer.alloc(2);
  const { bytesRead } = await readPositioned(src.opened.fd, magic, 0, 2, 0);
  return bytesRead === 2 && isGzip(magic);
}

async function* emptyChunks(): AsyncGenerator<Buffer> {}

/** splitPoint() for UTF-16 LE: the header ends at the first line feed code unit. */
function utf16Split(head: Buffer, start: number, size: number, delimiter: string | undefined): Split | undefined {
  const lf = indexOfUnit(head, LF, start);
  if (lf === -1) return undefined;
  const bad = firstBadUnit(head, start);
  if (bad !== -1 && bad < lf) return undefined; // the whole-file reader says where
  const decoder = new TextDecoder("utf-16le", { ignoreBOM: true });
  const text = decoder.decode(head.subarray(start, lf));
  // The delimiter is sniffed from what the whole-file reader sees: the whole lines before a bad unit.
  const valid = decoder.decode(head.subarray(start, bad === -1 ? head.length : bad));
  const sample = bad === -1 ? valid : valid.slice(0, valid.lastIndexOf("\n") + 1);
  return headerSplit(text, sniffSample(Buffer.from(sample, "utf8")), lf + 2, size, delimiter, "utf-16le");
}

/** The offset of the first UTF-16 LE unit from `start` that is no character (a NUL, a lone
 * surrogate), or -1; a high surrogate at the very end may be completed past `bytes`. */
function firstBadUnit(bytes: Uint8Array, start: number): number {
  for (let i = start; i + 1 < bytes.length; i += 2) {
    const unit = bytes[i]! | (bytes[i + 1]! << 8);
    if (unit === 0 || (unit >= 0xdc00 && unit <= 0xdfff)) return i;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (i + 3 >= bytes.length) return -1;
      const next = bytes[i + 2]! | (bytes[i + 3]! << 8);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

/** The split after a header line (`text`, null when it does not decode), if it is a complete one. */
function headerSplit(text: string | null, sample: string, dataStart: number, size: number, delimiter: string | undefined, encoding: Split["encoding"]): Split | undefined {
  if (text === null || text.trim() === "") return undefined;
  if ((text.split('"').length - 1) % 2 === 1) return undefined; // a quoted header cell runs on past the line
  if (crLineEndings(sample)) return undefined;
  const sep = delimiter ?? sniffDelimiter(sample);
  if (text.split(sep).every((cell) => cell.trim() === "" || cell.trim() === '""')) return undefined;
  return { dataStart, size, delimiter: sep, encoding };
}

class Reader {
  readonly segments: Segments;
  readonly ids = new CustomerIds();
  readonly rows: RowReader;
  private readonly threads: number;
  private readonly rangeBytes: number;
  private readonly minBytes: number;
  /** The copy of standard input, when it is one of the inputs. */
  spool: StdinSpool | undefined;

  constructor(
    readonly log: IssueLog,
    private readonly options: ReadOptions,
    private readonly cells: CellOptions,
  ) {
    this.segments = new Segments(cells.by && cells.by.length > 0 ? (options.maxGroups ?? DEFAULT_MAX_GROUPS) : Infinity);
    this.rows = new RowReader(this.segments, this.ids.table, (issue) => this.report(issue), (issue) => log.add(issue), cells);
    this.rows.visit = options.visit;
    this.rows.log = log;
    this.threads = options.fastPath === false ? 0 : (options.parallel?.threads ?? threadCount());
    this.rangeBytes = Math.max(1, options.parallel?.rangeBytes ?? DEFAULT_RANGE_BYTES);
    this.minBytes = options.parallel?.minBytes ?? DEFAULT_MIN_BYTES;
  }

  /** Starts the worker threads early when some input is big enough to be read in ranges. */
  warm(sources: Source[]): void {
    if (this.threads > 1 && sources.some((src) => bigFileSize(src, this.minBytes) !== undefined)) pool(this.threads - 1).warm();
  }

  /** Starts the second reading, which only places what the id table flagged. */
  set second(pass: SecondPass) {
    this.rows.second = pass;
  }

  /** Issues of the first reading; the second reading has reported them already. */
  private report(issue: Issue): void {
    if (!this.rows.second) this.log.add(issue);
  }

  async readFile(src: Source, phase: Phase | undefined): Promise<FileState> {
    const state = fileState(src.name, phase);
    const read: FileRead = { delimiter: this.options.delimiter ?? ",", plan: undefined, fast: undefined, title: [], notHeader: undefined };
    try {
      const threads = this.threads > 1 && !this.rows.second;
      const split = threads ? await splitPoint(src, this.minBytes, this.options.delimiter, true) : undefined;
      if (!split && threads && (await isBigGzip(src, this.minBytes))) {
        if (!(await this.readGzip(state, read, src))) return state;
      } else if (!split) {
        if (!(await this.readSegment(state, read, src, this.options.delimiter))) return state;
      } else {
        // The header line on its own, then the data in ranges across threads.
        if (!(await this.readSegment(state, read, { ...src, range: { start: 0, end: split.dataStart, line: 1 } }, split.delimiter))) return state;
        // Without a fast reader, or with the header still to be found below a title, on this thread.
        if (read.plan && read.fast) await this.readParts(state, read, new FileRanges(src, this.taskBase(state, read, src), split.dataStart, split.size, this.rangeBytes, split.encoding));
        else if (!(await this.readSegment(state, read, { ...src, encoding: split.encoding, range: { start: split.dataStart, line: 2 } }, read.delimiter))) return state;
      }
      if (!read.plan) {
        if (read.notHeader) this.noHeader(state, read.notHeader).forEach((i) => this.report(i));
        else this.report({ severity: "error", code: "empty-file", file: src.name });
        return state;
      }
      this.rows.endOfFile(state, read.plan, read.headerLine ?? 1);
      if (state.records === 0) this.report({ severity: "warning", code: "no-rows", file: src.name });
      if (state.foreign.size > 0) this.report(otherCurrencies(state, read.plan, this.cells.currency, this.cells.fxRates !== undefined));
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      this.report(error.issue);
    }
    return state;
  }

  /**
   * Reads a file, or a part of one, on this thread: the header first if it is not known yet,
   * then rows. False when the header's columns do not do, which ends reading the file.
   */
  private async readSegment(state: FileState, read: FileRead, src: Source, delimiter: string | undefined): Promise<boolean> {
    const onRecord = (record: CsvRecord): boolean => {
      if (read.plan) {
        this.rows.readRow(state, read.plan, record);
        return true;
      }
      const header = this.isHeader(state, read, record);
      const plan = read.plan as FilePlan | undefined; // set by isHeader
      if (header !== "header" || !plan) return header === "title";
      state.ids = plan.columns.id !== undefined;
      // Only ids are read a second time: without them, standard input need not be kept.
      if (!state.ids && src.bytes) this.spool?.drop();
      if (this.options.fastPath !== false) read.fast = this.rows.fastLines(state, plan, read.delimiter);
      return true;
    };
    const batches = readBatches(src, { delimiter, onDelimiter: (d) => (read.delimiter = d), plain: this.options.fastPath === false, quotes: true, onWarning: (i) => this.report(i) });
    // A block read with its quotes in place: the offset of the line it stopped at, for readBatches.
    let stopped: number | undefined;
    try {
      for (let next = await batches.next(); !next.done; next = await batches.next(stopped)) {
        stopped = undefined;
        const batch = next.value;
        if (batch.kind === "records") {
          for (const record of batch.records) if (!onRecord(record)) return false;
          continue;
        }
        const quotes = batch.quotes === true;
        const { bytes } = batch;
        let line = batch.line;
        let start = 0;
        // Until the header is known, and in files the fast path cannot read, line by line;
        // once the header is known, the rest of its block goes on the fast path.
        while (start < bytes.length && !read.fast) {
          const lf = bytes.indexOf(LF, start);
          const end = lf === -1 ? bytes.length : lf;
          const record = lineRecord(bytes.subarray(start, end), line, read.delimiter, src.name, quotes);
          if (record === undefined) break; // its quotes are csv-parse's to read
          if (record && !onRecord(record)) return false;
          start = end + 1;
          line++;
        }
        const fast = read.fast as FastLines | undefined;
        if (fast && start < bytes.length) {
          fast.read(start === 0 ? bytes : bytes.subarray(start), line, quotes);
          if (fast.stopped !== -1) stopped = start + fast.stopped;
        } else if (start < bytes.length) stopped = start;
      }
    } finally {
      await batches.return(undefined);
    }
    return true;
  }

  /**
   * A big gzipped file: inflated as it is read (on libuv's threads), its header read here, then
   * its data in blocks of whole lines across threads (see StreamBlocks). Anything unusual (no
   * header on line 1, another encoding, CR line endings) is read here as any file is. False when
   * the header's columns do not do, as readSegment.
   */
  private async readGzip(state: FileState, read: FileRead, src: Source): Promise<boolean> {
    const chunks = (await readBytes(src))[Symbol.asyncIterator]();
    let head: Buffer = Buffer.alloc(0);
    // Enough for the delimiter's sample, and the whole header line.
    while (head.length < SNIFF_BYTES || head.indexOf(LF) === -1) {
      const r = await chunks.next();
      if (r.done) break;
      head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
    }
    const given = src.encoding ?? "utf-8";
    const split = given === "utf-8" && !utf16Bom(head) ? utf8Split(head, head.length, this.options.delimiter) : undefined;
    if (!split) return this.readSegment(state, read, { ...src, bytes: replay(head, chunks), inflated: true }, this.options.delimiter);
    if (!(await this.readSegment(state, read, { ...src, bytes: replay(head.subarray(0, split.dataStart), emptyChunks()), inflated: true }, split.delimiter))) return false;
    const data = head.subarray(split.dataStart);
    if (!read.plan || !read.fast) return this.readSegment(state, read, { ...src, bytes: replay(data, chunks), range: { start: split.dataStart, line: 2 } }, read.delimiter);
    await this.readParts(state, read, new StreamBlocks(src, this.taskBase(state, read, src), data, chunks, this.rangeBytes));
    return true;
  }

  /** What every part of a file read across threads carries (see Parts). */
  private taskBase(state: FileState, read: FileRead, src: Source): TaskBase {
    const plan = read.plan!;
    return {
      name: src.name,
      phase: state.phase,
      header: plan.header,
      columns: plan.columns,
      cells: this.cells,
      delimiter: read.delimiter,
      maxErrors: this.options.maxErrors ?? 50,
      strict: this.options.strict ?? false,
    };
  }

  /**
   * The data of a big file in parts (byte ranges, or blocks of a stream), read by worker threads
   * and taken back in file order: sums merged, ids added to the one table, issues placed at their
   * absolute lines. At the first part that holds a quote other than around a whole plain field,
   * the rest of the file is read here instead.
   */
  private async readParts(state: FileState, read: FileRead, parts: Parts): Promise<void> {
    const plan = read.plan!;
    // Parts go to workers as they come free, and this thread reads one itself whenever the
    // next result it needs is not in yet; at most `window` parts are out at once.
    const workers = pool(this.threads - 1);
    const window = this.threads * AHEAD;
    const running: { task: RangeTask; result: Promise<RangeResult>; done: boolean }[] = [];
    const start = (task: RangeTask, run: (task: RangeTask) => Promise<RangeResult>): void => {
      const entry = { task, result: run(task), done: false };
      void entry.result.then(() => (entry.done = true), () => {});
      running.push(entry);
    };
    const feed = (): void => {
      for (let slot = workers.free(PER_WORKER); slot && running.length < window; slot = workers.free(PER_WORKER)) {
        const task = parts.next();
        if (!task) return;
        const to = slot;
        start(task, (t) => workers.run(to, t));
      }
    };
    const unsubscribe = workers.subscribe(feed);
    let line = 2; // the header is line 1
    try {
      for (;;) {
        await parts.ready(window - running.length);
        if (running.length === 0 && !parts.more()) break;
        feed();
        const head = running[0];
        if (!head?.done && running.length < window) {
          const task = parts.next();
          if (task) {
            start(task, (t) => Promise.resolve(readRange(t)));
            await new Promise(setImmediate); // let finished workers' messages in
            continue;
          }
        }
        if (!head) continue;
        const result = await running.shift()!.result;
        if (result.quoted) {
          const rest = parts.rest(head.task, result, running.map((r) => r.task), line);
          await this.readSegment(state, read, rest, read.delimiter);
          return;
        }
        this.merge(state, plan, result, line);
        line += result.lines;
      }
      if (parts.failure !== undefined) throw parts.failure;
    } finally {
      unsubscribe();
      // Parts past a quote or a stop are not wanted; their results are dropped, but only once
      // they are in: no worker may still be reading the file's descriptor when it is closed.
      await Promise.allSettled(running.map((rest) => rest.result));
    }
  }

  private merge(state: FileState, plan: FilePlan, result: RangeResult, line: number): void {
    state.records += result.records;
    state.revenue = add(fileRevenue(state), result.revenue);
    state.rows += result.dataRows;
    result.filtered.forEach((n, k) => (state.filtered[k] = (state.filtered[k] ?? 0) + n));
    if (result.lastLine > 0) state.lastLine = result.lastLine + line - 1;
    for (const [code, rows, at, year] of result.foreign) noteForeign(state, code, rows, at + line - 1, year);
    for (const used of result.fxUsed) state.fxUsed.add(used);
    state.failedIds.push(...result.failedIds);
    for (const i of result.seen) state.seen[i] = 1;
    this.segments.merge(result.groups);
    // The id table knows the years of rows with ids only, whichever thread read them: a year
    // that only a file without ids has says nothing of any customer's history.
    if (plan.columns.id !== undefined) this.ids.table.noteYears(result.seen.map((i) => i % YEARS));
    this.ids.table.addLog(result.hashes);
    const placed = (issue: Issue): Issue => ({ ...issue, line: issue.line! + line - 1 });
    for (const issue of result.errors) this.report(placed(issue));
    for (const issue of result.warnings) this.report(placed(issue));
    this.log.addOmitted(result.omittedErrors, result.omittedWarnings);
    if (result.stop) throw new InputProblem(placed(result.stop));
  }

  /**
   * Whether a record is the header, looked for as reports need: `--skip-rows N` lines are passed
   * over, and without it, a line that lacks only required columns (a report's title) is passed
   * over while the first 20 lines last: "title" goes on looking, "header" has set read.plan,
   * "fail" has reported why the file cannot be read.
   */
  private isHeader(state: FileState, read: FileRead, record: CsvRecord): "title" | "header" | "fail" {
    const skip = this.options.skipRows;
    if (skip !== undefined && record.line <= skip) return "title";
    const { columns, issues } = this.resolveHeader(state, record);
    const errors = issues.filter((i) => i.severity === "error");
    const titleLike = skip === undefined && record.line < HEADER_SEARCH_LINES && errors.every((i) => i.code === "missing-column");
    if (errors.length > 0 && titleLike) {
      (read.notHeader ??= []).push(record);
      read.title.push(record.line);
      return "title";
    }
    if (errors.length > 0) {
      this.noHeader(state, [...(read.notHeader ?? []), record]).forEach((i) => this.report(i));
      read.notHeader = undefined;
      return "fail";
    }
    read.notHeader = undefined;
    issues.forEach((i) => this.report(i));
    if (read.title.length > 0) {
      const [first, last] = [read.title[0]!, read.title[read.title.length - 1]!];
      const detail = first === last ? `line ${first}` : `lines ${first}-${last}`;
      this.report({ severity: "warning", lenient: true, code: "title-rows", file: state.name, line: record.line, detail });
    }
    state.lastLine = record.line;
    const plan = this.plan(state, record, columns);
    const where = this.cells.where ?? [];
    const by = this.cells.by ?? [];
    const lacking = [
      ...plan.filters.flatMap((f, k) => (f.index === -1 ? [{ column: where[k]!.column, flag: describeFilter(where[k]!) }] : [])),
      ...plan.by.flatMap((index, k) => (index === -1 ? [{ column: by[k]!, flag: `--by ${by.join(",")}` }] : [])),
    ];
    if (lacking.length > 0) {
      for (const { column, flag } of lacking) this.report({ severity: "error", code: "missing-column", file: state.name, line: record.line, detail: `"${column}" (named by ${flag}); ${describeFound(record.fields)}` });
      return "fail";
    }
    read.plan = plan;
    read.headerLine = record.line;
    return "header";
  }

  /** A header line's columns, and what it lacks; `samples`, the rows below it, check the hints. */
  private resolveHeader(state: FileState, record: CsvRecord, samples?: readonly (readonly string[])[]): { columns: ColumnIndex; issues: Issue[] } {
    const { columns, issues } = resolveColumns(record.fields, {
      file: state.name,
      line: record.line,
      flags: this.options.columns ?? {},
      needsPhase: state.phase === undefined,
      unread: state.phase === "churn" ? ["cost"] : [],
      ...(samples && { samples }),
    });
    // Quarters and months need dates: a year column says nothing of them.
    if ((this.cells.period ?? "year") !== "year" && columns.date === undefined && !issues.some((i) => i.code === "missing-column")) {
      issues.push({ severity: "error", code: "missing-column", file: state.name, line: record.line, detail: `date (--period ${this.cells.period} needs dates; a year column has none); ${describeFound(record.fields)}` });
    }
    return { columns, issues };
  }

  /** Why no line looked at is the header, said of the likeliest one rather than a report's title
   * above it, its hints checked against the rows below it (see schema/hints.ts). */
  private noHeader(state: FileState, looked: readonly CsvRecord[]): Issue[] {
    const k = likeliestHeader(looked.map((r) => r.fields), (fields) => Object.keys(resolveColumns(fields, { file: state.name, line: 0, flags: this.options.columns ?? {}, needsPhase: state.phase === undefined }).columns).length);
    return this.resolveHeader(state, looked[k]!, looked.slice(k + 1).map((r) => r.fields)).issues;
  }

  /** The plan of a file whose header is `header`. */
  private plan(state: FileState, header: CsvRecord, columns: ColumnIndex): FilePlan {
    const { name, phase } = state;
    if (phase === "churn" && columns.cost !== undefined) {
      this.report({ severity: "warning", code: "ignored-cost", file: name, line: header.line, column: header.fields[columns.cost]!.trim() });
    }
    return filePlan(header.fields, columns, this.cells, { ...(this.options.meaning ?? { refund: [], ignore: [] }), phase });
  }
}

/**
 * One error for a file with rows in another currency than the run's, at the first of them,
 * counting the rows of each currency: they were not added, and no result is printed.
 */
function otherCurrencies(state: FileState, plan: FilePlan, run: string, rated: boolean): Issue {
  const [code, first] = [...state.foreign].sort((a, b) => a[1].line - b[1].line)[0]!;
  const rows = (n: number) => `${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
  const counts = [`${run} in ${rows(state.rows)}`, ...[...state.foreign].map(([c, { rows: n }]) => `${c} in ${rows(n)} without a rate`)];
  const fix = rated ? `--fx-rates has no rate for ${code} in ${first.year}: add it` : "give --fx-rates FILE (currency, year, rate) to convert them, or run ceq once per currency";
  const detail = `${run}, the currency of this run (--currency): the file has ${counts.join(", ")}; amounts in two currencies are never added: ${fix}`;
  return { severity: "error", code: "other-currency", file: state.name, line: first.line, column: plan.header[plan.columns.currency!]!.trim(), value: code, detail };
}

/** How many rows each --where filter left out (`counts[k]`), over all files: one line, which --strict lets be. */
export function filteredIssue(where: readonly RowFilter[], counts: readonly (number | undefined)[]): Issue {
  const detail = where.map((f, k) => {
    const n = counts[k] ?? 0;
    return `${describeFilter(f)} left out ${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
  });
  return { severity: "warning", lenient: true, code: "filtered", file: "", detail: detail.join(", ") };
}

/**
 * Warns about periods (years, or quarters or months) that a phase has no rows for. A phase given in several files (one a month, as
 * exports are often cut) is covered by all of them together; the warning names them all.
 */
function coverageIssues(files: FileState[], years: Set<number>, periods: Periods): Issue[] {
  const issues: Issue[] = [];
  const groups = new Map<Phase | undefined, FileState[]>();
  for (const file of files) if (file.records > 0) groups.set(file.phase, [...(groups.get(file.phase) ?? []), file]);
  for (const [filePhase, group] of groups) {
    const name = group.map((f) => f.name).join(", ");
    for (const phase of filePhase ? [filePhase] : PHASES) {
      for (const year of [...years].sort((a, b) => a - b)) {
        if (group.some((file) => hasYear(file, phase, year))) continue;
        const period = periodLabel(year, periods);
        const detail = filePhase ? period : `${PHASE_WORD[phase]} customers in ${period}`;
        issues.push({ severity: "warning", code: "year-missing", file: name, detail });
      }
    }
  }
  return issues;
}

/** Every source of the inputs, each opened once (see openSource); standard input through a spool. */
async function openInputs(inputs: Inputs, spool: () => StdinSpool, encoding: Encoding | undefined, workbook: Pick<Source, "sheet" | "dateFormat">): Promise<Inputs> {
  const prepare = async (given: Source): Promise<Source> => {
    const src = withWorkbook(encoding === undefined ? given : { ...given, encoding }, workbook);
    return src.path === "-" ? { ...src, bytes: spool().tee(process.stdin) } : openSource(src);
  };
  const all = async (given: Source | readonly Source[] | undefined): Promise<Source[]> => {
    const list: Source[] = [];
    for (const src of sourcesOf(given)) list.push(await prepare(src));
    return list;
  };
  const out: Inputs = { phases: {} };
  for (const phase of PHASES) {
    const list = await all(inputs.phases?.[phase]);
    if (list.length > 0) out.phases![phase] = list;
  }
  const combined = await all(inputs.combined);
  if (combined.length > 0) out.combined = combined;
  if (inputs.costs) out.costs = await prepare(inputs.costs);
  return out;
}

/** The sources in the order they are read, each with its phase (undefined: a phase column). */
function readingOrder({ phases, combined }: Inputs): [Source, Phase | undefined][] {
  if (combined) return sourcesOf(combined).map((src) => [src, undefined]);
  return PHASES.flatMap((p) => sourcesOf(phases?.[p]).map((src) => [src, p] as [Source, Phase]));
}

/** The source to read a second time: standard input's copy, or an issue saying why there is none. */
async function secondSource(src: Source, spool: StdinSpool | undefined): Promise<Source | Issue> {
  if (!src.bytes || !spool) return src;
  const copy = spool.replay();
  if ("path" in copy) return openSource({ name: src.name, path: copy.path, encoding: src.encoding, sheet: src.sheet, dateFormat: src.dateFormat });
  const bound = `${(spool.bound / 2 ** 20).toLocaleString("en")} MiB`;
  return { severity: "error", code: "stdin-too-big", file: src.name, detail: bound };
}

/**
 * The keys readInputs knows, checked strictly: a misspelt key (`phases: { new: … }` for
 * `acquisition`) would otherwise be ignored, and a phase silently read as zero.
 */
const any = z.any();
const knownOptions = z
  .object({
    inputs: z.object({ phases: z.object({ acquisition: any, retention: any, churn: any }).strict().optional(), combined: any, costs: any }).strict(),
    columns: z.object(Object.fromEntries(FIELDS.map((f) => [f, any]))).strict().optional(),
    cells: z
      .object({ decimalComma: any, emptyAsZero: any, fiscalYearStart: any, currency: any, minorUnits: any, phaseMap: any, where: any, by: any, fxRates: any, dateFormat: any, period: any })
      .strict()
      .optional(),
    delimiter: any,
    maxErrors: any,
    strict: any,
    fastPath: any,
    parallel: z.object({ threads: any, rangeBytes: any, minBytes: any }).strict().optional(),
    fxRates: any,
    encoding: any,
    skipRows: any,
    sheet: any,
    stdinSpoolLimit: any,
    maxGroups: any,
    visit: any,
    meaning: any,
    notices: any,
  })
  .strict();

/** Reads every input and returns the sums with all issues found. */
export async function readInputs(options: ReadOptions): Promise<ReadResult> {
  const known = knownOptions.safeParse(options);
  const unknown = known.success ? [] : known.error.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => [...i.path, k].join(".")) : []));
  if (unknown.length > 0) {
    throw new TypeError(`readInputs: unknown option ${unknown.join(", ")} (see ReadOptions; phases are acquisition, retention and churn)`);
  }
  const log = new IssueLog(options.maxErrors ?? 50, options.strict ?? false);
  options.notices?.forEach((notice) => log.add(notice));
  const cells = { ...DEFAULT_CELLS, ...options.cells };
  if (options.fxRates) cells.fxRates = await readFxRates(options.fxRates, log, { delimiter: options.delimiter, cells });
  // A visitor sees rows as the schema reads them: no fast path, no threads.
  const reader = new Reader(log, options.visit ? { ...options, fastPath: false } : options, cells);
  const periods: Periods = { kind: cells.period ?? "year", fiscalYearStart: cells.fiscalYearStart };
  const opened: Source[] = [];
  try {
    const workbook = { sheet: options.sheet, dateFormat: cells.dateFormat };
    const inputs = await openInputs(options.inputs, () => (reader.spool ??= new StdinSpool(options.stdinSpoolLimit)), options.encoding, workbook);
    const { phases, combined, costs } = inputs;
    const order = readingOrder(inputs);
    opened.push(...order.map(([src]) => src), ...(costs ? [costs] : []));
    reader.warm(order.map(([src]) => src));
    const files: FileState[] = [];
    for (const [src, phase] of order) files.push(await reader.readFile(src, phase));
    if (!combined) for (const phase of PHASES) if (!phases?.[phase]) log.add({ severity: "warning", code: "missing-phase", file: "", detail: PHASE_WORD[phase] });
    const summaries: FileSummary[] = files.map((f) => ({ file: f.name, role: f.phase ? PHASE_WORD[f.phase] : "all", rows: f.records }));
    if (costs) {
      if (costs.bytes) reader.spool?.drop(); // the costs file is never read twice
      const rows = await readCostsFile(costs, reader.segments, log, { delimiter: options.delimiter, cells: { ...DEFAULT_CELLS, ...options.cells } });
      summaries.push({ file: costs.name, role: "costs", rows });
    }
    if (reader.ids.needsSecondPass()) {
      reader.second = reader.ids.secondPass(new Set(files.flatMap((f) => f.failedIds)), periods);
      // Only files with ids have anything to place.
      for (const [i, [src, phase]] of order.entries()) {
        if (!files[i]!.ids) continue;
        const again = await secondSource(src, reader.spool);
        if (!("path" in again)) {
          log.add(again);
          continue;
        }
        if (again !== src) opened.push(again);
        await reader.readFile(again, phase);
      }
    }
    changedSources(opened).forEach((issue) => log.add(issue));
    const where = options.cells?.where ?? [];
    if (where.length > 0) log.add(filteredIssue(where, where.map((_, k) => files.reduce((sum, file) => sum + (file.filtered[k] ?? 0), 0))));
    const { segments } = reader;
    if (segments.overflow.size > 0) log.add(tooManyGroups(cells.by ?? [], segments.count, segments.limit));
    const ledger = segments.company();
    if (!ledger.countsAreExact()) log.add({ severity: "error", code: "too-many-customers", file: "" });
    // Which years a phase lacks means little while rows are being rejected.
    if (log.errorCount === 0) coverageIssues(files, new Set(ledger.years.keys()), periods).forEach((i) => log.add(i));
    const used = new Set(files.flatMap((f) => [...f.fxUsed]));
    const fxRates = (cells.fxRates ?? []).filter((r) => used.has(fxKey(r.currency, r.year)));
    return { ledger, segments: reader.segments, log, files: summaries, fxRates };
  } finally {
    closeSources(opened);
    reader.spool?.remove();
  }
}
