/**
 * Edges of the value models that the first mutation run of model-value left untested (issue 33):
 * Nelder–Mead's branches each taken once, with the points it tries worked out by hand, and the
 * unscaled sBG model being Fader & Hardie's closed form itself, not a sum that approaches it, and the
 * special functions where a shortcut would lose digits (reference values: python3's mpmath, 30 digits).
 */
import { describe, expect, it } from "vitest";
import { hyp2f1, lnGamma, nelderMead, trigamma } from "../../../src/model/numeric.js";
import { derl } from "../../../src/model/sbg.js";
import { sbgRetention } from "../../../src/model/value.js";

describe("Nelder–Mead's other branches", () => {
  it("an outside contraction no better than the reflection is refused: the simplex shrinks", () => {
    // simplex 0 (0) and 1 (1); reflected −1 (0.5) is better than the worst, so contracted outside to −0.5 (0.8),
    // which is worse than the reflection: shrink 1 halfway to the best, 0.5
    const tried: number[] = [];
    const f = (x: number[]) => (tried.push(x[0]!), x[0]! >= 0 ? x[0]! ** 2 : x[0] === -1 ? 0.5 : 0.8);
    nelderMead(f, [0], { step: 1, maxIterations: 1 });
    expect(tried).toEqual([0, 1, -1, -0.5, 0.5]);
  });

  it("in two dimensions a reflection between the best and the second worst is kept as it is", () => {
    // f = |x − 0.9| + 0.1|y|: (0, 0) 0.9, (1, 0) 0.1, (0, 1) 1.0; centroid of the best two (0.5, 0),
    // reflected (1, −1) 0.2: not below the best (0.1), below the second worst (0.9): kept, nothing else tried
    const tried: number[][] = [];
    const found = nelderMead((x) => (tried.push(x), Math.abs(x[0]! - 0.9) + 0.1 * Math.abs(x[1]!)), [0, 0], { step: 1, maxIterations: 1 });
    expect(tried).toEqual([[0, 0], [1, 0], [0, 1], [1, -1]]);
    expect(found.x).toEqual([1, 0]);
  });
});

describe("Nelder–Mead's convergence test in two dimensions", () => {
  it("the spread is the largest distance in any coordinate: on a flat function it halves 0.5, 0.25, 0.125, 0.0625 ≤ √0.01", () => {
    // simplex (0, 0), (0.5, 0), (0, 0.5): each point is 0.5 from the best in one coordinate and 0 in the other;
    // every step shrinks the simplex by half (nothing is ever better), so it converges at iteration 3, not 0
    expect(nelderMead(() => 0, [0, 0], { tolerance: 0.01 })).toEqual({ x: [0, 0], value: 0, iterations: 3, converged: true });
  });
});

describe("special functions where a shortcut loses digits", () => {
  it("ln Γ near 0 by reflection: ln Γ(1e-8) = 18.42068073818020891 (Lanczos alone is 5e-9 off)", () => {
    expect(lnGamma(1e-8)).toBeCloseTo(18.4206807381802089053753, 12);
    expect(lnGamma(1e-5)).toBeCloseTo(11.5129196928958257074208, 12);
  });

  it("ψ'(10) to 15 significant digits, as its comment says: 0.105166335681685746122", () => {
    expect(Math.abs(trigamma(10) / 0.105166335681685746122 - 1)).toBeLessThan(1e-15);
  });

  it("₂F₁ refuses z = 1 even with a w given", () => {
    expect(() => hyp2f1(1, 2, 1, 0.5)).toThrow("hyp2f1 needs 0 <= z < 1, not 1");
  });
});

describe("sbgRetention unscaled", () => {
  it("is derl() itself, to the last bit (a direct sum differs in the last digits, and at a tiny rate takes billions of terms)", () => {
    for (const [a, b, i, n, h] of [[0.668, 3.806, 0.1, 7, null], [0.704, 1.182, 0.05, 0, null], [0.704, 1.182, 0.1, 2, 20]] as const) {
      expect(sbgRetention(a, b).multiple(n, { discountRate: i, timing: "start", horizon: h })).toBe(derl(a, b, i, n, h));
    }
  });
});

describe("₂F₁'s continued fraction through a zero denominator", () => {
  it("₂F₁(1, 39; 3; ⅓) = 41943.2425640209 (mpmath; its series summed here): the modified Lentz method's guard", () => {
    // With c' = 2: k₂ = (c' − b + 1)/((c' + 1)(c' + 2)) = −36/12 = −3 and k₃ = (c' + 1)(b + 1)/((c' + 2)(c' + 3)) = 6,
    // so at z = ⅓ the second denominator is 1 + 1 = 2 and the third 1 − 2 × ½ = 0, exactly in doubles:
    // without the guard D becomes 1/0 and the value NaN.
    let term = 1;
    let series = 1;
    for (let k = 0; k < 2000; k++) series += term *= ((39 + k) / (3 + k)) * (1 / 3);
    expect(series / 41943.2425640209090271 - 1).toBeCloseTo(0, 13);
    expect(Math.abs(hyp2f1(39, 3, 1 / 3) / 41943.2425640209090271 - 1)).toBeLessThan(1e-10);
  });
});
