/**
 * The models of customers who leave without saying so, pure: the general ₂F₁ against closed
 * forms, BG/NBD's closed-form expectation against a sum of its own probabilities, Pareto/NBD's
 * against a numerical integral, P(alive)'s properties, the summary's counting rules, the holdout
 * tables on a hand-made base, and a fit that cannot converge refused.
 */
import { describe, expect, it } from "vitest";
import { bgnbdExpected, bgnbdLogLikelihood, bgnbdPAlive, bgnbdProbability, fitBgNbd, bgnbdModel } from "../../../src/model/value/bgnbd.js";
import { FitError } from "../../../src/model/value/fit.js";
import { expectedSpend } from "../../../src/model/value/gamma-gamma.js";
import { holdoutTables } from "../../../src/model/value/holdout.js";
import { fitParetoNbd, paretoExpected, paretoLogLikelihood, paretoPAlive } from "../../../src/model/value/pareto-nbd.js";
import { lnHyp2f1 } from "../../../src/model/value/special.js";
import { summarize, triples } from "../../../src/model/value/summary.js";
import { unitRate } from "../../../src/model/value/clv.js";
import { decimal, toExactString } from "../../../src/money.js";
import { cdnowSampleDays, hasCdnowSample } from "../../support/cdnow.js";

// Fader, Hardie & Lee 2005 ("Counting your customers the easy way"), table 1; Fader, Hardie & Lee 2005 ("RFM and CLV").
const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
// Fader, Hardie & Lee 2005 ("Counting your customers the easy way"), Pareto/NBD estimates on the same data.
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

/** Agreement to `digits` significant digits. */
const significant = (actual: number, expected: number, digits: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(0.5 * 10 ** (1 - digits));

describe("₂F₁(a, b; c; z), in logs", () => {
  it("is −ln(1−z)/z for (1, 1; 2) and (1−z)^−a for b = c, also where the value passes 1e300", () => {
    for (const z of [0, 0.3, 0.9, 0.999]) significant(Math.exp(lnHyp2f1(1, 1, 2, z)), z === 0 ? 1 : -Math.log1p(-z) / z, 12);
    for (const [a, z] of [[0.5, 0.2], [3.7, 0.95], [800, 0.9]] as const) significant(lnHyp2f1(a, 2.5, 2.5, z), -a * Math.log1p(-z), 12);
    // (1 − 0.9)^−800 = 1e800: far past a double, kept in logs.
    expect(lnHyp2f1(800, 2.5, 2.5, 0.9)).toBeCloseTo(800 * Math.LN10, 8);
  });
});

describe("BG/NBD (Fader, Hardie & Lee 2005)", () => {
  it("the closed-form E[X(t)] (eq. 9) equals Σ k·P(X(t) = k) over the model's own probabilities (eq. 8), to 6 significant digits", () => {
    for (const t of [1, 13, 39]) {
      let mean = 0;
      let total = 0;
      // P(k) falls geometrically, as (t/(α+t))^k: 800 terms leave less than 1e-12 (the total checks it).
      for (let k = 0; k < 800; k++) {
        const p = bgnbdProbability(BGNBD, k, t);
        mean += k * p;
        total += p;
      }
      significant(total, 1, 9);
      significant(bgnbdExpected(BGNBD, t, 0, 0, 0), mean, 6);
    }
  });

  it("gives the paper's 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86 (section 5)", () => {
    expect(bgnbdExpected(BGNBD, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it("P(alive) is 1 with no repeat purchase, and falls as T grows at fixed x and t_x", () => {
    for (const T of [0, 5, 50]) expect(bgnbdPAlive(BGNBD, 0, 0, T)).toBe(1);
    const at = [31, 35, 39, 52, 78].map((T) => bgnbdPAlive(BGNBD, 2, 30.43, T));
    for (let k = 1; k < at.length; k++) expect(at[k]!).toBeLessThan(at[k - 1]!);
    expect(at[0]!).toBeLessThan(1);
  });

  it("a base in which nobody bought again has no maximum: the fit is an error, not a number", () => {
    expect(() => fitBgNbd([{ x: 0, tx: 0, T: 10, count: 50 }, { x: 0, tx: 0, T: 20, count: 30 }])).toThrow(FitError);
  });
});

describe("Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005)", () => {
  it("E[Y(t) | x, t_x, T] = P(alive) × (r+x)/(α+T) × ∫₀ᵗ P(still alive at T+u | alive at T) du, the integral by Simpson's rule", () => {
    for (const [x, tx, T, t] of [[0, 0, 38.86, 39], [2, 30.43, 38.86, 39], [7, 35, 38, 52], [1, 2, 30, 10]] as const) {
      const { r, alpha, s, beta } = PARETO;
      const survival = (u: number) => ((beta + T) / (beta + T + u)) ** s;
      const n = 2000;
      let integral = survival(0) + survival(t);
      for (let k = 1; k < n; k++) integral += (k % 2 === 1 ? 4 : 2) * survival((k * t) / n);
      integral *= t / n / 3;
      significant(paretoExpected(PARETO, t, x, tx, T), paretoPAlive(PARETO, x, tx, T) * ((r + x) / (alpha + T)) * integral, 6);
    }
  });

  it("P(alive) takes either 2F1 branch (α ≥ β and α < β) to the same value where α = β, and falls with T", () => {
    const near = (alpha: number) => paretoPAlive({ ...PARETO, alpha, beta: 11 }, 3, 20, 38);
    significant(near(11 + 1e-9), near(11 - 1e-9), 7);
    const at = [25, 30, 39, 60].map((T) => paretoPAlive(PARETO, 3, 20, T));
    for (let k = 1; k < at.length; k++) expect(at[k]!).toBeLessThan(at[k - 1]!);
  });
});

describe("Gamma-Gamma and discounting", () => {
  it("the expected spend is the weighted mean of the population's pγ/(q−1) and the customer's own mean", () => {
    const gg = { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: 0 };
    const population = (6.25 * 15.44) / 2.74;
    expect(expectedSpend(gg, 0, 0)).toBeCloseTo(population, 12);
    const x = 4;
    const w = (gg.p * x) / (gg.p * x + gg.q - 1);
    expect(expectedSpend(gg, x, 30)).toBeCloseTo((1 - w) * population + w * 30, 12);
  });

  it("a year's rate compounds to the same year in days, weeks and months", () => {
    expect((1 + unitRate(0.1, "month")) ** 12).toBeCloseTo(1.1, 12);
    expect((1 + unitRate(0.1, "day")) ** 365.25).toBeCloseTo(1.1, 12);
    expect((1 + unitRate(0.1, "week")) ** (365.25 / 7)).toBeCloseTo(1.1, 12);
  });
});

describe("the customer summary and the holdout tables on a hand-made base", () => {
  // Days since 1970: calibration to day 100, holdout to day 128 (4 weeks).
  const c = (id: string, days: number[], cents: number[]) => ({ id, days, totals: cents.map((n) => decimal(BigInt(n), 2)) });
  const log = [
    c("A", [30, 44, 58, 100, 101, 120], [1000, 2000, 4000, 500, 700, 900]), // x = 3 (44, 58, 100), holdout 2 (101, 120)
    c("B", [72, 128, 129], [1500, 100, 100]), // x = 0, holdout 1 (128; 129 is after the holdout)
    c("C", [2, 9], [100, -300]), // x = 1, a repeat day netting -3.00
    c("D", [101], [5000]), // first bought after the calibration: not a customer yet
  ];
  const summary = summarize(log, 100, 128);

  it("counts x, t_x, T and the repeat days' total by the paper's rules", () => {
    expect(summary.customers.map((s) => [s.id, s.x, s.txDays, s.tDays, toExactString(s.repeatTotal), s.holdout])).toEqual([
      ["A", 3, 70, 70, "65.00", 2],
      ["B", 0, 0, 28, "0", 1],
      ["C", 1, 7, 98, "-3.00", 0],
    ]);
    expect(summary.repeatCustomers).toBe(2);
    expect(triples(summary.customers, "week")).toEqual([
      { x: 0, tx: 0, T: 4, count: 1 },
      { x: 1, tx: 1, T: 14, count: 1 },
      { x: 3, tx: 10, T: 10, count: 1 },
    ]);
  });

  it("the conditional table groups customers by x with the model's expectation over the 4 holdout weeks; tracking counts repeat days per week", () => {
    const model = bgnbdModel(BGNBD, 0);
    const tables = holdoutTables(model, summary, { end: 100, holdoutEnd: 128, first: 2, unit: "week" });
    expect(tables.length).toBe(4);
    const row = (x: number) => tables.conditional[x]!;
    expect([row(0).customers, row(0).actual]).toEqual([1, 1]);
    expect(row(0).predicted).toBeCloseTo(bgnbdExpected(BGNBD, 4, 0, 0, 4), 12);
    expect([row(1).customers, row(1).actual, row(3).customers, row(3).actual]).toEqual([1, 0, 1, 2]);
    expect(row(3).predicted).toBeCloseTo(bgnbdExpected(BGNBD, 4, 3, 10, 10), 12);
    expect(tables.conditional.filter((g) => g.customers === 0).length).toBe(5);
    // Weeks from day 2: C's day 9 in week 2 (days 9-15); A's 44 in week 7 (44-50), 58 in week 9 (58-64),
    // 100 and 101 in week 15 (100-106), 120 in week 17 (114-120); B's 128 in week 19 (128, cut at the holdout end).
    const actual = tables.tracking.map((t) => t.actual);
    expect(actual.length).toBe(19);
    expect(actual.flatMap((n, k) => (n > 0 ? [[k + 1, n]] : []))).toEqual([[2, 1], [7, 1], [9, 1], [15, 2], [17, 1], [19, 1]]);
    expect(tables.tracking.filter((t) => t.holdout).map((t) => t.unit + 1)).toEqual([15, 16, 17, 18, 19]);
    // The predicted total over everything is each customer's unconditional expectation from their first day to day 128.
    const total = tables.tracking.reduce((s, t) => s + t.predicted, 0);
    expect(total).toBeCloseTo([30, 72, 2].reduce((s, first) => s + model.unconditional((128 - first) / 7), 0), 9);
    const errors = [Math.abs(row(3).predicted - 2), Math.abs(row(0).predicted - 1), Math.abs(row(1).predicted - 0)];
    expect(tables.meanAbsoluteError).toBeCloseTo(errors.reduce((s, e) => s + e, 0) / 3, 12);
  });
});

describe("the fits' sums, computed once per distinct value, are the per-customer likelihoods summed", () => {
  it.skipIf(!hasCdnowSample())("on the CDNOW sample's 39 calibration weeks (../shared/data/CDNOW_sample.txt; skipped when absent)", () => {
    const customers = cdnowSampleDays().map(({ id, days }) => ({ id, days, totals: days.map(() => decimal(1n)) }));
    const data = triples(summarize(customers, Date.UTC(1997, 8, 30) / 86_400_000).customers, "week");
    const bg = fitBgNbd(data);
    const p = bg.params as { r: number; alpha: number; a: number; b: number };
    significant(bg.logLikelihood, data.reduce((s, d) => s + d.count * bgnbdLogLikelihood(p, d.x, d.tx, d.T), 0), 12);
    const pn = fitParetoNbd(data);
    const q = pn.params as { r: number; alpha: number; s: number; beta: number };
    significant(pn.logLikelihood, data.reduce((s, d) => s + d.count * paretoLogLikelihood(q, d.x, d.tx, d.T), 0), 12);
  });
});
