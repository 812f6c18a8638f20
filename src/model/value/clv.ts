/**
 * Lifetime value of customers who leave without saying so: each customer's expected purchases in
 * each time unit of the horizon (the purchase model's conditional expectation, differenced),
 * times their expected spend (Gamma-Gamma) and the margin rate, discounted to today (Fader, Hardie
 * & Lee 2005, "RFM and CLV", section 3, with a finite horizon summed per unit instead of their
 * continuous-time DERT). Pure and real-valued; money is rounded once where it is printed.
 */
import { annuity, type Sensitivity } from "../value.js";
import { distinctInOrder } from "./distinct.js";
import { expectedSpend, type GammaGamma } from "./gamma-gamma.js";
import type { PurchaseModel } from "./purchases.js";
import { UNIT_DAYS, type Customers, type CustomerSummary, type SummaryColumns, type TimeUnit } from "./summary.js";

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

/** The customers' distinct (x, T): each pair's x and T in days, numbered as each first appears, and each customer's pair. */
export interface ValuingPairs {
  x: Float64Array;
  tDays: Float64Array;
  pairOf: Int32Array;
}

export function valuingPairs({ x: xs, tDays }: Pick<SummaryColumns, "x" | "tDays">): ValuingPairs {
  const n = xs.length;
  // (x, T in days) as one whole number, x × (the longest T + 1) + T.
  let span = 1;
  for (let k = 0; k < n; k++) if (tDays[k]! >= span) span = tDays[k]! + 1;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = xs[k]! * span + tDays[k]!;
  const { values, index: pairOf } = distinctInOrder(keys);
  const pairs = { x: new Float64Array(values.length), tDays: new Float64Array(values.length), pairOf };
  for (let k = 0, j = 0; k < n; k++) {
    if (pairOf[k] !== j) continue;
    [pairs.x[j], pairs.tDays[j]] = [xs[k]!, tDays[k]!];
    j++;
  }
  return pairs;
}

/** The rates a unit the valuing discounts at: the settings', and one point more a year (the sensitivity's). */
export const valuingRates = (s: Pick<ClvSettings, "discountRate" | "unit">): number[] => [unitRate(s.discountRate, s.unit), unitRate(s.discountRate + 0.01, s.unit)];

/**
 * For the pairs from `from` to `to` (excluded), of a customer alive at T: the expected purchases
 * over the horizon, and their discounted sums at `rates` (each unit's purchases discounted from its
 * end), 1 + rates.length numbers a pair, one pair after the other. A part of the pairs can be
 * worked out on another thread (commands/spend-fit.ts). The units themselves are not kept: 52
 * numbers a pair were 61 MB on the 10M-row bench log.
 */
export function pairWorth(purchases: PurchaseModel, pairs: Omit<ValuingPairs, "pairOf">, unit: TimeUnit, horizon: number, rates: readonly number[], from = 0, to = pairs.x.length): Float64Array {
  const u = UNIT_DAYS[unit];
  const stride = 1 + rates.length;
  const out = new Float64Array((to - from) * stride);
  for (let j = from; j < to; j++) {
    const [x, T] = [pairs.x[j]!, pairs.tDays[j]! / u];
    const perUnit = increments((t) => purchases.expectedIfAlive(t, x, T), horizon);
    let sum = 0;
    for (let k = 0; k < horizon; k++) sum += perUnit[k]!;
    const at = (j - from) * stride;
    out[at] = sum;
    for (let i = 0; i < rates.length; i++) out[at + 1 + i] = discounted(perUnit, rates[i]!);
  }
  return out;
}

/** Every `stride`-th number of `from`, from its `at`-th: one of pairWorth()'s columns. */
function strided(from: Float64Array, stride: number, at: number): Float64Array {
  const out = new Float64Array(from.length / stride);
  for (let j = 0; j < out.length; j++) out[j] = from[j * stride + at]!;
  return out;
}

/**
 * Each customer's value and the base's. A customer's expected purchases in each unit are P(alive)
 * times those of a customer alive at T with the same x (t_x only tells whether they are alive, in
 * both models): the latter, and their discounted sum at each rate asked, are computed once per
 * distinct (x, T), and a customer's CLV is P(alive) × that sum × their expected spend × the margin
 * rate, from typed arrays. A customer whose repeat purchases total zero or less is valued at the
 * population's mean spend, as one who has not bought again is (Gamma-Gamma needs m_x > 0).
 */
export class ClvModel {
  /** Each customer's distinct (x, T) (an index into the next arrays), P(alive) and expected spend. */
  private readonly pairOf: Int32Array;
  private readonly pAlive: Float64Array;
  private readonly spendOf: Float64Array;
  /** The distinct (x, T), for a rate the valuing was not given (see valueAt()). */
  private readonly pairs: ValuingPairs;
  /** The discounted sums of a pair's expected purchases if alive, per distinct (x, T), by the rate a unit. */
  private readonly worth = new Map<number, Float64Array>();
  readonly newCustomerPurchases: Float64Array;
  /** Each customer's mean spend (NaN: none), expected purchases and CLV: typed arrays, not an
   * object a customer (see value()). */
  private readonly means: Float64Array;
  /** Each pair's expected purchases over the horizon if alive: a customer's are P(alive) × their pair's, made when asked. */
  private readonly sums: Float64Array;
  readonly clvs: Float64Array;
  /** How many customers bought again (x > 0). */
  readonly repeatCustomers: number;

  /**
   * `valuing`: the customers' pairs and pairWorth() of all of them at valuingRates(settings), when
   * worked out ahead (in part on another thread); else they are worked out here.
   */
  constructor(
    readonly purchases: PurchaseModel,
    readonly spend: GammaGamma,
    readonly customers: Customers,
    /** The customers' figures as columns, their mean repeat spend among them (NaN: no repeat purchase). */
    columns: SummaryColumns & { meanSpend: Float64Array },
    readonly settings: ClvSettings,
    valuing?: { pairs: ValuingPairs; worth: Float64Array },
  ) {
    const u = UNIT_DAYS[settings.unit];
    const n = customers.length;
    const h = settings.horizon;
    const { x: xs, txDays, tDays, meanSpend: means } = columns;
    this.newCustomerPurchases = increments((t) => purchases.unconditional(t), h);
    [this.pAlive, this.spendOf] = [new Float64Array(n), new Float64Array(n)];
    this.means = columns.meanSpend;
    const pairs = (this.pairs = valuing?.pairs ?? valuingPairs(columns));
    this.pairOf = pairs.pairOf;
    const rates = valuingRates(settings);
    const worth = valuing?.worth ?? pairWorth(purchases, pairs, settings.unit, h, rates);
    const stride = 1 + rates.length;
    this.sums = strided(worth, stride, 0);
    rates.forEach((rate, i) => this.worth.has(rate) || this.worth.set(rate, strided(worth, stride, 1 + i)));
    const population = expectedSpend(spend, 0, 0);
    let repeat = 0;
    for (let k = 0; k < n; k++) {
      const [x, T] = [xs[k]!, tDays[k]! / u];
      this.pAlive[k] = purchases.pAlive(x, txDays[k]! / u, T);
      const mean = means[k]!;
      if (x > 0) repeat++;
      this.spendOf[k] = mean > 0 ? expectedSpend(spend, x, mean) : population;
    }
    this.repeatCustomers = repeat;
    this.clvs = this.valueAt(settings);
  }

  /** Customers valued. */
  get size(): number {
    return this.clvs.length;
  }

  /** Customer k's figures, made when asked (the top customers, --per-customer). */
  value(k: number): CustomerValue {
    const mean = this.means[k]!;
    return { customer: this.customers.at(k)!, meanSpend: Number.isNaN(mean) ? null : mean, pAlive: this.pAlive[k]!, expectedPurchases: this.pAlive[k]! * this.sums[this.pairOf[k]!]!, expectedSpend: this.spendOf[k]!, clv: this.clvs[k]! };
  }

  /** Each pair's discounted sum of expected purchases at `s`'s rate. */
  private worthAt(s: ClvSettings): Float64Array {
    const rate = unitRate(s.discountRate, s.unit);
    let worth = this.worth.get(rate);
    if (!worth) {
      // A rate neither the settings' nor the sensitivity's: worked out again.
      worth = strided(pairWorth(this.purchases, this.pairs, this.settings.unit, this.settings.horizon, [rate]), 2, 1);
      this.worth.set(rate, worth);
    }
    return worth;
  }

  /** Each customer's CLV under `s` (the sensitivity moves the margin and the rate). */
  private valueAt(s: ClvSettings): Float64Array {
    const worth = this.worthAt(s);
    const { pairOf, pAlive, spendOf } = this;
    const out = new Float64Array(pairOf.length);
    for (let k = 0; k < out.length; k++) out[k] = pAlive[k]! * worth[pairOf[k]!]! * spendOf[k]! * s.marginRate;
    return out;
  }

  /** Σ CLV under `s`, term by term as valueAt(s) has them, without the array of 8 bytes a customer:
   * the CLVs held when `s` values customers as the settings do (the acquisition cost's row). */
  private currentValueAt(s: ClvSettings): number {
    let sum = 0;
    if (s.marginRate === this.settings.marginRate && unitRate(s.discountRate, s.unit) === unitRate(this.settings.discountRate, this.settings.unit)) {
      for (const clv of this.clvs) sum += clv;
      return sum;
    }
    const worth = this.worthAt(s);
    const { pairOf, pAlive, spendOf } = this;
    for (let k = 0; k < pairOf.length; k++) sum += pAlive[k]! * worth[pairOf[k]!]! * spendOf[k]! * s.marginRate;
    return sum;
  }

  /** The base under `s`: current customers' CLV summed, and n new customers a unit, each worth a just-acquired customer's CLV less c. */
  valuation(s: ClvSettings = this.settings): ClvValuation {
    const rate = unitRate(s.discountRate, s.unit);
    const clv = discounted(this.newCustomerPurchases, rate) * expectedSpend(this.spend, 0, 0) * s.marginRate;
    const currentValue = this.currentValueAt(s);
    const futureValue = s.newCustomers * (clv - s.acquisitionCost) * annuity(rate, s.horizon);
    return { clv, currentCustomers: this.size, currentValue, futureValue, customerEquity: currentValue + futureValue };
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
