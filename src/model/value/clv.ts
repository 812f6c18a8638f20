/**
 * Lifetime value of customers who leave without saying so: each customer's expected purchases in
 * each time unit of the horizon (the purchase model's conditional expectation, differenced),
 * times their expected spend (Gamma-Gamma) and the margin rate, discounted to today (Fader, Hardie
 * & Lee 2005, "RFM and CLV", section 3, with a finite horizon summed per unit instead of their
 * continuous-time DERT). Pure and real-valued; money is rounded once where it is printed.
 */
import { annuity, type Sensitivity } from "../value.js";
import { expectedSpend, type GammaGamma } from "./gamma-gamma.js";
import type { PurchaseModel } from "./purchases.js";
import { UNIT_DAYS, type CustomerSummary, type TimeUnit } from "./summary.js";

export interface ClvSettings {
  unit: TimeUnit;
  /** Units summed. */
  horizon: number;
  /** Per year; converted to the unit as (1 + i)^(days/365.25) − 1. */
  discountRate: number;
  marginRate: number;
  acquisitionCost: number;
  /** New customers per unit. */
  newCustomers: number;
}

export interface CustomerValue {
  customer: CustomerSummary;
  /** The mean of the repeat days' totals, as a number for the spend model (null: no repeat purchase). */
  meanSpend: number | null;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

export interface ClvValuation {
  clv: number;
  currentCustomers: number;
  currentValue: number;
  futureValue: number;
  customerEquity: number;
}

/** The discount rate per unit equivalent to `perYear`. */
export const unitRate = (perYear: number, unit: TimeUnit): number => (1 + perYear) ** (UNIT_DAYS[unit] / 365.25) - 1;

/** Expected purchases in each unit 1..H: E(k) − E(k−1) of a cumulative expectation E. */
function increments(cumulative: (t: number) => number, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  let before = 0;
  for (let k = 1; k <= horizon; k++) {
    const now = cumulative(k);
    out[k - 1] = now - before;
    before = now;
  }
  return out;
}

/** Σ_k purchases(k) / (1 + i)^k: purchases discounted to today, a unit's at its end. */
function discounted(perUnit: Float64Array, rate: number): number {
  let sum = 0;
  let factor = 1;
  for (let k = 0; k < perUnit.length; k++) sum += perUnit[k]! * (factor /= 1 + rate);
  return sum;
}

/**
 * Each customer's value and the base's. A customer's expected purchases in each unit are P(alive)
 * times those of a customer alive at T with the same x (t_x only tells whether they are alive, in
 * both models): the latter are computed once per distinct (x, T). A customer whose repeat
 * purchases total zero or less is valued at the population's mean spend, as one who has not
 * bought again is (Gamma-Gamma needs m_x > 0).
 */
export class ClvModel {
  /** Expected purchases in each unit of the horizon if alive, by x, then by T in days. */
  private readonly ifAlive = new Map<number, Map<number, Float64Array>>();
  /** Each customer's, beside `values`. */
  private readonly unitsOf: Float64Array[];
  readonly newCustomerPurchases: Float64Array;
  readonly values: CustomerValue[];

  constructor(
    readonly purchases: PurchaseModel,
    readonly spend: GammaGamma,
    readonly customers: readonly CustomerSummary[],
    readonly meanOf: (c: CustomerSummary) => number | null,
    readonly settings: ClvSettings,
  ) {
    const u = UNIT_DAYS[settings.unit];
    this.newCustomerPurchases = increments((t) => purchases.unconditional(t), settings.horizon);
    this.unitsOf = new Array<Float64Array>(customers.length);
    this.values = customers.map((c, k) => {
      const [x, tx, T] = [c.x, c.txDays / u, c.tDays / u];
      let byT = this.ifAlive.get(x);
      if (!byT) this.ifAlive.set(x, (byT = new Map()));
      let units = byT.get(c.tDays);
      if (!units) byT.set(c.tDays, (units = increments((t) => purchases.expectedIfAlive(t, x, T), settings.horizon)));
      this.unitsOf[k] = units;
      const pAlive = purchases.pAlive(x, tx, T);
      const mean = meanOf(c);
      const spent = mean !== null && mean > 0 ? expectedSpend(spend, x, mean) : expectedSpend(spend, 0, 0);
      let sum = 0;
      for (let j = 0; j < units.length; j++) sum += units[j]!;
      return { customer: c, meanSpend: mean, pAlive, expectedPurchases: pAlive * sum, expectedSpend: spent, clv: 0 };
    });
    this.valueAt(settings).forEach((clv, k) => (this.values[k]!.clv = clv));
  }

  /** Each customer's CLV under `s` (the sensitivity moves the margin and the rate). */
  private valueAt(s: ClvSettings): Float64Array {
    const rate = unitRate(s.discountRate, s.unit);
    // Discounted once per distinct (x, T): arrays shared by customers are met again and again.
    const worth = new Map<Float64Array, number>();
    const out = new Float64Array(this.values.length);
    for (let k = 0; k < out.length; k++) {
      const units = this.unitsOf[k]!;
      let d = worth.get(units);
      if (d === undefined) worth.set(units, (d = discounted(units, rate)));
      const v = this.values[k]!;
      out[k] = v.pAlive * d * v.expectedSpend * s.marginRate;
    }
    return out;
  }

  /** The base under `s`: current customers' CLV summed, and n new customers a unit, each worth a just-acquired customer's CLV less c. */
  valuation(s: ClvSettings = this.settings): ClvValuation {
    const rate = unitRate(s.discountRate, s.unit);
    const clv = discounted(this.newCustomerPurchases, rate) * expectedSpend(this.spend, 0, 0) * s.marginRate;
    let currentValue = 0;
    if (s === this.settings) for (const v of this.values) currentValue += v.clv;
    else for (const clv of this.valueAt(s)) currentValue += clv;
    const futureValue = s.newCustomers * (clv - s.acquisitionCost) * annuity(rate, s.horizon);
    return { clv, currentCustomers: this.values.length, currentValue, futureValue, customerEquity: currentValue + futureValue };
  }

  /**
   * The sensitivity table of the other models: +1% margin, −1% acquisition cost, +1 point of
   * discount rate (a year). Retention has no single rate here: its row is empty.
   */
  sensitivity(): Sensitivity[] {
    const base = this.valuation();
    const row = (driver: Sensitivity["driver"], change: string, s: ClvSettings | null): Sensitivity => {
      if (!s) return { driver, change, customerEquity: null, delta: null, deltaPercent: null };
      const moved = this.valuation(s).customerEquity;
      const delta = moved - base.customerEquity;
      return { driver, change, customerEquity: moved, delta, deltaPercent: base.customerEquity === 0 ? null : delta / Math.abs(base.customerEquity) };
    };
    const s = this.settings;
    return [
      row("retention", "+1%", null),
      row("margin", "+1%", { ...s, marginRate: s.marginRate * 1.01 }),
      row("acquisitionCost", "-1%", { ...s, acquisitionCost: s.acquisitionCost * 0.99 }),
      row("discountRate", "+1 point", { ...s, discountRate: s.discountRate + 0.01 }),
    ];
  }
}
