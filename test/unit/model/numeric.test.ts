/**
 * src/model/numeric.ts at its edges (issue 33, module model-value): ln Γ, ψ and ψ' against values
 * computed independently with python3's mpmath at 30 digits (loggamma, digamma, polygamma(1, x)),
 * ₂F₁ against its series summed here and mpmath's hyp2f1, and Nelder–Mead's steps worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, lnBeta, lnGamma, nelderMead, trigamma } from "../../../src/model/numeric.js";

describe("ln Γ, ψ and ψ' (mpmath, 30 digits)", () => {
  it("ln Γ below ½ by reflection, and above", () => {
    expect(lnGamma(0.25)).toBeCloseTo(1.28802252469807745737, 13);
    expect(lnGamma(0.1)).toBeCloseTo(2.25271265173420590201, 13);
    expect(lnGamma(7.3)).toBeCloseTo(7.14789252302224869210, 13);
    expect(lnGamma(100)).toBeCloseTo(359.134205369575398776, 10);
    // ln B(0.25, 7.05) = ln Γ(0.25) + ln Γ(7.05) − ln Γ(7.3), each as above
    expect(lnBeta(0.25, 7.3)).toBeCloseTo(lnGamma(0.25) + lnGamma(7.3) - lnGamma(7.55), 12);
  });

  it("ψ at 1 (−γ), ½ (−γ − 2 ln 2), 6 (H₅ − γ), 0.3 and 25.5", () => {
    // The series from x ≥ 6 on is good to about 1e-11 there (9e-12 at 6), not the 15 digits its comment
    // says; from 25 on to 15 digits.
    expect(digamma(1)).toBeCloseTo(-0.577215664901532860607, 10);
    expect(digamma(0.5)).toBeCloseTo(-1.96351002602142347944, 10);
    expect(digamma(6)).toBeCloseTo(1.70611766843180047273, 10);
    expect(digamma(0.3)).toBeCloseTo(-3.50252422220013312492, 10);
    expect(digamma(25.5)).toBeCloseTo(3.21894247288391976655, 14);
  });

  it("ψ' at 1 (π²/6), ½ (π²/2), 10, 0.3 and 25.5", () => {
    expect(trigamma(1)).toBeCloseTo(1.64493406684822643647, 14);
    expect(trigamma(0.5)).toBeCloseTo(4.93480220054467930942, 13);
    expect(trigamma(10)).toBeCloseTo(0.105166335681685746122, 15);
    expect(trigamma(0.3)).toBeCloseTo(12.2453645461077313012, 12);
    expect(trigamma(25.5)).toBeCloseTo(0.0399946696495629240365, 15);
  });

  it("refuse 0, a negative and NaN by name", () => {
    for (const [fn, name] of [[lnGamma, "lnGamma"], [digamma, "digamma"], [trigamma, "trigamma"]] as const) {
      expect(() => fn(0)).toThrow(new RangeError(`${name} needs x > 0, not 0`));
      expect(() => fn(-1)).toThrow(RangeError);
      expect(() => fn(Number.NaN)).toThrow(`${name} needs x > 0, not NaN`);
    }
  });
});

describe("₂F₁(1, b; c; z)", () => {
  /** The series Σ_k (b)_k/(c)_k z^k, summed until its terms are below 1e-18 of the sum. */
  const series = (b: number, c: number, z: number) => {
    let term = 1;
    let sum = 1;
    for (let k = 0; term > 1e-18 * sum; k++) {
      term *= ((b + k) / (c + k)) * z;
      sum += term;
    }
    return sum;
  };

  it("equals its series and mpmath", () => {
    expect(hyp2f1(2.5, 4.2, 0.7)).toBeCloseTo(1.83747526570063868186, 13);
    expect(hyp2f1(2.5, 4.2, 0.7)).toBeCloseTo(series(2.5, 4.2, 0.7), 13);
    expect(hyp2f1(0.5, 3, 0.999)).toBeCloseTo(1.33208048963638762791, 12);
    for (const [b, c, z] of [[0.3, 0.9, 0.2], [5, 6.5, 0.95], [1.7, 1.2, 0.5], [3, 3.5, 0]]) expect(hyp2f1(b!, c!, z!)).toBeCloseTo(series(b!, c!, z!), 12);
  });

  it("a first convergent of zero (b z / c = 1) is passed by the modified Lentz method: ₂F₁(1, 4; 2; ½) = 14/3", () => {
    // (4)_k/(2)_k = (k + 3)(k + 2)/6, so the sum is Σ (k + 3)(k + 2)/6 · 2^−k = 14/3 (mpmath: 4.6666…)
    expect(hyp2f1(4, 2, 0.5)).toBeCloseTo(14 / 3, 13);
  });

  it("refuses z outside [0, 1) and a w of 0; names the steps when it cannot converge", () => {
    expect(() => hyp2f1(1, 2, 1)).toThrow(new RangeError("hyp2f1 needs 0 <= z < 1, not 1"));
    expect(() => hyp2f1(1, 2, -0.1)).toThrow("hyp2f1 needs 0 <= z < 1, not -0.1");
    expect(() => hyp2f1(1, 2, 0.5, 0)).toThrow("hyp2f1 needs 0 <= z < 1, not 0.5");
    expect(() => hyp2f1(1, 2, Number.NaN)).toThrow(RangeError);
    // b NaN: no step converges; ⌈200/√0.5⌉ + 1000 = 283 + 1000 steps
    expect(() => hyp2f1(Number.NaN, 2, 0.5)).toThrow(new RangeError("hyp2f1(1, NaN; 2; 0.5) did not converge in 1283 steps"));
    // w given: ⌈200/√0.25⌉ + 1000 = 1400 steps
    expect(() => hyp2f1(Number.NaN, 2, 0.5, 0.25)).toThrow("did not converge in 1400 steps");
  });
});

describe("Nelder–Mead, step by step on (x − 3)² from 0 (step ½)", () => {
  const square = (x: number[]) => (x[0]! - 3) ** 2;

  it("no iteration: the better of 0 and ½", () => {
    expect(nelderMead(square, [0], { maxIterations: 0 })).toEqual({ x: [0.5], value: 6.25, iterations: 0, converged: false });
  });

  it("expanded to 1.5, then reflected to 2.5, then contracted outside to 3", () => {
    // 1: centroid ½, worst 0: reflected 1 (4) beats the best (6.25), expanded 1.5 (2.25) beats it: kept
    expect(nelderMead(square, [0], { maxIterations: 1 })).toEqual({ x: [1.5], value: 2.25, iterations: 1, converged: false });
    // 2: centroid 1.5, worst ½: reflected 2.5 (¼) beats 2.25, expanded 3.5 (¼) does not beat it: 2.5 kept
    expect(nelderMead(square, [0], { maxIterations: 2 })).toEqual({ x: [2.5], value: 0.25, iterations: 2, converged: false });
    // 3: centroid 2.5, worst 1.5: reflected 3.5 (¼) beats neither, but the worst: contracted outside, 3 (0)
    expect(nelderMead(square, [0], { maxIterations: 3 })).toEqual({ x: [3], value: 0, iterations: 3, converged: false });
  });

  it("converges when the values and the points agree within the tolerance, bounds included", () => {
    // at iteration 3 the simplex is 3 (0) and 2.5 (¼): |¼ − 0| ≤ ¼ × (1 + 0) and |2.5 − 3| ≤ √¼, both exactly
    expect(nelderMead(square, [0], { tolerance: 0.25 })).toEqual({ x: [3], value: 0, iterations: 3, converged: true });
    // with the defaults (1e-10) it goes on to within √1e-10 of 3
    const found = nelderMead(square, [0]);
    expect(found.converged).toBe(true);
    expect(Math.abs(found.x[0]! - 3)).toBeLessThan(1e-5);
    expect(found.iterations).toBeGreaterThan(3);
  });

  it("contracts inside: from 2.9, the points tried are 3.4, 2.4, 3.15, 2.65, 3.025", () => {
    const tried: number[] = [];
    const found = nelderMead((x) => (tried.push(x[0]!), square(x)), [2.9], { maxIterations: 2 });
    // 1: centroid 2.9, worst 3.4: reflected 2.4 (0.36) worse than the worst (0.16): inside, 3.15 (0.0225)
    // 2: centroid 2.9, worst 3.15: reflected 2.65 (0.1225), inside 3.025 (0.000625)
    [2.9, 3.4, 2.4, 3.15, 2.65, 3.025].forEach((x, k) => expect(tried[k]).toBeCloseTo(x, 12));
    expect(tried).toHaveLength(6);
    expect(found.x[0]).toBeCloseTo(3.025, 12);
    expect(found.value).toBeCloseTo(0.000625, 12);
  });

  it("shrinks on a flat function: the spread halves, 0.5, 0.25, 0.125, 0.0625 ≤ √0.01, converged at iteration 3", () => {
    const tried: number[] = [];
    const found = nelderMead((x) => (tried.push(x[0]!), 0), [0], { tolerance: 0.01 });
    expect(found).toEqual({ x: [0], value: 0, iterations: 3, converged: true });
    // each iteration: reflected −s, contracted inside s/2 (no better), shrunk to s/2
    expect(tried).toEqual([0, 0.5, -0.5, 0.25, 0.25, -0.25, 0.125, 0.125, -0.125, 0.0625, 0.0625]);
  });

  it("in two dimensions, the centroid is the mean of the best two", () => {
    const tried: number[][] = [];
    nelderMead((x) => (tried.push(x), x[0]! + 2 * x[1]!), [0, 0], { step: 1, maxIterations: 1 });
    // simplex (0,0) 0, (1,0) 1, (0,1) 2: centroid of the best two (½, 0), reflected (1, −1): −1, expanded (1.5, −2): −2.5
    expect(tried).toEqual([[0, 0], [1, 0], [0, 1], [1, -1], [1.5, -2]]);
  });
});
