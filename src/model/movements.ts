/**
 * Revenue movements of a period, as subscription analytics name them (ChartMogul's and
 * Baremetrics' MRR movements; net and gross revenue retention as the SaaS metrics define them):
 * revenue of new and of reactivated customers, expansion and contraction of the customers
 * retained from the period before, churned revenue, and net and gross revenue retention. Pure.
 *
 * With B the revenue, in the period before, of the customers active then (the base), and K their
 * revenue in this period (0 for those who left; refunds of a customer who left are the inactive
 * amounts, as in the phases):
 *
 *   K = B − churned revenue + expansion − contraction
 *   net revenue retention   = K ÷ B
 *   gross revenue retention = (K − expansion) ÷ B, each customer capped at their revenue before,
 *                             and so at most 100% (capped there for a base with negative parts)
 */
import { add, compare, ratio, subtract, ZERO, type Decimal, type Ratio } from "../money.js";
import type { PeriodFlows } from "./classify.js";

export interface Movements {
  newRevenue: Decimal;
  reactivatedRevenue: Decimal;
  /** The reactivated customers' cost (part of the phase they are counted in). */
  reactivatedCost: Decimal;
  expansion: Decimal;
  contraction: Decimal;
  churnedRevenue: Decimal;
  /** B: the revenue, in the period before, of the customers active then. */
  base: Decimal;
  /** K: those customers' revenue in this period. */
  kept: Decimal;
  /** K ÷ B; null when B is not positive (nothing to retain). */
  netRevenueRetention: Ratio | null;
  grossRevenueRetention: Ratio | null;
}

/** A period's movements from its flows, its churned revenue and the base (see the module's comment). */
export function movementsOf(flows: PeriodFlows, churnedRevenue: Decimal, base: Decimal): Movements {
  const positive = base.coef > 0n;
  const gross = subtract(flows.kept, flows.expansion);
  return {
    newRevenue: flows.newRevenue,
    reactivatedRevenue: flows.reactivatedRevenue,
    reactivatedCost: flows.reactivatedCost,
    expansion: flows.expansion,
    contraction: flows.contraction,
    churnedRevenue,
    base,
    kept: flows.kept,
    netRevenueRetention: positive ? ratio(flows.kept, base) : null,
    grossRevenueRetention: positive ? ratio(compare(gross, base) > 0 ? base : gross, base) : null,
  };
}

/** The movements over several periods: sums, and retention over the pooled bases. */
export function pooledMovements(list: readonly Movements[]): Movements {
  const sum = (pick: (m: Movements) => Decimal) => list.reduce((total, m) => add(total, pick(m)), ZERO);
  const flows = { newRevenue: sum((m) => m.newRevenue), reactivatedRevenue: sum((m) => m.reactivatedRevenue), reactivatedCost: sum((m) => m.reactivatedCost), kept: sum((m) => m.kept), expansion: sum((m) => m.expansion), contraction: sum((m) => m.contraction) };
  return movementsOf(flows, sum((m) => m.churnedRevenue), sum((m) => m.base));
}
