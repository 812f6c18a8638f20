/**
 * Edges of the triples' sort that the twenty-first session's mutation run of model-clv-value
 * found untested: tallyWhole() when its top is a whole power of its 2,048-wide digit (the last
 * pass must run, or 2,048 sorts among the zeros), and triplesOf()'s fallback past 2^53, whose
 * triples must come out ascending (x, t_x, T) as the fast path's do. Values by hand.
 */
import { describe, expect, it } from "vitest";
import { tallyWhole } from "../../../src/model/value/distinct.js";
import { triplesOf } from "../../../src/model/value/summary.js";

describe("tallyWhole", () => {
  it("sorts and counts when the top is 2,048 exactly: [0, 2048, 0, 5] is 0 twice, 5 once, 2048 once", () => {
    const { values, count } = tallyWhole(Float64Array.from([0, 2048, 0, 5]), 2048);
    expect([...values]).toEqual([0, 5, 2048]);
    expect([...count]).toEqual([2, 1, 1]);
  });

  it("and at 2,048² = 4,194,304, with values on each side of a digit", () => {
    const { values, count } = tallyWhole(Float64Array.from([4_194_304, 2047, 2048, 4_194_304, 0]), 4_194_304);
    expect([...values]).toEqual([0, 2047, 2048, 4_194_304]);
    expect([...count]).toEqual([1, 1, 1, 2]);
  });
});

describe("triplesOf past 2^53 (the text keys)", () => {
  it("gives the triples ascending by x, then t_x, then T, each counted, in days", () => {
    // x up to 2^30 and spans of 4,001 days: (2^30 + 1) × 4,001² is past 2^53.
    const columns = {
      x: Float64Array.from([2 ** 30, 3, 3, 3, 1, 3]),
      txDays: Float64Array.from([4000, 10, 5, 10, 7, 10]),
      tDays: Float64Array.from([4000, 20, 20, 30, 9, 20]),
    };
    const t = triplesOf(columns, "day");
    expect([...t.x]).toEqual([1, 3, 3, 3, 2 ** 30]);
    expect([...t.tx]).toEqual([7, 5, 10, 10, 4000]);
    expect([...t.T]).toEqual([9, 20, 20, 30, 4000]);
    expect([...t.count]).toEqual([1, 1, 2, 1, 1]);
  });
});
