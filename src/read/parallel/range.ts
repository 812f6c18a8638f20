/**
 * One worker's share of a big file: the lines that start in a byte range [start, end), read on
 * the fast path with the same RowReader as the main thread. Line numbers are counted from the
 * range's first line; the main thread, which takes results in file order, makes them absolute.
 *
 * Quoted fields that open at a field's start and close on their line, with no quote inside, are
 * read in place, as the whole-file reader reads them (a delimiter inside one, as in "$1,234.56",
 * is text). A range with any other quote is not read: a quoted field may span lines, so where
 * its lines begin is not certain. The main thread reads the file from there on the way a whole
 * file is read (csv-parse from such a quote on).
 */
import { readSync } from "node:fs";
import type { YearTotals } from "../../model/equity.js";
import { Segments } from "../../model/segments.js";
import { HashLog } from "../id-table.js";
import { FollowLog, type FollowedRows } from "./follow-log.js";
import { IssueLog, type Issue } from "../../issues.js";
import { MAX_RECORD_CHARS } from "../../csv/records.js";
import { indexOfUnit, InputProblem, utf16BeforeBad } from "../../io/source.js";
import { fileRevenue, fileState, RowReader, MainThreadRow } from "../phase-rows.js";
import { filePlan } from "../file-plan.js";
import { ZERO, type Decimal } from "../../money.js";
import type { ColumnIndex } from "../../schema/columns.js";
import type { CellOptions, Phase } from "../../schema/row.js";

export interface RangeTask {
  /** The file's descriptor, opened once by the main thread (worker threads share descriptors). */
  fd: number;
  /** The file as messages name it. */
  name: string;
  phase: Phase | undefined;
  header: string[];
  columns: ColumnIndex;
  cells: CellOptions;
  delimiter: string;
  maxErrors: number;
  strict: boolean;
  start: number;
  end: number;
  /** The file's size when reading began. */
  size: number;
  /** UTF-16 LE: `start` and `end` fall on code units, lines end at the unit LF, and the range's
   * lines are decoded to UTF-8 here. */
  utf16: boolean;
  /** The part's whole lines themselves (a block of a gzipped file), rather than a range of `fd`. */
  bytes?: Uint8Array;
  /** Every row is written down for the main thread's RowVisitor (see FollowLog). */
  follow?: boolean;
}

export interface RangeResult {
  /** File offset of the first line the range owns. */
  ownStart: number;
  /** True when the range holds a quote other than around a whole field, or a totals row:
   * nothing was read, and the main thread reads the file from here. */
  quoted: boolean;
  /** Lines the range owns. */
  lines: number;
  records: number;
  /** Indexes set in the file's `seen` table. */
  seen: number[];
  /** Each group's settled sums (one group, "", without --by). */
  groups: [string, [number, YearTotals][]][];
  /** HashLog triples of the ids read, in order. */
  hashes: Int32Array;
  errors: Issue[];
  warnings: Issue[];
  omittedErrors: number;
  omittedWarnings: number;
  /** A problem that stops reading the file (invalid UTF-8, a record too long), at its line. */
  stop?: Issue;
  /** Rows in another currency than the run's, without a rate: code, rows, first line (relative), its year. */
  foreign: [string, number, number, number][];
  /** The --fx-rates used, as "EUR 2024". */
  fxUsed: string[];
  /** Ids of rows that failed to parse. */
  failedIds: string[];
  /** Rows each --where filter left out. */
  filtered: number[];
  /** The line of the range's last row that was not ragged (relative; 0: none). */
  lastLine: number;
  /** With `follow`: the rows, for the main thread's RowVisitor. */
  followed?: FollowedRows;
  /** Revenue and number of the rows added, for the totals rows after this range. */
  revenue: Decimal;
  dataRows: number;
}

const LF = 0x0a;
const STEP = 1 << 16;

// Kept from task to task in a worker: the range's bytes and the hashes of its ids.
let scratch = Buffer.alloc(0);
const hashes = new HashLog();

function readFully(fd: number, buffer: Buffer, position: number): number {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * The bytes of the lines starting in [start, end): from the first line start at or after
 * `start` to the end of the line that holds byte end - 1. A line that runs on past
 * MAX_RECORD_CHARS is cut there, which is enough for the reader to refuse it.
 */
function ownedBytes(task: RangeTask): { bytes: Buffer; ownStart: number } {
  const fd = task.fd;
  // A line feed is one byte, or in UTF-16 LE one code unit (0A 00 at an even distance from `start`).
  const unit = task.utf16 ? 2 : 1;
  const lfAt = (bytes: Buffer, from: number): number => (unit === 1 ? bytes.indexOf(LF, from) : indexOfUnit(bytes, LF, from));
  // The unit before the range tells whether a line starts exactly at `start`; room after it
  // holds the end of the last line, so a range is read into the same buffer every time.
  const length = task.end - task.start + unit;
  if (scratch.length < length + STEP) scratch = Buffer.allocUnsafe(length + STEP);
  const got = readFully(fd, scratch.subarray(0, length), task.start - unit);
  let own = unit;
  if (lfAt(scratch.subarray(0, unit), 0) !== 0) {
    const lf = lfAt(scratch.subarray(0, got), unit);
    own = lf === -1 || lf + unit >= got ? got : lf + unit;
  }
  const ownStart = task.start - unit + own;
  if (own >= got) return { bytes: Buffer.alloc(0), ownStart };
  if (lfAt(scratch.subarray(got - unit, got), 0) === 0 || task.start - unit + got >= task.size) return { bytes: scratch.subarray(own, got), ownStart };
  // The last line runs past the range: read on to its end.
  const more = readFully(fd, scratch.subarray(got, got + STEP), task.start - unit + got);
  const lf = lfAt(scratch.subarray(got, got + more), 0);
  if (lf !== -1 || more < STEP) return { bytes: scratch.subarray(own, lf === -1 ? got + more : got + lf + unit), ownStart };
  // A line longer than STEP past the range: gather it, up to what is enough to refuse it.
  const parts = [Buffer.from(scratch.subarray(own, got + more))];
  let position = task.start - unit + got + more;
  let extra = more;
  while (position < task.size && extra <= MAX_RECORD_CHARS * unit) {
    const chunk = Buffer.allocUnsafe(STEP);
    const n = readFully(fd, chunk, position);
    if (n === 0) break;
    const end = lfAt(chunk.subarray(0, n), 0);
    parts.push(chunk.subarray(0, end === -1 ? n : end + unit));
    if (end !== -1) break;
    position += n;
    extra += n;
  }
  return { bytes: Buffer.concat(parts), ownStart };
}

const utf16 = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true });

/**
 * A UTF-16 LE range's lines as UTF-8, or where they stop being valid: the whole lines before
 * the first invalid unit (or NUL) and that line's number, counted from the range's first line,
 * as the whole-file reader (readText) finds it.
 */
function utf16Lines(bytes: Buffer): { lines: Buffer; badLine?: number } {
  try {
    const text = utf16.decode(bytes);
    if (!text.includes("\u0000")) return { lines: Buffer.from(text, "utf8") };
  } catch {
    // placed below
  }
  const { whole, newlines } = utf16BeforeBad(bytes, "utf-16le");
  return { lines: Buffer.from(whole, "utf8"), badLine: newlines + 1 };
}

export function readRange(task: RangeTask): RangeResult {
  const owned = task.bytes ? { bytes: Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.length), ownStart: 0 } : ownedBytes(task);
  const ownStart = owned.ownStart;
  const decoded = task.utf16 ? utf16Lines(owned.bytes) : { lines: owned.bytes };
  const bytes = decoded.lines;
  const log = new IssueLog(task.maxErrors, task.strict);
  const result: RangeResult = {
    ownStart,
    quoted: false,
    lines: 0,
    records: 0,
    seen: [],
    groups: [],
    hashes: new Int32Array(0),
    errors: log.errors,
    warnings: log.warnings,
    omittedErrors: 0,
    omittedWarnings: 0,
    revenue: ZERO,
    dataRows: 0,
    foreign: [],
    fxUsed: [],
    failedIds: [],
    lastLine: 0,
    filtered: [],
  };
  // Quoted fields that open and close on their line are read in place, as the whole-file reader
  // reads them; at any other quote (it may hide a line break) the main thread reads on from here.
  const quotes = bytes.indexOf(0x22) !== -1;
  const segments = new Segments();
  hashes.clear();
  const rows = new RowReader(segments, hashes, (issue) => log.add(issue), () => {}, task.cells, true);
  rows.log = log;
  const follow = task.follow ? new FollowLog() : undefined;
  rows.visit = follow;
  const state = fileState(task.name, task.phase);
  const fast = rows.fastLines(state, filePlan(task.header, task.columns, task.cells), task.delimiter);
  if (!fast) throw new Error("a range was given for a file the fast path cannot read");
  try {
    result.lines = fast.read(bytes, 1, quotes) - 1;
    if (fast.stopped !== -1) return { ...result, quoted: true };
    if (decoded.badLine !== undefined) {
      result.stop = { severity: "error", code: "invalid-encoding", file: task.name, line: decoded.badLine, detail: "UTF-16LE" };
    }
  } catch (error) {
    // A totals row is checked against every row before it: the main thread reads on from here.
    if (error instanceof MainThreadRow) return { ...result, quoted: true };
    if (!(error instanceof InputProblem)) throw error;
    result.stop = error.issue;
  }
  result.revenue = fileRevenue(state);
  result.dataRows = state.rows;
  result.lastLine = state.lastLine;
  result.filtered = state.filtered;
  result.foreign = [...state.foreign].map(([code, { rows, line, year }]) => [code, rows, line, year]);
  result.fxUsed = [...state.fxUsed];
  result.failedIds = state.failedIds;
  result.records = state.records;
  for (let i = 0; i < state.seen.length; i++) if (state.seen[i] === 1) result.seen.push(i);
  result.groups = segments.settled();
  result.hashes = hashes.take();
  if (follow) result.followed = follow.take();
  result.omittedErrors = log.omittedErrors;
  result.omittedWarnings = log.omittedWarnings;
  return result;
}
