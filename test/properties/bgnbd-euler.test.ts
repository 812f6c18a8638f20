/**
 * BG/NBD's conditional expectation by Euler's transformation of its ₂F₁ (issue 29: the valuing's
 * series, shorter for frequent buyers) against the direct form of Fader, Hardie & Lee 2005, eq. 10,
 * written out here with the all-positive power series lnHyp2f1: (a+b+x−1)/(a−1) × [1 − ((α+T)/(α+T+t))^{r+x}
 * ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]. To 1e-9 relative, over parameters on both sides of a = 1, buyers
 * from none to 300 repeat purchases, and horizons to ten years of weeks. Also hyp2f1Tail itself
 * against lnHyp2f1 where both apply (a, b > 0), and against a closed form with a negative parameter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bgnbdExpectedIfAlive } from "../../src/model/value/bgnbd.js";
import { hyp2f1Tail, lnHyp2f1 } from "../../src/model/value/special.js";
import { runs } from "../support/runs.js";

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const params = fc.record({ r: real(0.05, 5), alpha: real(0.5, 40), a: fc.oneof(real(0.1, 0.95), real(1.05, 8)), b: real(0.2, 20) }).filter((p) => p.a + p.b > 1.05);

function direct({ r, alpha, a, b }: { r: number; alpha: number; a: number; b: number }, t: number, x: number, T: number): number {
  const z = t / (alpha + T + t);
  return ((a + b + x - 1) / (a - 1)) * -Math.expm1((r + x) * Math.log((alpha + T) / (alpha + T + t)) + lnHyp2f1(r + x, b + x, a + b + x - 1, z));
}

const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe("BG/NBD's expectation by Euler's transformation", () => {
  it("equals the direct series of eq. 10 to 1e-9 relative", () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 300 }), real(0.1, 520), fc.integer({ min: 1, max: 520 }), (p, x, T, t) => {
        expect(relative(bgnbdExpectedIfAlive(p, t, x, T), direct(p, t, x, T))).toBeLessThan(1e-9);
      }),
      { numRuns: runs(300, 5_000) },
    );
  });
  it("on CDNOW's published fit, for x = 2, t_x = 30.43, T = 38.86 over 39 weeks: 1.226 with P(alive) (Fader, Hardie & Lee 2005)", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const pAlive = 1 / (1 + (p.a / (p.b + 2 - 1)) * ((p.alpha + 38.86) / (p.alpha + 30.43)) ** (p.r + 2));
    expect((bgnbdExpectedIfAlive(p, 39, 2, 38.86) * pAlive).toFixed(3)).toBe("1.226");
  });
});

describe("hyp2f1Tail: ₂F₁ − 1", () => {
  it("equals exp(lnHyp2f1) − 1 where both apply, to 1e-12 of ₂F₁", () => {
    fc.assert(
      fc.property(real(0.01, 30), real(0.01, 30), real(0.01, 60), real(0, 0.99), (a, b, c, z) => {
        const want = Math.exp(lnHyp2f1(a, b, c, z));
        expect(Math.abs(1 + hyp2f1Tail(a, b, c, z) - want)).toBeLessThan(1e-12 * want);
      }),
      { numRuns: runs(300, 5_000) },
    );
  });
  it("with a negative parameter: ₂F₁(−n, b; b; z) = (1 − z)^n, and ₂F₁(a, b; b; z) = (1 − z)^{−a} for a in (−3, 0)", () => {
    for (const z of [0, 0.2, 0.7, 0.95]) {
      expect(1 + hyp2f1Tail(-3, 2.5, 2.5, z)).toBeCloseTo((1 - z) ** 3, 14);
      for (const a of [-2.7, -0.4]) expect(Math.abs(1 + hyp2f1Tail(a, 1.3, 1.3, z) - (1 - z) ** -a)).toBeLessThan(1e-13);
    }
  });
});
