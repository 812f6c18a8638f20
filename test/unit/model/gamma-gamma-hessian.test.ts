/**
 * Gamma-Gamma's analytic Hessian (issue 29: one pass a Newton step) against central differences of
 * its analytic gradient and numericalSmooth's second differences of ln L's values; and trigamma,
 * which it needs, against closed forms: ψ'(1) = π²/6, ψ'(1/2) = π²/2, ψ'(n + 1) = π²/6 − Σ_{k≤n} 1/k²,
 * and ψ'(x) = ψ'(x + 1) + 1/x² (Abramowitz & Stegun 6.4.2, 6.4.4, 6.4.6).
 */
import { describe, expect, it } from "vitest";
import { trigamma } from "../../../src/model/numeric.js";
import { numericalSmooth } from "../../../src/model/value/fit.js";
import { gammaGammaSmooth, spendData } from "../../../src/model/value/gamma-gamma.js";
import { gamma, random } from "../../../scripts/simulate-clv.mjs";

describe("trigamma", () => {
  it("equals its closed forms to 1e-14", () => {
    expect(Math.abs(trigamma(1) - Math.PI ** 2 / 6)).toBeLessThan(1e-14);
    expect(Math.abs(trigamma(0.5) - Math.PI ** 2 / 2)).toBeLessThan(1e-14);
    let partial = 0;
    for (let n = 1; n <= 40; n++) {
      partial += 1 / (n * n);
      expect(Math.abs(trigamma(n + 1) - (Math.PI ** 2 / 6 - partial))).toBeLessThan(1e-14);
    }
    for (const x of [0.01, 0.3, 2.7, 5.99, 6, 17.5, 1234.5]) expect(Math.abs(trigamma(x) - trigamma(x + 1) - 1 / (x * x)) / trigamma(x)).toBeLessThan(1e-14);
  });
});

describe("gammaGammaSmooth's analytic Hessian", () => {
  const u = random(7);
  // Repeat customers: x from 1 to 12, mean spend from Gamma-Gamma (p 6, q 4, γ 15).
  const data = Array.from({ length: 3_000 }, () => {
    const x = 1 + Math.floor(u() * 12);
    const nu = gamma(u, 4) / 15;
    let sum = 0;
    for (let k = 0; k < x; k++) sum += gamma(u, 6) / nu;
    return { x, mean: sum / x };
  });
  for (const [name, point, weight] of [
    ["near the simulated maximum", [Math.log(6), Math.log(4), Math.log(15)], 1],
    ["away from it, weighted as a sample", [Math.log(2), Math.log(9), Math.log(3)], 7],
  ] as const) {
    it(`equals the differences of the gradient (1e-6) and of ln L's values (1e-3), ${name}`, () => {
      const d = spendData(data, weight);
      const exact = gammaGammaSmooth(d, point).hessian!;
      const size = Math.max(...exact.flat().map(Math.abs));
      // Not smaller: digamma's error (1e-11 at x = 6, where its recurrence hands over to the
      // asymptotic series) jumps where px + q crosses a whole number, and a gradient difference
      // divides that by h.
      const h = 1e-4;
      for (let j = 0; j < 3; j++) {
        const up = gammaGammaSmooth(d, point.map((v, k) => (k === j ? v + h : v))).gradient;
        const down = gammaGammaSmooth(d, point.map((v, k) => (k === j ? v - h : v))).gradient;
        for (let i = 0; i < 3; i++) expect(Math.abs(exact[i]![j]! - (up[i]! - down[i]!) / (2 * h))).toBeLessThan(1e-6 * size);
      }
      const numeric = numericalSmooth((v) => gammaGammaSmooth(d, v).value, point.slice()).hessian!;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(exact[i]![j]! - numeric[i]![j]!)).toBeLessThan(1e-3 * size);
    });
  }
});
