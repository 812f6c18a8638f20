/**
 * The reader of phase exports: one file after another, or a big plain file in ranges across threads,
 * each row folded into the sums of its phase and period (see the module note of inputs.ts).
 */
import { DEFAULT_MAX_GROUPS, Segments } from "../model/segments.js";
import type { FastLines } from "../csv/fast-lines.js";
import { CustomerIds, type SecondPass } from "./identities.js";
import { IssueLog, type Issue } from "../issues.js";
import { lineRecord } from "../csv/lines.js";
import { readBatches, type CsvRecord } from "../csv/records.js";
import { SNIFF_BYTES } from "../csv/sniff.js";
import { InputProblem, readBytes, replay, utf16Bom, type Source } from "../io/source.js";
import { StdinSpool } from "../io/spool.js";
import { threadId } from "node:worker_threads";
import { pool, threadCount } from "./parallel/pool.js";
import { FileRanges, StreamBlocks, type Parts, type TaskBase } from "./parallel/parts.js";
import { readRange, type RangeResult, type RangeTask } from "./parallel/range.js";
import { fileRevenue, noteForeign, fileState, RowReader, YEARS, type FileState } from "./phase-rows.js";
import { filePlan, type FilePlan } from "./file-plan.js";
import { add } from "../money.js";
import { columnNotices, describeFound, resolveColumns, type ColumnIndex } from "../schema/columns.js";
import { likeliestHeader } from "../schema/hints.js";
import { describeFilter, type CellOptions, type Phase } from "../schema/row.js";
import { DEFAULT_MIN_BYTES, fileCells, type ReadOptions } from "./options.js";
import { LF, bigFileSize, emptyChunks, isBigGzip, splitPoint, utf8Split } from "./split-points.js";
import { otherCurrencies } from "./input-issues.js";

/** A range is about one read chunk: small ranges keep what is in flight, and so peak memory, small. */
const DEFAULT_RANGE_BYTES = 1 << 20;
/** Ranges out at once per thread: read ahead of the one merged next, bounding memory. */
const AHEAD = 8;
/** Ranges queued on a worker once it is ready: enough that it never waits for this thread. */
const PER_WORKER = 6;
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

export class Reader {
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
    this.rows = new RowReader(this.segments, this.ids.sink, (issue) => this.report(issue), (issue) => log.add(issue), cells);
    this.rows.visit = options.visit;
    this.rows.log = log;
    this.threads = options.fastPath === false || (options.visit && !options.visit.replay) ? 0 : (options.parallel?.threads ?? threadCount(options.env));
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
      // A file whose amounts may be ambiguous (see fileCells) has every row read by the schema, which refuses them.
      if (this.options.fastPath !== false && plan.cells.ambiguousGroups !== true) read.fast = this.rows.fastLines(state, plan, read.delimiter);
      return true;
    };
    const batches = readBatches(src, { delimiter, onDelimiter: (d) => (read.delimiter = d), plain: this.options.fastPath === false, quotes: true, onWarning: (i) => this.report(i), decimalMark: this.cells.decimalComma ? "," : "." });
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
      ...(this.rows.visit ? { follow: true } : {}),
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
    const { workersOnly, onRange } = this.options.parallel ?? {};
    const running: { task: RangeTask; result: Promise<RangeResult>; done: boolean; thread: number }[] = [];
    const start = (task: RangeTask, thread: number, run: (task: RangeTask) => Promise<RangeResult>): void => {
      const entry = { task, result: run(task), done: false, thread };
      void entry.result.then(() => (entry.done = true), () => {});
      running.push(entry);
    };
    const feed = (): void => {
      for (let slot = workers.free(PER_WORKER); slot && running.length < window; slot = workers.free(PER_WORKER)) {
        const task = parts.next();
        if (!task) return;
        const to = slot;
        start(task, to.worker.threadId, (t) => workers.run(to, t));
      }
    };
    // With workersOnly, this thread waits for a worker's event when none could take a part.
    let changed: (() => void) | undefined;
    const unsubscribe = workers.subscribe(() => {
      feed();
      changed?.();
    });
    let line = 2; // the header is line 1
    try {
      for (;;) {
        await parts.ready(window - running.length);
        if (running.length === 0 && !parts.more()) break;
        feed();
        const head = running[0];
        if (!head && workersOnly) {
          await new Promise<void>((resolve) => (changed = resolve));
          changed = undefined;
          continue;
        }
        if (!head?.done && running.length < window && !workersOnly) {
          const task = parts.next();
          if (task) {
            start(task, threadId, (t) => Promise.resolve(readRange(t)));
            await new Promise(setImmediate); // let finished workers' messages in
            continue;
          }
        }
        if (!head) continue;
        const { result: next, thread } = running.shift()!;
        const result = await next;
        if (result.quoted) {
          const rest = parts.rest(head.task, result, running.map((r) => r.task), line);
          await this.readSegment(state, read, rest, read.delimiter);
          return;
        }
        this.merge(state, plan, result, line);
        onRange?.(thread);
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
    // The rows, for the visitor, in file order as one thread would have read them.
    if (result.followed) this.rows.visit!.replay!(result.followed, state.name, line);
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
    columnNotices(record.fields, columns, this.options.columns ?? {}, { file: state.name, line: record.line }, state.phase === "churn" ? ["cost"] : []).forEach((i) => this.report(i));
    if (read.title.length > 0) {
      const [first, last] = [read.title[0]!, read.title[read.title.length - 1]!];
      const detail = first === last ? `line ${first}` : `lines ${first}-${last}`;
      this.report({ severity: "warning", lenient: true, code: "title-rows", file: state.name, line: record.line, detail });
    }
    state.lastLine = record.line;
    const plan = this.plan(state, record, columns, read.delimiter);
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
  private plan(state: FileState, header: CsvRecord, columns: ColumnIndex, delimiter: string): FilePlan {
    const { name, phase } = state;
    if (phase === "churn" && columns.cost !== undefined) {
      this.report({ severity: "warning", code: "ignored-cost", file: name, line: header.line, column: header.fields[columns.cost]!.trim() });
    }
    return filePlan(header.fields, columns, fileCells(this.cells, delimiter), { ...(this.options.meaning ?? { refund: [], ignore: [] }), phase });
  }
}
