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
import { ClvModel } from "../../../src/model/value/clv.js";
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
