/**
 * The summary's columns (first day, holdout purchases, mean repeat spend) and ClvModel's count of
 * repeat customers, by hand, each computed inside its test.
 *
 * Inside, not at the top of the file or a describe: a mutant that throws while vitest collects a
 * file fails the file with no test failed, and StrykerJS 9.6.1's vitest runner then scores it
 * "survived" (the thirteenth session found `summary.ts`'s customerColumns loop made `k--` and its
 * `k <= n` scored so, though every test file that summarizes a log fails with them).
 */
import { describe, expect, it } from "vitest";
import { ClvModel, pairWorth, valuingPairs, valuingRates } from "../../../src/model/value/clv.js";
import type { PurchaseModel } from "../../../src/model/value/purchases.js";
import { summarize, type CustomerSummary } from "../../../src/model/value/summary.js";
import { decimal } from "../../../src/money.js";
import { withMeans } from "../../support/clv-columns.js";

const cents = (n: number) => decimal(BigInt(n), 2);

describe("summarize(): the columns, by hand", () => {
  it("x, t_x, T, first day, holdout purchases and mean repeat spend, a column each, in the customers' order", () => {
    // Days since 1970: calibration to day 100, holdout to day 128.
    const s = summarize(
      [
        { id: "A", days: [30, 44, 58, 100, 101, 120], totals: [1000, 2000, 4000, 500, 700, 900].map(cents) }, // x 3 (44, 58, 100): 65.00 / 3
        { id: "B", days: [72, 128, 129], totals: [1500, 100, 100].map(cents) }, // x 0: no mean; holdout 1 (129 is after it)
        { id: "C", days: [2, 9], totals: [100, -300].map(cents) }, // x 1, a repeat day netting −3.00
        { id: "D", days: [101], totals: [5000].map(cents) }, // first bought after the calibration: left out
      ],
      100,
      128,
    );
    const c = s.columns;
    expect([...c.x]).toEqual([3, 0, 1]);
    expect([...c.txDays]).toEqual([70, 0, 7]);
    expect([...c.tDays]).toEqual([70, 28, 98]);
    expect([...c.first]).toEqual([30, 72, 2]);
    expect([...c.holdout]).toEqual([2, 1, 0]);
    expect(c.meanSpend[0]).toBeCloseTo(65 / 3, 12);
    expect(Number.isNaN(c.meanSpend[1])).toBe(true);
    expect(c.meanSpend[2]).toBe(-3);
    expect(s.repeatCustomers).toBe(2);
  });

  it("a base of one customer who never came back: one row, no mean", () => {
    const c = summarize([{ id: "A", days: [5], totals: [cents(250)] }], 10).columns;
    expect([c.x.length, c.x[0], c.tDays[0], c.first[0], c.holdout[0]]).toEqual([1, 0, 5, 5, 0]);
    expect(Number.isNaN(c.meanSpend[0])).toBe(true);
  });
});

describe("ClvModel.repeatCustomers", () => {
  // A purchase model that expects nothing: only the count is looked at.
  const none: PurchaseModel = { name: "bgnbd", params: {}, logLikelihood: 0, pAlive: () => 1, expected: () => 0, expectedIfAlive: () => 0, unconditional: () => 0 };
  const person = (id: string, x: number): CustomerSummary => ({ id, x, txDays: x, tDays: 10, first: 0, repeatTotal: cents(100 * x), holdout: 0 });

  it("counts the customers with x > 0: 3 of 5", () => {
    const base = [person("A", 2), person("B", 0), person("C", 1), person("D", 0), person("E", 3)];
    const settings = { unit: "day", horizon: 2, discountRate: 0, marginRate: 1, acquisitionCost: 0, newCustomers: 0 } as const;
    const model = new ClvModel(none, { p: 1, q: 3, gamma: 20, logLikelihood: 0 }, base, withMeans(base, (c) => (c.x === 0 ? null : 1)), settings);
    expect([model.size, model.repeatCustomers]).toEqual([5, 3]);
  });
});

describe("the valuing's distinct (x, T), and their expected purchases worked out ahead", () => {
  // A purchase model whose customer alive at T buys (x + 1)t²/(T + 1) in (T, T + t]; in days.
  const hand: PurchaseModel = { name: "bgnbd", params: {}, logLikelihood: 0, pAlive: (_x, tx, T) => (1 + tx) / (1 + T), expected: () => 0, expectedIfAlive: (t, x, T) => ((x + 1) * t * t) / (T + 1), unconditional: (t) => t };
  const person = (id: string, x: number, tDays: number): CustomerSummary => ({ id, x, txDays: x, tDays, first: 0, repeatTotal: cents(1000 * x), holdout: 0 });
  const base = [person("A", 1, 14), person("B", 0, 15), person("C", 1, 14), person("D", 2, 30), person("E", 0, 15)];

  it("valuingPairs: each distinct (x, T in days) once, in the order first met, and each customer's pair", () => {
    const pairs = valuingPairs(withMeans(base, () => null));
    expect([[...pairs.x], [...pairs.tDays], [...pairs.pairOf]]).toEqual([[1, 0, 2], [14, 15, 30], [0, 1, 0, 2, 1]]);
  });

  it("pairWorth: a pair's purchases over the horizon and their sums discounted at each rate, one pair after the other, for the pairs asked", () => {
    const pairs = valuingPairs(withMeans(base, () => null));
    // Units 1, 2, 3 of (x + 1)t²/(T + 1): (x + 1)/(T + 1) × (1, 3, 5); at rate i a unit, unit k's
    // purchases are worth theirs / (1 + i)^k.
    const per = (x: number, T: number, h = 3) => [1, 3, 5].slice(0, h).map((k) => ((x + 1) * k) / (T + 1));
    const worth = (units: number[], rates: number[]) => [units.reduce((s, v) => s + v, 0), ...rates.map((i) => units.reduce((s, v, k) => s + v / (1 + i) ** (k + 1), 0))];
    // Differences of the cumulative expectation, discounted: equal to the fractions up to rounding.
    const near = (got: Float64Array, want: number[]) => {
      expect(got.length).toBe(want.length);
      want.forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThan(1e-15));
    };
    const rates = [0, 0.1];
    near(pairWorth(hand, pairs, "day", 3, rates), [...worth(per(1, 14), rates), ...worth(per(0, 15), rates), ...worth(per(2, 30), rates)]);
    near(pairWorth(hand, pairs, "day", 3, [0.5], 1, 3), [...worth(per(0, 15), [0.5]), ...worth(per(2, 30), [0.5])]);
    near(pairWorth(hand, pairs, "week", 2, [], 2), worth(per(2, 30 / 7, 2), []));
  });

  it("ClvModel values with the purchases given, and gives the same as working them out itself", () => {
    const columns = withMeans(base, (c) => (c.x === 0 ? null : 10));
    const settings = { unit: "day", horizon: 3, discountRate: 0, marginRate: 1, acquisitionCost: 0, newCustomers: 0 } as const;
    const spend = { p: 1, q: 3, gamma: 20, logLikelihood: 0 };
    const itself = new ClvModel(hand, spend, base, columns, settings);
    const pairs = valuingPairs(columns);
    const worth = pairWorth(hand, pairs, "day", 3, valuingRates(settings));
    const ahead = new ClvModel(hand, spend, base, columns, settings, { pairs, worth });
    expect([...ahead.clvs]).toEqual([...itself.clvs]);
    // A's CLV by hand: P(alive) (1 + 1)/(1 + 14) × 9 × 2/15 purchases × (20 + 10)/3 = 10 spend.
    expect(itself.clvs[0]).toBeCloseTo((2 / 15) * ((9 * 2) / 15) * 10, 12);
    // The numbers given are the ones used: twice the purchases, twice every CLV.
    const doubled = new ClvModel(hand, spend, base, columns, settings, { pairs, worth: worth.map((v) => 2 * v) });
    expect([...doubled.clvs]).toEqual([...itself.clvs].map((v) => 2 * v));
    // The sensitivity's rate is given with the settings'; any other is worked out again, as a model made at it does.
    const [at, moved] = [{ ...settings, discountRate: 0.01 }, { ...settings, discountRate: 0.5 }];
    expect(itself.valuation(at)).toEqual(new ClvModel(hand, spend, base, columns, at).valuation());
    expect(itself.valuation(moved)).toEqual(new ClvModel(hand, spend, base, columns, moved).valuation());
    expect(itself.valuation(moved).currentValue).toBeLessThan(itself.valuation(at).currentValue);
  });
});
