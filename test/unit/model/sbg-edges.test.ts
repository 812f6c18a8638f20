/**
 * The sBG fit's edges, with values worked out by hand: the likelihood of a small cohort, the
 * two-period cohort whose fit is exact (three cells, two parameters), the data with no finite
 * maximum (two-point mixture, falling retention, constant rate), a real fit past α + β = 10⁴, and
 * DERL with a horizon and at a discount rate above 1. Written to kill model-sbg's mutants
 * (docs/mutation.md, "model-sbg").
 */
import { describe, expect, it } from "vitest";
import { nelderMead } from "../../../src/model/numeric.js";
import { derl, FitError, fitSbg, logLikelihood, retentionAt, survival } from "../../../src/model/sbg.js";

describe("sBG likelihood by hand", () => {
  it("α = β = 1 (θ uniform): P(T = 1) = 1/2, P(T = 2) = 1/6, S(2) = 1/3", () => {
    // [10, 6, 4]: 4 leave in period 1, 2 in period 2, 4 are still there.
    expect(logLikelihood(1, 1, [[10, 6, 4]])).toBeCloseTo(4 * Math.log(1 / 2) + 2 * Math.log(1 / 6) + 4 * Math.log(1 / 3), 12);
  });

  it("an empty cohort, or one not followed past its start, adds nothing", () => {
    expect(logLikelihood(1, 1, [[]])).toBe(0);
    expect(logLikelihood(0.7, 1.2, [[10]])).toBe(0);
    expect(logLikelihood(1, 1, [[10, 6, 4], []])).toBeCloseTo(logLikelihood(1, 1, [[10, 6, 4]]), 12);
  });
});

describe("sBG fit where the answer is known", () => {
  // One cohort followed two periods has three cells (left in 1, left in 2, still there) and sBG two
  // parameters: the fit reproduces the shares. P(T = 1) = α/(α + β) = 400/1000 and the churn of
  // period 2 among those left, α/(α + β + 1), = 180/600: α + β = 0.3/(0.4 − 0.3) = 3, α = 1.2, β = 1.8.
  it("[1000, 600, 420] is fitted by α = 1.2, β = 1.8 exactly, with the saturated likelihood", () => {
    const fit = fitSbg([[1000, 600, 420]]);
    expect(fit.alpha).toBeCloseTo(1.2, 6);
    expect(fit.beta).toBeCloseTo(1.8, 6);
    expect(fit.logLikelihood).toBeCloseTo(400 * Math.log(0.4) + 180 * Math.log(0.18) + 420 * Math.log(0.42), 8);
  });

  it("one cohort followed two periods is enough beside others followed one", () => {
    // The one-period cohort [1000, 600] also shows P(T = 1) = 0.4: the same α and β.
    const fit = fitSbg([[1000, 600], [1000, 600, 420]]);
    expect(fit.alpha).toBeCloseTo(1.2, 5);
    expect(fit.beta).toBeCloseTo(1.8, 5);
  });

  it("cohorts followed one period only, or an empty cohort beside them, cannot tell α from β", () => {
    expect(() => fitSbg([[1000, 600]])).toThrow(/followed for one period after it was won/);
    // [0, 0, 0] has nobody in it: it is not the cohort followed two periods that a fit needs.
    expect(() => fitSbg([[0, 0, 0], [1000, 600]])).toThrow(/followed for one period after it was won/);
  });
});

describe("sBG data with no finite maximum", () => {
  it("99% leave at once and the rest never: a two-point mixture, α and β run to 0", () => {
    expect(() => fitSbg([[1000, 10, 10, 10]])).toThrow(FitError);
    expect(() => fitSbg([[1000, 10, 10, 10]])).toThrow(/did not converge/);
  });

  it("retention that falls (0.6, 0.5, 0.33) runs α and β off without bound", () => {
    expect(() => fitSbg([[1000, 600, 300, 100]])).toThrow(/did not converge/);
  });

  it("halving each period is a constant rate, named with its counts: 937 of 1,875 at risk stayed", () => {
    // Stayed 500 + 250 + 125 + 62 = 937 of 1000 + 500 + 250 + 125 = 1875 at risk: r = 0.49973.
    expect(() => fitSbg([[1000, 500, 250, 125, 62]])).toThrow(
      /constant retention rate r = 0\.4997 \(937 of 1,875 customers at risk stayed\).*--model constant --retention 0\.4997$/,
    );
  });
});

describe("a real sBG fit past α + β = 10⁴", () => {
  // Expected survivors of a billion customers with α = 5,000, β = 15,000 (churn 0.25, little
  // heterogeneity): sBG beats the constant rate's likelihood by about 9, so the fit stands.
  const cohort = Array.from({ length: 11 }, (_, t) => Math.round(1e9 * survival(5000, 15000, t)));

  it("is kept, near the α and β that made the data, and is the likelihood's maximum", () => {
    const fit = fitSbg([cohort]);
    expect(fit.alpha / (fit.alpha + fit.beta)).toBeCloseTo(0.25, 3);
    expect(fit.alpha + fit.beta).toBeGreaterThan(1e4);
    expect(fit.alpha + fit.beta).toBeLessThan(3e4);
    expect(fit.logLikelihood).toBeCloseTo(logLikelihood(fit.alpha, fit.beta, [cohort]), 6);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(logLikelihood(5000, 15000, [cohort]));
    // Along the ridge (α and β scaled together) and across it, 1% away is less likely.
    for (const [x, y] of [[1.01, 1.01], [0.99, 0.99], [1.01, 1], [1, 1.01], [0.99, 1], [1, 0.99]] as const) {
      expect(logLikelihood(fit.alpha * x, fit.beta * y, [cohort])).toBeLessThan(fit.logLikelihood);
    }
  });
});

describe("DERL's horizon and a high discount rate", () => {
  // α = 1, β = 2: retention of period t is (t + 1)/(t + 2), S(t) = 2/(t + 2).
  it("a horizon of N counts exactly the next N renewals", () => {
    expect(derl(1, 2, 0.1, 0, 0)).toBe(0);
    expect(derl(1, 2, 0.1, 0, 1)).toBeCloseTo(2 / 3, 14);
    expect(derl(1, 2, 0.1, 0, 2)).toBeCloseTo(2 / 3 + (2 / 3) * (3 / 4) / 1.1, 14);
    // After n = 2 renewals: (β + 2)/(α + β + 2) = 4/5, then 5/6.
    expect(derl(1, 2, 0.1, 2, 2)).toBeCloseTo(4 / 5 + (4 / 5) * (5 / 6) / 1.1, 14);
  });

  it("at d = 2 (each period worth a third of the last) the closed form is the direct sum", () => {
    let direct = 0;
    for (let t = 1; t <= 80; t++) direct += 2 / (t + 2) / 3 ** (t - 1);
    expect(derl(1, 2, 2, 0)).toBeCloseTo(direct, 12);
  });
});

describe("sBG fits that stand, and the best start kept", () => {
  it("a near-constant rate with a finite maximum (α + β ≈ 324 < 10⁴) is a fit, though it gains little", () => {
    // [1000, 500, 250, 126]: the last period keeps 126 of 250, a hair over half, so sBG's maximum is
    // finite; only a fit past α + β = 10⁴ is held against the constant rate.
    const fit = fitSbg([[1000, 500, 250, 126]]);
    expect(fit.alpha + fit.beta).toBeLessThan(1e4);
    expect(fit.alpha / (fit.alpha + fit.beta)).toBeCloseTo(0.5, 2);
    for (const [x, y] of [[1.01, 1.01], [0.99, 0.99], [1.01, 1], [1, 1.01]] as const) {
      expect(logLikelihood(fit.alpha * x, fit.beta * y, [[1000, 500, 250, 126]])).toBeLessThan(fit.logLikelihood);
    }
  });

  it("of the four documented starts, the most likely converged result is the fit", () => {
    // On the billion-customer data the starts stop at different points of a flat ridge.
    const cohort = Array.from({ length: 11 }, (_, t) => Math.round(1e9 * survival(5000, 15000, t)));
    const objective = ([a, b]: number[]) => -logLikelihood(Math.exp(a!), Math.exp(b!), [cohort]);
    const fit = fitSbg([cohort]);
    const found = [[0, 0], [Math.log(0.5), Math.log(2)], [Math.log(2), Math.log(0.5)], [Math.log(0.2), Math.log(5)]]
      .map((start) => nelderMead(objective, start, { tolerance: 1e-12, maxIterations: 10_000 }))
      .filter((f) => f.converged);
    expect(found.length).toBeGreaterThan(1);
    expect(fit.logLikelihood).toBe(Math.max(...found.map((f) => -f.value)));
  });
});

describe("β below 2⁻⁵³ (a fit's start running to the edge)", () => {
  it("keeps β in B(α + 1, β + t − 1) and in the retention rate: (β + t) − 1 would round it to 0", () => {
    // α = 1, β = b: P(T = 1) = B(2, b)/B(1, b) = 1/(1 + b), S(1) = B(1, 1 + b)/B(1, b) = b/(1 + b),
    // so [2, 1] has ln(1/(1 + b)) + ln(b/(1 + b)) = ln b − 2 ln(1 + b), which is ln b at b = 1e-20.
    expect(logLikelihood(1, 1e-20, [[2, 1]])).toBeCloseTo(Math.log(1e-20), 9);
    // r(1) = β/(α + β), 1e-20 exactly in doubles.
    expect(retentionAt(1, 1e-20, 1)).toBe(1e-20);
  });

  it("1% leave at once and the rest never: no finite maximum, a FitError (it was a RangeError, exit 70)", () => {
    // A two-point mixture: the likelihood rises as α and β run to 0 with α/(α + β) = 0.01.
    expect(() => fitSbg([[1000, 990, 990, 990]])).toThrow(FitError);
  });
});

describe("each of the four bounds on a start's end point decides a case alone", () => {
  // Found by running the four documented starts on random cohorts and keeping, for each bound, data
  // where dropping that bound alone changes fitSbg's answer. Without the bound a start's end point
  // is let through; with it every start is refused and the answer is "did not converge".
  const refused = (cohort: number[]) => expect(() => fitSbg([cohort])).toThrow(/the shifted-beta-geometric fit did not converge/);

  it("α > 10⁻⁸: 417 of 163 million leave at once, 2 later (a start ends at α 8.2·10⁻⁹, β 0.0032)", () => {
    refused([162955940, 162955523, 162955523, 162955521]);
  });

  it("α < 10⁸: retention that jumps about (a start ends at α 1.0·10⁸, β 3.5·10⁷, where lnB's differences are noise)", () => {
    refused([17456, 5961, 32, 14, 3]);
  });

  it("β < 10⁸: falling retention (a start ends past β = 10⁸, and the constant-rate check would name r = 0.7785)", () => {
    refused([2862, 2235, 1949, 1438, 983]);
  });
});

describe("the fourth bound, β > 10⁻⁸, now that a tiny β no longer throws", () => {
  it("77 of 137 million stay after the first period, 2 of them leave later (a start ends at α 0.014, β 8.1·10⁻⁹)", () => {
    expect(() => fitSbg([[137121020, 77, 77, 75, 75]])).toThrow(/the shifted-beta-geometric fit did not converge/);
  });
});
