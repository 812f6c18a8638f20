/**
 * The customer summary the non-contractual models are fitted on, from each customer's purchase
 * days: x = repeat purchases (distinct purchase days after the first), t_x = time from the first
 * purchase to the last, T = time from the first purchase to the end of the calibration period,
 * and the total of the repeat days (whose mean is the spend Gamma-Gamma models). These are the
 * counting rules of Fader, Hardie & Lee 2005 ("Counting your customers the easy way", section 4:
 * CDNOW, repeat purchases counted per day, time in weeks) and of lifetimes'
 * summary_data_from_transaction_data. Pure: days are whole numbers (days since 1970-01-01).
 */
import { add, approximate, decimal, ratio, ZERO, type Decimal } from "../../money.js";
import { distinctOnGrid, distinctSorted, tallyWhole } from "./distinct.js";
import { thinStep } from "./fit.js";
import { plainInt32, type Int32Of } from "../typed-arrays.js";

export const TIME_UNITS = ["day", "week", "month"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Days per unit; a month is a twelfth of the mean Gregorian year, so that months are all alike. */
export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12 };

/** One year in units: the default horizon (52 weeks as in the issue, 365 days, 12 months). */
export const YEAR_UNITS: Record<TimeUnit, number> = { day: 365, week: 52, month: 12 };

/** A customer's purchase days, ascending, and each day's total (or, already summed, the calibration's repeat days' total). */
export interface CustomerDays {
  id: string;
  days: readonly number[];
  totals?: readonly Decimal[];
  repeatTotal?: Decimal;
}

export interface CustomerSummary {
  id: string;
  x: number;
  /** In days: t_x and T in units are these ÷ UNIT_DAYS. */
  txDays: number;
  tDays: number;
  /** The first purchase day. */
  first: number;
  /** The repeat days' total: the mean spend is this ÷ x. */
  repeatTotal: Decimal;
  /** Purchase days after the calibration end, up to the holdout end (0 without one). */
  holdout: number;
}

/** Customers with the same (x, t_x, T): the likelihoods are sums over these, weighted by count. */
export interface Triple {
  x: number;
  tx: number;
  T: number;
  count: number;
}

/** The distinct (x, t_x, T) as columns, t_x and T in units, with how many customers share each:
 * what a log's millions of customers give the fits (an object a triple cost more than the fit). */
export interface TripleColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  count: Float64Array;
  /** When t_x and T are whole days divided by this (the time unit's days): see indexTriples. */
  unitDays?: number;
}

/** The customers' x, t_x and T in days as typed arrays, in the customers' order. */
export interface SummaryColumns {
  x: Float64Array;
  txDays: Float64Array;
  tDays: Float64Array;
}

/** Every figure the models read of each customer, as columns: no object a customer. */
export interface CustomerColumns extends SummaryColumns {
  first: Float64Array;
  holdout: Float64Array;
  /** The mean of the repeat days' totals as a number, approximate(repeatTotal ÷ x); NaN when x = 0. */
  meanSpend: Float64Array;
}

/** The customers in order: an array, or a list that makes customer k when asked (read/day-summary.ts). */
export interface Customers extends Iterable<CustomerSummary> {
  readonly length: number;
  at(index: number): CustomerSummary | undefined;
}

export interface Summary {
  customers: Customers;
  columns: CustomerColumns;
  repeatCustomers: number;
  /** With a holdout end: each customer's repeat purchase days up to it, ascending, beside their first day (for the tracking table). */
  repeatDays: { first: number; days: number[] }[];
}

/** A repeat customer's mean repeat spend as a number; NaN for one without a repeat purchase. */
export const meanSpend = (c: CustomerSummary): number => (c.x === 0 ? NaN : approximate(ratio(c.repeatTotal, decimal(BigInt(c.x)))!));

/**
 * Customers whose first purchase is on or before `end`, summarized up to `end` (inclusive);
 * with `holdoutEnd`, their purchase days in (end, holdoutEnd] are counted too. Customers are
 * added one at a time and their days not kept (but for the holdout's tracking table), so that a
 * log's store can hand them over with arrays it reuses.
 */
export class Summarizer {
  private readonly out: CustomerSummary[] = [];
  private readonly repeatDays: Summary["repeatDays"] = [];
  private repeatCustomers = 0;

  constructor(
    private readonly end: number,
    private readonly holdoutEnd?: number,
  ) {}

  add({ id, days, totals, repeatTotal: summed }: CustomerDays): void {
    const { end, holdoutEnd } = this;
    const first = days[0];
    if (first === undefined || first > end) return;
    let x = 0;
    let last = first;
    let repeatTotal = summed ?? ZERO;
    const repeats: number[] | undefined = holdoutEnd === undefined ? undefined : [];
    for (let k = 1; k < days.length; k++) {
      const day = days[k]!;
      if (day <= end) {
        x++;
        last = day;
        if (summed === undefined) repeatTotal = add(repeatTotal, totals![k]!);
      }
      if (repeats && day <= holdoutEnd!) repeats.push(day);
    }
    if (x > 0) this.repeatCustomers++;
    this.out.push({ id, x, txDays: last - first, tDays: end - first, first, repeatTotal, holdout: repeats ? repeats.length - x : 0 });
    if (repeats) this.repeatDays.push({ first, days: repeats });
  }

  result(): Summary & { customers: CustomerSummary[] } {
    return { customers: this.out, columns: customerColumns(this.out), repeatCustomers: this.repeatCustomers, repeatDays: this.repeatDays };
  }
}

export function summarize(customers: Iterable<CustomerDays>, end: number, holdoutEnd?: number): Summary & { customers: CustomerSummary[] } {
  const summarizer = new Summarizer(end, holdoutEnd);
  for (const c of customers) summarizer.add(c);
  return summarizer.result();
}

/**
 * The distinct (x, t_x, T) in units, with how many customers share each, ascending by x, then t_x,
 * then T: an order that does not depend on the customers' (so neither on how the log was split
 * between threads). Keyed by one whole number, (x × (longest t_x + 1) + t_x) × (longest T + 1) + T
 * in days, sorted by its digits (distinct.ts), not by nested Maps (millions of customers); a key
 * above 2^53 (a log of centuries and millions of purchases each) falls back to a Map keyed by
 * strings.
 */
export function triples(customers: readonly CustomerSummary[], unit: TimeUnit): Triple[] {
  const t = triplesOf(columnsOf(customers), unit);
  return Array.from(t.x, (x, k) => ({ x, tx: t.tx[k]!, T: t.T[k]!, count: t.count[k]! }));
}

/** Triples as columns, given as objects or as columns already. */
export function tripleColumns(data: readonly Triple[] | TripleColumns): TripleColumns {
  if ((data as TripleColumns).x instanceof Float64Array) return data as TripleColumns;
  const rows = data as readonly Triple[];
  const n = rows.length;
  const out = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), count: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const d = rows[k]!;
    [out.x[k], out.tx[k], out.T[k], out.count[k]] = [d.x, d.tx, d.T, d.count];
  }
  return out;
}

/**
 * Every k-th triple with its count times k, k such that about `size` are left (fit.ts' thin(),
 * on columns): the sample a fit starts from.
 */
export function thinTriples(data: TripleColumns, size: number): { triples: TripleColumns; every: number } {
  const n = data.x.length;
  const every = thinStep(n, size);
  const m = Math.ceil(n / every);
  const out = { x: new Float64Array(m), tx: new Float64Array(m), T: new Float64Array(m), count: new Float64Array(m) };
  for (let j = 0; j < m; j++) {
    const k = j * every;
    [out.x[j], out.tx[j], out.T[j], out.count[j]] = [data.x[k]!, data.tx[k]!, data.T[k]!, data.count[k]! * every];
  }
  return { triples: out, every };
}

/** The customers' figures as columns. */
export function columnsOf(customers: readonly CustomerSummary[]): SummaryColumns {
  const n = customers.length;
  const [x, txDays, tDays] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let k = 0; k < n; k++) {
    const c = customers[k]!;
    [x[k], txDays[k], tDays[k]] = [c.x, c.txDays, c.tDays];
  }
  return { x, txDays, tDays };
}

/** Every figure of the customers as columns. */
export function customerColumns(customers: readonly CustomerSummary[]): CustomerColumns {
  const n = customers.length;
  const [first, holdout, mean] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let k = 0; k < n; k++) {
    const c = customers[k]!;
    [first[k], holdout[k], mean[k]] = [c.first, c.holdout, meanSpend(c)];
  }
  return { ...columnsOf(customers), first, holdout, meanSpend: mean };
}

/**
 * triples() from columns: one whole-number key a customer, (x × (longest t_x + 1) + t_x) ×
 * (longest T + 1) + T in days, from typed arrays; the distinct keys sorted and counted
 * (tallyWhole), each taken apart again into its x, t_x and T.
 */
export function triplesOf(columns: SummaryColumns, unit: TimeUnit): TripleColumns {
  const u = UNIT_DAYS[unit];
  const { x, txDays, tDays } = columns;
  const n = x.length;
  let [spanTx, spanT, top] = [1, 1, 0];
  for (let k = 0; k < n; k++) {
    if (txDays[k]! >= spanTx) spanTx = txDays[k]! + 1;
    if (tDays[k]! >= spanT) spanT = tDays[k]! + 1;
    if (x[k]! > top) top = x[k]!;
  }
  const perX = spanTx * spanT;
  if ((top + 1) * perX >= 2 ** 53) return triplesByText(columns, u);
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = (x[k]! * spanTx + txDays[k]!) * spanT + tDays[k]!;
  const { values, count } = tallyWhole(keys, (top + 1) * perX - 1);
  const m = values.length;
  // T takes each key's place once the key is read: no third column made.
  const out = { x: new Float64Array(m), tx: new Float64Array(m), T: values, count, unitDays: u };
  for (let j = 0; j < m; j++) {
    const key = values[j]!;
    // Exact: key ÷ perX is at most q + 1 − 1/perX for a whole part q, and (q + 1) × perX < 2^53
    // keeps 1/perX above half a double's spacing there, so it never rounds up to q + 1. The same
    // for rest ÷ spanT, as (t_x + 1) × spanT ≤ perX.
    const xj = Math.floor(key / perX);
    const rest = key - xj * perX;
    const tx = Math.floor(rest / spanT);
    out.x[j] = xj;
    out.tx[j] = tx / u;
    out.T[j] = (rest - tx * spanT) / u;
  }
  return out;
}

/** triplesOf() for keys past 2^53: a Map by text, its triples then put in the same order, ascending (x, t_x, T). */
function triplesByText({ x, txDays, tDays }: SummaryColumns, u: number): TripleColumns {
  const byKey = new Map<string, Triple & { txDays: number; tDays: number }>();
  for (let k = 0; k < x.length; k++) {
    const key = `${x[k]!}:${txDays[k]!}:${tDays[k]!}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { x: x[k]!, tx: txDays[k]! / u, T: tDays[k]! / u, count: 1, txDays: txDays[k]!, tDays: tDays[k]! });
  }
  const sorted = [...byKey.values()].sort((a, b) => a.x - b.x || a.txDays - b.txDays || a.tDays - b.tDays);
  return tripleColumns(sorted.map(({ x, tx, T, count }) => ({ x, tx, T, count })));
}

/**
 * Triples as indices into their distinct x, t_x and T values, so that a likelihood computes what
 * depends on one of them (ln Γ(r + x), ln(α + T), …) once per value and not once per triple.
 */
export interface IndexedTriples {
  xs: Float64Array;
  txs: Float64Array;
  Ts: Float64Array;
  x: Int32Array;
  tx: Int32Array;
  T: Int32Array;
  count: Float64Array;
}

export function indexTriples(data: readonly Triple[] | TripleColumns, int32: Int32Of = plainInt32): IndexedTriples {
  const t = tripleColumns(data);
  // x counts purchases; t_x and T, made from whole days, are placed by their days, not hashed.
  const sorted = (column: Float64Array, per: number | undefined) => (per === undefined ? undefined : distinctOnGrid(column, per, int32)) ?? distinctSorted(column, int32);
  const [x, tx, T] = [sorted(t.x, 1), sorted(t.tx, t.unitDays), sorted(t.T, t.unitDays)];
  return { xs: x.values, txs: tx.values, Ts: T.values, x: x.index, tx: tx.index, T: T.index, count: t.count };
}
