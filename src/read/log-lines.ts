/**
 * The fast path of a transaction log: whole lines with no quote character, read straight from
 * their bytes when every cell the log needs is plain (an id without surrounding space, a
 * `YYYY-MM-DD` date, a time after it or not, amounts like `-1234.56` or `(1,234.56)`); any other line goes to the slow path as bytes,
 * to be split and read by the zod schema, which also words every error. Both accept and sum the
 * same rows; this one allocates nothing per row.
 */
import { plainId, scanLine, SCAN_END, SCAN_FIELDS, SCAN_PLAIN } from "../csv/fast-lines.js";
import { amountUnits, signedUnits } from "../csv/amount-bytes.js";
import { plainDate } from "../csv/date-bytes.js";
import { MAX_RECORD_CHARS, recordTooLong } from "../csv/records.js";
import { mayBeTotals } from "../schema/totals.js";

export interface LogLinePlan {
  file: string;
  /** Fields a row must have (the header's), and the delimiter's byte. */
  fields: number;
  delimiter: number;
  id: number;
  date: number;
  amount: number;
  /** -1: no cost column. */
  cost: number;
  /** Whether a `$` may mark the run's currency's amounts (see csv/amount-bytes.ts; absent: it may);
   * else the slow path refuses it. */
  dollar?: boolean;
}

export interface LogLineSink {
  /** A plain row: the id's bytes, the date, amount and cost in whole units of 10^-4. */
  row(bytes: Uint8Array, idStart: number, idEnd: number, year: number, month: number, day: number, amount: number, cost: number, line: number): void;
  /** Whether the sink keeps the customer of a plain line with every field, by their id's bytes:
   * the date and amounts of a line it does not keep are not read (a worker's other shard). */
  keeps?(bytes: Uint8Array, idStart: number, idEnd: number): boolean;
  /** A line this path is not sure of (or a blank one), its bytes with the line feed, for the slow path. */
  slow(bytes: Buffer, line: number): void;
}

/** Reused by readLogLines for what scanLine() found. */
const scan = new Int32Array(4);

/** Reads a block of whole lines; `firstLine` is the number of its first line. Returns the number of the line after the block. */
export function readLogLines(bytes: Buffer, firstLine: number, plan: LogLinePlan, sink: LogLineSink, bounds: Int32Array): number {
  const { fields, delimiter } = plan;
  const length = bytes.length;
  let line = firstLine;
  for (let start = 0; start < length; line++) {
    scanLine(bytes, start, delimiter, fields, bounds, scan);
    const i = scan[SCAN_END]!;
    if (i - start > MAX_RECORD_CHARS) throw recordTooLong(plan.file, line);
    const next = Math.min(i + 1, length);
    // Plain bytes and every field: the cells may be read here.
    const whole = scan[SCAN_PLAIN] === 1 && scan[SCAN_FIELDS] === fields;
    const idStart = bounds[plan.id * 2]!;
    const idEnd = bounds[plan.id * 2 + 1]!;
    if (whole && sink.keeps && !sink.keeps(bytes, idStart, idEnd)) {
      start = next;
      continue;
    }
    const date = whole ? plainDate(bytes, bounds[plan.date * 2]!, bounds[plan.date * 2 + 1]!) : -1;
    const amount = date < 0 ? NaN : signedUnits(bytes, bounds[plan.amount * 2]!, bounds[plan.amount * 2 + 1]!, 46, plan.dollar);
    const cost = plan.cost < 0 ? 0 : amountUnits(bytes, bounds[plan.cost * 2]!, bounds[plan.cost * 2 + 1]!, 46, plan.dollar);
    if (Number.isNaN(amount) || cost < 0 || !plainId(bytes, idStart, idEnd) || mayBeTotals(bytes, idStart, idEnd)) {
      sink.slow(bytes.subarray(start, next), line);
    } else {
      sink.row(bytes, idStart, idEnd, Math.floor(date / 10000), Math.floor(date / 100) % 100, date % 100, amount, cost, line);
    }
    start = next;
  }
  return line;
}
