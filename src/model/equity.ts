/**
 * The computation, pure: rows in, yearly summary out. No I/O, no clock, no formatting.
 *
 *   customer equity(Y) = acquisition equity(Y) + retention equity(Y) − churned revenue(Y)
 */
import { abs, add, fromInteger, negate, ratio, subtract, ZERO, type Decimal, type Ratio } from "../money.js";
import { periodLabel, yearOfPeriod, type PeriodKind, type Periods } from "../schema/period.js";
import { PHASES, type Phase } from "../schema/row.js";
import type { PhaseSet } from "./bridge.js";
import type { Movements } from "./movements.js";

export interface PhaseTotals {
  customers: number;
  revenue: Decimal;
  cost: Decimal;
}

export type YearTotals = Record<Phase, PhaseTotals>;

function emptyYear(): YearTotals {
  return {
    acquisition: { customers: 0, revenue: ZERO, cost: ZERO },
    retention: { customers: 0, revenue: ZERO, cost: ZERO },
    churn: { customers: 0, revenue: ZERO, cost: ZERO },
  };
}

/** Scale of the fast path's integer units: 1.23 is 12300 units. */
export const UNIT_SCALE = 4;
/** Pending unit sums move into exact decimals before a double could round them. */
const FLUSH_AT = 2 ** 52;

/** Running sums per year and phase. */
export class Ledger {
  readonly years = new Map<number, YearTotals>();
  /** Fast-path sums not yet settled, per year: revenue and cost units for each phase, as
   * integers kept below 2^52 in magnitude so every addition is exact. */
  private readonly pending = new Map<number, Float64Array>();
  private lastYear = NaN;
  private lastSums: Float64Array | undefined;

  private year(year: number): YearTotals {
    let totals = this.years.get(year);
    if (!totals) this.years.set(year, (totals = emptyYear()));
    return totals;
  }

  /** Adds customers with their revenue and cost (churned customers' cost is never counted). */
  add(phase: Phase, year: number, customers: number, revenue: Decimal, cost: Decimal): void {
    const t = this.year(year)[phase];
    t.customers += customers;
    t.revenue = add(t.revenue, revenue);
    if (phase !== "churn") t.cost = add(t.cost, cost);
  }

  /**
   * The fast path: amounts as integer units (UNIT_SCALE decimals), each below 10^15, summed in
   * doubles while exact and settled into decimals well before they could lose a unit.
   */
  addUnits(phaseIndex: number, year: number, customers: number, revenueUnits: number, costUnits: number): void {
    let sums = this.lastSums;
    if (year !== this.lastYear || !sums) {
      sums = this.pending.get(year);
      if (!sums) {
        this.year(year);
        this.pending.set(year, (sums = new Float64Array(9)));
      }
      this.lastYear = year;
      this.lastSums = sums;
    }
    sums[6 + phaseIndex] = sums[6 + phaseIndex]! + customers;
    const r = (sums[phaseIndex * 2] = sums[phaseIndex * 2]! + revenueUnits);
    const c = (sums[phaseIndex * 2 + 1] = sums[phaseIndex * 2 + 1]! + costUnits);
    // Stryker disable next-line EqualityOperator,UnaryOperator: each such change settles at least as often (at ±2^52, or on nearly every call), and settling is exact whenever it happens: only slower
    if (r > FLUSH_AT || r < -FLUSH_AT || c > FLUSH_AT || c < -FLUSH_AT) this.settleYear(year, sums);
  }

  private settleYear(year: number, sums: Float64Array): void {
    const totals = this.years.get(year)!;
    PHASES.forEach((phase, i) => {
      const t = totals[phase];
      t.customers += sums[6 + i]!;
      if (sums[i * 2] !== 0) t.revenue = add(t.revenue, { coef: BigInt(sums[i * 2]!), scale: UNIT_SCALE });
      if (sums[i * 2 + 1] !== 0 && phase !== "churn") t.cost = add(t.cost, { coef: BigInt(sums[i * 2 + 1]!), scale: UNIT_SCALE });
    });
    sums.fill(0);
  }

  /** Moves every pending fast-path sum into the exact totals. */
  settle(): void {
    for (const [year, sums] of this.pending) this.settleYear(year, sums);
  }

  /** Adds another ledger's settled totals (a worker thread's). */
  merge(years: Iterable<[number, YearTotals]>): void {
    for (const [year, totals] of years) {
      for (const phase of PHASES) {
        const t = totals[phase];
        this.add(phase, year, t.customers, t.revenue, t.cost);
      }
    }
  }

  /**
   * Whether every customer count, and their sum over all years and phases, is exact: counts are
   * doubles, exact up to 2^53, and a sum of positive counts past that stays past it, so checking
   * the grand total (after settling) checks every partial sum too.
   */
  countsAreExact(): boolean {
    this.settle();
    let total = 0;
    for (const totals of this.years.values()) for (const phase of PHASES) total += totals[phase].customers;
    return total <= Number.MAX_SAFE_INTEGER;
  }

  /** Makes every period between the first and the last one there, with zeros where none is. */
  fillGaps(): void {
    const keys = [...this.years.keys()];
    if (keys.length === 0) return;
    for (let key = Math.min(...keys); key <= Math.max(...keys); key++) this.year(key);
  }

  /** Makes these periods there, with zeros where none is (a segment gets every period of the company). */
  ensure(keys: Iterable<number>): void {
    for (const key of keys) this.year(key);
  }

  /** The settled totals of every period, to merge into another ledger. */
  settled(): [number, YearTotals][] {
    this.settle();
    return [...this.years];
  }

  /** Adds a cost not tied to rows (the costs file). */
  addCost(phase: "acquisition" | "retention", year: number, cost: Decimal): void {
    const t = this.year(year)[phase];
    t.cost = add(t.cost, cost);
  }
}

export interface PhaseSummary {
  customers: number;
  revenue: Decimal;
  /** revenue ÷ customers; null for no customers. */
  averageRevenue: Ratio | null;
  cost: Decimal;
  equity: Decimal;
}

export interface YearSummary {
  /** The (fiscal) year; null on the total row. */
  year: number | null;
  /** The period's name (`2025-Q1`, `2024-04`) when periods are quarters or months; else null. */
  period: string | null;
  /** The segment (`--by`): each column's value, trimmed (empty: no value); null for the company. */
  group: Record<string, string> | null;
  acquisition: PhaseSummary;
  retention: PhaseSummary;
  churn: PhaseSummary;
  customerEquity: Decimal;
  /** vs the previous year; null for the first year and on the total. */
  change: Decimal | null;
  /** change ÷ |previous customer equity|; null without a previous year or for a zero base. */
  changePercent: Ratio | null;
  /** churned ÷ (retained + churned). */
  churnRate: Ratio | null;
  retentionRate: Ratio | null;
  acquisitionCostPerCustomer: Ratio | null;
  netCustomerChange: number;
  /** From a transaction log: customers won back (counted in acquisition or retention). */
  reactivated?: number;
  /** From a transaction log: customers with rows but not active (refunds only), and those rows' sums. */
  inactive?: PhaseTotals;
  /** From a transaction log by segment: retained customers who came from another segment, and
   * those who left this one for another (on the company's entries: every customer who moved). */
  movedIn?: number;
  movedOut?: number;
  /** The period before's phases (even when outside the range), for the bridge; none for the first and the total. */
  previous?: PhaseSet;
  /** From a transaction log: the revenue movements (model/movements.ts). */
  movements?: Movements;
}

export interface Summary {
  /** What each entry is: a year (phase exports, or a log by year), a quarter or a month. */
  period: PeriodKind;
  /** Whether the summary was classified from a transaction log (its entries carry reactivated and inactive). */
  transactions: boolean;
  /** The `--by` columns ([] without segments). With them, `years` holds each period's groups in
   * order, then the company's entry (group null). */
  by: readonly string[];
  years: YearSummary[];
  /** The company's totals over the periods. */
  total: YearSummary;
  /** Each group's totals over the periods, in order ([] without segments). */
  groupTotals: YearSummary[];
}

function phaseSummary(phase: Phase, t: PhaseTotals): PhaseSummary {
  const equity = phase === "churn" ? negate(t.revenue) : subtract(t.revenue, t.cost);
  return {
    customers: t.customers,
    revenue: t.revenue,
    averageRevenue: ratio(t.revenue, fromInteger(t.customers)),
    cost: phase === "churn" ? ZERO : t.cost,
    equity,
  };
}

function yearSummary(year: number | null, totals: YearTotals): YearSummary {
  const [acquisition, retention, churn] = PHASES.map((p) => phaseSummary(p, totals[p])) as [PhaseSummary, PhaseSummary, PhaseSummary];
  const base = fromInteger(retention.customers + churn.customers);
  return {
    year,
    period: null,
    group: null,
    acquisition,
    retention,
    churn,
    customerEquity: add(add(acquisition.equity, retention.equity), churn.equity),
    change: null,
    changePercent: null,
    churnRate: ratio(fromInteger(churn.customers), base),
    retentionRate: ratio(fromInteger(retention.customers), base),
    acquisitionCostPerCustomer: ratio(acquisition.cost, fromInteger(acquisition.customers)),
    netCustomerChange: acquisition.customers - churn.customers,
  };
}

function addTotals(into: YearTotals, from: YearTotals): void {
  for (const p of PHASES) {
    into[p].customers += from[p].customers;
    into[p].revenue = add(into[p].revenue, from[p].revenue);
    into[p].cost = add(into[p].cost, from[p].cost);
  }
}

export interface YearRange {
  from?: number | undefined;
  to?: number | undefined;
}

/**
 * Summarizes every period of the ledger whose (fiscal) year is within the range, in order. A
 * period's change compares it with the period before, when the data has it, even if that one is
 * outside the range. The ledger's keys are years, or periods as schema/period.ts numbers them.
 */
export function summarize(ledger: Ledger, range: YearRange = {}, periods: Periods = { kind: "year", fiscalYearStart: 1 }): Summary {
  ledger.settle();
  const all = [...ledger.years.keys()].sort((a, b) => a - b);
  const years: YearSummary[] = [];
  const pooled = emptyYear();
  for (const key of all) {
    const year = yearOfPeriod(key, periods);
    if ((range.from !== undefined && year < range.from) || (range.to !== undefined && year > range.to)) continue;
    const totals = ledger.years.get(key)!;
    const summary = yearSummary(year, totals);
    if (periods.kind !== "year") summary.period = periodLabel(key, periods);
    const previous = ledger.years.get(key - 1);
    if (previous) {
      const prior = yearSummary(null, previous);
      const before = prior.customerEquity;
      summary.previous = { acquisition: prior.acquisition, retention: prior.retention, churn: prior.churn };
      summary.change = subtract(summary.customerEquity, before);
      summary.changePercent = ratio(summary.change, abs(before));
    }
    years.push(summary);
    addTotals(pooled, totals);
  }
  const total = yearSummary(null, pooled);
  total.customerEquity = years.reduce((sum, y) => add(sum, y.customerEquity), ZERO);
  total.netCustomerChange = years.reduce((sum, y) => sum + y.netCustomerChange, 0);
  return { period: periods.kind, transactions: false, by: [], years, total, groupTotals: [] };
}
