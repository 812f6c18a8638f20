/**
 * Properties of the purchase models over random parameters (fast-check; more runs with
 * CEQ_DEEP=1): BG/NBD's closed-form E[X(t)] (Fader, Hardie & Lee 2005, eq. 9) against the sum of
 * k·P(X(t) = k) over its own probabilities (eq. 8) to 6 significant digits; P(alive) is 1 with
 * no repeat purchase and falls with T at fixed x and t_x, in both models; and a customer's
 * expected purchases are P(alive) times those of a customer alive at T, however t_x is set.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bgnbdExpected, bgnbdExpectedIfAlive, bgnbdPAlive, bgnbdProbability } from "../../src/model/value/bgnbd.js";
import { paretoExpected, paretoPAlive } from "../../src/model/value/pareto-nbd.js";

const runs = process.env.CEQ_DEEP === "1" ? 500 : 40;
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
// a = 1 is eq. 9's pole (its (a − 1) denominator): kept 0.05 away. a + b ≤ 1 makes ₂F₁'s c = a + b − 1
// non-positive, which lnHyp2f1 refuses (a SeriesError, so ceq says it cannot evaluate the model):
// left out here, and named in docs/clv.md.
const bgnbd = fc.record({ r: real(0.1, 3), alpha: real(2, 20), a: fc.oneof(real(0.3, 0.95), real(1.05, 5)), b: real(0.5, 10) }).filter((p) => p.a + p.b > 1.05);
const pareto = fc.record({ r: real(0.1, 3), alpha: real(1, 20), s: real(0.2, 3), beta: real(1, 20) });

describe("BG/NBD over random parameters", () => {
  it("E[X(t)] in closed form equals Σ k·P(X(t) = k), to 6 significant digits", () => {
    fc.assert(
      fc.property(bgnbd, real(0.5, 26), (p, t) => {
        // P(k) falls like (t/(α+t))^k ≤ 0.93^k: 600 terms leave under 1e-15 (the total checks it).
        let [mean, total] = [0, 0];
        for (let k = 0; k < 600; k++) {
          const pk = bgnbdProbability(p, k, t);
          mean += k * pk;
          total += pk;
        }
        expect(Math.abs(total - 1)).toBeLessThan(1e-9);
        expect(Math.abs(bgnbdExpected(p, t, 0, 0, 0) / mean - 1)).toBeLessThan(5e-6);
      }),
      { numRuns: runs },
    );
  });

  it("P(alive) is 1 at x = 0 and falls with T at fixed x ≥ 1 and t_x; expected purchases are P(alive) × those if alive", () => {
    fc.assert(
      fc.property(bgnbd, fc.integer({ min: 1, max: 30 }), real(0, 50), real(0.1, 50), real(0.1, 50), (p, x, tx, gap, more) => {
        const T = tx + gap;
        expect(bgnbdPAlive(p, 0, 0, T)).toBe(1);
        const [now, later] = [bgnbdPAlive(p, x, tx, T), bgnbdPAlive(p, x, tx, T + more)];
        expect(now).toBeLessThan(1);
        expect(later).toBeLessThan(now);
        expect(bgnbdExpected(p, 13, x, tx, T)).toBeCloseTo(now * bgnbdExpectedIfAlive(p, 13, x, T), 10);
      }),
      { numRuns: runs },
    );
  });
});

describe("Pareto/NBD over random parameters", () => {
  it("P(alive) is 1 at x = 0 with T = 0, below 1 after, and falls with T at fixed x and t_x", () => {
    fc.assert(
      fc.property(pareto, fc.integer({ min: 0, max: 30 }), real(0, 50), real(0.1, 50), real(0.1, 50), (p, x, tx0, gap, more) => {
        const tx = x === 0 ? 0 : tx0;
        const T = tx + gap;
        const [now, later] = [paretoPAlive(p, x, tx, T), paretoPAlive(p, x, tx, T + more)];
        expect(later).toBeLessThan(now);
        expect(paretoPAlive(p, 0, 0, 0)).toBeCloseTo(1, 12);
        expect(paretoExpected(p, 13, x, tx, T)).toBeGreaterThan(0);
      }),
      { numRuns: runs },
    );
  });
});
