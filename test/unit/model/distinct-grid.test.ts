/**
 * model/value/distinct.ts, distinctOnGrid: the sorted distinct values of a column of whole
 * numbers over `per` (a log's x, and t_x and T in days over the time unit's days), placed by their
 * whole number, against a sorted Set (the independent answer) and distinctSorted; refused (undefined)
 * for a value off the grid, below 0 or beyond the table's bound. And indexTriples, which takes it
 * for triplesOf's columns: the same indices as from the same triples without their unit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctOnGrid, distinctSorted } from "../../../src/model/value/distinct.js";
import { indexTriples, triplesOf, UNIT_DAYS } from "../../../src/model/value/summary.js";
import { runs } from "../../support/runs.js";

/** The sorted distinct values by a sorted Set, and each element's place among them. */
function bySet(column: readonly number[]): { values: number[]; index: number[] } {
  const values = [...new Set(column)].sort((a, b) => a - b);
  return { values, index: column.map((v) => values.indexOf(v)) };
}

describe("distinctOnGrid", () => {
  it("sorts whole days over a week, a month (365.25 / 12 days) or a day as a sorted Set does, and as distinctSorted", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4000 }), { maxLength: 200 }), fc.constantFrom(1, 7, 365.25 / 12), (days, per) => {
        const column = days.map((d) => d / per);
        const got = distinctOnGrid(Float64Array.from(column), per);
        const want = bySet(column);
        expect(got).toBeDefined();
        expect([...got!.values]).toEqual(want.values);
        expect([...got!.index]).toEqual(want.index);
        const hashed = distinctSorted(Float64Array.from(column));
        expect(got!.values).toEqual(hashed.values);
        expect(got!.index).toEqual(hashed.index);
      }),
      { numRuns: runs(200, 2000) },
    );
  });

  it("by hand: 14, 0, 7, 14 days in weeks are 0, 1, 2 weeks; each element's place", () => {
    const got = distinctOnGrid(Float64Array.from([2, 0, 1, 2]), 7)!;
    expect([...got.values]).toEqual([0, 1, 2]);
    expect([...got.index]).toEqual([2, 0, 1, 2]);
    expect(distinctOnGrid(new Float64Array(0), 7)!.values.length).toBe(0);
  });

  it("refuses a value off the grid, below 0, not a number, or past 2^22 on it", () => {
    expect(distinctOnGrid(Float64Array.from([1, 2.5]), 1)).toBeUndefined();
    // 1/3 of a week is no whole number of days.
    expect(distinctOnGrid(Float64Array.from([1 / 7, 1 / 3]), 7)).toBeUndefined();
    // One day over 7 plus the smallest step: Math.round gives 1 day back, 1/7 is not the value.
    expect(distinctOnGrid(Float64Array.from([1 / 7 + 2 ** -55]), 7)).toBeUndefined();
    expect(distinctOnGrid(Float64Array.from([3, -1]), 1)).toBeUndefined();
    expect(distinctOnGrid(Float64Array.from([NaN]), 1)).toBeUndefined();
    expect(distinctOnGrid(Float64Array.from([2 ** 22 + 1]), 1)).toBeUndefined();
    const top = distinctOnGrid(Float64Array.from([2 ** 22, 0]), 1)!;
    expect([...top.values]).toEqual([0, 2 ** 22]);
    expect([...top.index]).toEqual([1, 0]);
  });
});

describe("indexTriples on triplesOf's columns", () => {
  it("gives what the same triples give without their unit (hashed and sorted)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 30 }), tx: fc.integer({ min: 0, max: 900 }), T: fc.integer({ min: 0, max: 900 }) }), { minLength: 1, maxLength: 120 }),
        fc.constantFrom("day" as const, "week" as const, "month" as const),
        (rows, unit) => {
          const columns = { x: Float64Array.from(rows, (r) => r.x), txDays: Float64Array.from(rows, (r) => Math.min(r.tx, r.T)), tDays: Float64Array.from(rows, (r) => r.T) };
          const triples = triplesOf(columns, unit);
          expect(triples.unitDays).toBe(UNIT_DAYS[unit]);
          const { unitDays: _, ...plain } = triples;
          expect(indexTriples(triples)).toEqual(indexTriples(plain));
        },
      ),
      { numRuns: runs(100, 1000) },
    );
  });
});
