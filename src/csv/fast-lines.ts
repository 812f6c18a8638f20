/**
 * The fast path: whole lines with no quote character, whose split on the delimiter is certain.
 * It reads the common shapes of each cell straight from the UTF-8 bytes (a plain year, a plain amount
 * with up to 4 decimals, negative ones too, a count, an id without surrounding space) and hands anything else to
 * the slow path as fields, where the zod schema reads it or words its error. So both paths
 * accept and reject exactly the same rows; this one just does the common ones without
 * allocating a string per cell.
 */
import { endsField, splitQuotedLine } from "./lines.js";
import { MAX_RECORD_CHARS, recordTooLong } from "./records.js";
import { decodeUtf8, InputProblem } from "../io/source.js";
import { isYearInRange, MAX_COUNT, PHASES, type Phase } from "../schema/row.js";
import { mayBeTotals } from "../schema/totals.js";
import { GROUP_SEPARATOR } from "../model/segments.js";
import { signedUnits } from "./amount-bytes.js";
import { markerFits } from "../currency.js";

/** The amount scanners live in read/amount-bytes.ts; imported from here by older code. */
export { amountUnits, signedUnits } from "./amount-bytes.js";

export interface FastPlan {
  /** The file as messages name it. */
  file: string;
  delimiter: string;
  decimal: "." | ",";
  /** Fields a row must have (the header's). */
  fields: number;
  year: number;
  revenue: number;
  /** Column indexes; -1 when the file has none (or it is not read). */
  cost: number;
  count: number;
  id: number;
  phase: number;
  /** The phase of every row (0-2), or -1 when rows carry a phase column. */
  fixedPhase: number;
  /** The currency column (-1: none), and the run's code its cells must say to be read here. */
  currency: number;
  currencyCode: string;
  /** With --minor-units, the currency's decimals: an amount is a whole number of minor units. */
  minorUnits: number | undefined;
  /** Reads a phase cell: built-in words and `--phase-map`'s. */
  phaseOf: (text: string) => Phase | null;
  /** --where filters: the cell at `index`, trimmed of spaces, must (not) be `bytes`. */
  filters: readonly { index: number; bytes: Uint8Array; equal: boolean }[];
  /** --by columns: a row's group is their cells, trimmed, joined by GROUP_SEPARATOR. */
  by: readonly number[];
}

export interface FastSink {
  /** A row read on the fast path: amounts in integer units of 10^-UNIT_SCALE. */
  row(phase: number, year: number, customers: number, revenueUnits: number, costUnits: number, bytes: Uint8Array, idStart: number, idEnd: number, line: number, group: string): void;
  /** A negative amount in a row just read: the cell at `column`, its bytes [start, end). */
  negative(column: number, bytes: Uint8Array, start: number, end: number, line: number): void;
  /** A row a --where filter (the first it fails) leaves out. */
  filtered(filter: number, line: number): void;
  /** A row the fast path is not sure of, as fields for the slow path. */
  slow(fields: string[], line: number): void;
}

const LF = 0x0a;
const CR = 0x0d;
/** Never in the bytes of a fast block (quotes are taken out first, or the block is csv-parse's),
 * but in a raw file a worker reads (see read/log-lines.ts). */
const QUOTE = 0x22;

/** A whole number of 1 to `maxDigits` digits, or -1. */
function digits(bytes: Uint8Array, start: number, end: number, maxDigits: number): number {
  if (end <= start || end - start > maxDigits) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]! - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** What scanLine() found, in its `scan` array: the line feed's index (or the block's end), the
 * end of the line's text (before a CR), how many fields it has, and whether every byte is plain
 * ASCII (1) or not (0: a NUL, a quote, or a byte over 126, which the slow path decodes). */
export const SCAN_END = 0;
export const SCAN_STOP = 1;
export const SCAN_FIELDS = 2;
export const SCAN_PLAIN = 3;
/** 1 when, reading quotes in place, the line holds a quote that is not simple (see scanLine). */
export const SCAN_QUOTE = 4;

/**
 * One pass over the line that starts at `start`: the bounds of its first `fields` fields go into
 * `bounds` (start and end of each), and what else it found into `scan` (see SCAN_END). With
 * `quotes`, see scanQuotedLine.
 */
export function scanLine(bytes: Uint8Array, start: number, delimiter: number, fields: number, bounds: Int32Array, scan: Int32Array, quotes = false): void {
  if (quotes) {
    scanQuotedLine(bytes, start, delimiter, fields, bounds, scan);
    return;
  }
  const length = bytes.length;
  let n = 0;
  let fieldStart = start;
  let plain = 1;
  let i = start;
  for (; i < length; i++) {
    const c = bytes[i]!;
    if (c === LF) break;
    if (c === delimiter) {
      if (n < fields) {
        bounds[n * 2] = fieldStart;
        bounds[n * 2 + 1] = i;
      }
      n++;
      fieldStart = i + 1;
    } else if (c > 126 || c === 0 || c === QUOTE) plain = 0;
  }
  const stop = i > start && bytes[i - 1] === CR ? i - 1 : i;
  if (n < fields) {
    bounds[n * 2] = fieldStart;
    bounds[n * 2 + 1] = stop;
  }
  scan[SCAN_END] = i;
  scan[SCAN_STOP] = stop;
  scan[SCAN_FIELDS] = n + 1;
  scan[SCAN_PLAIN] = plain;
}

/**
 * scanLine() in a block that may hold quotes: a field in quotes that open at its start and close
 * on the line, followed by the delimiter or the line's end, with no quote or CR inside
 * (`"$1,234.56"`, `"Doe, Jane"`), is read in place, its bounds inside the quotes; any other quote
 * stops the scan (SCAN_QUOTE is 1), for csv-parse reads such a line, and may read it as more
 * than one. Its own loop, so that quote-free blocks keep scanLine's.
 */
function scanQuotedLine(bytes: Uint8Array, start: number, delimiter: number, fields: number, bounds: Int32Array, scan: Int32Array): void {
  const length = bytes.length;
  let n = 0;
  let fieldStart = start;
  /** The current field's end when it was quoted (its start is then fieldStart), else -1. */
  let quotedEnd = -1;
  let plain = 1;
  let i = start;
  scan[SCAN_QUOTE] = 0;
  for (; i < length; i++) {
    const c = bytes[i]!;
    if (c === LF) break;
    if (c === delimiter) {
      if (n < fields) {
        bounds[n * 2] = fieldStart;
        bounds[n * 2 + 1] = quotedEnd === -1 ? i : quotedEnd;
      }
      n++;
      fieldStart = i + 1;
      quotedEnd = -1;
    } else if (c === QUOTE) {
      // To the closing quote in one pass, checking the bytes inside as the loop does.
      let close = i + 1;
      for (; close < length; close++) {
        const q = bytes[close]!;
        if (q === QUOTE || q === LF || q === CR) break;
        if (q > 126 || q === 0) plain = 0;
      }
      if (i !== fieldStart || close >= length || bytes[close] !== QUOTE || !endsField(bytes, close + 1, delimiter)) {
        scan[SCAN_QUOTE] = 1;
        return;
      }
      fieldStart = i + 1;
      quotedEnd = close;
      i = close;
    } else if (c > 126 || c === 0) plain = 0;
  }
  const stop = i > start && bytes[i - 1] === CR ? i - 1 : i;
  if (n < fields) {
    bounds[n * 2] = fieldStart;
    bounds[n * 2 + 1] = quotedEnd === -1 ? stop : quotedEnd;
  }
  scan[SCAN_END] = i;
  scan[SCAN_STOP] = stop;
  scan[SCAN_FIELDS] = n + 1;
  scan[SCAN_PLAIN] = plain;
}

/** Whether an id cell is certainly read as written: not empty, no space at its ends. */
export function plainId(bytes: Uint8Array, start: number, end: number): boolean {
  return end > start && bytes[start]! > 32 && bytes[end - 1]! > 32;
}

/** Where a cell starts and ends without the spaces at its ends, as String.trim() on ASCII:
 * spaces, tabs and the other line-format controls. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
function trimStart(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isSpace(bytes[start]!)) start++;
  return start;
}
function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && isSpace(bytes[end - 1]!)) end--;
  return end;
}

/** A plain line's group: its `by` cells (their bounds in `bounds`), trimmed as String.trim() does
 * ASCII (a plain line is ASCII), joined by GROUP_SEPARATOR. Phase exports' and logs' fast paths alike. */
export function groupKey(bytes: Uint8Array, bounds: Int32Array, by: readonly number[]): string {
  let key = "";
  for (let k = 0; k < by.length; k++) {
    const s = trimStart(bytes, bounds[by[k]! * 2]!, bounds[by[k]! * 2 + 1]!);
    const e = trimEnd(bytes, s, bounds[by[k]! * 2 + 1]!);
    if (k > 0) key += GROUP_SEPARATOR;
    key += Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString("latin1");
  }
  return key;
}

const GROUP_SEPARATOR_BYTE = GROUP_SEPARATOR.charCodeAt(0);

/**
 * groupKey()'s bytes, without making the string: the `by` cells trimmed and joined by
 * GROUP_SEPARATOR's byte, written into `into` from 0. Returns their length, or -1 when `into`
 * is too short for them.
 */
export function groupKeyBytes(bytes: Uint8Array, bounds: Int32Array, by: readonly number[], into: Uint8Array): number {
  let n = 0;
  for (let k = 0; k < by.length; k++) {
    const s = trimStart(bytes, bounds[by[k]! * 2]!, bounds[by[k]! * 2 + 1]!);
    const e = trimEnd(bytes, s, bounds[by[k]! * 2 + 1]!);
    if (n + (e - s) + 1 > into.length) return -1;
    if (k > 0) into[n++] = GROUP_SEPARATOR_BYTE;
    for (let i = s; i < e; i++) into[n++] = bytes[i]!;
  }
  return n;
}

export class FastLines {
  private readonly bounds: Int32Array;
  private readonly scan = new Int32Array(5);
  private readonly decimal: number;
  private readonly perUnit: number;
  /** Whether a `$` may mark the run's currency's amounts: else such a cell is the slow path's, which refuses it. */
  private readonly dollar: boolean;

  constructor(
    private readonly plan: FastPlan,
    private readonly sink: FastSink,
  ) {
    this.bounds = new Int32Array(plan.fields * 2);
    // In minor units no decimal separator is read here (the slow path words the error), and a
    // whole number n of units of 10^-d is n × 10^(UNIT_SCALE − d) fast-path units.
    this.decimal = plan.minorUnits === undefined ? plan.decimal.charCodeAt(0) : -1;
    this.perUnit = plan.minorUnits === undefined ? 1 : 10 ** plan.minorUnits;
    this.dollar = markerFits("$", plan.currencyCode);
  }

  /** The current line's group (see groupKey); "" without --by. */
  private group(bytes: Uint8Array): string {
    return this.plan.by.length === 0 ? "" : groupKey(bytes, this.bounds, this.plan.by);
  }

  /** The first --where filter the current line's cells fail, or -1. */
  private failedFilter(bytes: Uint8Array): number {
    const { filters } = this.plan;
    const bounds = this.bounds;
    for (let k = 0; k < filters.length; k++) {
      const { index, bytes: value, equal } = filters[k]!;
      const s = trimStart(bytes, bounds[index * 2]!, bounds[index * 2 + 1]!);
      const e = trimEnd(bytes, s, bounds[index * 2 + 1]!);
      let same = e - s === value.length;
      for (let i = 0; same && i < value.length; i++) same = bytes[s + i] === value[i];
      if (same !== equal) return k;
    }
    return -1;
  }

  /** Whether a currency cell is the run's code exactly as written (`USD`); anything else is the slow path's. */
  private isRunCurrency(bytes: Uint8Array, start: number, end: number): boolean {
    const code = this.plan.currencyCode;
    return end - start === 3 && bytes[start] === code.charCodeAt(0) && bytes[start + 1] === code.charCodeAt(1) && bytes[start + 2] === code.charCodeAt(2);
  }

  /** A line the fast path is not sure of: decoded strictly and split for the slow path (its
   * quotes, if it has any, are simple: scanLine has checked them). */
  private slow(bytes: Uint8Array, start: number, stop: number, line: number, delimiter: string, quotes: boolean): void {
    const text = decodeUtf8(bytes.subarray(start, stop));
    if (text === null) throw new InputProblem({ severity: "error", code: "invalid-encoding", file: this.plan.file, line, detail: "UTF-8" });
    this.sink.slow((quotes ? splitQuotedLine(text, delimiter) : undefined) ?? text.split(delimiter), line);
  }

  /** Where the last read() stopped, at a quote it cannot read in place: the byte offset of that
   * line's start in the block (csv-parse reads on from there); -1 when it read the whole block. */
  stopped = -1;

  /** Reads a block of whole lines; `line` is the number of its first line. Returns the number
   * of the line after the block (or the line it stopped at). `quotes`: the block may hold
   * quotes, read in place (see scanQuotedLine). */
  read(bytes: Uint8Array, firstLine: number, quotes = false): number {
    const { plan, bounds, sink, scan } = this;
    const delimiter = plan.delimiter.charCodeAt(0);
    const fields = plan.fields;
    const length = bytes.length;
    let line = firstLine;
    this.stopped = -1;
    for (let start = 0; start < length; line++) {
      scanLine(bytes, start, delimiter, fields, bounds, scan, quotes);
      if (quotes && scan[SCAN_QUOTE] === 1) {
        this.stopped = start;
        return line;
      }
      const i = scan[SCAN_END]!;
      // No export row is this long: the same error as csv-parse's, wherever the line is read.
      if (i - start > MAX_RECORD_CHARS) throw recordTooLong(plan.file, line);
      const next = i + 1;
      const stop = scan[SCAN_STOP]!;
      if (stop === start) {
        start = next;
        continue; // a blank line
      }
      const n = scan[SCAN_FIELDS]!;
      const plain = scan[SCAN_PLAIN] === 1;
      // Another number of fields (ragged), or bytes to decode: the slow path says what it is.
      if (n !== fields || !plain) {
        this.slow(bytes, start, stop, line, plan.delimiter, quotes);
        start = next;
        continue;
      }
      if (plan.filters.length > 0) {
        const failed = this.failedFilter(bytes);
        // A totals row is the slow path's even when a filter would leave it out (it checks it).
        if (failed !== -1 && !mayBeTotals(bytes, bounds[0]!, bounds[1]!) && !(plan.id > 0 && mayBeTotals(bytes, bounds[plan.id * 2]!, bounds[plan.id * 2 + 1]!))) {
          sink.filtered(failed, line);
          start = next;
          continue;
        }
      }
      const y = digits(bytes, bounds[plan.year * 2]!, bounds[plan.year * 2 + 1]!, 4);
      const revenue = signedUnits(bytes, bounds[plan.revenue * 2]!, bounds[plan.revenue * 2 + 1]!, this.decimal, this.dollar) / this.perUnit;
      let phase = plan.fixedPhase;
      if (phase < 0) {
        const text = Buffer.from(bytes.buffer, bytes.byteOffset + bounds[plan.phase * 2]!, bounds[plan.phase * 2 + 1]! - bounds[plan.phase * 2]!).toString("latin1");
        const p = plan.phaseOf(text);
        phase = p === null ? -1 : PHASES.indexOf(p);
      }
      const cost = plan.cost < 0 || phase === 2 ? 0 : signedUnits(bytes, bounds[plan.cost * 2]!, bounds[plan.cost * 2 + 1]!, this.decimal, this.dollar) / this.perUnit;
      const customers = plan.count < 0 ? 1 : digits(bytes, bounds[plan.count * 2]!, bounds[plan.count * 2 + 1]!, 13);
      const idStart = plan.id < 0 ? -1 : bounds[plan.id * 2]!;
      const idEnd = plan.id < 0 ? -1 : bounds[plan.id * 2 + 1]!;
      // A totals row (its id or its first cell says TOTAL, Summe …) is the slow path's to leave out.
      const totals = mayBeTotals(bytes, bounds[0]!, bounds[1]!) || (plan.id > 0 && mayBeTotals(bytes, idStart, idEnd));
      const otherCurrency = plan.currency >= 0 && !this.isRunCurrency(bytes, bounds[plan.currency * 2]!, bounds[plan.currency * 2 + 1]!);
      if (totals || otherCurrency || !isYearInRange(y) || Number.isNaN(revenue) || phase < 0 || Number.isNaN(cost) || customers <= 0 || customers > MAX_COUNT || (idStart >= 0 && !plainId(bytes, idStart, idEnd))) {
        this.slow(bytes, start, stop, line, plan.delimiter, quotes);
      } else {
        sink.row(phase, y, customers, revenue, cost, bytes, idStart, idEnd, line, this.group(bytes));
        // As the slow path: a negative amount is summed, and warned about (revenue first).
        if (revenue < 0) sink.negative(plan.revenue, bytes, bounds[plan.revenue * 2]!, bounds[plan.revenue * 2 + 1]!, line);
        if (cost < 0) sink.negative(plan.cost, bytes, bounds[plan.cost * 2]!, bounds[plan.cost * 2 + 1]!, line);
      }
      start = next;
    }
    return line;
  }
}
