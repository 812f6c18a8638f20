/**
 * Customer equity as a stock: the lifetime value of current and future customers (Gupta &
 * Lehmann's margin multiple; current and future customers as in Gupta, Lehmann & Stuart 2004).
 * Pure and real-valued: inputs come from exact sums, outputs are rounded once when printed.
 */
import { derl } from "./sbg.js";

export type Timing = "end" | "start";

export interface ValueInputs {
  /** r: the share of customers who stay from one period to the next. */
  retention: number;
  /** m: retention revenue less servicing cost, per retained customer and period. */
  margin: number;
  /** c: acquisition cost per new customer. */
  acquisitionCost: number;
  /** n: new customers per period. */
  newCustomers: number;
}

export interface ValueSettings {
  /** i, per period. */
  discountRate: number;
  timing: Timing;
  /** Periods summed; null: forever. */
  horizon: number | null;
}

/** The retention side of a model: a customer's value per unit of margin, given how long they have stayed. */
export interface RetentionModel {
  /** Expected discounted margins of a customer at acquisition (0 renewals) or after `renewals`, per unit of margin. */
  multiple(renewals: number, settings: ValueSettings): number;
}

/**
 * Constant retention r. At end timing, margin arrives at the end of each period the customer
 * stays: m·Σ_{t≥1} r^t/(1+i)^t = m·r/(1+i−r). At start timing, at its beginning, the current
 * period's included: m·Σ_{t≥0} r^t/(1+i)^t = m·(1+i)/(1+i−r). A horizon sums N periods.
 */
export function constantRetention(r: number): RetentionModel {
  return {
    multiple(_renewals, { discountRate: i, timing, horizon }) {
      if (horizon === null) return timing === "end" ? r / (1 + i - r) : (1 + i) / (1 + i - r);
      const x = r / (1 + i);
      let sum = 0;
      for (let t = timing === "end" ? 1 : 0, k = 0; k < horizon; t++, k++) sum += x ** t;
      return sum;
    },
  };
}

/**
 * The shifted-beta-geometric model: a customer who has made n renewals is worth DERL(n) margins
 * (Fader & Hardie 2010), the next renewal counted undiscounted; `scale` multiplies every
 * period's retention rate (capped at 1), for the sensitivity to retention.
 */
export function sbgRetention(alpha: number, beta: number, scale = 1): RetentionModel {
  return {
    multiple(renewals, { discountRate, horizon }) {
      if (scale === 1) return derl(alpha, beta, discountRate, renewals, horizon);
      // Summed directly: the scaled rates have no closed form. Once a scaled rate reaches 1 every
      // later one does too (the rates rise with k), and the rest is a geometric series summed in
      // closed form: at a tiny discount rate it would otherwise take billions of terms.
      const v = 1 / (1 + discountRate);
      const limit = horizon ?? Math.ceil(Math.log(1e-15) / Math.log(v)) + 1;
      let sum = 0;
      let alive = 1;
      let discount = 1; // v^(k−1)
      for (let k = 1; k <= limit; k++, discount *= v) {
        const rate = (scale * (beta + renewals + k - 1)) / (alpha + beta + renewals + k - 1);
        // Σ_{j=k..limit} alive·v^(j−1), forever when there is no horizon.
        if (rate >= 1) return sum + (alive * (horizon === null ? discount : discount - v ** horizon)) / (1 - v);
        alive *= rate;
        sum += alive * discount;
      }
      return sum;
    },
  };
}

export interface Valuation {
  clv: number;
  currentCustomers: number;
  currentValue: number;
  futureValue: number;
  customerEquity: number;
}

/** Σ_{k=1..N} 1/(1+i)^k, or 1/i forever: the present value of 1 a period from the next period on. */
export function annuity(i: number, horizon: number | null): number {
  return horizon === null ? 1 / i : (1 - (1 + i) ** -horizon) / i;
}

/**
 * Current customers (by renewals made: [renewals, customers]) worth margin × multiple each; each
 * future period's n new customers worth n·(CLV − c), discounted from the period they arrive in.
 */
export function valuation(model: RetentionModel, inputs: Pick<ValueInputs, "margin" | "acquisitionCost" | "newCustomers">, current: readonly (readonly [number, number])[], settings: ValueSettings): Valuation {
  const clv = inputs.margin * model.multiple(0, settings);
  const currentCustomers = current.reduce((s, [, n]) => s + n, 0);
  const currentValue = current.reduce((s, [renewals, n]) => s + n * inputs.margin * model.multiple(renewals, settings), 0);
  const futureValue = inputs.newCustomers * (clv - inputs.acquisitionCost) * annuity(settings.discountRate, settings.horizon);
  return { clv, currentCustomers, currentValue, futureValue, customerEquity: currentValue + futureValue };
}

export interface Sensitivity {
  driver: "retention" | "margin" | "acquisitionCost" | "discountRate";
  change: string;
  /** Lifetime customer equity with the change; null when the change has no valid model (retention past 1). */
  customerEquity: number | null;
  delta: number | null;
  /** delta ÷ |customer equity|; null for a zero base. */
  deltaPercent: number | null;
}

/**
 * What one driver moved alone does to lifetime customer equity: +1% retention (relative), +1%
 * margin, −1% acquisition cost, +1 point of discount rate.
 */
export function sensitivity(base: Valuation, value: (change: { retentionScale: number; marginScale: number; costScale: number; rateShift: number }) => Valuation | null): Sensitivity[] {
  const none = { retentionScale: 1, marginScale: 1, costScale: 1, rateShift: 0 };
  const rows: [Sensitivity["driver"], string, Partial<typeof none>][] = [
    ["retention", "+1%", { retentionScale: 1.01 }],
    ["margin", "+1%", { marginScale: 1.01 }],
    ["acquisitionCost", "-1%", { costScale: 0.99 }],
    ["discountRate", "+1 point", { rateShift: 0.01 }],
  ];
  return rows.map(([driver, change, shift]) => {
    const moved = value({ ...none, ...shift });
    if (!moved) return { driver, change, customerEquity: null, delta: null, deltaPercent: null };
    const delta = moved.customerEquity - base.customerEquity;
    return { driver, change, customerEquity: moved.customerEquity, delta, deltaPercent: base.customerEquity === 0 ? null : delta / Math.abs(base.customerEquity) };
  });
}
