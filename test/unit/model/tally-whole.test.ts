/**
 * model/value/distinct.ts' tallyWhole (a radix sort of whole numbers and their runs counted)
 * against a Map of counts with its keys sorted, the independent answer; and triplesOf, which
 * takes it for the triples: its keys taken apart again where a quotient of doubles comes nearest
 * the next whole number (a key one below a multiple of the span), and its triples the same whatever the customers' order,
 * which is what lets two threads' customers give the fit the same triples as one thread's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tallyWhole } from "../../../src/model/value/distinct.js";
import { triplesOf, type SummaryColumns } from "../../../src/model/value/summary.js";
import { runs } from "../../support/runs.js";

/** Counts by a Map, keys ascending: what tallyWhole must give. */
function byMap(column: readonly number[]): { values: number[]; count: number[] } {
  const counts = new Map<number, number>();
  for (const v of column) counts.set(v, (counts.get(v) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, count: values.map((v) => counts.get(v)!) };
}

const tally = (column: readonly number[], top = Math.max(0, ...column)) => {
  const got = tallyWhole(Float64Array.from(column), top);
  return { values: [...got.values], count: [...got.count] };
};

describe("tallyWhole", () => {
  it("by hand: one pass, several, and none (every value 0)", () => {
    expect(tally([5, 3, 5, 0, 3, 5])).toEqual({ values: [0, 3, 5], count: [1, 2, 3] });
    // Digits of 11 bits: 2049 is (1, 1), 2048 (1, 0), 1 (0, 1): two passes, the second deciding 1 from 2049.
    expect(tally([2049, 1, 2048, 1, 2049])).toEqual({ values: [1, 2048, 2049], count: [2, 1, 2] });
    expect(tally([0, 0, 0], 0)).toEqual({ values: [0], count: [3] });
    expect(tally([])).toEqual({ values: [], count: [] });
  });

  it("whole numbers up to 2^53 − 1, five passes of 11 bits: the digits above 2^32 are sorted too", () => {
    const top = 2 ** 53 - 1;
    const column = [top, 2 ** 32, 2 ** 32 + 1, 1, 2 ** 52, top, 2 ** 44 + 7, 2 ** 44, 2 ** 33];
    expect(tally(column, top)).toEqual(byMap(column));
  });

  it("agrees with a Map's counts, keys sorted, on random columns of many sizes of number", () => {
    const whole = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.maxSafeInteger().filter((n) => n >= 0));
    fc.assert(
      fc.property(fc.array(whole, { maxLength: 300 }), (column) => {
        expect(tally(column)).toEqual(byMap(column));
      }),
      { numRuns: runs(200, 2000) },
    );
  });
});

const columns = (rows: readonly (readonly [number, number, number])[]): SummaryColumns => ({
  x: Float64Array.from(rows, (r) => r[0]),
  txDays: Float64Array.from(rows, (r) => r[1]),
  tDays: Float64Array.from(rows, (r) => r[2]),
});

const tripleRows = (c: SummaryColumns) => {
  const t = triplesOf(c, "day");
  return Array.from(t.x, (x, k) => [x, t.tx[k]!, t.T[k]!, t.count[k]!]);
};

describe("triplesOf's keys taken apart", () => {
  it("where key ÷ span is nearest the next whole number: t_x and T one below their spans, x·span near 2^52", () => {
    // Spans 2^16 (t_x) and 2^16 (T): a key (x·2^16 + t_x)·2^16 + T with t_x = T = 2^16 − 1 is
    // x·2^32 + 2^32 − 1, whose quotient by 2^32, x + 1 − 2^-32, is a double's spacing below x + 1 at
    // x = 2^20: held, not rounded up, as (x + 1)·2^32 < 2^53 ensures (summary.ts).
    const x = 2 ** 20;
    const last = 2 ** 16 - 1;
    const rows = [[x, last, last], [x, 0, last], [x - 1, last, last], [0, 0, 0]] as const;
    expect(tripleRows(columns(rows))).toEqual([
      [0, 0, 0, 1],
      [x - 1, last, last, 1],
      [x, 0, last, 1],
      [x, last, last, 1],
    ]);
  });

  it("the same triples in any order of the customers: a tally by text, sorted", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: 0, max: 2 ** 16 - 1 }), fc.integer({ min: 0, max: 2 ** 16 - 1 }));
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))), { maxLength: 120 }), fc.integer(), (rows, seed) => {
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(r.join(" "), (counts.get(r.join(" ")) ?? 0) + 1);
        const want = [...counts].map(([key, count]) => [...key.split(" ").map(Number), count]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
        expect(tripleRows(columns(rows))).toEqual(want);
        // Shuffled (a seeded Fisher-Yates): the same triples, in the same order.
        const shuffled = [...rows];
        let state = seed >>> 0;
        for (let k = shuffled.length - 1; k > 0; k--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const j = state % (k + 1);
          [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
        }
        expect(tripleRows(columns(shuffled))).toEqual(want);
      }),
      { numRuns: runs(100, 1000) },
    );
  });
});
