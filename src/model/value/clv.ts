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

/** A (rate a unit, margin rate) as one key of ClvModel's sums. */
const sumKey = (rate: number, marginRate: number): string => `${rate} ${marginRate}`;

/**
 * Each customer's value and the base's. A customer's expected purchases in each unit are P(alive)
 * times those of a customer alive at T with the same x (t_x only tells whether they are alive, in
 * both models): the latter, and their discounted sum at each rate asked, are computed once per
 * distinct (x, T), and a customer's CLV is P(alive) × that sum × their expected spend × the margin
 * rate, from typed arrays. A customer whose repeat purchases total zero or less is valued at the
 * population's mean spend, as one who has not bought again is (Gamma-Gamma needs m_x > 0).
 */
export class ClvModel {
  /** Each customer's distinct (x, T): an index into the pairs' arrays. */
  private readonly pairOf: Int32Array;
  /** The customers' x, t_x, T and mean spend (NaN: none): a customer's P(alive) and expected spend are made from them when asked. */
  private readonly columns: SummaryColumns & { meanSpend: Float64Array };
  /** The population's expected spend: that of a customer without a positive mean repeat spend. */
  private readonly population: number;
  /** The distinct (x, T), for a rate the valuing was not given (see worthAt()). */
  private readonly pairs: ValuingPairs;
  /** The discounted sums of a pair's expected purchases if alive, per distinct (x, T), by the rate a unit. */
  private readonly worth = new Map<number, Float64Array>();
  /** Σ CLV by sumKey(rate a unit, margin rate): the settings' and the sensitivity's, summed as the CLVs are made. */
  private readonly summed = new Map<string, number>();
  readonly newCustomerPurchases: Float64Array;
  /** Each pair's expected purchases over the horizon if alive: a customer's are P(alive) × their pair's, made when asked. */
  private readonly sums: Float64Array;
  /** Each customer's CLV: a typed array, not an object a customer (see value()). */
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
    const n = customers.length;
    const h = settings.horizon;
    this.newCustomerPurchases = increments((t) => purchases.unconditional(t), h);
    this.columns = columns;
    this.population = expectedSpend(spend, 0, 0);
    const pairs = (this.pairs = valuing?.pairs ?? valuingPairs(columns));
    const pairOf = (this.pairOf = pairs.pairOf);
    const rates = valuingRates(settings);
    const worth = valuing?.worth ?? pairWorth(purchases, pairs, settings.unit, h, rates);
    const stride = 1 + rates.length;
    this.sums = strided(worth, stride, 0);
    rates.forEach((rate, i) => this.worth.has(rate) || this.worth.set(rate, strided(worth, stride, 1 + i)));
    // One pass over the customers: each one's CLV, and Σ CLV under the settings the sensitivity
    // moves, each term as valueAt() makes it and in the same order. P(alive) and the expected
    // spend are not kept: two arrays of 8 bytes a customer, whose memory touched for the first
    // time cost 0.1 s on the 10M-row bench log; value() makes a customer's again.
    const [margin, later] = this.moved();
    const [base, laterWorth] = [this.worthAt(settings), this.worthAt(later!)];
    const [m, mMargin, mLater] = [settings.marginRate, margin!.marginRate, later!.marginRate];
    const { x: xs, txDays, tDays, meanSpend: means } = columns;
    const u = UNIT_DAYS[settings.unit];
    const population = this.population;
    const clvs = new Float64Array(n);
    let [repeat, sum, marginSum, laterSum] = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) {
      const x = xs[k]!;
      if (x > 0) repeat++;
      // pAliveOf(k) and spendOf(k), in place.
      const pAlive = purchases.pAlive(x, txDays[k]! / u, tDays[k]! / u);
      const mean = means[k]!;
      const spendOf = mean > 0 ? expectedSpend(spend, x, mean) : population;
      const j = pairOf[k]!;
      const clv = (clvs[k] = pAlive * base[j]! * spendOf * m);
      sum += clv;
      marginSum += pAlive * base[j]! * spendOf * mMargin;
      laterSum += pAlive * laterWorth[j]! * spendOf * mLater;
    }
    this.repeatCustomers = repeat;
    this.clvs = clvs;
    // The settings' last: where the sensitivity's margin is the settings' (a margin rate of 0), the CLVs' own sum is the one kept.
    this.summed.set(sumKey(unitRate(margin!.discountRate, margin!.unit), mMargin), marginSum);
    this.summed.set(sumKey(unitRate(later!.discountRate, later!.unit), mLater), laterSum);
    this.summed.set(sumKey(unitRate(settings.discountRate, settings.unit), m), sum);
  }

  /** Customers valued. */
  get size(): number {
    return this.clvs.length;
  }

  /** Customer k's P(alive). */
  private pAliveOf(k: number): number {
    const { x, txDays, tDays } = this.columns;
    const u = UNIT_DAYS[this.settings.unit];
    return this.purchases.pAlive(x[k]!, txDays[k]! / u, tDays[k]! / u);
  }

  /** Customer k's expected spend a purchase: Gamma-Gamma's given their mean, or the population's. */
  private spendOf(k: number): number {
    const mean = this.columns.meanSpend[k]!;
    return mean > 0 ? expectedSpend(this.spend, this.columns.x[k]!, mean) : this.population;
  }

  /** Customer k's figures, made when asked (the top customers, --per-customer). */
  value(k: number): CustomerValue {
    const mean = this.columns.meanSpend[k]!;
    const pAlive = this.pAliveOf(k);
    return { customer: this.customers.at(k)!, meanSpend: Number.isNaN(mean) ? null : mean, pAlive, expectedPurchases: pAlive * this.sums[this.pairOf[k]!]!, expectedSpend: this.spendOf(k), clv: this.clvs[k]! };
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

  /** The settings the sensitivity values the current customers under, other than the model's own: +1% margin, +1 point of discount rate. */
  private moved(): ClvSettings[] {
    const s = this.settings;
    return [
      { ...s, marginRate: s.marginRate * 1.01 },
      { ...s, discountRate: s.discountRate + 0.01 },
    ];
  }

  /** Σ CLV under `s`: the sum made with the CLVs, for the settings and the sensitivity's, or a pass of its own. */
  private currentValueAt(s: ClvSettings): number {
    const summed = this.summed.get(sumKey(unitRate(s.discountRate, s.unit), s.marginRate));
    if (summed !== undefined) return summed;
    const worth = this.worthAt(s);
    let sum = 0;
    for (let k = 0; k < this.pairOf.length; k++) sum += this.pAliveOf(k) * worth[this.pairOf[k]!]! * this.spendOf(k) * s.marginRate;
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
    const [margin, rate] = this.moved();
    return [row("retention", "+1%", null), row("margin", "+1%", margin!), row("acquisitionCost", "-1%", { ...s, acquisitionCost: s.acquisitionCost * 0.99 }), row("discountRate", "+1 point", rate!)];
  }
}
