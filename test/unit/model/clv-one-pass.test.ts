/**
 * ClvModel values its customers in one pass (src/model/value/clv.ts): each CLV, and in the same
 * loop Σ CLV under the settings and under the two the sensitivity moves (+1% margin, +1 point of
 * discount rate), without keeping each customer's P(alive) and expected spend. Here every figure is
 * worked out apart from the model, customer by customer, from the published BG/NBD and Gamma-Gamma
 * fits of CDNOW (Fader, Hardie & Lee 2005: r 0.243, α 4.414, a 0.793, b 2.426; "RFM and CLV":
 * p 6.25, q 3.74, γ 15.44), and the sums are compared to the bit: each term is the same product in
 * the same order, so a sum made in the pass must equal the one made apart exactly.
 *
 * Inside each test, not at the top: see clv-columns.test.ts on mutants that throw while a file is collected.
 */
import { describe, expect, it } from "vitest";
import { bgnbdModel, bgnbdPAlive } from "../../../src/model/value/bgnbd.js";
import { ClvModel, pairWorth, unitRate, type ClvSettings } from "../../../src/model/value/clv.js";
import { expectedSpend, MAX_REPEATS, spendData } from "../../../src/model/value/gamma-gamma.js";
import { summarize } from "../../../src/model/value/summary.js";
import { decimal } from "../../../src/money.js";
import { withMeans } from "../../support/clv-columns.js";

const PARAMS = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const SPEND = { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: 0 };

/** Six customers, in days since 1970, summarized to day 400: repeat buyers, one who never came back, one whose repeat days net to less than nothing. */
function base() {
  const cents = (n: number) => decimal(BigInt(n), 2);
  const s = summarize(
    [
      { id: "A", days: [10, 40, 90, 300], totals: [2000, 3500, 1250, 4000].map(cents) },
      { id: "B", days: [100], totals: [990].map(cents) },
      { id: "C", days: [5, 395], totals: [1500, 2500].map(cents) },
      { id: "D", days: [50, 60, 70, 80, 90, 100, 380], totals: [100, 200, 300, 400, 500, 600, 700].map(cents) },
      { id: "E", days: [200, 210], totals: [1000, -500].map(cents) },
      { id: "F", days: [399], totals: [4200].map(cents) },
    ],
    400,
  );
  return { customers: s.customers, columns: withMeans(s.customers, (c) => (c.x === 0 ? null : Number(c.repeatTotal.coef) / 10 ** c.repeatTotal.scale / c.x)) };
}

const SETTINGS: ClvSettings = { unit: "week", horizon: 52, discountRate: 0.1, marginRate: 0.3, acquisitionCost: 5, newCustomers: 2 };

/** Each customer's P(alive), expected spend and CLV under `s`, made apart: pairWorth of the customer's own (x, T) alone. */
function apart(s: ClvSettings) {
  const { customers, columns } = base();
  const purchases = bgnbdModel(PARAMS, 0);
  const population = expectedSpend(SPEND, 0, 0);
  return customers.map((_, k) => {
    const [x, tx, T] = [columns.x[k]!, columns.txDays[k]! / 7, columns.tDays[k]! / 7];
    const pAlive = bgnbdPAlive(PARAMS, x, tx, T);
    const mean = columns.meanSpend[k]!;
    const spend = mean > 0 ? expectedSpend(SPEND, x, mean) : population;
    const worth = pairWorth(purchases, { x: Float64Array.of(x), tDays: Float64Array.of(columns.tDays[k]!) }, "week", s.horizon, [unitRate(s.discountRate, "week")]);
    return { pAlive, spend, clv: pAlive * worth[1]! * spend * s.marginRate };
  });
}

/** Σ CLV in the customers' order, as the pass adds them. */
const summed = (values: { clv: number }[]) => values.reduce((sum, v) => sum + v.clv, 0);

describe("ClvModel's one pass: each customer's figures and the base's sums, against the same worked out apart", () => {
  it("each customer's P(alive), expected spend and CLV; a customer without a positive mean at the population's spend", () => {
    const { customers, columns } = base();
    const model = new ClvModel(bgnbdModel(PARAMS, 0), SPEND, customers, columns, SETTINGS);
    const want = apart(SETTINGS);
    expect(model.size).toBe(6);
    want.forEach((w, k) => {
      const v = model.value(k);
      expect(v.pAlive).toBe(w.pAlive);
      expect(v.expectedSpend).toBe(w.spend);
      expect(v.clv).toBe(w.clv);
      expect(model.clvs[k]).toBe(w.clv);
    });
    // B and F never came back: P(alive) 1; E's repeat day netted −5.00: the population's spend, pγ/(q − 1).
    expect([model.value(1).pAlive, model.value(5).pAlive]).toEqual([1, 1]);
    expect(model.value(4).expectedSpend).toBe((6.25 * 15.44) / (3.74 - 1));
    expect(model.repeatCustomers).toBe(4);
  });

  it("Σ CLV under the settings, +1% margin and +1 point of rate: the sums made apart, to the bit", () => {
    const { customers, columns } = base();
    const model = new ClvModel(bgnbdModel(PARAMS, 0), SPEND, customers, columns, SETTINGS);
    const margin = { ...SETTINGS, marginRate: SETTINGS.marginRate * 1.01 };
    const rate = { ...SETTINGS, discountRate: SETTINGS.discountRate + 0.01 };
    expect(model.valuation().currentValue).toBe(summed(apart(SETTINGS)));
    expect(model.valuation(margin).currentValue).toBe(summed(apart(margin)));
    expect(model.valuation(rate).currentValue).toBe(summed(apart(rate)));
    // The three differ: a sum kept under one key and read under another would show.
    const values = [SETTINGS, margin, rate].map((s) => model.valuation(s).currentValue);
    expect(new Set(values).size).toBe(3);
    // The sensitivity's rows are made of the same sums: its margin row is the current value +1% (to rounding) plus the future at the moved margin.
    const [, marginRow, , rateRow] = model.sensitivity();
    expect(marginRow!.customerEquity).toBe(model.valuation(margin).customerEquity);
    expect(rateRow!.customerEquity).toBe(model.valuation(rate).customerEquity);
    expect(model.valuation(margin).currentValue / model.valuation().currentValue).toBeCloseTo(1.01, 12);
  });

  it("settings neither the model's nor the sensitivity's: a pass of their own, the same figures as made apart", () => {
    const { customers, columns } = base();
    const model = new ClvModel(bgnbdModel(PARAMS, 0), SPEND, customers, columns, SETTINGS);
    for (const s of [
      { ...SETTINGS, marginRate: 0.55 },
      { ...SETTINGS, discountRate: 0.25 },
      { ...SETTINGS, marginRate: 0.8, discountRate: 0.02 },
    ]) {
      expect(model.valuation(s).currentValue).toBe(summed(apart(s)));
    }
  });

  it("a margin rate of 0: every sum 0, the sensitivity's margin row the settings' own", () => {
    const { customers, columns } = base();
    const model = new ClvModel(bgnbdModel(PARAMS, 0), SPEND, customers, columns, { ...SETTINGS, marginRate: 0, newCustomers: 0 });
    expect(model.valuation().currentValue).toBe(0);
    expect(model.sensitivity()[1]!.delta).toBe(0);
  });
});

describe("spendData: the distinct repeat counts placed by a table", () => {
  it("whole counts: the distinct ones ascending, each customer's place among them", () => {
    const d = spendData({ x: Float64Array.of(4, 2, 4, 7), mean: Float64Array.of(1, 2, 3, 4) });
    expect([...d.xs]).toEqual([2, 4, 7]);
    expect([...d.lnX]).toEqual([Math.log(4), Math.log(2), Math.log(4), Math.log(7)]);
    expect([...d.xAt]).toEqual([1, 0, 1, 2]);
    expect([...d.total]).toEqual([4, 4, 12, 28]);
    // The largest count allowed, beside 1: two places, the table 2^24 + 1 long.
    const far = spendData({ x: Float64Array.of(MAX_REPEATS, 1), mean: Float64Array.of(1, 1) });
    expect([[...far.xs], [...far.xAt]]).toEqual([[1, MAX_REPEATS], [1, 0]]);
  });

  it("a count that is not a whole number from 1 to 2^24 is no repeat count: refused", () => {
    for (const x of [2.5, 0, -3, MAX_REPEATS + 1, Number.NaN]) {
      expect(() => spendData({ x: Float64Array.of(1, x), mean: Float64Array.of(1, 1) })).toThrow(`a repeat customer's x is ${x}: Gamma-Gamma's x counts repeat purchases, a whole number from 1 to 16777216`);
    }
  });
});
