/**
 * Acquisition cohorts tallied straight from the reading's table of customer periods
 * (CustomerPeriods): a cell per cohort and period, its customers and their revenue, and nothing
 * per customer. Each reading thread tallies its own customers (a customer is on one thread only),
 * and the cells of the threads add up.
 */
import type { Decimal } from "../money.js";
import { UnitSums } from "../model/unit-sums.js";
import type { CustomerPeriods } from "./customer-periods.js";

/** A cell as plain data, so that a worker can post it: cohort, period, customers, revenue. */
export type CohortCellRow = [cohort: number, period: number, customers: number, revenue: Decimal];

export class CohortTally {
  /** Per cohort, its cells' slots by period − cohort (-1: none yet). */
  private readonly rows = new Map<number, number[]>();
  private readonly cells: [number, number][] = [];
  private counts = new Int32Array(64);
  private readonly sums = new UnitSums(64);

  private slot(cohort: number, period: number): number {
    let row = this.rows.get(cohort);
    if (!row) this.rows.set(cohort, (row = []));
    const at = period - cohort;
    while (row.length <= at) row.push(-1);
    let slot = row[at]!;
    if (slot === -1) {
      slot = row[at] = this.cells.length;
      this.cells.push([cohort, period]);
      if (slot >= this.counts.length) {
        const bigger = new Int32Array(2 * this.counts.length);
        bigger.set(this.counts);
        this.counts = bigger;
      }
      this.sums.ensure(slot + 1);
    }
    return slot;
  }

  /** Counts one customer in a cell, with their revenue there (whole units, or an exact decimal). */
  add(cohort: number, period: number, revenue: number | Decimal): void {
    const slot = this.slot(cohort, period);
    this.counts[slot]!++;
    if (typeof revenue === "number") {
      if (revenue !== 0) this.sums.addUnits(slot, revenue);
    } else this.sums.add(slot, revenue);
  }

  /** Adds cells tallied elsewhere (another thread's). */
  merge(rows: readonly CohortCellRow[]): void {
    for (const [cohort, period, customers, revenue] of rows) {
      const slot = this.slot(cohort, period);
      this.counts[slot]! += customers;
      this.sums.add(slot, revenue);
    }
  }

  /** Every cell with a customer, as plain data. */
  cellRows(): CohortCellRow[] {
    return this.cells.map(([cohort, period], slot) => [cohort, period, this.counts[slot]!, this.sums.value(slot)]);
  }
}

/**
 * A store's customers in their cohorts: a customer's cohort is the first period they were active
 * in (refunds alone make no one active), and they count in each later period they were active in,
 * with their revenue there.
 */
export function tallyCohorts(store: CustomerPeriods, into = new CohortTally()): CohortTally {
  const sums = store.sums;
  store.forEach(({ periods, active, entries }) => {
    const first = active.indexOf(true);
    if (first === -1) return;
    const cohort = periods[first]!;
    for (let k = first; k < periods.length; k++) {
      if (!active[k]) continue;
      const slot = store.revenueSlot(entries[k]!);
      into.add(cohort, periods[k]!, sums.unitsOf(slot) ?? sums.value(slot));
    }
  });
  return into;
}
