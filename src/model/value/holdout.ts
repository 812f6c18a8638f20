/**
 * The checks of a fit on a holdout period, as Fader, Hardie & Lee (2005, figures 2-4) make them:
 * total repeat purchases per time unit, predicted (each customer's unconditional expectation from
 * their first purchase on) against actual, over the calibration and holdout periods (the tracking
 * plot); and the holdout purchases of customers grouped by their calibration purchases (0 … 7+),
 * predicted by the conditional expectation against actual.
 */
import type { PurchaseModel } from "./purchases.js";
import { UNIT_DAYS, type Summary, type TimeUnit } from "./summary.js";

export interface TrackingRow {
  /** The unit's index from the log's first date (0: the first unit), and its first day. */
  unit: number;
  start: number;
  /** Whether the unit ends after the calibration end. */
  holdout: boolean;
  predicted: number;
  actual: number;
}

export interface ConditionalRow {
  /** Calibration repeat purchases; the last row (7) holds 7 or more. */
  x: number;
  customers: number;
  predicted: number;
  actual: number;
}

export interface HoldoutTables {
  /** Holdout length in units. */
  length: number;
  tracking: TrackingRow[];
  conditional: ConditionalRow[];
  /** Mean over customers of |predicted − actual| holdout purchases. */
  meanAbsoluteError: number;
}

export function holdoutTables(model: PurchaseModel, summary: Summary, at: { end: number; holdoutEnd: number; first: number; unit: TimeUnit }): HoldoutTables {
  const u = UNIT_DAYS[at.unit];
  const length = (at.holdoutEnd - at.end) / u;
  // Customers by first purchase day: each group shares its unconditional expectation.
  const { x: xs, txDays, tDays, first: firsts, holdout } = summary.columns;
  const n = xs.length;
  const byFirst = new Map<number, number>();
  for (let k = 0; k < n; k++) byFirst.set(firsts[k]!, (byFirst.get(firsts[k]!) ?? 0) + 1);
  // Cumulative expected repeat purchases of everyone by day `day` (end of that day).
  const cumulative = (day: number) => {
    let sum = 0;
    for (const [first, n] of byFirst) if (day > first) sum += n * model.unconditional((day - first) / u);
    return sum;
  };
  const tracking: TrackingRow[] = [];
  const units = Math.ceil((at.holdoutEnd - at.first + 1) / u);
  const all = summary.repeatDays.flatMap((r) => r.days);
  let before = 0;
  for (let k = 0; k < units; k++) {
    const start = at.first + k * u;
    const stop = Math.min(at.first + (k + 1) * u, at.holdoutEnd + 1);
    // Purchases on days [start, stop); expectations at the end of the last day in it.
    const now = cumulative(stop - 1);
    tracking.push({ unit: k, start: Math.ceil(start), holdout: stop - 1 > at.end, predicted: now - before, actual: all.filter((d) => d >= start && d < stop).length });
    before = now;
  }
  const groups = Array.from({ length: 8 }, (_, x) => ({ x, customers: 0, predicted: 0, actual: 0 }));
  let absolute = 0;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    const predicted = model.expected(length, x, txDays[k]! / u, tDays[k]! / u);
    const g = groups[Math.min(x, 7)]!;
    g.customers++;
    g.predicted += predicted;
    g.actual += holdout[k]!;
    absolute += Math.abs(predicted - holdout[k]!);
  }
  const conditional = groups.map((g) => ({ x: g.x, customers: g.customers, predicted: g.customers === 0 ? 0 : g.predicted / g.customers, actual: g.customers === 0 ? 0 : g.actual / g.customers }));
  return { length, tracking, conditional, meanAbsoluteError: absolute / Math.max(1, n) };
}
