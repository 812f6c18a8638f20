/**
 * The triples as columns (model/value/summary.ts): triplesOf's columns against triples()'s
 * objects, tripleColumns both ways, and thinTriples against fit.ts' thin() on the objects (the
 * sample the fits started from before the columns), with counts times the step.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thin } from "../../../src/model/value/fit.js";
import { columnsOf, thinTriples, tripleColumns, triples, triplesOf, type CustomerSummary, type Triple } from "../../../src/model/value/summary.js";
import { ZERO } from "../../../src/money.js";
import { runs } from "../../support/runs.js";

const rows = (t: ReturnType<typeof tripleColumns>): Triple[] => Array.from(t.x, (x, k) => ({ x, tx: t.tx[k]!, T: t.T[k]!, count: t.count[k]! }));

const triple = fc.record({ x: fc.integer({ min: 0, max: 9 }), tx: fc.integer({ min: 0, max: 60 }).map((d) => d / 7), T: fc.integer({ min: 0, max: 60 }).map((d) => d / 7), count: fc.integer({ min: 1, max: 50 }) });

describe("triples as columns", () => {
  it("triplesOf gives the distinct (x, t_x, T) ascending, with their counts, by hand", () => {
    const person = (x: number, txDays: number, tDays: number): CustomerSummary => ({ id: "", x, txDays, tDays, first: 0, repeatTotal: ZERO, holdout: 0 });
    // A and C alike; B and D alike; E alone: three triples, ascending by x: B, E, A.
    const base = [person(2, 14, 21), person(0, 0, 7), person(2, 14, 21), person(0, 0, 7), person(1, 7, 28)];
    const t = triplesOf(columnsOf(base), "week");
    expect(rows(t)).toEqual([
      { x: 0, tx: 0, T: 1, count: 2 },
      { x: 1, tx: 1, T: 4, count: 1 },
      { x: 2, tx: 2, T: 3, count: 2 },
    ]);
    expect(triples(base, "week")).toEqual(rows(t));
  });

  it("tripleColumns keeps objects' figures in order, and hands columns back as they are", () => {
    fc.assert(
      fc.property(fc.array(triple, { maxLength: 50 }), (data) => {
        const columns = tripleColumns(data);
        expect(rows(columns)).toEqual(data);
        expect(tripleColumns(columns)).toBe(columns);
      }),
      { numRuns: runs(100, 1000) },
    );
  });

  it("thinTriples keeps the triples thin() keeps, each count times the step, and the same step", () => {
    fc.assert(
      fc.property(fc.array(triple, { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (data, size) => {
        const want = thin(data, size);
        const got = thinTriples(tripleColumns(data), size);
        expect(got.every).toBe(want.every);
        expect(rows(got.triples)).toEqual(want.items.map((t) => ({ ...t, count: t.count * want.every })));
      }),
      { numRuns: runs(100, 1000) },
    );
  });
});
