/**
 * The phase owners' model: the bridge sums to the change to the cent, and the revenue movements
 * equal an independent computation made here from the rows themselves, in integer cents.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/model/equity.js";
import { bridge, bridgeSum, countEffect, type PhaseSet } from "../../src/model/bridge.js";
import { classify, type History, type PeriodSums } from "../../src/model/classify.js";
import { summarizeClassified } from "../../src/model/transactions.js";
import { add, decimal, roundedCoef, subtract, toExactString, toFixed, type Decimal } from "../../src/money.js";
import { classifyCustomers, CustomerPeriods } from "../../src/read/customer-periods.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(50, 300));

/** An exact amount: a coefficient at 0 to 4 decimals. */
const amountArb = fc.record({ coef: fc.bigInt({ min: -1_000_000_000n, max: 100_000_000_000n }), scale: fc.integer({ min: 0, max: 4 }) }).map(({ coef, scale }) => decimal(coef, scale));
const phaseArb = fc.record({ customers: fc.integer({ min: 0, max: 40 }), revenue: amountArb, cost: amountArb });
const phasesArb: fc.Arbitrary<PhaseSet> = fc.record({ acquisition: phaseArb, retention: phaseArb, churn: phaseArb });

/** (Ra − Ca) + (Rr − Cr) − Rc: the churned carry no cost. */
const equity = (p: PhaseSet): Decimal => subtract(add(subtract(p.acquisition.revenue, p.acquisition.cost), subtract(p.retention.revenue, p.retention.cost)), p.churn.revenue);

describe("the bridge", () => {
  it("sums to the change of customer equity rounded to the cent, whatever the decimals of the inputs", () => {
    fc.assert(
      fc.property(phasesArb, phasesArb, fc.integer({ min: 0, max: 3 }), (before, after, decimals) => {
        const steps = bridge(before, after, decimals);
        expect(steps.map((s) => `${s.phase} ${s.driver}`)).toEqual(["acquisition count", "acquisition rate", "acquisition cost", "retention count", "retention rate", "retention cost", "churn count", "churn rate"]);
        for (const s of steps) expect(s.amount.scale).toBe(decimals);
        const change = subtract(equity(after), equity(before));
        expect(toExactString(bridgeSum(steps))).toBe(toFixed(change, decimals));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it("count effect = Δcustomers × last average to the cent, and count + rate = the revenue change exactly (inputs at cents)", () => {
    const centsArb = fc.integer({ min: -1_000_000, max: 100_000_000 }).map((n) => decimal(BigInt(n), 2));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), centsArb, fc.integer({ min: 0, max: 500 }), centsArb, (n0, r0, n1, r1) => {
        const count = countEffect(n0, r0, n1, r1, 2);
        // independent: (n1 − n0) × r0 / n0 in cents, rounded half-to-even by hand
        const num = BigInt(n1 - n0) * r0.coef;
        const den = BigInt(n0);
        const q = num / den;
        const rem = num - q * den;
        const twice = 2n * (rem < 0n ? -rem : rem);
        const away = num < 0n ? -1n : 1n;
        const rounded = twice > den || (twice === den && q % 2n !== 0n) ? q + away : q;
        expect(count.coef).toBe(rounded);
        const before: PhaseSet = { acquisition: { customers: n0, revenue: r0, cost: r0 }, retention: { customers: 0, revenue: decimal(0n), cost: decimal(0n) }, churn: { customers: 0, revenue: decimal(0n), cost: decimal(0n) } };
        const after: PhaseSet = { ...before, acquisition: { customers: n1, revenue: r1, cost: r0 } };
        const [c, r] = bridge(before, after, 2);
        expect(toExactString(subtract(subtract(r1, r0), c!.amount))).toBe(toExactString(r!.amount));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it("a hand-worked case: 3 new at 200.00 on average, then 2 at 75.00 (count −200.00, rate −250.00)", () => {
    const zero = { customers: 0, revenue: decimal(0n), cost: decimal(0n) };
    const before: PhaseSet = { acquisition: { customers: 3, revenue: decimal(60000n, 2), cost: decimal(6000n, 2) }, retention: zero, churn: zero };
    const after: PhaseSet = { acquisition: { customers: 2, revenue: decimal(15000n, 2), cost: decimal(1500n, 2) }, retention: zero, churn: zero };
    expect(bridge(before, after, 2).slice(0, 3).map((s) => toExactString(s.amount))).toEqual(["-200.00", "-250.00", "45.00"]);
  });

  it("a count effect that does not end (100.00 ÷ 3) is rounded half-to-even, and the rate effect takes the rest", () => {
    const zero = { customers: 0, revenue: decimal(0n), cost: decimal(0n) };
    const before: PhaseSet = { acquisition: zero, retention: { customers: 3, revenue: decimal(10000n, 2), cost: decimal(0n) }, churn: zero };
    const after: PhaseSet = { acquisition: zero, retention: { customers: 4, revenue: decimal(10000n, 2), cost: decimal(0n) }, churn: zero };
    // count = 1 × 100.00 ÷ 3 = 33.333… → 33.33; rate = 0 − 33.33 = −33.33 (exactly: (25 − 33.33…) × 4 = −33.33…)
    expect(bridge(before, after, 2).slice(3, 5).map((s) => toExactString(s.amount))).toEqual(["33.33", "-33.33"]);
  });
});

/** A random log: rows of a few customers over a few periods, amounts in cents (refunds negative). */
const rowArb = fc.record({ customer: fc.integer({ min: 0, max: 7 }), period: fc.integer({ min: 0, max: 5 }), cents: fc.integer({ min: -5_000, max: 30_000 }), cost: fc.integer({ min: 0, max: 2_000 }) });
type Row = { customer: number; period: number; cents: number; cost: number };

/** The movements of each period from the rows, by the definitions, in integer cents. */
function independentMovements(rows: readonly Row[], first: number, last: number) {
  const revenue = new Map<string, number>();
  const active = new Set<string>();
  for (const r of rows) {
    const key = `${r.customer}@${r.period}`;
    revenue.set(key, (revenue.get(key) ?? 0) + r.cents);
    if (r.cents >= 0) active.add(key);
  }
  const customers = [...new Set(rows.map((r) => r.customer))];
  const out = new Map<number, { expansion: number; contraction: number; base: number; kept: number; capped: number }>();
  for (let p = first; p <= last; p++) {
    const m = { expansion: 0, contraction: 0, base: 0, kept: 0, capped: 0 };
    for (const c of customers) {
      if (!active.has(`${c}@${p - 1}`)) continue;
      const before = revenue.get(`${c}@${p - 1}`)!;
      m.base += before;
      if (!active.has(`${c}@${p}`)) continue; // left: 0 this period (refunds are inactive amounts)
      const now = revenue.get(`${c}@${p}`)!;
      m.kept += now;
      m.capped += Math.min(now, before);
      if (now > before) m.expansion += now - before;
      else m.contraction += before - now;
    }
    out.set(p, m);
  }
  return out;
}

const cents = (d: Decimal) => Number(roundedCoef(d, 2));

function histories(rows: readonly Row[]): History[] {
  const by = new Map<number, Map<number, PeriodSums>>();
  for (const r of rows) {
    let h = by.get(r.customer);
    if (!h) by.set(r.customer, (h = new Map()));
    const s = h.get(r.period) ?? { revenue: decimal(0n), cost: decimal(0n), active: false };
    h.set(r.period, { revenue: decimal(s.revenue.coef + BigInt(r.cents), 2), cost: decimal(s.cost.coef + BigInt(r.cost), 2), active: s.active || r.cents >= 0 });
  }
  return [...by.values()];
}

describe("revenue movements and the bridge on random logs", () => {
  it("expansion, contraction, NRR and GRR equal the definitions computed from the rows; the bridge sums to each change", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.boolean(), (rows, throughStore) => {
        const first = Math.min(...rows.map((r) => r.period));
        const last = Math.max(...rows.map((r) => r.period));
        let classified;
        if (throughStore) {
          // The reader's path: whole units in typed arrays, as a log is read
          const store = new CustomerPeriods();
          for (const r of rows) store.add(`c${r.customer}`, r.period, decimal(BigInt(r.cents), 2), decimal(BigInt(r.cost), 2), r.cents >= 0);
          classified = classifyCustomers(store, first, last, "acquisition");
        } else classified = classify(histories(rows), first, last);
        const summary = summarizeClassified(classified, new Ledger(), { kind: "quarter", fiscalYearStart: 1 });
        const expected = independentMovements(rows, first, last);
        summary.years.forEach((y, i) => {
          const e = expected.get(first + i)!;
          const m = y.movements!;
          expect([cents(m.expansion), cents(m.contraction), cents(m.base), cents(m.kept)]).toEqual([e.expansion, e.contraction, e.base, e.kept]);
          expect(cents(m.churnedRevenue)).toBe(e.base - e.kept + e.expansion - e.contraction);
          if (e.base > 0) {
            expect(toFixed(m.netRevenueRetention!, 6)).toBe(toFixed({ num: decimal(BigInt(e.kept)), den: decimal(BigInt(e.base)) }, 6));
            const gross = Math.min(e.capped, e.base);
            expect(toFixed(m.grossRevenueRetention!, 6)).toBe(toFixed({ num: decimal(BigInt(gross)), den: decimal(BigInt(e.base)) }, 6));
          } else expect(m.netRevenueRetention).toBeNull();
          if (y.previous) expect(toExactString(bridgeSum(bridge(y.previous, y, 2)))).toBe(toFixed(y.change!, 2));
          else expect(i).toBe(0);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
