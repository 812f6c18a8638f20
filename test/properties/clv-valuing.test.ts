/**
 * The fast valuing path of ClvModel (issue 29: expected purchases and their discounted sum once per
 * distinct (x, T), customers' CLV from typed arrays) against the computation customer by customer
 * written out here: each customer's conditional expectation E[Y(t) | x, t_x, T] (P(alive)
 * included, not factored out) at every unit of the horizon, differenced, discounted, times their
 * Gamma-Gamma expected spend and the margin rate. Random summaries, both purchase models, random
 * settings; agreement to 1e-9 relative (more runs with CEQ_DEEP=1).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bgnbdModel } from "../../src/model/value/bgnbd.js";
import { ClvModel, unitRate, type ClvSettings } from "../../src/model/value/clv.js";
import { expectedSpend, type GammaGamma } from "../../src/model/value/gamma-gamma.js";
import { paretoModel } from "../../src/model/value/pareto-nbd.js";
import type { PurchaseModel } from "../../src/model/value/purchases.js";
import { TIME_UNITS, triples, UNIT_DAYS, type CustomerSummary } from "../../src/model/value/summary.js";
import { decimal } from "../../src/money.js";
import { withMeans } from "../support/clv-columns.js";
import { runs } from "../support/runs.js";

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
// a + b > 1.05 and a away from 1: the range where BG/NBD's expectation is defined (see clv-models.test.ts).
const bgnbd = fc.record({ r: real(0.1, 3), alpha: real(2, 20), a: fc.oneof(real(0.3, 0.95), real(1.05, 5)), b: real(0.5, 10) }).filter((p) => p.a + p.b > 1.05);
const pareto = fc.record({ r: real(0.1, 3), alpha: real(1, 20), s: real(0.2, 3), beta: real(1, 20) });
const model = fc.oneof(
  bgnbd.map((p) => bgnbdModel(p, 0)),
  pareto.map((p) => paretoModel(p, 0)),
);
const spend = fc.record({ p: real(0.5, 10), q: real(1.2, 8), gamma: real(1, 50), logLikelihood: fc.constant(0) });
// Few distinct T so that customers share (x, T) pairs, as in a real base; a few with a total ≤ 0.
const customer = fc
  .record({ id: fc.nat(), x: fc.integer({ min: 0, max: 12 }), T: fc.integer({ min: 1, max: 40 }), share: real(0, 1), cents: fc.integer({ min: -500, max: 100_000 }) })
  .map(({ id, x, T, share, cents }): CustomerSummary => {
    const tDays = 7 * T;
    const txDays = x === 0 ? 0 : Math.max(1, Math.floor(share * tDays));
    return { id: `c${id}`, x, txDays, tDays, first: 0, repeatTotal: decimal(BigInt(x === 0 ? 0 : cents), 2), holdout: 0 };
  });
const settings = fc.record({
  unit: fc.constantFrom(...TIME_UNITS),
  horizon: fc.integer({ min: 1, max: 60 }),
  discountRate: real(0, 0.3),
  marginRate: real(0.05, 1),
  acquisitionCost: real(0, 50),
  newCustomers: real(0, 20),
});

const meanOf = (c: CustomerSummary) => (c.x === 0 ? null : Number(c.repeatTotal.coef) / 10 ** c.repeatTotal.scale / c.x);

/** One customer's CLV and expected purchases the long way: the conditional expectation at each unit's end. */
function reference(m: PurchaseModel, g: GammaGamma, c: CustomerSummary, s: ClvSettings) {
  const u = UNIT_DAYS[s.unit];
  const [x, tx, T] = [c.x, c.txDays / u, c.tDays / u];
  const mean = meanOf(c);
  const spent = mean !== null && mean > 0 ? expectedSpend(g, x, mean) : expectedSpend(g, 0, 0);
  const rate = unitRate(s.discountRate, s.unit);
  let [value, before] = [0, 0];
  for (let k = 1; k <= s.horizon; k++) {
    const now = m.expected(k, x, tx, T);
    value += (now - before) / (1 + rate) ** k;
    before = now;
  }
  return { clv: value * spent * s.marginRate, purchases: before, pAlive: m.pAlive(x, tx, T) };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-300);

describe("ClvModel's per-(x, T) valuing equals the per-customer computation", () => {
  it("each customer's CLV, expected purchases and P(alive), and the base's value under every sensitivity setting, to 1e-9", () => {
    fc.assert(
      fc.property(model, spend, fc.array(customer, { minLength: 1, maxLength: 60 }), settings, (m, g, customers, s) => {
        const clv = new ClvModel(m, g, customers, withMeans(customers, meanOf), s);
        let total = 0;
        customers.forEach((c, k) => {
          const want = reference(m, g, c, s);
          const got = clv.value(k);
          expect(got.customer).toBe(c);
          close(got.clv, want.clv);
          close(got.expectedPurchases, want.purchases);
          close(got.pAlive, want.pAlive);
          total += want.clv;
        });
        close(clv.valuation().currentValue, total);
        // The sensitivity's discount-rate row values every customer again at the new rate.
        const moved = { ...s, discountRate: s.discountRate + 0.01 };
        const atMoved = customers.reduce((sum, c) => sum + reference(m, g, c, moved).clv, 0);
        close(clv.valuation(moved).currentValue, atMoved);
      }),
      { numRuns: runs(25, 300) },
    );
  });
});

describe("triples(): the distinct (x, t_x, T) by sorted whole-number keys", () => {
  it("are a tally by text keys, ascending by x, t_x and T, with their counts", () => {
    fc.assert(
      fc.property(fc.array(customer, { maxLength: 200 }), fc.constantFrom(...TIME_UNITS), (customers, unit) => {
        const byText = new Map<string, { x: number; tx: number; T: number; count: number }>();
        for (const c of customers) {
          const key = `${c.x} ${c.txDays} ${c.tDays}`;
          const seen = byText.get(key);
          if (seen) seen.count++;
          else byText.set(key, { x: c.x, tx: c.txDays / UNIT_DAYS[unit], T: c.tDays / UNIT_DAYS[unit], count: 1 });
        }
        const ascending = [...byText.values()].sort((a, b) => a.x - b.x || a.tx - b.tx || a.T - b.T);
        expect(triples(customers, unit)).toEqual(ascending);
      }),
      { numRuns: runs(100, 1000) },
    );
  });
});
