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
import { type PhaseTotals, type YearTotals } from "./equity.js";
import { add, decimal, isNegative, isZero, negate, subtract, ZERO, type Decimal } from "../money.js";
import { UNITS_SCALE, UnitSums } from "./unit-sums.js";

const units = (n: number): Decimal => decimal(BigInt(n), UNITS_SCALE);

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
  /** By segment: retained customers who came from another segment, and who left this one for another. */
  movedIn: number;
  movedOut: number;
  /** What the revenue movements are made of (see model/movements.ts). */
  flows: PeriodFlows;
}

/**
 * A period's revenue by how each customer came to be active, and the customers active in the
 * period before followed into this one: `kept` is their revenue here (0 for those who left),
 * `expansion` and `contraction` the sums of their increases and decreases against the period
 * before. kept, expansion and contraction are counted in the segment of the period before, the
 * one whose customers they follow.
 */
export interface PeriodFlows {
  newRevenue: Decimal;
  reactivatedRevenue: Decimal;
  reactivatedCost: Decimal;
  kept: Decimal;
  expansion: Decimal;
  contraction: Decimal;
}

export const emptyFlows = (): PeriodFlows => ({ newRevenue: ZERO, reactivatedRevenue: ZERO, reactivatedCost: ZERO, kept: ZERO, expansion: ZERO, contraction: ZERO });

const emptyTotals = (): PhaseTotals => ({ customers: 0, revenue: ZERO, cost: ZERO });

export function emptyPeriod(): PeriodTotals {
  return { phases: { acquisition: emptyTotals(), retention: emptyTotals(), churn: emptyTotals() }, reactivated: 0, inactive: emptyTotals(), movedIn: 0, movedOut: 0, flows: emptyFlows() };
}

/** What a customer is in a period: the class their rows go to there. */
export type CustomerClass = "new" | "retained" | "reactivated" | "churned" | "inactive";
const CLASSES: readonly CustomerClass[] = ["new", "retained", "reactivated", "churned", "inactive"];

/**
 * Walks one customer's history, given as their periods in ascending order and whether they were
 * active in each: `visit` is called for every period they have rows in, with its class and the
 * index of that period in the arrays, and for every period they churn in, with the index of the
 * period before (whose revenue is the churned revenue; churned customers carry no cost). `last`
 * is the log's last period: nobody churns after it.
 */
export function classifyHistory(periods: readonly number[], active: readonly boolean[], last: number, visit: (period: number, kind: CustomerClass, at: number) => void): void {
  let everActive = false;
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    if (!active[i]) {
      visit(p, "inactive", i);
      continue;
    }
    const activeBefore = i > 0 && periods[i - 1] === p - 1 && active[i - 1]!;
    visit(p, activeBefore ? "retained" : everActive ? "reactivated" : "new", i);
    everActive = true;
    const activeNext = i + 1 < periods.length && periods[i + 1] === p + 1 && active[i + 1]!;
    if (p < last && !activeNext) visit(p + 1, "churned", i);
  }
}

/**
 * Per period and class: a count, and revenue and cost summed exactly (in UnitSums), from the
 * first period to the last.
 */
export class PeriodAccumulator {
  private readonly counts: Float64Array;
  /** Per period: customers who moved in from another segment, and out to another. */
  private readonly moves: Float64Array;
  readonly sums: UnitSums;
  /** Per period: kept revenue, expansion and contraction (see PeriodFlows). */
  private readonly followed: UnitSums;

  constructor(
    private readonly first: number,
    private readonly last: number,
  ) {
    const slots = (last - first + 1) * CLASSES.length;
    this.counts = new Float64Array(slots);
    this.moves = new Float64Array(2 * (last - first + 1));
    this.sums = new UnitSums(2 * slots);
    this.followed = new UnitSums(3 * (last - first + 1));
  }

  /**
   * Follows a customer retained in `period` from the period before, counted in that period's
   * segment: their revenue now and before, as whole units when both have them (the difference of
   * two sums below 2^52 is exact in a double), else as exact decimals.
   */
  follow(period: number, now: number | Decimal, before: number | Decimal): void {
    const at = 3 * (period - this.first);
    // Stryker disable next-line BlockStatement: a shortcut; without it the exact path below turns the units into decimals and UnitSums.add turns them back into the same units
    if (typeof now === "number" && typeof before === "number") {
      this.followed.addUnits(at, now);
      const change = now - before;
      if (change > 0) this.followed.addUnits(at + 1, change);
      else this.followed.addUnits(at + 2, -change);
      return;
    }
    const [n, b] = [typeof now === "number" ? units(now) : now, typeof before === "number" ? units(before) : before];
    this.followed.add(at, n);
    const change = subtract(n, b);
    if (isNegative(change)) this.followed.add(at + 2, negate(change));
    else if (!isZero(change)) this.followed.add(at + 1, change);
  }

  /** Counts a customer in a period's class; returns its slot: revenue is summed in sums slot 2 × slot, cost in 2 × slot + 1. */
  countIn(period: number, kind: CustomerClass): number {
    const at = (period - this.first) * CLASSES.length + CLASSES.indexOf(kind);
    this.counts[at]!++;
    return at;
  }

  /** Counts a customer who moved into this segment in a period, or out of it. */
  countMove(period: number, direction: "in" | "out"): void {
    this.moves[2 * (period - this.first) + (direction === "in" ? 0 : 1)]!++;
  }

  /** Counts a customer with their revenue and cost as exact decimals (a churned customer's cost is not counted). */
  add(period: number, kind: CustomerClass, revenue: Decimal, cost: Decimal): void {
    const at = this.countIn(period, kind);
    this.sums.add(2 * at, revenue);
    if (kind !== "churned") this.sums.add(2 * at + 1, cost);
  }

  /** Every period's totals: reactivated customers go to the phase `reactivated` names. */
  totals(reactivated: Reactivated): Map<number, PeriodTotals> {
    const periods = new Map<number, PeriodTotals>();
    for (let p = this.first; p <= this.last; p++) {
      const totals = emptyPeriod();
      const read = (kind: CustomerClass): PhaseTotals => {
        const at = (p - this.first) * CLASSES.length + CLASSES.indexOf(kind);
        return { customers: this.counts[at]!, revenue: this.sums.value(2 * at), cost: this.sums.value(2 * at + 1) };
      };
      const merge = (into: PhaseTotals, from: PhaseTotals) => {
        into.customers += from.customers;
        into.revenue = add(into.revenue, from.revenue);
        into.cost = add(into.cost, from.cost);
      };
      merge(totals.phases.acquisition, read("new"));
      merge(totals.phases.retention, read("retained"));
      const back = read("reactivated");
      totals.reactivated = back.customers;
      merge(totals.phases[reactivated], back);
      merge(totals.phases.churn, read("churned"));
      merge(totals.inactive, read("inactive"));
      totals.movedIn = this.moves[2 * (p - this.first)]!;
      totals.movedOut = this.moves[2 * (p - this.first) + 1]!;
      const at = 3 * (p - this.first);
      const fresh = read("new");
      totals.flows = {
        newRevenue: fresh.revenue,
        reactivatedRevenue: back.revenue,
        reactivatedCost: back.cost,
        kept: this.followed.value(at),
        expansion: this.followed.value(at + 1),
        contraction: this.followed.value(at + 2),
      };
      periods.set(p, totals);
    }
    return periods;
  }
}

/**
 * The totals of every period from `first` to `last` (gaps included), classifying each customer's
 * history. Periods are consecutive integers (see schema/period.ts).
 */
export function classify(histories: Iterable<History>, first: number, last: number, reactivated: Reactivated = "acquisition"): Map<number, PeriodTotals> {
  const totals = new PeriodAccumulator(first, last);
  for (const history of histories) {
    const periods = [...history.keys()].sort((a, b) => a - b);
    const sums = periods.map((p) => history.get(p)!);
    classifyHistory(
      periods,
      sums.map((s) => s.active),
      last,
      (p, kind, at) => {
        totals.add(p, kind, sums[at]!.revenue, sums[at]!.cost);
        if (kind === "retained") totals.follow(p, sums[at]!.revenue, sums[at - 1]!.revenue);
      },
    );
  }
  return totals.totals(reactivated);
}
