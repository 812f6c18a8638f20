/**
 * A worker thread that owns one shard of a big transaction log's customers: it reads the whole
 * data of the file (lines are cheap to split) but keeps the sums only of the customers whose id
 * hash falls in its shard, so that the costly part, finding each row's customer among millions,
 * is split between two threads. The main thread reads every line too: it checks and reports
 * them all, keeps the other shard, and sends this one the rows the fast path could not read.
 * Then this thread classifies its customers and posts the totals.
 */
import { readSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import type { Reactivated } from "../../model/classify.js";
import type { Decimal } from "../../money.js";
import { classifySegments, CustomerPeriods } from "../customer-periods.js";
import { tallyCohorts } from "../cohort-cells.js";
import { GroupIndex } from "../group-index.js";
import { plainId } from "../../csv/fast-lines.js";
import { readLogLines, type LogLinePlan, type LogLineSink } from "../log-lines.js";
import { hash, shardOfHash } from "../id-index.js";
import { dateOrder, dayNumber, periodOf, type Periods } from "../../schema/period.js";
import { LATER_THAN_ANY_DAY, summarizeDays, transfers, type DaySummary } from "../day-summary.js";
import { DayTally } from "../day-tally.js";
import type { CalendarDate } from "../../schema/row.js";
import { MemoryGuard } from "../../model/memory.js";

export interface ShardTask {
  fd: number;
  /** The data's bytes: from `start` (after the header) to `size`. */
  start: number;
  size: number;
  plan: LogLinePlan;
  periods: Periods;
  shard: number;
  /** The --by columns' indexes (none: no groups). */
  by: number[];
  /** The bound on both threads' tables and the figures they share (see model/memory.ts). */
  guard: { max: number; shared: Int32Array };
  /** Per customer and day (ceq value's models): a row's period is its dayNumber(), and each
   * customer's first line is kept, to merge the shards' summaries in the order of one thread. */
  days?: boolean;
  /** With days: each customer's running summary instead of their days (see read/day-tally.ts). */
  tally?: { end: number; holdoutEnd: number | undefined } | undefined;
}

/** A row the main thread read on the slow path, for this shard; with --by, its group's key and its date order (see setGroup). */
export type ShardRow = [id: string, period: number, amount: Decimal, cost: Decimal, nonNegative: boolean, group: string | undefined, order: number, line: number];

export type ToShard =
  | { kind: "read"; task: ShardTask }
  | { kind: "rows"; rows: ShardRow[] }
  | { kind: "classify"; first: number; last: number; reactivated: Reactivated; rows: ShardRow[] }
  | { kind: "cohorts" }
  | { kind: "days"; end: number; holdoutEnd: number | undefined };

const CHUNK = 4 << 20;
const LF = 0x0a;

/** This thread's groups' keys, by index, in the order it met them (the main thread's order may differ). */
const keys = new Map<string, number>();
const groupOf = (key: string): number => {
  let index = keys.get(key);
  if (index === undefined) keys.set(key, (index = keys.size));
  return index;
};

/**
 * Reads the shard's rows into `store`. `quoted`: a line had a quote (see LogShard). `alone`: no
 * row of this shard can come from the main thread's slow path, so that the store may be summarized
 * before it asks (see summarizeEarly): every line was plain and whole, or another shard's by a
 * plain id. The main thread hands on a row of its slow path by the id the schema read, which for a
 * plain id is its bytes (hashed here the same way); a line this thread sent to `slow` may be one,
 * and so may another shard's line whose id is padded (" c1" is c1 once trimmed).
 */
function readShard(task: ShardTask, store: CustomerPeriods | DayTally): { quoted: boolean; alone: boolean } {
  let quoted = false;
  let alone = true;
  const bounds = new Int32Array(2 * task.plan.fields);
  const groups = task.by.length > 0 ? new GroupIndex(task.by, groupOf) : undefined;
  const date: CalendarDate = { year: 0, month: 0, day: 0 };
  const days = task.days === true;
  if (days) store.trackLines();
  /** The number of the next line: the data starts on line 2, after the header (see LogShard). */
  let line = 2;
  /** The hash of the id keeps() last looked at: the row() that follows is that line's. */
  let h = 0;
  const sink: LogLineSink = {
    keeps: (bytes, idStart, idEnd) => {
      const ours = shardOfHash((h = hash(bytes, idStart, idEnd)), days) === task.shard;
      if (!ours && !plainId(bytes, idStart, idEnd)) alone = false;
      return ours;
    },
    row: (bytes, idStart, idEnd, year, month, day, amount, cost, at) => {
      date.year = year;
      date.month = month;
      date.day = day;
      if (days) return store.queueUnits(bytes, idStart, idEnd, h, dayNumber(date), amount, cost, -1, 0, at);
      if (!groups) return store.queueUnits(bytes, idStart, idEnd, h, periodOf(date, task.periods), amount, cost);
      store.queueUnits(bytes, idStart, idEnd, h, periodOf(date, task.periods), amount, cost, groups.indexOf(bytes, bounds), dateOrder(date));
    },
    // The main thread reads those, and sends this shard's; but it reads simply quoted fields on
    // its fast path, which this thread cannot tell apart: a quote makes the main thread read the
    // file again on one thread.
    slow: (bytes: Buffer) => {
      alone = false;
      quoted ||= bytes.includes(0x22);
    },
  };
  const guard = new MemoryGuard(task.guard.max, task.guard.shared, 1);
  let buffer = Buffer.alloc(CHUNK);
  let carry = 0;
  for (let position = task.start; position < task.size; ) {
    if (carry === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
    const read = readSync(task.fd, buffer, carry, Math.min(buffer.length - carry, task.size - position), position);
    if (read === 0) break;
    position += read;
    const filled = carry + read;
    const end = position >= task.size ? filled : buffer.lastIndexOf(LF, filled - 1) + 1;
    // Line numbers are the main thread's to report; here they only order the customers by days.
    if (end > 0) line = readLogLines(buffer.subarray(0, end), line, task.plan, sink, bounds);
    // The buffer is about to change under the rows queued from it.
    store.flush();
    // Over the bound: stop here; the main thread sees the figures and stops the run with the error.
    if (guard.over(store.tables())) break;
    carry = filled - end;
    buffer.copy(buffer, 0, end, filled);
  }
  return { quoted, alone };
}

/**
 * The shard's summary made as soon as it is read, while the main thread still reads (it checks
 * every line, this thread only its shard's, so it finishes later): the summary the main thread asks
 * for next. Only when no row may follow (`alone`) and the log's days came in order; with no
 * calibration end given, the main thread knows the log's last date only once it has read it all,
 * so T is made from LATER_THAN_ANY_DAY and moved when it asks.
 */
function summarizeEarly(store: DayTally, end: number): { summary: DaySummary; end: number; customers: number } {
  const at = end === Infinity ? LATER_THAN_ANY_DAY : end;
  return { summary: store.summarize(at, true), end: at, customers: store.customers };
}

const port = parentPort;
if (!port) throw new Error("parallel/log-worker.js runs as a worker thread");
const periods = new CustomerPeriods();
/** Per day with a tally: this shard's running summaries (then `periods` stays empty). */
let tally: DayTally | undefined;
/** Whether the log is read by segment (--by): set by the "read" message. */
let segmented = false;
port.on("message", (message: ToShard) => {
  const store = tally ?? periods;
  try {
    if (message.kind === "read") {
      const { task } = message;
      segmented = task.by.length > 0;
      if (task.days && task.tally) tally = new DayTally(task.tally.end, task.tally.holdoutEnd);
      const { quoted, alone } = readShard(task, tally ?? periods);
      // A holdout end comes with a calibration end (ceq value refuses it alone): not summarized
      // early without one, which would need the holdout counted up to a day not known yet.
      const summarize = tally !== undefined && alone && !tally.unordered && !(task.tally!.end === Infinity && task.tally!.holdoutEnd !== undefined);
      // Said first: the main thread reads on meanwhile. The summary follows, moved, not copied,
      // and nothing more is asked of this thread: it stops, and its tables are given back while
      // the main thread still reads. An idle thread collects no garbage: they stayed till the main
      // thread closed it after the merge, and were most of the 10M-row log's peak (docs/clv.md).
      // Node delivers what a worker posted before it exits.
      port.postMessage({ kind: "read", quoted, summarized: summarize });
      if (summarize) {
        const early = summarizeEarly(tally!, task.tally!.end);
        port.postMessage({ kind: "summarized", ...early }, transfers(early.summary));
        process.exit(0);
      }
      return;
    }
    if (message.kind === "cohorts") {
      port.postMessage({ kind: "cohorts", cells: tallyCohorts(periods).cellRows() });
      return;
    }
    if (message.kind === "days") {
      if (tally?.unordered) return port.postMessage({ kind: "days", summary: undefined });
      const summary = tally ? tally.summarize(message.end, true) : summarizeDays(periods, message.end, message.holdoutEnd, true);
      port.postMessage({ kind: "days", summary }, transfers(summary));
      // Nothing more is asked of this store: its tables go before the main thread's fits.
      store.keepIdsOnly();
      return;
    }
    for (const [id, period, amount, cost, nonNegative, group, order, line] of message.rows) {
      const entry = store.entry(id, period, line);
      store.addTo(entry, amount, cost, nonNegative);
      if (group !== undefined) store.setGroup(entry, groupOf(group), order);
    }
    // The count of distinct customers tells the main thread whether any id repeats.
    if (message.kind === "rows") {
      port.postMessage({ kind: "customers", customers: store.customers });
      return;
    }
    // Per group, each named by its key: without --by, one, named "". By segment, a shard that got
    // no row has no group (and no customer): no totals, rather than a group "" no line named.
    const named = segmented ? [...keys.keys()] : [""];
    const totals = classifySegments(periods, message.first, message.last, message.reactivated, named.length);
    port.postMessage({ kind: "totals", totals: totals.map((t, k) => [named[k]!, [...t]]) });
  } catch (error) {
    port.postMessage({ kind: "failure", failure: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
