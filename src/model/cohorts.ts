/**
 * Acquisition cohorts: the customers won in a period, followed through every later one. A cell
 * holds how many of them are active in that period and their revenue there; retention is that
 * count against the cohort's size. Pure: customers' histories in, a table out.
 */
import { add, ZERO, type Decimal } from "../money.js";

export interface CohortCell {
  period: number;
  customers: number;
  /** Their revenue in the period; null when the source has none (a cohorts file without it). */
  revenue: Decimal | null;
}

export interface Cohort {
  /** The period the cohort's customers were won in. */
  period: number;
  /** Its cells from its own period to the table's last, gaps included (0 customers). */
  cells: CohortCell[];
}

export interface CohortTable {
  cohorts: Cohort[];
  /** The last period of the data: every cohort runs to it. */
  last: number;
}

/** A customer's history: the period they were won in, and each period they were active in with their revenue there. */
export interface CustomerHistory {
  cohort: number;
  active: Iterable<readonly [number, Decimal]>;
}

/** Tallies customers into their cohorts, each followed to `last`. */
export function buildCohorts(customers: Iterable<CustomerHistory>, last: number): CohortTable {
  const byCohort = new Map<number, Map<number, { customers: number; revenue: Decimal }>>();
  for (const { cohort, active } of customers) {
    let cells = byCohort.get(cohort);
    if (!cells) byCohort.set(cohort, (cells = new Map()));
    for (const [period, revenue] of active) {
      const cell = cells.get(period);
      if (cell) {
        cell.customers++;
        cell.revenue = add(cell.revenue, revenue);
      } else cells.set(period, { customers: 1, revenue });
    }
  }
  return tableOf(byCohort, last);
}

/** The table from cells already tallied (cohort, period, customers, revenue), as the reading
 * threads tally them; cells of the same cohort and period add up. */
export function cohortsOfCells(cells: Iterable<readonly [number, number, number, Decimal]>, last: number): CohortTable {
  const byCohort = new Map<number, Map<number, { customers: number; revenue: Decimal }>>();
  for (const [cohort, period, customers, revenue] of cells) {
    let held = byCohort.get(cohort);
    if (!held) byCohort.set(cohort, (held = new Map()));
    const cell = held.get(period);
    if (cell) {
      cell.customers += customers;
      cell.revenue = add(cell.revenue, revenue);
    } else held.set(period, { customers, revenue });
  }
  return tableOf(byCohort, last);
}

/** Each cohort followed from its own period to `last`, gaps as 0 customers. */
function tableOf(byCohort: Map<number, Map<number, { customers: number; revenue: Decimal }>>, last: number): CohortTable {
  const cohorts = [...byCohort.keys()].sort((a, b) => a - b).map((period) => {
    const held = byCohort.get(period)!;
    const cells: CohortCell[] = [];
    for (let p = period; p <= last; p++) cells.push({ period: p, customers: held.get(p)?.customers ?? 0, revenue: held.get(p)?.revenue ?? ZERO });
    return { period, cells };
  });
  return { cohorts, last };
}

/** A cohort's size: its customers in its own period. */
export const cohortSize = (cohort: Cohort): number => cohort.cells[0]?.customers ?? 0;

/** Each cohort's survivors from its own period on, for the sBG fit. */
export const survivors = (table: CohortTable): number[][] => table.cohorts.map((c) => c.cells.map((cell) => cell.customers));

/** The first place a cohort grows from one period to the next, if any: survival data never does. */
export function firstGrowth(table: CohortTable): { cohort: number; period: number; before: number; after: number } | undefined {
  for (const cohort of table.cohorts) {
    for (let k = 1; k < cohort.cells.length; k++) {
      const [before, after] = [cohort.cells[k - 1]!.customers, cohort.cells[k]!.customers];
      if (after > before) return { cohort: cohort.period, period: cohort.cells[k]!.period, before, after };
    }
  }
  return undefined;
}

/** Customers active in the last period, by how many periods since they were won ([renewals, customers]). */
export function currentByRenewals(table: CohortTable): [number, number][] {
  return table.cohorts.flatMap((c) => {
    const cell = c.cells[c.cells.length - 1];
    return cell && cell.period === table.last && cell.customers > 0 ? [[table.last - c.period, cell.customers] as [number, number]] : [];
  });
}
