/**
 * model/value/distinct.ts: the distinct values of a column numbered as each first appears, and
 * sorted, against a Map and a sorted Set (the independent answers), on columns made to collide:
 * whole numbers up to 2^53 (the triples' keys), fractions (t_x and T in weeks), −0 beside 0.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctInOrder, distinctSorted } from "../../../src/model/value/distinct.js";
import { runs } from "../../support/runs.js";

/** The first-appearance numbering by a Map: what distinctInOrder must give. */
function byMap(column: readonly number[]): { values: number[]; index: number[] } {
  const seen = new Map<number, number>();
  const index = column.map((v) => {
    if (!seen.has(v)) seen.set(v, seen.size);
    return seen.get(v)!;
  });
  return { values: [...seen.keys()], index };
}

const value = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 3650 }).map((d) => d / 7),
  fc.constantFrom(0, -0, 2 ** 53 - 1, 2 ** 52, 2 ** 32, 2 ** 32 + 1, 0.5),
  fc.maxSafeInteger().filter((n) => n >= 0),
);

describe("distinctInOrder", () => {
  it("numbers the values as a Map does, in the order each first appears", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (column) => {
        const got = distinctInOrder(Float64Array.from(column));
        const want = byMap(column);
        expect([...got.values]).toEqual(want.values);
        expect([...got.index]).toEqual(want.index);
      }),
      { numRuns: runs(200, 2000) },
    );
  });

  it("keeps 200,000 keys apart whose doubles differ only in their low bits, or only in their high ones", () => {
    // Whole numbers k × 2^32 differ only in the high word of their bits; k + 2^52 only in the low.
    const high = Float64Array.from({ length: 100_000 }, (_, k) => (k % 50_000) * 2 ** 32);
    const low = Float64Array.from({ length: 100_000 }, (_, k) => 2 ** 52 + (k % 50_000));
    for (const column of [high, low]) {
      const { values, index } = distinctInOrder(column);
      expect(values.length).toBe(50_000);
      expect(index[49_999]).toBe(49_999);
      expect(index[50_000]).toBe(0);
      expect(index[99_999]).toBe(49_999);
    }
  });

  it("counts −0 and 0 as one value, and an empty column as none", () => {
    expect([...distinctInOrder(Float64Array.from([0, -0, 1, -0])).index]).toEqual([0, 0, 1, 0]);
    expect(distinctInOrder(new Float64Array(0)).values.length).toBe(0);
  });
});

describe("distinctSorted", () => {
  it("gives the values ascending and each element's place among them", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (column) => {
        const got = distinctSorted(Float64Array.from(column));
        const sorted = [...new Set(column.map((v) => (v === 0 ? 0 : v)))].sort((a, b) => a - b);
        expect([...got.values]).toEqual(sorted);
        expect([...got.index].map((i) => got.values[i])).toEqual(column.map((v) => (v === 0 ? 0 : v)));
      }),
      { numRuns: runs(200, 2000) },
    );
  });
});
