/**
 * Each customer's exact sums per period, compact: memory grows with distinct customer-periods,
 * not with rows. A customer is found by their id's bytes themselves (IdIndex: two ids are never
 * merged); their periods form a chain of entries in typed arrays, most recent first; the amounts
 * sit in UnitSums slots (revenue at 2 × entry, cost at 2 × entry + 1).
 */
import { PeriodAccumulator, classifyHistory, type PeriodTotals, type Reactivated } from "../model/classify.js";
import type { Decimal } from "../money.js";
import { UnitSums } from "../unit-sums.js";
import { IdIndex } from "./id-index.js";

/** A customer's periods in ascending order, their activity, and each one's entry. */
export interface CustomerHistory {
  id: string;
  periods: number[];
  active: boolean[];
  entries: number[];
}

export class CustomerPeriods {
  private readonly ids = new IdIndex();
  /** The customer's most recent entry (-1: none). */
  private head = new Int32Array(1024).fill(-1);
  private period = new Int32Array(1024);
  private next = new Int32Array(1024);
  private activity = new Uint8Array(1024);
  private entryCount = 0;
  readonly sums = new UnitSums(2048);

  get customers(): number {
    return this.ids.size;
  }

  /** The entry of a customer's period, made when new; the customer is named by their id's UTF-8 bytes. */
  entryOf(bytes: Uint8Array, start: number, end: number, period: number): number {
    return this.entryAt(this.ids.indexOf(bytes, start, end), period);
  }

  /** The entry of a customer's period, the customer named by their id as text. */
  entry(id: string, period: number): number {
    return this.entryAt(this.ids.indexOfText(id), period);
  }

  private entryAt(customer: number, period: number): number {
    if (customer >= this.head.length) this.head = grown(this.head, customer + 1, -1);
    for (let e = this.head[customer]!; e !== -1; e = this.next[e]!) if (this.period[e] === period) return e;
    const e = this.entryCount++;
    if (e >= this.period.length) {
      this.period = grown(this.period, e + 1);
      this.next = grown(this.next, e + 1);
      this.activity = grown(this.activity, e + 1);
    }
    this.sums.ensure(2 * e + 2);
    this.period[e] = period;
    this.next[e] = this.head[customer]!;
    this.head[customer] = e;
    return e;
  }

  /** Adds a plain row's whole units to an entry. */
  addUnits(entry: number, amount: number, cost: number): void {
    this.sums.addUnits(2 * entry, amount);
    if (cost !== 0) this.sums.addUnits(2 * entry + 1, cost);
    if (amount >= 0) this.activity[entry] = 1;
  }

  /** Adds a row: its amount and cost (whole units, or exact decimals), and whether the amount is ≥ 0. */
  add(id: string, period: number, amount: number | Decimal, cost: number | Decimal, nonNegative: boolean): void {
    const e = this.entry(id, period);
    if (typeof amount === "number") this.sums.addUnits(2 * e, amount);
    else this.sums.add(2 * e, amount);
    if (typeof cost === "number") {
      if (cost !== 0) this.sums.addUnits(2 * e + 1, cost);
    } else this.sums.add(2 * e + 1, cost);
    if (nonNegative) this.activity[e] = 1;
  }

  revenue(entry: number): Decimal {
    return this.sums.value(2 * entry);
  }

  cost(entry: number): Decimal {
    return this.sums.value(2 * entry + 1);
  }

  /** Calls `visit` for every customer with their periods in ascending order (the arrays are reused). */
  forEach(visit: (history: CustomerHistory) => void): void {
    const history: CustomerHistory = { id: "", periods: [], active: [], entries: [] };
    for (let c = 0; c < this.ids.size; c++) {
      history.id = this.ids.idOf(c);
      history.entries.length = 0;
      for (let e = this.head[c]!; e !== -1; e = this.next[e]!) history.entries.push(e);
      // The chain is most recent first as rows came; rows come in any order, so sort (few periods a customer).
      history.entries.sort((a, b) => this.period[a]! - this.period[b]!);
      history.periods.length = 0;
      history.active.length = 0;
      for (const e of history.entries) {
        history.periods.push(this.period[e]!);
        history.active.push(this.activity[e] === 1);
      }
      visit(history);
    }
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, size: number, fill = 0): T {
  let capacity = array.length;
  while (capacity < size) capacity *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}

/** Moves a UnitSums slot's value into another's, in units while it has no exact part. */
function move(from: UnitSums, fromSlot: number, to: UnitSums, toSlot: number): void {
  const units = from.unitsOf(fromSlot);
  if (units === undefined) to.add(toSlot, from.value(fromSlot));
  else if (units !== 0) to.addUnits(toSlot, units);
}

/** Every period's totals, from the first to the last, classifying each customer (see classifyHistory). */
export function classifyCustomers(store: CustomerPeriods, first: number, last: number, reactivated: Reactivated): Map<number, PeriodTotals> {
  const totals = new PeriodAccumulator(first, last);
  store.forEach(({ periods, active, entries }) => {
    classifyHistory(periods, active, last, (period, kind, at) => {
      const slot = totals.countIn(period, kind);
      const entry = entries[at]!;
      move(store.sums, 2 * entry, totals.sums, 2 * slot);
      if (kind !== "churned") move(store.sums, 2 * entry + 1, totals.sums, 2 * slot + 1);
    });
  });
  return totals.totals(reactivated);
}
