/**
 * The value models' pure core: the special functions against independent evaluations, the sBG fit
 * and DERL against the published figures, the constant model's closed forms against direct sums.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hyp2f1, lnBeta, lnGamma, nelderMead } from "../../../src/model/numeric.js";
import { derl, fitSbg, logLikelihood, survival } from "../../../src/model/sbg.js";
import { buildCohorts, currentByRenewals, firstGrowth, survivors } from "../../../src/model/cohorts.js";
import { constantRetention, sbgRetention, sensitivity, valuation, type ValueSettings } from "../../../src/model/value.js";
import { decimal, toExactString } from "../../../src/money.js";
import { runs } from "../../support/runs.js";

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe("special functions", () => {
  it("ln Γ at integers and halves is ln of the factorial and of √π products", () => {
    for (let n = 1; n <= 30; n++) {
      let factorial = 1;
      for (let k = 2; k < n; k++) factorial *= k;
      expect(lnGamma(n)).toBeCloseTo(Math.log(factorial), 10);
    }
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(2.5)).toBeCloseTo(Math.log(0.75 * Math.sqrt(Math.PI)), 12);
    // B(2, 3) = 1!·2!/4! = 1/12
    expect(Math.exp(lnBeta(2, 3))).toBeCloseTo(1 / 12, 14);
  });

  it("₂F₁(1, b; b; z) is the geometric series 1/(1−z), and ₂F₁(1, 1; 2; z) is −ln(1−z)/z", () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(3.7, 3.7, z)).toBeCloseTo(1 / (1 - z), 9);
      if (z > 0) expect(hyp2f1(1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 9);
    }
    expect(() => hyp2f1(1, 2, 1)).toThrow(RangeError);
  });

  it("Nelder–Mead finds the minimum of Rosenbrock's valley", () => {
    const found = nelderMead(([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! ** 2) ** 2, [-1.2, 1], { tolerance: 1e-14, maxIterations: 20_000 });
    expect(found.converged).toBe(true);
    expect(found.x[0]).toBeCloseTo(1, 5);
    expect(found.x[1]).toBeCloseTo(1, 5);
  });
});

describe("shifted-beta-geometric (Fader & Hardie 2007, How to project customer retention)", () => {
  it("fits the published regular customers to α = 0.704, β = 1.182", () => {
    const fit = fitSbg([REGULAR]);
    expect(fit.alpha).toBeCloseTo(0.704, 3);
    expect(fit.beta).toBeCloseTo(1.182, 3);
  });

  it("fits the published high-end customers to α = 0.668, β = 3.806", () => {
    const fit = fitSbg([HIGH_END]);
    expect(fit.alpha).toBeCloseTo(0.668, 3);
    expect(fit.beta).toBeCloseTo(3.806, 3);
  });

  it("projects years 8–12 within 10% of the published survivors (regular 223, 207, 194, 183, 173; high end 468, 445, 427, 409, 394)", () => {
    for (const [data, actual] of [[REGULAR, [223, 207, 194, 183, 173]], [HIGH_END, [468, 445, 427, 409, 394]]] as const) {
      const { alpha, beta } = fitSbg([data]);
      actual.forEach((survivors, k) => expect(Math.abs(1000 * survival(alpha, beta, 8 + k) - survivors) / survivors).toBeLessThan(0.1));
    }
  });

  it("the fit is the likelihood's maximum: every nearby α, β is less likely", () => {
    const fit = fitSbg([REGULAR, HIGH_END.slice(0, 5)]);
    for (const [da, db] of [[0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01], [0.01, 0.01]]) {
      expect(logLikelihood(fit.alpha + da!, fit.beta + db!, [REGULAR, HIGH_END.slice(0, 5)])).toBeLessThan(fit.logLikelihood);
    }
  });

  it("a cohort with no churn, or none followed past its first period, has no fit", () => {
    expect(() => fitSbg([[1000]])).toThrow(/no cohort is followed past its first period/);
    expect(() => fitSbg([[1000, 1000, 1000]])).toThrow(/no customer of any cohort left/);
    expect(() => fitSbg([[1000, 0, 0]])).toThrow(/every customer left after their first period/);
  });
});

describe("DERL (Fader & Hardie 2010, Customer-base valuation in a contractual setting)", () => {
  it("high end, d = 0.1, 7 renewals: 7.530", () => {
    expect(derl(0.668, 3.806, 0.1, 7)).toBeCloseTo(7.53, 3);
  });

  it("the closed form equals the direct discounted sum of survival over 2,000 periods", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.02, max: 0.5, noNaN: true }), fc.integer({ min: 0, max: 20 }), (a, b, d, n) => {
        let direct = 0;
        for (let t = n + 1; t <= n + 2000; t++) direct += (survival(a, b, t) / survival(a, b, n)) / (1 + d) ** (t - n - 1);
        expect(derl(a, b, d, n)).toBeCloseTo(direct, 6);
        expect(derl(a, b, d, n, 2000)).toBeCloseTo(direct, 9);
      }),
      { numRuns: runs(30, 100) },
    );
  });
});

describe("constant retention (Gupta & Lehmann, margin multiple)", () => {
  const settings = (timing: "end" | "start", horizon: number | null = null): ValueSettings => ({ discountRate: 0.1, timing, horizon });

  it("m = 100, r = 0.8, i = 0.1: CLV 266.67 (end), 366.67 (start), 212.41 (5-period horizon)", () => {
    const model = constantRetention(0.8);
    expect((100 * model.multiple(0, settings("end"))).toFixed(2)).toBe("266.67");
    expect((100 * model.multiple(0, settings("start"))).toFixed(2)).toBe("366.67");
    expect((100 * model.multiple(0, settings("end", 5))).toFixed(2)).toBe("212.41");
  });

  it("the closed form equals a direct discounted sum over 2,000 periods, to 6 significant digits", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.98, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: -500, max: 5000, noNaN: true }), fc.constantFrom("end", "start"), (r, i, m, timing) => {
        let direct = 0;
        for (let t = timing === "end" ? 1 : 0; t <= 2000; t++) direct += (m * r ** t) / (1 + i) ** t;
        const closed = m * constantRetention(r).multiple(0, { discountRate: i, timing, horizon: null });
        expect(Math.abs(closed - direct)).toBeLessThanOrEqual(Math.abs(direct) * 5e-7 + 1e-9);
      }),
      { numRuns: runs(100, 500) },
    );
  });

  it("current and future customers: 50 active × CLV, and 10 new a period worth CLV − c from the next period on", () => {
    const v = valuation(constantRetention(0.8), { margin: 100, acquisitionCost: 200 / 3, newCustomers: 10 }, [[0, 50]], settings("end"));
    expect(v.clv).toBeCloseTo(266.6667, 4);
    expect(v.currentValue).toBeCloseTo(50 * 266.6667, 2);
    // 10 × (266.67 − 66.67) / 0.1 = 20,000
    expect(v.futureValue).toBeCloseTo(20_000, 1);
    expect(v.customerEquity).toBeCloseTo(v.currentValue + v.futureValue, 9);
  });

  it("sensitivity: more retention, more margin and less acquisition cost never lower the value", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.97, noNaN: true }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 5000, noNaN: true }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(null, 1, 5, 40), (r, i, m, c, n, horizon) => {
        const s: ValueSettings = { discountRate: i, timing: "end", horizon };
        const value = (x: { retentionScale: number; marginScale: number; costScale: number; rateShift: number }) =>
          valuation(constantRetention(r * x.retentionScale), { margin: m * x.marginScale, acquisitionCost: c * x.costScale, newCustomers: n }, [[0, 100]], { ...s, discountRate: i + x.rateShift });
        const rows = sensitivity(value({ retentionScale: 1, marginScale: 1, costScale: 1, rateShift: 0 }), value);
        for (const row of rows.filter((x) => x.driver !== "discountRate")) expect(row.delta!).toBeGreaterThanOrEqual(-1e-9 * (1 + Math.abs(row.customerEquity!)));
      }),
      { numRuns: runs(60, 300) },
    );
  });

  it("sbg with retention scaled by 1 is DERL itself, and scaled up is worth more", () => {
    const plain = sbgRetention(0.668, 3.806).multiple(7, settings("end"));
    expect(plain).toBeCloseTo(7.53, 3);
    expect(sbgRetention(0.668, 3.806, 1).multiple(7, settings("end"))).toBe(plain);
    expect(sbgRetention(0.668, 3.806, 1.01).multiple(7, settings("end"))).toBeGreaterThan(plain);
  });
});

describe("cohorts", () => {
  const d = (s: string) => decimal(BigInt(Math.round(Number(s) * 100)), 2);
  it("tally customers into the period they were won in, with gaps as zeros, to the last period", () => {
    const table = buildCohorts(
      [
        { cohort: 1, active: [[1, d("10")], [2, d("5")]] },
        { cohort: 1, active: [[1, d("20")], [3, d("7.5")]] },
        { cohort: 2, active: [[2, d("1")]] },
      ],
      4,
    );
    expect(table.cohorts.map((c) => [c.period, c.cells.map((x) => [x.period, x.customers, toExactString(x.revenue!)])])).toEqual([
      [1, [[1, 2, "30.00"], [2, 1, "5.00"], [3, 1, "7.50"], [4, 0, "0"]]],
      [2, [[2, 1, "1.00"], [3, 0, "0"], [4, 0, "0"]]],
    ]);
    expect(survivors(table)).toEqual([[2, 1, 1, 0], [1, 0, 0]]);
    expect(firstGrowth(table)).toBeUndefined();
    expect(currentByRenewals(buildCohorts([{ cohort: 1, active: [[1, d("1")], [3, d("1")]] }], 3))).toEqual([[2, 1]]);
    expect(firstGrowth(buildCohorts([{ cohort: 1, active: [[1, d("1")], [3, d("1")]] }], 3))).toEqual({ cohort: 1, period: 3, before: 0, after: 1 });
  });
});
