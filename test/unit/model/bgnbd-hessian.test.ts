/**
 * BG/NBD's analytic Hessian (issue 29: one pass of the data per Newton step, where central
 * differences of the gradient took eight) against two independent numerical ones: numericalSmooth's
 * second differences of ln L's values, and central differences of the analytic gradient. At a point
 * away from the maximum (where the gradient's term of the chain rule matters) and at the published
 * CDNOW maximum's neighbourhood, on a simulated base with repeat and one-time customers.
 */
import { describe, expect, it } from "vitest";
import { bgnbdSmooth } from "../../../src/model/value/bgnbd.js";
import { numericalSmooth } from "../../../src/model/value/fit.js";
import { indexTriples, type Triple } from "../../../src/model/value/summary.js";
import { random, simulateCustomer } from "../../../scripts/simulate-clv.mjs";

function base(seed: number, n: number): Triple[] {
  const u = random(seed);
  const purchases = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  return Array.from({ length: n }, () => {
    const T = 39 + Math.floor(u() * 40);
    const { times } = simulateCustomer(u, purchases, T);
    return { x: times.length, tx: times.at(-1) ?? 0, T, count: 1 + Math.floor(u() * 3) };
  });
}

const coordinates = (r: number, alpha: number, a: number, b: number) => [Math.log(r), Math.log(alpha), Math.log(a / b), -Math.log(a + b)];

describe("bgnbdSmooth's analytic Hessian", () => {
  const d = indexTriples(base(3, 2_000));
  for (const [name, u] of [
    ["near the published maximum", coordinates(0.243, 4.414, 0.793, 2.426)],
    ["away from it", coordinates(0.6, 12, 2.5, 1.2)],
    ["with large a and b", coordinates(0.3, 3, 40, 120)],
  ] as const) {
    it(`equals the central differences of the analytic gradient (1e-6) and of ln L's values (1e-3), ${name}`, () => {
      const exact = bgnbdSmooth(d, u.slice()).hessian!;
      const size = Math.max(...exact.flat().map(Math.abs));
      const h = 1e-6;
      for (let j = 0; j < 4; j++) {
        const up = bgnbdSmooth(d, u.map((v, k) => (k === j ? v + h : v))).gradient;
        const down = bgnbdSmooth(d, u.map((v, k) => (k === j ? v - h : v))).gradient;
        for (let i = 0; i < 4; i++) expect(Math.abs(exact[i]![j]! - (up[i]! - down[i]!) / (2 * h))).toBeLessThan(1e-6 * size);
      }
      const numeric = numericalSmooth((v) => bgnbdSmooth(d, v).value, u.slice()).hessian!;
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(exact[i]![j]! - numeric[i]![j]!)).toBeLessThan(1e-3 * size);
      // Symmetric, as a Hessian is.
      for (let i = 0; i < 4; i++) for (let j = 0; j < i; j++) expect(exact[i]![j]).toBeCloseTo(exact[j]![i]!, 6);
    });
  }
});
