/**
 * The customer summary of `ceq value --model bgnbd | pareto-nbd` (model/value/summary.ts's counting
 * rules) straight from a log read per customer and day: each reading thread summarizes the
 * customers it holds into typed arrays (the worker's are moved to this thread, not copied), and
 * the parts are merged in the order one thread would have met the customers, their first line,
 * so that two threads give the same figures, to the last bit, as one.
 */
import { add, approximate, decimal, ratio, ZERO, type Decimal } from "../money.js";
import { UNITS_SCALE } from "../model/unit-sums.js";
import type { CustomerColumns, Customers, CustomerSummary, Summary } from "../model/value/summary.js";
import type { CustomerPeriods } from "./customer-periods.js";
import { idTexts, type IdBytes } from "./id-index.js";
import type { TransactionLog } from "./log-options.js";

/** One thread's customers summarized, one element a customer, in the order of its store. */
export interface DaySummary {
  count: number;
  /** Each customer's index in the store: their id is the store's idOf(), or, posted by the
   * worker, whose store is gone by then, made of `ids` (its store's ids as bytes, handed over). */
  customer: Float64Array;
  ids: IdBytes | undefined;
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
  /** Customers with a purchase day in the holdout (none without a holdout end: `holdout` is then left untouched). */
  holdoutCustomers: number;
}

/**
 * Makes a DaySummary of up to n customers, added in the store's order (summarizeDays, and the
 * day tally's summarize): `store` names a customer's id and first line. A customer is added with
 * their repeat days up to the end, the last of them (or the first day), the first day, their
 * repeat days in the holdout, the repeat days' total in whole units and its exact part, and with
 * a holdout end their repeat days up to it.
 */
export function daySummaryOf(n: number, store: { firstLine(customer: number): number; idBytes(): IdBytes }, end: number, withIds: boolean, withDays: boolean) {
  const column = () => new Float64Array(n);
  const [lines, x, txDays, tDays, first, holdout, units, indexes] = [column(), column(), column(), column(), column(), column(), column(), column()];
  const exact: [number, Decimal][] = [];
  const repeatDays: number[][] | undefined = withDays ? [] : undefined;
  let [count, repeatCustomers, holdoutCustomers] = [0, 0, 0];
  return {
    add(customer: number, repeats: number, last: number, day0: number, inHoldout: number, sum: number, exactPart: Decimal | undefined, days: number[] | undefined): void {
      if (repeats > 0) repeatCustomers++;
      const k = count++;
      indexes[k] = customer;
      lines[k] = store.firstLine(customer);
      x[k] = repeats;
      txDays[k] = last - day0;
      tDays[k] = end - day0;
      first[k] = day0;
      // Written only when not 0 (always, without a holdout end): memory never written is never touched.
      if (inHoldout !== 0) {
        holdout[k] = inHoldout;
        holdoutCustomers++;
      }
      units[k] = sum;
      if (exactPart !== undefined) exact.push([k, exactPart]);
      if (repeatDays) repeatDays.push(days ?? []);
    },
    done(): DaySummary {
      // Views, not copies: nearly every customer of a store is summarized.
      const cut = (a: Float64Array) => a.subarray(0, count);
      // The ids as the store holds them, not a string a customer: the worker's 900,000 took 0.4 s to make and post.
      const ids = withIds ? store.idBytes() : undefined;
      return { count, customer: cut(indexes), ids, lines: cut(lines), x: cut(x), txDays: cut(txDays), tDays: cut(tDays), first: cut(first), holdout: cut(holdout), units: cut(units), exact, repeatDays, repeatCustomers, holdoutCustomers };
    },
  };
}

/**
 * The customers whose first purchase day (a day with a row of amount ≥ 0) is on or before `end`,
 * summarized up to `end` as Summarizer does; their purchase days in (end, holdoutEnd] counted too.
 * The repeat days' totals are summed in the store's whole units while they are exact (a safe
 * integer, no exact part in the slot): one Decimal a customer at most, made by mergeDays().
 */
export function summarizeDays(store: CustomerPeriods, end: number, holdoutEnd: number | undefined, withIds = false): DaySummary {
  const summary = daySummaryOf(store.customers, store, end, withIds, holdoutEnd !== undefined);
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
      const slot = store.sums.unitsOf(store.revenueSlot(entries[k]!));
      if (slot !== undefined && Number.isSafeInteger(sum + slot)) sum += slot;
      else exactPart = add(exactPart ?? ZERO, store.revenue(entries[k]!));
    }
    const day0 = days[0];
    if (day0 === undefined || day0 > end) return;
    let [repeats, last] = [0, day0];
    const kept: number[] | undefined = holdoutEnd === undefined ? undefined : [];
    for (let k = 1; k < days.length; k++) {
      const day = days[k]!;
      if (day <= end) {
        repeats++;
        last = day;
      }
      if (kept && day <= holdoutEnd!) kept.push(day);
    }
    summary.add(customer, repeats, last, day0, kept ? kept.length - repeats : 0, sum, exactPart, kept);
  });
  return summary.done();
}

/**
 * A calibration end far after any day (days are within 2^22 of 1970): a worker's summary made
 * before the log's last date is known (see summarizeEarly in parallel/log-worker.ts), every
 * customer's T then this far from their first day. T is a whole number of days, so moving it by
 * the real end's distance from this one gives the same double as summarizing at the real end.
 */
export const LATER_THAN_ANY_DAY = 2 ** 30;

/** A summary made at day `at` as made at `end`: T moved when made at LATER_THAN_ANY_DAY; else `at` must be `end`. */
export function summaryAt(summary: DaySummary, at: number, end: number): DaySummary {
  if (at === LATER_THAN_ANY_DAY) for (let k = 0; k < summary.count; k++) summary.tDays[k] = summary.tDays[k]! - LATER_THAN_ANY_DAY + end;
  else if (at !== end) throw new Error(`the shard was summarized at day ${at}, then asked for day ${end}`);
  return summary;
}

/** The buffers a DaySummary's typed arrays hold: moved, not copied, to the thread it is posted to. */
export function transfers(s: DaySummary): ArrayBuffer[] {
  return [s.customer, s.lines, s.x, s.txDays, s.tDays, s.first, s.holdout, s.units, ...(s.ids ? [s.ids.arena, s.ids.spans] : [])].map((a) => a.buffer as ArrayBuffer);
}

/** A part's customers in ascending order of first line; undefined when the store's order already is. */
function inLineOrder(part: DaySummary): Int32Array | undefined {
  const { lines, count } = part;
  let sorted = true;
  for (let k = 1; k < count && sorted; k++) sorted = lines[k - 1]! <= lines[k]!;
  if (sorted) return undefined;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  return order.sort((a, b) => lines[a]! - lines[b]!);
}

/** Where a part's ids come from, by the customer's index in its store: the store on this thread, or the bytes the worker posted. */
type Ids = { idOf(customer: number): string };

/**
 * A customer of the summary: the figures as numbers, the id and the repeat days' total made only
 * when asked (the top customers, --per-customer), not for each of millions.
 */
class DayCustomer implements CustomerSummary {
  private name: string | undefined;

  constructor(
    readonly x: number,
    readonly txDays: number,
    readonly tDays: number,
    readonly first: number,
    readonly holdout: number,
    /** The repeat days' total in whole units (10^-4), and the part kept exact (see DaySummary). */
    readonly units: number,
    readonly exact: Decimal | undefined,
    private readonly ids: Ids,
    private readonly index: number,
  ) {}

  get id(): string {
    return (this.name ??= this.ids.idOf(this.index));
  }

  get repeatTotal(): Decimal {
    const exact = this.exact ?? ZERO;
    return this.units === 0 ? exact : add(exact, decimal(BigInt(this.units), UNITS_SCALE));
  }
}

/** A repeat total in whole units (10^-4) over x purchases, as a number: two divisions of doubles. */
const UNIT = 10 ** UNITS_SCALE;
const unitsMean = (units: number, x: number): number => units / UNIT / x;

/**
 * A repeat customer's mean repeat spend as a number: approximate(repeatTotal ÷ x), which for a
 * total in whole units alone is (units ÷ 10^4) ÷ x, the same two divisions of the same doubles,
 * without a Decimal.
 */
export function meanSpendOf(c: CustomerSummary): number {
  if (c instanceof DayCustomer && c.exact === undefined) return unitsMean(c.units, c.x);
  return approximate(ratio(c.repeatTotal, decimal(BigInt(c.x)))!);
}

type Part = { summary: DaySummary; ids: Ids };

/** What a merged summary keeps of a part: what a customer's id and repeat total are made from. */
interface Kept {
  units: Float64Array;
  /** The customer's index in the store, by which `ids` names them. */
  customer: Float64Array;
  exact: Map<number, Decimal>;
  ids: Ids;
}

/**
 * The merged customers as a list that makes customer k when asked (the top customers,
 * --per-customer): an object a customer for millions of them cost more in garbage collection
 * than the models' work on them (the models read the summary's columns).
 */
class DayCustomers implements Customers {
  constructor(
    private readonly columns: CustomerColumns,
    private readonly parts: readonly Kept[],
    /** Customer k's part, and their place in it. */
    private readonly partOf: Uint8Array,
    private readonly placeOf: Int32Array,
  ) {}

  get length(): number {
    return this.partOf.length;
  }

  at(k: number): CustomerSummary | undefined {
    if (!(k >= 0 && k < this.partOf.length)) return undefined;
    const part = this.parts[this.partOf[k]!]!;
    const c = this.placeOf[k]!;
    const { x, txDays, tDays, first, holdout } = this.columns;
    return new DayCustomer(x[k]!, txDays[k]!, tDays[k]!, first[k]!, holdout[k]!, part.units[c]!, part.exact.get(c), part.ids, part.customer[c]!);
  }

  *[Symbol.iterator](): Iterator<CustomerSummary> {
    for (let k = 0; k < this.partOf.length; k++) yield this.at(k)!;
  }
}

/**
 * Where each merged customer comes from, in ascending order of first line (the first part's on
 * equal lines): their part, and their place in it.
 */
function lineOrder(parts: readonly DaySummary[], n: number): { partOf: Uint8Array; placeOf: Int32Array } {
  const [partOf, placeOf] = [new Uint8Array(n), new Int32Array(n)];
  // Each part's places in line order (undefined: its own order), and its lines in that order.
  const orders = parts.map((part) => inLineOrder(part));
  const lines = parts.map((part, p) => {
    const order = orders[p];
    return order ? Float64Array.from(order, (c) => part.lines[c]!) : part.lines;
  });
  const counts = parts.map((part) => part.count);
  const at = new Int32Array(parts.length);
  for (let k = 0; k < n; k++) {
    let [from, line] = [-1, 0];
    for (let p = 0; p < parts.length; p++) {
      if (at[p]! >= counts[p]!) continue;
      const next = lines[p]![at[p]!]!;
      if (from === -1 || next < line) [from, line] = [p, next];
    }
    const i = at[from]!++;
    partOf[k] = from;
    placeOf[k] = orders[from]?.[i] ?? i;
  }
  return { partOf, placeOf };
}

/** Each merged customer's figure of a column: `column(part)`'s at their place; on memory shared
 * between threads if `shared` (the spend thread reads x, T and the mean spend without a copy:
 * commands/spend-fit.ts). */
function gathered(parts: readonly DaySummary[], partOf: Uint8Array, placeOf: Int32Array, column: (part: DaySummary) => Float64Array, shared = false): Float64Array {
  const out: Float64Array = shared ? new Float64Array(new SharedArrayBuffer(partOf.length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(partOf.length);
  if (parts.length === 1) {
    const only = column(parts[0]!);
    for (let k = 0; k < out.length; k++) out[k] = only[placeOf[k]!]!;
    return out;
  }
  const of = parts.map(column);
  for (let k = 0; k < out.length; k++) out[k] = of[partOf[k]!]![placeOf[k]!]!;
  return out;
}

/**
 * The parts' customers as one Summary, in ascending order of first line (one part: its order).
 * Of the parts, only what makes a customer's id and total is kept (see Kept). The order is found
 * first, then each column gathered in it: a loop a column (1.6 million customers: 0.3 s merged
 * in one loop over every column, about half in these).
 */
export function mergeDays(parts: readonly Part[]): Summary {
  const summaries = parts.map((p) => p.summary);
  const kept: Kept[] = parts.map(({ summary: s, ids }) => ({ units: s.units, customer: s.customer, exact: new Map(s.exact), ids }));
  const n = summaries.reduce((sum, s) => sum + s.count, 0);
  const { partOf, placeOf } = lineOrder(summaries, n);
  // Without a holdout end every customer's holdout purchases are 0: a column of zeros not gathered.
  const anyHoldout = summaries.some((s) => s.holdoutCustomers > 0);
  const gather = (column: (part: DaySummary) => Float64Array, shared = false) => gathered(summaries, partOf, placeOf, column, shared);
  const columns = { x: gather((s) => s.x, true), txDays: gather((s) => s.txDays), tDays: gather((s) => s.tDays, true), first: gather((s) => s.first), holdout: anyHoldout ? gather((s) => s.holdout) : new Float64Array(n), meanSpend: gather((s) => s.units, true) };
  const customers = new DayCustomers(columns, kept, partOf, placeOf);
  // meanSpendOf() without an object, but for a customer whose total has an exact part: the
  // column holds the repeat days' total in whole units until here.
  const { x: xs, meanSpend } = columns;
  const anyExact = kept.some((part) => part.exact.size > 0);
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    if (x === 0) meanSpend[k] = NaN;
    else if (anyExact && kept[partOf[k]!]!.exact.has(placeOf[k]!)) meanSpend[k] = meanSpendOf(customers.at(k)!);
    else meanSpend[k] = unitsMean(meanSpend[k]!, x);
  }
  const repeatDays: Summary["repeatDays"] = [];
  if (summaries.some((s) => s.repeatDays)) {
    for (let k = 0; k < n; k++) {
      const part = summaries[partOf[k]!]!;
      if (part.repeatDays) repeatDays.push({ first: part.first[placeOf[k]!]!, days: part.repeatDays[placeOf[k]!]! });
    }
  }
  return { customers, columns, repeatCustomers: summaries.reduce((sum, s) => sum + s.repeatCustomers, 0), repeatDays };
}

/** The ids a worker posted, by the customer's index in its store. */
const postedIds = (s: DaySummary): Ids => ({ idOf: idTexts(s.ids!) });

/**
 * The summary of a log read with `days` (see readTransactions): this thread's customers, and the
 * worker's when it holds a shard (asked first, so that both threads summarize at once). After it,
 * this thread's store holds its customers' ids alone (keepIdsOnly): its tables are freed before
 * the fits. Undefined when the log was tallied (read/day-tally.ts) and a customer's rows came out
 * of date order, in either thread: it must then be read again without a tally.
 */
export async function daySummary(read: TransactionLog, end: number, holdoutEnd: number | undefined): Promise<Summary | undefined> {
  const { tally } = read;
  if (tally?.unordered) return undefined;
  const theirs = read.shard?.days(end, holdoutEnd);
  const store = tally ?? read.customers;
  const mine = { summary: tally ? tally.summarize(end) : summarizeDays(read.customers, end, holdoutEnd), ids: store };
  // Summarized: of this thread's tables, only the ids are read from now on.
  store.keepIdsOnly();
  if (!theirs) return mergeDays([mine]);
  const summary = await theirs;
  return summary && mergeDays([mine, { summary, ids: postedIds(summary) }]);
}
