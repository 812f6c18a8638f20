/**
 * The computation, pure: rows in, yearly summary out. No I/O, no clock, no formatting.
 *
 *   customer equity(Y) = acquisition equity(Y) + retention equity(Y) − churned revenue(Y)
 */
import { abs, add, fromInteger, negate, ratio, subtract, ZERO, type Decimal, type Ratio } from "./money.js";
import { PHASES, type Phase } from "./schema/row.js";

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

/** Running sums per year and phase. */
export class Ledger {
  readonly years = new Map<number, YearTotals>();

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
  /** null on the total row. */
  year: number | null;
  group: string | null;
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
}

export interface Summary {
  years: YearSummary[];
  total: YearSummary;
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
 * Summarizes every year of the ledger within the range, in order. A year's change compares it
 * with the calendar year before, when the data has it, even if that year is outside the range.
 */
export function summarize(ledger: Ledger, range: YearRange = {}): Summary {
  const all = [...ledger.years.keys()].sort((a, b) => a - b);
  const years: YearSummary[] = [];
  const pooled = emptyYear();
  for (const year of all) {
    if ((range.from !== undefined && year < range.from) || (range.to !== undefined && year > range.to)) continue;
    const totals = ledger.years.get(year)!;
    const summary = yearSummary(year, totals);
    const previous = ledger.years.get(year - 1);
    if (previous) {
      const before = yearSummary(year - 1, previous).customerEquity;
      summary.change = subtract(summary.customerEquity, before);
      summary.changePercent = ratio(summary.change, abs(before));
    }
    years.push(summary);
    addTotals(pooled, totals);
  }
  const total = yearSummary(null, pooled);
  total.customerEquity = years.reduce((sum, y) => add(sum, y.customerEquity), ZERO);
  total.netCustomerChange = years.reduce((sum, y) => sum + y.netCustomerChange, 0);
  return { years, total };
}
