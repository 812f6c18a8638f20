/**
 * The summary of a classified transaction log: the same phases as from phase exports, per
 * period, with each period's reactivated count and inactive amounts. Pure.
 */
import { Ledger, summarize, type PhaseTotals, type Summary, type YearRange } from "./equity.js";
import { add, ZERO } from "../money.js";
import { yearOfPeriod, type Periods } from "../schema/period.js";
import { PHASES } from "../schema/row.js";
import type { PeriodTotals } from "./classify.js";
import { movementsOf, pooledMovements } from "./movements.js";

/**
 * Adds the classification to `ledger` (which may hold costs from a costs file already) and
 * summarizes it within the range of (fiscal) years.
 */
export function summarizeClassified(classified: ReadonlyMap<number, PeriodTotals>, ledger: Ledger, periods: Periods, range: YearRange = {}, moves = false): Summary {
  for (const [period, totals] of classified) {
    for (const phase of PHASES) {
      const t = totals.phases[phase];
      ledger.add(phase, period, t.customers, t.revenue, t.cost);
    }
  }
  const summary = summarize(ledger, range, periods);
  const keys = [...ledger.years.keys()]
    .sort((a, b) => a - b)
    .filter((key) => {
      const year = yearOfPeriod(key, periods);
      return (range.from === undefined || year >= range.from) && (range.to === undefined || year <= range.to);
    });
  const total: PhaseTotals = { customers: 0, revenue: ZERO, cost: ZERO };
  let reactivated = 0;
  summary.years.forEach((entry, i) => {
    const totals = classified.get(keys[i]!);
    entry.reactivated = totals?.reactivated ?? 0;
    entry.inactive = totals?.inactive ?? { customers: 0, revenue: ZERO, cost: ZERO };
    if (moves) {
      entry.movedIn = totals?.movedIn ?? 0;
      entry.movedOut = totals?.movedOut ?? 0;
    }
    if (totals) {
      // The base: the revenue of the period before's active customers, new or retained alike
      const before = classified.get(keys[i]! - 1)?.phases;
      const base = before ? add(before.acquisition.revenue, before.retention.revenue) : ZERO;
      entry.movements = movementsOf(totals.flows, entry.churn.revenue, base);
    }
    reactivated += entry.reactivated;
    total.customers += entry.inactive.customers;
    total.revenue = add(total.revenue, entry.inactive.revenue);
    total.cost = add(total.cost, entry.inactive.cost);
  });
  summary.total.reactivated = reactivated;
  summary.total.movements = pooledMovements(summary.years.flatMap((y) => (y.movements ? [y.movements] : [])));
  summary.total.inactive = total;
  if (moves) {
    summary.total.movedIn = summary.years.reduce((sum, y) => sum + y.movedIn!, 0);
    summary.total.movedOut = summary.years.reduce((sum, y) => sum + y.movedOut!, 0);
  }
  summary.transactions = true;
  return summary;
}
