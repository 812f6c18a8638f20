/**
 * The metrics chain per phase owner, after the article behind ceq: each phase has an owner whose
 * outcome is the phase's part of customer equity, whose outputs are the customers of the phase
 * and their average revenue, and whose activities are what the phase spends per customer
 * (acquisition cost per new customer, servicing cost per retained customer). Pure.
 */
import type { YearSummary } from "./equity.js";
import { fromInteger, ratio, subtract, type Decimal, type Ratio } from "../money.js";

export type Owner = "acquisition" | "retention" | "churn" | "reactivation";

export interface OwnerPanel {
  owner: Owner;
  /** The phase's part of customer equity (churn: minus the churned revenue). */
  outcome: Decimal;
  /** Customers won, kept, lost or won back. */
  customers: number;
  revenue: Decimal;
  averageRevenue: Ratio | null;
  /** Cost per customer of the phase; null for churn (no cost) or no customers. */
  costPerCustomer: Ratio | null;
}

/**
 * The owners of a period: acquisition, retention and churn always; reactivation when the input
 * is a log (its customers are also counted in acquisition, or in retention under
 * `--reactivated retention`: a part of that phase, shown apart).
 */
export function ownersOf(y: YearSummary): OwnerPanel[] {
  const panel = (owner: Owner, p: YearSummary["acquisition"], withCost: boolean): OwnerPanel => ({
    owner,
    outcome: p.equity,
    customers: p.customers,
    revenue: p.revenue,
    averageRevenue: p.averageRevenue,
    costPerCustomer: withCost ? ratio(p.cost, fromInteger(p.customers)) : null,
  });
  const owners = [panel("acquisition", y.acquisition, true), panel("retention", y.retention, true), panel("churn", y.churn, false)];
  const m = y.movements;
  if (y.reactivated !== undefined && m) {
    const back = fromInteger(y.reactivated);
    owners.push({
      owner: "reactivation",
      outcome: subtract(m.reactivatedRevenue, m.reactivatedCost),
      customers: y.reactivated,
      revenue: m.reactivatedRevenue,
      averageRevenue: ratio(m.reactivatedRevenue, back),
      costPerCustomer: ratio(m.reactivatedCost, back),
    });
  }
  return owners;
}
