/**
 * Phase exports' customers in their acquisition cohorts, by id: a customer is won in the period
 * of their new row (the first, if several), and active in each period of a new or retained row
 * from then on (churned rows are the absence of activity). A customer with new or retained rows
 * but no new row was won before the exports begin, and is in no cohort: they are counted apart.
 * Pure: rows by period in (model/phase-movements.ts' IdRows), cells out (for cohortsOfCells).
 */
import type { Decimal } from "../money.js";
import { PHASES } from "../schema/row.js";
import type { IdRows } from "./phase-movements.js";
import { UnitSums } from "./unit-sums.js";

const ACQUISITION = PHASES.indexOf("acquisition");
const CHURN = PHASES.indexOf("churn");

export interface PhaseCohortCells {
  /** (cohort, period, customers, revenue): each customer counted once in a period, their rows' revenue added. */
  cells: [number, number, number, Decimal][];
  /** Customers with new or retained rows but no new row. */
  unwon: number;
}

export function phaseCohortCells(rows: IdRows): PhaseCohortCells {
  const customers = rows.customers;
  // Per customer: the period (+ 1; 0: none) they were won in, the last period (+ 1) they were
  // counted in, and whether they have a new or retained row at all.
  const won = new Int32Array(customers);
  const counted = new Int32Array(customers);
  const active = new Uint8Array(customers);
  const keys: [number, number][] = [];
  const counts: number[] = [];
  const revenue = new UnitSums();
  // Periods ascending, so that a customer's cohort is known when their later rows come.
  for (const p of rows.periodsWithRows()) {
    const list = rows.rowsIn(p)!;
    // This period's cell of each cohort.
    const slots = new Map<number, number>();
    for (let i = 0; i < list.length; i++) {
      const c = list.customer(i);
      if (list.phase(i) === ACQUISITION && won[c] === 0) won[c] = p + 1;
    }
    for (let i = 0; i < list.length; i++) {
      if (list.phase(i) === CHURN) continue;
      const c = list.customer(i);
      active[c] = 1;
      if (won[c] === 0) continue;
      let slot = slots.get(won[c]!);
      if (slot === undefined) {
        slots.set(won[c]!, (slot = keys.length));
        keys.push([won[c]! - 1, p]);
        counts.push(0);
        revenue.ensure(slot + 1);
      }
      if (counted[c] !== p + 1) {
        counted[c] = p + 1;
        counts[slot]!++;
      }
      const amount = list.revenue(i);
      if (typeof amount === "number") revenue.addUnits(slot, amount);
      else revenue.add(slot, amount);
    }
  }
  let unwon = 0;
  active.forEach((a, c) => void (a === 1 && won[c] === 0 && unwon++));
  return { cells: keys.map(([cohort, period], slot) => [cohort, period, counts[slot]!, revenue.value(slot)]), unwon };
}
