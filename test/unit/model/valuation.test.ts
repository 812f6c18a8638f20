/**
 * `ceq value`'s pure core in-process (issue 33, module model-value): the constant model and the sBG
 * valuation with every figure and formula line, the inputs taken from a summary or a cohort table
 * with their sources, and the special functions at their edges. Each expected figure is worked out
 * in its comment by hand, or computed here a second way (a direct sum, a closed form, a published
 * value), never read back from the code under test.
 */
import { describe, expect, it } from "vitest";
import { constantValue, growthProblem, sbgValue, type ValueRequest } from "../../../src/model/valuation.js";
import { annuity, constantRetention, sbgRetention, sensitivity, valuation, type Valuation } from "../../../src/model/value.js";
// numeric.ts and value-inputs.ts are checked in numeric.test.ts and value-inputs.test.ts beside this file.
import type { Derived } from "../../../src/model/value-inputs.js";
import { fitSbg, survival } from "../../../src/model/sbg.js";
import type { CohortTable } from "../../../src/model/cohorts.js";
// Figures here are reals (model outputs); the exact sums a summary holds come in at value-inputs.test.ts.


const given = (value: number, source = "given"): Derived => ({ value, source });
const label = (p: number) => `P${p}`;
/** Gupta & Lehmann's example, m = 100, r = 0.8, i = 0.1, with c = 50 and n = 10 a period. */
const request = (over: Partial<ValueRequest> = {}): ValueRequest => ({ discountRate: 0.1, timing: "end", horizon: null, margin: given(100), acquisitionCost: given(50), newCustomers: given(10), ...over });

describe("constantValue: Gupta & Lehmann's margin multiple, 50 current customers", () => {
  it("end timing, forever: CLV 266.67, current 13,333.33, future 21,666.67, equity 35,000, and the formulas filled in", () => {
    const out = constantValue(request(), given(0.8, "r"), given(50, "now"));
    // CLV = 100 × 0.8 / (1.1 − 0.8) = 80 / 0.3 = 266.666…; current = 50 × CLV = 13,333.33…;
    // future = 10 × (266.67 − 50) / 0.1 = 21,666.67; equity = 35,000.
    expect(out.valuation.clv).toBeCloseTo(800 / 3, 10);
    expect(out.valuation.currentCustomers).toBe(50);
    expect(out.valuation.currentValue).toBeCloseTo(40_000 / 3, 8);
    expect(out.valuation.futureValue).toBeCloseTo(65_000 / 3, 8);
    expect(out.valuation.customerEquity).toBeCloseTo(35_000, 8);
    expect(out.model).toBe("constant");
    expect(out.discountRate).toBe(0.1);
    expect(out.timing).toBe("end");
    expect(out.horizon).toBeNull();
    expect(out.sbg).toBeNull();
    expect(out.current).toEqual(given(50, "now"));
    expect(out.inputs).toEqual({ retention: given(0.8, "r"), margin: given(100), acquisitionCost: given(50), newCustomers: given(10) });
    expect(out.explain).toEqual([
      "CLV = m × r / (1 + i − r) = 100.00 × 0.8000 / (1 + 0.1 − 0.8000) = 266.67",
      "current value = customers active now × CLV = 50 × 266.67 = 13,333.33",
      "future value = n × (CLV − c) / i = 10.0000 × (266.67 − 50.00) / 0.1 = 21,666.67",
      "customer equity = current value + future value = 13,333.33 + 21,666.67 = 35,000.00",
    ]);
  });

  it("the sensitivity moves one driver at a time: each row's equity by the closed form written out", () => {
    // equity(r, m, c, i) = 50·m·r/(1+i−r) + 10·(m·r/(1+i−r) − c)/i
    const equity = (r: number, m: number, c: number, i: number) => 50 * ((m * r) / (1 + i - r)) + (10 * ((m * r) / (1 + i - r) - c)) / i;
    const base = equity(0.8, 100, 50, 0.1);
    const rows = constantValue(request(), given(0.8), given(50)).sensitivity;
    const expected = [
      ["retention", "+1%", equity(0.808, 100, 50, 0.1)],
      ["margin", "+1%", equity(0.8, 101, 50, 0.1)],
      ["acquisitionCost", "-1%", equity(0.8, 100, 49.5, 0.1)],
      ["discountRate", "+1 point", equity(0.8, 100, 50, 0.11)],
    ] as const;
    expect(rows.map((r) => [r.driver, r.change])).toEqual(expected.map(([d, c]) => [d, c]));
    rows.forEach((row, k) => {
      expect(row.customerEquity).toBeCloseTo(expected[k]![2], 6);
      expect(row.delta).toBeCloseTo(expected[k]![2] - base, 6);
      expect(row.deltaPercent).toBeCloseTo((expected[k]![2] - base) / base, 12);
    });
  });

  it("start timing: CLV = m(1 + i)/(1 + i − r) = 366.67", () => {
    const out = constantValue(request({ timing: "start" }), given(0.8), given(50));
    expect(out.valuation.clv).toBeCloseTo(1100 / 3, 10);
    expect(out.timing).toBe("start");
    expect(out.explain[0]).toBe("CLV = m × (1 + i) / (1 + i − r) = 100.00 × (1 + 0.1) / (1 + 0.1 − 0.8000) = 366.67");
  });

  it("a 5-period horizon: the sums written out, 212.41 at end timing and 292.06 at start", () => {
    // end: 100 × Σ_{t=1..5} (0.8/1.1)^t = 212.41 (Gupta & Lehmann); start: 100 × Σ_{t=0..4} = 100 + 212.41 − 100·(0.8/1.1)^5 = 292.06 (python3: 292.0634)
    const x = 0.8 / 1.1;
    let end = 0;
    for (let t = 1; t <= 5; t++) end += 100 * x ** t;
    const start = 100 + end - 100 * x ** 5;
    const e = constantValue(request({ horizon: 5 }), given(0.8), given(50));
    const s = constantValue(request({ timing: "start", horizon: 5 }), given(0.8), given(50));
    expect(e.valuation.clv).toBeCloseTo(end, 10);
    expect(e.valuation.clv.toFixed(2)).toBe("212.41");
    expect(s.valuation.clv).toBeCloseTo(start, 10);
    expect(s.valuation.clv.toFixed(2)).toBe("292.06");
    // future = 10 × (CLV − 50) × (1 − 1.1^−5) / 0.1 = 6,156.61 (python3: 6156.6067)
    expect(e.valuation.futureValue).toBeCloseTo((10 * (end - 50) * (1 - 1.1 ** -5)) / 0.1, 8);
    expect(e.horizon).toBe(5);
    expect(e.explain[0]).toBe("CLV = m × Σ_{t=1..5} r^t / (1 + i)^t = 100.00 × Σ 0.8000^t / 1.1^t = 212.41");
    expect(s.explain[0]).toBe("CLV = m × Σ_{t=0..4} r^t / (1 + i)^t = 100.00 × Σ 0.8000^t / 1.1^t = 292.06");
    expect(e.explain[2]).toBe(`future value = n × (CLV − c) × (1 − (1 + i)^−N) / i = 10.0000 × (212.41 − 50.00) × (1 − (1 + 0.1)^−5) / 0.1 = ${e.valuation.futureValue.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    expect(e.explain[2]).toContain("= 6,156.61");
  });

  it("retention moved to exactly 1 has no value forever (null row) but has one over a horizon; past 1 never", () => {
    const r = 1 / 1.01; // r × 1.01 is exactly 1 in doubles
    expect(r * 1.01).toBe(1);
    const forever = constantValue(request(), given(r), given(50)).sensitivity[0]!;
    expect(forever).toEqual({ driver: "retention", change: "+1%", customerEquity: null, delta: null, deltaPercent: null });
    const horizon = constantValue(request({ horizon: 3 }), given(r), given(50));
    // at r = 1: CLV = 100 × (1/1.1 + 1/1.1² + 1/1.1³) = 248.685…, equity = 50·CLV + 10·(CLV − 50)·(1 − 1.1^−3)/0.1
    const clv1 = 100 * (1 / 1.1 + 1 / 1.1 ** 2 + 1 / 1.1 ** 3);
    expect(horizon.sensitivity[0]!.customerEquity).toBeCloseTo(50 * clv1 + (10 * (clv1 - 50) * (1 - 1.1 ** -3)) / 0.1, 8);
    const past = constantValue(request({ horizon: 3 }), given(0.995), given(50)).sensitivity[0]!;
    expect(past.customerEquity).toBeNull();
  });

  it("the margin, cost and rate rows move only their own driver", () => {
    // m = 0 and n = 0: equity is 0 in every row but margin's; a zero base gives no percentage
    const rows = constantValue(request({ margin: given(0), newCustomers: given(0) }), given(0.5), given(10)).sensitivity;
    expect(rows.map((r) => r.customerEquity)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.deltaPercent)).toEqual([null, null, null, null]);
  });
});

describe("valuation, annuity and sensitivity", () => {
  it("annuity: 1/i forever, (1 − (1 + i)^−N)/i over N periods", () => {
    expect(annuity(0.1, null)).toBeCloseTo(10, 12);
    // 1/1.1 + 1/1.21 = 0.909090… + 0.826446… = 1.735537…
    expect(annuity(0.1, 2)).toBeCloseTo(1 / 1.1 + 1 / 1.21, 12);
  });

  it("current customers by renewals: Σ n × m × multiple(renewals)", () => {
    const model = { multiple: (renewals: number) => renewals + 1 };
    const v = valuation(model, { margin: 10, acquisitionCost: 0, newCustomers: 0 }, [[0, 2], [3, 5]], { discountRate: 0.1, timing: "end", horizon: null });
    // 2 × 10 × 1 + 5 × 10 × 4 = 220; 7 customers
    expect(v.currentValue).toBe(220);
    expect(v.currentCustomers).toBe(7);
    expect(v.clv).toBe(10);
    expect(v.customerEquity).toBe(220);
  });

  it("a negative base: the percentage is over its absolute value", () => {
    const base: Valuation = { clv: 0, currentCustomers: 0, currentValue: 0, futureValue: -200, customerEquity: -200 };
    const rows = sensitivity(base, () => ({ ...base, customerEquity: -150 }));
    // delta +50 over |−200| = +25%
    expect(rows[0]).toEqual({ driver: "retention", change: "+1%", customerEquity: -150, delta: 50, deltaPercent: 0.25 });
  });

  it("each row asks for its own change and keeps the others at none", () => {
    const asked: unknown[] = [];
    sensitivity({ clv: 0, currentCustomers: 0, currentValue: 0, futureValue: 0, customerEquity: 1 }, (x) => (asked.push(x), null));
    expect(asked).toEqual([
      { retentionScale: 1.01, marginScale: 1, costScale: 1, rateShift: 0 },
      { retentionScale: 1, marginScale: 1.01, costScale: 1, rateShift: 0 },
      { retentionScale: 1, marginScale: 1, costScale: 0.99, rateShift: 0 },
      { retentionScale: 1, marginScale: 1, costScale: 1, rateShift: 0.01 },
    ]);
  });

  it("constant retention over a horizon at start timing: Σ_{t=0..N−1} x^t", () => {
    // r = 0.5, i = 0: 1 + 0.5 + 0.25 = 1.75
    expect(constantRetention(0.5).multiple(0, { discountRate: 0, timing: "start", horizon: 3 })).toBe(1.75);
    expect(constantRetention(0.5).multiple(0, { discountRate: 0, timing: "end", horizon: 3 })).toBe(0.875);
  });

  it("sbg scaled retention: the direct sum of Π scale·(β + n + k − 1)/(α + β + n + k − 1) discounted, with a horizon and forever", () => {
    // α = 1, β = 3, n = 2, scale 1.1, i = 0.1, horizon 3: rates 1.1·5/6, 1.1·6/7, 1.1·7/8
    const r = [1.1 * (5 / 6), 1.1 * (6 / 7), 1.1 * (7 / 8)];
    const v = 1 / 1.1;
    const direct = r[0]! + r[0]! * r[1]! * v + r[0]! * r[1]! * r[2]! * v * v;
    const settings = { discountRate: 0.1, timing: "start" as const, horizon: 3 };
    expect(sbgRetention(1, 3, 1.1).multiple(2, settings)).toBeCloseTo(direct, 12);
    // forever with scale 1.01 against a sum of 3,000 terms (the tail below 1e-15)
    let sum = 0;
    let alive = 1;
    for (let k = 1; k <= 3000; k++) {
      alive *= Math.min(1.01 * ((3 + 2 + k - 1) / (1 + 3 + 2 + k - 1)), 1);
      sum += alive * v ** (k - 1);
    }
    expect(sbgRetention(1, 3, 1.01).multiple(2, { ...settings, horizon: null })).toBeCloseTo(sum, 9);
  });

  it("sbg scaled retention reaching 1: the rest summed in closed form, with a horizon and forever", () => {
    // α = 1, β = 9, scale 1.25: rates 1.25·9/10 = 1.125 ≥ 1 at once, so every period stays:
    // with horizon 4 and i = 0.1: Σ_{k=1..4} 1.1^−(k−1) = 1 + 1/1.1 + 1/1.21 + 1/1.331 = 3.486852…
    const h = sbgRetention(1, 9, 1.25).multiple(0, { discountRate: 0.1, timing: "start", horizon: 4 });
    expect(h).toBeCloseTo(1 + 1 / 1.1 + 1 / 1.21 + 1 / 1.331, 12);
    // forever: 1 / (1 − 1/1.1) = 11
    expect(sbgRetention(1, 9, 1.25).multiple(0, { discountRate: 0.1, timing: "start", horizon: null })).toBeCloseTo(11, 10);
    // a rate that reaches 1 after the first period: α = 1, β = 4, scale 1.2: 1.2·4/5 = 0.96, then 1.2·5/6 = 1:
    // 0.96 + 0.96·(1/1.1 + 1/1.21) over horizon 3 = 0.96 + 0.96 × 1.735537…
    expect(sbgRetention(1, 4, 1.2).multiple(0, { discountRate: 0.1, timing: "start", horizon: 3 })).toBeCloseTo(0.96 + 0.96 * (1 / 1.1 + 1 / 1.21), 12);
    // forever: 0.96 + 0.96 × (1/1.1) / (1 − 1/1.1) = 0.96 + 0.96 × 10 = 10.56
    expect(sbgRetention(1, 4, 1.2).multiple(0, { discountRate: 0.1, timing: "start", horizon: null })).toBeCloseTo(10.56, 10);
  });
});

/** A cohort's cells from `from` on, with these survivors (no revenue: a cohorts file). */
const cells = (from: number, counts: readonly number[]) => counts.map((customers, k) => ({ period: from + k, customers, revenue: null }));
/** Fader & Hardie 2007's regular customers, won in period 0 and followed to 7, and a later cohort won in 5. */
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const TABLE: CohortTable = { cohorts: [{ period: 0, cells: cells(0, REGULAR) }, { period: 5, cells: cells(5, [400, 260, 200]) }], last: 7 };
/** DERL(n) as the direct discounted sum of survival, Σ_{t>n} S(t)/S(n) / (1 + i)^(t−n−1): no ₂F₁. */
const directDerl = (alpha: number, beta: number, i: number, n: number, scale = 1) => {
  let sum = 0;
  let alive = 1;
  for (let k = 1; k <= 4000; k++) {
    alive *= Math.min(1, scale * ((beta + n + k - 1) / (alpha + beta + n + k - 1)));
    sum += alive / (1 + i) ** (k - 1);
  }
  return sum;
};
const f2 = (x: number) => x.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe("sbgValue: the regular customers and a later cohort, m = 100, c = 50, n = 20, i = 0.1", () => {
  const req = request({ newCustomers: given(20) });
  // The fit is model-sbg's (checked there against the published α = 0.704, β = 1.182 for the first cohort alone).
  const { alpha, beta } = fitSbg([REGULAR, [400, 260, 200]]);

  it("values the 241 customers of 7 renewals and the 200 of 2 at m × DERL, by a direct sum of survival", () => {
    const out = sbgValue(req, TABLE, label);
    const d = (n: number) => directDerl(alpha, beta, 0.1, n);
    expect(out.sbg!.fit.alpha).toBe(alpha);
    expect(out.sbg!.derl.map((x) => x.renewals)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out.sbg!.derl.map((x) => x.customers)).toEqual([0, 0, 200, 0, 0, 0, 0, 241]);
    out.sbg!.derl.forEach((x) => expect(x.value).toBeCloseTo(d(x.renewals), 8));
    expect(out.valuation.clv).toBeCloseTo(100 * d(0), 6);
    expect(out.valuation.currentValue).toBeCloseTo(241 * 100 * d(7) + 200 * 100 * d(2), 4);
    // future: 20 × (CLV − 50) / 0.1
    expect(out.valuation.futureValue).toBeCloseTo((20 * (100 * d(0) - 50)) / 0.1, 4);
    expect(out.current).toEqual({ value: 441, source: "active in P7, by cohort" });
    expect(out.model).toBe("sbg");
    expect(out.timing).toBe("renewal");
    expect(out.discountRate).toBe(0.1);
    expect(out.horizon).toBeNull();
    expect(out.inputs).toEqual({ retention: null, margin: given(100), acquisitionCost: given(50), newCustomers: given(20) });
    expect(out.moneyless).toBeUndefined();
  });

  it("observed survival pools the cohorts followed that long; projections run 13 periods (8 observed + 5)", () => {
    const out = sbgValue(req, TABLE, label);
    // age 1: (631 + 260) / (1000 + 400); age 2: (468 + 200) / 1400; from age 3 the first cohort alone
    expect(out.sbg!.observed).toEqual([1, 891 / 1400, 668 / 1400, 0.382, 0.326, 0.289, 0.262, 0.241]);
    expect(out.sbg!.retention).toHaveLength(13);
    out.sbg!.retention.forEach((r, t) => expect(r).toBeCloseTo((beta + t) / (alpha + beta + t), 14));
    expect(out.sbg!.survival).toHaveLength(14);
    out.sbg!.survival.forEach((s, t) => expect(s).toBeCloseTo(survival(alpha, beta, t), 14));
    // a short table still projects 12 periods
    const short = sbgValue(req, { cohorts: [{ period: 0, cells: cells(0, [100, 50, 30]) }], last: 2 }, label);
    expect(short.sbg!.retention).toHaveLength(12);
    expect(short.sbg!.survival).toHaveLength(13);
    expect(short.sbg!.derl.map((x) => x.customers)).toEqual([0, 0, 30]);
  });

  it("the sensitivity: each driver moved alone, by direct sums", () => {
    const out = sbgValue(req, TABLE, label);
    const equity = (scale: number, m: number, c: number, i: number) => {
      const d = (n: number) => directDerl(alpha, beta, i, n, scale);
      return 241 * m * d(7) + 200 * m * d(2) + (20 * (m * d(0) - c)) / i;
    };
    const expected = [equity(1.01, 100, 50, 0.1), equity(1, 101, 50, 0.1), equity(1, 100, 49.5, 0.1), equity(1, 100, 50, 0.11)];
    expect(out.sensitivity.map((r) => r.driver)).toEqual(["retention", "margin", "acquisitionCost", "discountRate"]);
    out.sensitivity.forEach((row, k) => expect(row.customerEquity!).toBeCloseTo(expected[k]!, 3));
  });

  it("the formulas filled in", () => {
    const out = sbgValue(req, TABLE, label);
    const d = (n: number) => directDerl(alpha, beta, 0.1, n);
    const v = out.valuation;
    expect(out.explain).toEqual([
      `α, β = argmax Σ cohorts [Σ_t left(t) × ln P(T = t) + still there × ln S(T)] over 2 cohorts (P0: 1,000, P5: 400) = ${alpha.toFixed(4)}, ${beta.toFixed(4)}`,
      `retention(t) = (β + t − 1) / (α + β + t − 1): period 1 = ${(beta / (alpha + beta)).toFixed(4)}, period 7 = ${((beta + 6) / (alpha + beta + 6)).toFixed(4)}`,
      "DERL(n) = (β + n) / (α + β + n) × ₂F₁(1, β + n + 1; α + β + n + 1; 1 / (1 + i))",
      `CLV = m × DERL(0) = 100.00 × ${d(0).toFixed(4)} = ${f2(100 * d(0))}`,
      `current value = Σ customers × m × DERL(renewals) = 241 × 100.00 × ${d(7).toFixed(4)} + 200 × 100.00 × ${d(2).toFixed(4)} = ${f2(v.currentValue)}`,
      `future value = n × (CLV − c) / i = 20.0000 × (${f2(v.clv)} − 50.00) / 0.1 = ${f2(v.futureValue)}`,
      `customer equity = current value + future value = ${f2(v.currentValue)} + ${f2(v.futureValue)} = ${f2(v.customerEquity)}`,
    ]);
    // the figures as worked out once (python3, the direct sums above): DERL(0) 3.0085, DERL(7) 6.8374
    expect(out.explain[3]).toBe("CLV = m × DERL(0) = 100.00 × 3.0085 = 300.85");
  });

  it("moneyless (no --margin): no sensitivity, the fit's three lines, the horizon named", () => {
    const out = sbgValue(request({ horizon: 10, margin: given(0), acquisitionCost: given(0) }), { cohorts: [{ period: 0, cells: cells(0, REGULAR) }], last: 7 }, label, true);
    expect(out.moneyless).toBe(true);
    expect(out.sensitivity).toEqual([]);
    expect(out.horizon).toBe(10);
    expect(out.explain).toHaveLength(3);
    const one = fitSbg([REGULAR]);
    expect(out.explain[0]).toBe(`α, β = argmax Σ cohorts [Σ_t left(t) × ln P(T = t) + still there × ln S(T)] over 1 cohort (P0: 1,000) = ${one.alpha.toFixed(4)}, ${one.beta.toFixed(4)}`);
    expect(out.explain[2]).toBe("DERL(n) = (β + n) / (α + β + n) × ₂F₁(1, β + n + 1; α + β + n + 1; 1 / (1 + i)), summed over 10 renewals");
    expect(out.current).toEqual({ value: 241, source: "active in P7, by cohort" });
  });

  it("no current customer: the current value's sum is 0", () => {
    // the cohort's cells end before the table's last period, so none of them is active then
    const out = sbgValue(req, { cohorts: [{ period: 0, cells: cells(0, REGULAR) }], last: 8 }, label);
    expect(out.explain[4]).toBe("current value = Σ customers × m × DERL(renewals) = 0 = 0.00");
    expect(out.sbg!.derl).toHaveLength(1);
    expect(out.current).toEqual({ value: 0, source: "active in P8, by cohort" });
  });
});

describe("growthProblem", () => {
  it("names the cohort, the two counts and the period where survivors grow", () => {
    const table: CohortTable = { cohorts: [{ period: 0, cells: cells(0, [1000, 900]) }, { period: 1, cells: cells(1, [1500, 1600]) }], last: 2 };
    expect(growthProblem(table, label)).toBe(
      "cohort P1 grows from 1,500 to 1,600 customers in P2: survivors never grow, so the shifted-beta-geometric model cannot be fitted (customers who come back are a non-contractual business's: see BG/NBD)",
    );
    expect(growthProblem(TABLE, label)).toBeUndefined();
  });
});
