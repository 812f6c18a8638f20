/**
 * paretoSum (src/model/value/pareto-nbd.ts), the fit's ln L over distinct (x, t_x, T) with ₂F₁
 * computed once per distinct (x, t_x) and (x, T), against Σ count × paretoLogLikelihood, the one
 * customer's ln L that pareto-integral.test.ts checks against the integral over the time of death:
 * on both of A₀'s branches (α > β, α < β) and at α = β, and −∞ where a count is not a number.
 * Issue 33: the mutation run of model-clv found the α ≥ β branch of the sum checked by no test
 * (the published CDNOW fit has α < β).
 */
import { describe, expect, it } from "vitest";
import { paretoLogLikelihood, paretoSum, type ParetoNbdParams } from "../../../src/model/value/pareto-nbd.js";

// Two customers share (x, t_x) = (2, 5) with different T, two share (x, T) = (1, 30): the sum's caches.
const BASE = [
  { x: 0, tx: 0, T: 30, count: 4 },
  { x: 2, tx: 5, T: 30, count: 1 },
  { x: 2, tx: 5, T: 12, count: 2 },
  { x: 1, tx: 3, T: 30, count: 3 },
  { x: 1, tx: 29, T: 30, count: 1 },
  { x: 6, tx: 12, T: 12, count: 2 },
];
const coordinates = ({ r, alpha, s, beta }: ParetoNbdParams) => [r, alpha, s, beta].map(Math.log);
const bySum = (p: ParetoNbdParams) => BASE.reduce((sum, t) => sum + t.count * paretoLogLikelihood(p, t.x, t.tx, t.T), 0);

describe("paretoSum against the customers' ln L, summed", () => {
  for (const [name, p] of [
    ["α > β", { r: 1.2, alpha: 15, s: 2.5, beta: 8 }],
    ["α < β", { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }],
    ["α = β", { r: 0.8, alpha: 9, s: 0.4, beta: 9 }],
  ] as const) {
    it(`${name}: the same to 12 significant digits`, () => {
      const want = bySum(p);
      expect(Math.abs(paretoSum(BASE)(coordinates(p)) - want)).toBeLessThan(1e-12 * Math.abs(want));
    });
  }

  it("a count that is not a number makes the sum −∞ (a point the optimizer does not take), not NaN", () => {
    expect(paretoSum([...BASE, { x: 1, tx: 2, T: 9, count: Number.NaN }])(coordinates({ r: 1, alpha: 2, s: 1, beta: 3 }))).toBe(-Infinity);
  });
});
