/**
 * `spendData`, the Gamma-Gamma fit's arrays (src/model/value/gamma-gamma.ts): each customer's x,
 * ln x, ln mean and total, and the distinct x in ascending order with each customer's index into
 * them, as its comment promises. Issue 33: the mutation run of model-clv-value found the order of
 * the distinct x checked by no test.
 */
import { describe, expect, it } from "vitest";
import { spendData } from "../../../src/model/value/gamma-gamma.js";

describe("spendData: the per-customer arrays and the distinct repeat counts", () => {
  it("three customers, two distinct x given out of order: xs ascending, each customer's index into it", () => {
    const d = spendData([
      { x: 3, mean: 2 },
      { x: 1, mean: 5 },
      { x: 3, mean: 4.5 },
    ]);
    expect([...d.x]).toEqual([3, 1, 3]);
    expect([...d.lnX]).toEqual([Math.log(3), 0, Math.log(3)]);
    expect([...d.lnMean]).toEqual([Math.log(2), Math.log(5), Math.log(4.5)]);
    expect([...d.total]).toEqual([6, 5, 13.5]);
    expect([...d.xs]).toEqual([1, 3]);
    expect([...d.xAt]).toEqual([1, 0, 1]);
    expect(d.weight).toBe(1);
  });

  it("a weight is kept; repeat counts past 9 sort as numbers, not as text", () => {
    const d = spendData(
      [
        { x: 10, mean: 1 },
        { x: 9, mean: 1 },
        { x: 2, mean: 1 },
      ],
      4,
    );
    expect([...d.xs]).toEqual([2, 9, 10]);
    expect([...d.xAt]).toEqual([2, 1, 0]);
    expect(d.weight).toBe(4);
  });

  it("columns, as the summary gives them, and objects: the same arrays", () => {
    const objects = [
      { x: 4, mean: 12.5 },
      { x: 1, mean: 3 },
      { x: 4, mean: 0.25 },
    ];
    const columns = { x: Float64Array.from([4, 1, 4]), mean: Float64Array.from([12.5, 3, 0.25]) };
    expect(spendData(columns, 2)).toEqual(spendData(objects, 2));
    expect([...spendData(columns).total]).toEqual([50, 3, 1]);
  });
});
