/**
 * The customer summary of `ceq value --model bgnbd | pareto-nbd` (model/value/summary.ts's counting
 * rules) straight from a log read per customer and day: each reading thread summarizes the
 * customers it holds into typed arrays (the worker's are moved to this thread, not copied), and
 * the parts are merged in the order one thread would have met the customers, their first line,
 * so that two threads give the same figures, to the last bit, as one.
 */
import { add, decimal, ZERO, type Decimal } from "../money.js";
import { UNITS_SCALE } from "../model/unit-sums.js";
import type { CustomerSummary, Summary } from "../model/value/summary.js";
import type { CustomerPeriods } from "./customer-periods.js";
import type { TransactionLog } from "./transactions.js";

/** One thread's customers summarized, one element a customer, in the order of its store. */
export interface DaySummary {
  count: number;
  ids: string[];
  /** Each customer's first line (Infinity when the store kept none: one thread). */
  lines: Float64Array;
  x: Float64Array;
  txDays: Float64Array;
  tDays: Float64Array;
  first: Float64Array;
  holdout: Float64Array;
  /** The calibration's repeat days' total in whole units (10^-4), but for a part kept exact. */
  units: Float64Array;
  /** The exact parts: [customer, amount], for the slots that hold one or would pass 2^53 units. */
  exact: [number, Decimal][];
  /** With a holdout end: each customer's repeat days up to it. */
  repeatDays: number[][] | undefined;
  repeatCustomers: number;
}

/**
 * The customers whose first purchase day (a day with a row of amount ≥ 0) is on or before `end`,
 * summarized up to `end` as Summarizer does; their purchase days in (end, holdoutEnd] counted too.
 * The repeat days' totals are summed in the store's whole units while they are exact (a safe
 * integer, no exact part in the slot): one Decimal a customer at most, made by mergeDays().
 */
export function summarizeDays(store: CustomerPeriods, end: number, holdoutEnd: number | undefined): DaySummary {
  const n = store.customers;
  const column = () => new Float64Array(n);
  const [lines, x, txDays, tDays, first, holdout, units] = [column(), column(), column(), column(), column(), column(), column()];
  const ids: string[] = [];
  const exact: [number, Decimal][] = [];
  const repeatDays: number[][] | undefined = holdoutEnd === undefined ? undefined : [];
  let [count, repeatCustomers] = [0, 0];
  const days: number[] = [];
  store.forEach(({ customer, periods, active, entries }) => {
    days.length = 0;
    let sum = 0;
    let exactPart: Decimal | undefined;
    for (let k = 0; k < periods.length; k++) {
      if (!active[k]) continue;
      days.push(periods[k]!);
      // Only the calibration's repeat days are summed: the rest are never read.
      if (periods[k]! > end || days.length === 1) continue;
      const slot = store.sums.unitsOf(2 * entries[k]!);
      if (slot !== undefined && Number.isSafeInteger(sum + slot)) sum += slot;
      else exactPart = add(exactPart ?? ZERO, store.revenue(entries[k]!));
    }
    const day0 = days[0];
    if (day0 === undefined || day0 > end) return;
    let [repeats, last] = [0, day0];
    const kept: number[] | undefined = repeatDays && [];
    for (let k = 1; k < days.length; k++) {
      const day = days[k]!;
      if (day <= end) {
        repeats++;
        last = day;
      }
      if (kept && day <= holdoutEnd!) kept.push(day);
    }
    if (repeats > 0) repeatCustomers++;
    const c = count++;
    ids.push(store.idOf(customer));
    lines[c] = store.firstLine(customer);
    x[c] = repeats;
    txDays[c] = last - day0;
    tDays[c] = end - day0;
    first[c] = day0;
    holdout[c] = kept ? kept.length - repeats : 0;
    units[c] = sum;
    if (exactPart !== undefined) exact.push([c, exactPart]);
    if (kept) repeatDays!.push(kept);
  });
  const cut = (a: Float64Array) => a.slice(0, count);
  return { count, ids, lines: cut(lines), x: cut(x), txDays: cut(txDays), tDays: cut(tDays), first: cut(first), holdout: cut(holdout), units: cut(units), exact, repeatDays, repeatCustomers };
}

/** The buffers a DaySummary's typed arrays hold: moved, not copied, to the thread it is posted to. */
export function transfers(s: DaySummary): ArrayBuffer[] {
  return [s.lines, s.x, s.txDays, s.tDays, s.first, s.holdout, s.units].map((a) => a.buffer as ArrayBuffer);
}

/** A part's customers in ascending order of first line (the store's order when it already is). */
function inLineOrder(part: DaySummary): ArrayLike<number> {
  const { lines, count } = part;
  let sorted = true;
  for (let k = 1; k < count && sorted; k++) sorted = lines[k - 1]! <= lines[k]!;
  const order = Array.from({ length: count }, (_, k) => k);
  return sorted ? order : order.sort((a, b) => lines[a]! - lines[b]!);
}

/** The parts' customers as one Summary, in ascending order of first line (one part: its order). */
export function mergeDays(parts: readonly DaySummary[]): Summary {
  const orders = parts.map(inLineOrder);
  const exacts = parts.map((p) => new Map(p.exact));
  const at = parts.map(() => 0);
  const customers: CustomerSummary[] = [];
  const repeatDays: Summary["repeatDays"] = [];
  for (;;) {
    let from = -1;
    for (let p = 0; p < parts.length; p++) {
      if (at[p]! >= parts[p]!.count) continue;
      if (from === -1 || parts[p]!.lines[orders[p]![at[p]!]!]! < parts[from]!.lines[orders[from]![at[from]!]!]!) from = p;
    }
    if (from === -1) break;
    const part = parts[from]!;
    const c = orders[from]![at[from]!++]!;
    const exact = exacts[from]!.get(c) ?? ZERO;
    const units = part.units[c]!;
    const repeatTotal = units === 0 ? exact : add(exact, decimal(BigInt(units), UNITS_SCALE));
    customers.push({ id: part.ids[c]!, x: part.x[c]!, txDays: part.txDays[c]!, tDays: part.tDays[c]!, first: part.first[c]!, repeatTotal, holdout: part.holdout[c]! });
    if (part.repeatDays) repeatDays.push({ first: part.first[c]!, days: part.repeatDays[c]! });
  }
  return { customers, repeatCustomers: parts.reduce((sum, p) => sum + p.repeatCustomers, 0), repeatDays };
}

/**
 * The summary of a log read with `days` (see readTransactions): this thread's customers, and the
 * worker's when it holds a shard (asked first, so that both threads summarize at once).
 */
export async function daySummary(read: TransactionLog, end: number, holdoutEnd: number | undefined): Promise<Summary> {
  const theirs = read.shard?.days(end, holdoutEnd);
  const mine = summarizeDays(read.customers, end, holdoutEnd);
  return mergeDays(theirs ? [mine, await theirs] : [mine]);
}
