/**
 * From a transaction log's sums per customer and period to the phases, pure: no I/O.
 *
 * A customer is active in a period when one of their rows there has an amount ≥ 0. Then they are
 * new (active in no earlier period), retained (active in the period before), or reactivated
 * (active earlier, but not in the period before: won back, counted as acquisition unless
 * `reactivated: "retention"`). A customer active in a period and not in the next is churned in
 * the next, with the revenue of the period before. Rows of a customer who is not active in a
 * period (refunds only) go to that period's inactive amounts, so that in every period
 * acquisition + retention + inactive revenue = the sum of all amounts.
 */
import { type PhaseTotals, type YearTotals } from "../equity.js";
import { add, ZERO, type Decimal } from "../money.js";

/** A customer's rows in one period: their amounts and costs summed, and whether any was ≥ 0. */
export interface PeriodSums {
  revenue: Decimal;
  cost: Decimal;
  active: boolean;
}

/** A customer's periods, in any order. */
export type History = ReadonlyMap<number, PeriodSums>;

export type Reactivated = "acquisition" | "retention";

export interface PeriodTotals {
  phases: YearTotals;
  /** Customers won back, counted in the phase `reactivated` names. */
  reactivated: number;
  /** Customers with rows but not active (refunds only), with those rows' sums. */
  inactive: PhaseTotals;
}

const emptyTotals = (): PhaseTotals => ({ customers: 0, revenue: ZERO, cost: ZERO });

export function emptyPeriod(): PeriodTotals {
  return { phases: { acquisition: emptyTotals(), retention: emptyTotals(), churn: emptyTotals() }, reactivated: 0, inactive: emptyTotals() };
}

function count(into: PhaseTotals, revenue: Decimal, cost: Decimal): void {
  into.customers++;
  into.revenue = add(into.revenue, revenue);
  into.cost = add(into.cost, cost);
}

/** What a customer is in a period: the class their rows go to there. */
export type CustomerClass = "new" | "retained" | "reactivated" | "churned" | "inactive";

/**
 * Walks one customer's history: `visit` is called for every period they have rows in (with the
 * class and those rows' sums) and for every period they churn in (with the revenue of the period
 * before, and no cost). `last` is the log's last period: nobody churns after it.
 */
export function classifyHistory(history: History, last: number, visit: (period: number, kind: CustomerClass, revenue: Decimal, cost: Decimal) => void): void {
  const order = [...history.keys()].sort((a, b) => a - b);
  let everActive = false;
  for (const p of order) {
    const sums = history.get(p)!;
    if (!sums.active) {
      visit(p, "inactive", sums.revenue, sums.cost);
      continue;
    }
    visit(p, history.get(p - 1)?.active ? "retained" : everActive ? "reactivated" : "new", sums.revenue, sums.cost);
    everActive = true;
    // Active now and not in the next period (within the log): churned there, with this revenue.
    if (p < last && !history.get(p + 1)?.active) visit(p + 1, "churned", sums.revenue, ZERO);
  }
}

/**
 * The totals of every period from `first` to `last` (gaps included), classifying each customer's
 * history. Periods are consecutive integers (see schema/period.ts).
 */
export function classify(histories: Iterable<History>, first: number, last: number, reactivated: Reactivated = "acquisition"): Map<number, PeriodTotals> {
  const periods = new Map<number, PeriodTotals>();
  for (let p = first; p <= last; p++) periods.set(p, emptyPeriod());
  for (const history of histories) {
    classifyHistory(history, last, (p, kind, revenue, cost) => {
      const totals = periods.get(p)!;
      if (kind === "reactivated") totals.reactivated++;
      const into = kind === "inactive" ? totals.inactive : kind === "churned" ? totals.phases.churn : totals.phases[kind === "retained" ? "retention" : kind === "new" ? "acquisition" : reactivated];
      count(into, revenue, cost);
    });
  }
  return periods;
}
