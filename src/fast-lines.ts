/**
 * The fast path: whole lines with no quote character, whose split on the delimiter is certain.
 * It reads the common shapes of each cell straight from the text (a plain year, a plain amount
 * with up to 4 decimals, a count, an id without surrounding space) and hands anything else to
 * the slow path as fields, where the zod schema reads it or words its error. So both paths
 * accept and reject exactly the same rows; this one just does the common ones without
 * allocating a string per cell.
 */
import { UNIT_SCALE } from "./equity.js";
import { parsePhase, PHASES } from "./schema/row.js";

export interface FastPlan {
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
}

export interface FastSink {
  /** A row read on the fast path: amounts in integer units of 10^-UNIT_SCALE. */
  row(phase: number, year: number, customers: number, revenueUnits: number, costUnits: number, text: string, idStart: number, idEnd: number, line: number): void;
  /** A row the fast path is not sure of, as fields for the slow path. */
  slow(fields: string[], line: number): void;
}

const SCALE = [10 ** UNIT_SCALE, 10 ** (UNIT_SCALE - 1), 10 ** (UNIT_SCALE - 2), 10 ** (UNIT_SCALE - 3), 1];
const MAX_INT_DIGITS = 11; // 10^11 × 10^4 units stays under 2^53

/** A plain non-negative amount in units, or -1 when it is anything else. */
function amountUnits(text: string, start: number, end: number, decimal: number): number {
  let i = start;
  let int = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
  }
  const intDigits = i - start;
  if (intDigits === 0 || intDigits > MAX_INT_DIGITS) return -1;
  if (i === end) return int * SCALE[0]!;
  if (text.charCodeAt(i) !== decimal) return -1;
  i++;
  let frac = 0;
  const fracStart = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    frac = frac * 10 + c;
  }
  const fracDigits = i - fracStart;
  if (fracDigits === 0 || fracDigits > UNIT_SCALE) return -1;
  return int * SCALE[0]! + frac * SCALE[fracDigits]!;
}

/** A four-digit year, or -1. */
function year(text: string, start: number, end: number): number {
  if (end - start !== 4) return -1;
  let y = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    y = y * 10 + c;
  }
  return y;
}

/** A positive count of at most 15 digits, or -1. */
function count(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n > 0 ? n : -1;
}

/** Whether an id cell is certainly read as written: not empty, no space or non-ASCII at its ends. */
function plainId(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(end - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

export class FastLines {
  private readonly bounds: Int32Array;
  private readonly decimal: number;

  constructor(
    private readonly plan: FastPlan,
    private readonly sink: FastSink,
  ) {
    this.bounds = new Int32Array(plan.fields * 2);
    this.decimal = plan.decimal.charCodeAt(0);
  }

  /** Reads a block of whole lines; `line` is the number of its first line. */
  read(text: string, firstLine: number): void {
    const { plan, bounds, sink } = this;
    const delimiter = plan.delimiter;
    let line = firstLine;
    for (let start = 0; start < text.length; line++) {
      let end = text.indexOf("\n", start);
      if (end === -1) end = text.length;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const next = end + 1;
      if (stop === start) {
        start = next;
        continue; // a blank line
      }
      // Field boundaries; a row with another number of fields goes to the slow path (ragged).
      let n = 0;
      let pos = start;
      while (n < plan.fields) {
        let d = text.indexOf(delimiter, pos);
        if (d === -1 || d > stop) d = stop;
        bounds[n * 2] = pos;
        bounds[n * 2 + 1] = d;
        n++;
        if (d === stop) break;
        pos = d + 1;
      }
      if (n !== plan.fields || bounds[n * 2 - 1] !== stop) {
        sink.slow(text.slice(start, stop).split(delimiter), line);
        start = next;
        continue;
      }
      const y = year(text, bounds[plan.year * 2]!, bounds[plan.year * 2 + 1]!);
      const revenue = amountUnits(text, bounds[plan.revenue * 2]!, bounds[plan.revenue * 2 + 1]!, this.decimal);
      let phase = plan.fixedPhase;
      if (phase < 0) {
        const p = parsePhase(text.slice(bounds[plan.phase * 2]!, bounds[plan.phase * 2 + 1]!));
        phase = p === null ? -1 : PHASES.indexOf(p);
      }
      const cost = plan.cost < 0 || phase === 2 ? 0 : amountUnits(text, bounds[plan.cost * 2]!, bounds[plan.cost * 2 + 1]!, this.decimal);
      const customers = plan.count < 0 ? 1 : count(text, bounds[plan.count * 2]!, bounds[plan.count * 2 + 1]!);
      const idStart = plan.id < 0 ? -1 : bounds[plan.id * 2]!;
      const idEnd = plan.id < 0 ? -1 : bounds[plan.id * 2 + 1]!;
      if (y < 0 || revenue < 0 || phase < 0 || cost < 0 || customers < 0 || (idStart >= 0 && !plainId(text, idStart, idEnd))) {
        sink.slow(text.slice(start, stop).split(delimiter), line);
      } else {
        sink.row(phase, y, customers, revenue, cost, text, idStart, idEnd, line);
      }
      start = next;
    }
  }
}
