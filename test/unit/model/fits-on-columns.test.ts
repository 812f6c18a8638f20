/**
 * The purchase models' fits take the distinct (x, t_x, T) as columns (what `ceq value` hands
 * them, with no object a triple) or as objects: the same fit, to the last bit, either way. The
 * bases are drawn from BG/NBD itself (scripts/simulate-clv.mjs, fixed seeds) and big enough for
 * the fits' samples to be thinned (over 5,000 triples; Pareto/NBD's rough start over 1,000).
 */
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../../src/model/value/bgnbd.js";
import { fitParetoNbd } from "../../../src/model/value/pareto-nbd.js";
import { tripleColumns, type Triple } from "../../../src/model/value/summary.js";
import { drawnTriples } from "../../support/drawn-triples.js";

describe("the purchase models' fits on columns and on objects", () => {
  it("BG/NBD: the same parameters and log-likelihood to the bit, from a thinned sample", () => {
    const rows = drawnTriples(30_000, 5, [39, 78]);
    expect(rows.length).toBeGreaterThan(5_000);
    const [onRows, onColumns] = [fitBgNbd(rows), fitBgNbd(tripleColumns(rows))];
    expect(onColumns.params).toEqual(onRows.params);
    expect(onColumns.logLikelihood).toBe(onRows.logLikelihood);
    // Near the parameters drawn from (r 0.8, α 8, a 1.5, b 6): a fit, not a start left as it was.
    expect(Math.abs(onRows.params.r! / 0.8 - 1)).toBeLessThan(0.15);
  });

  it("Pareto/NBD: the same parameters and log-likelihood to the bit", () => {
    // Observed 10 to 519 weeks: over 39 to 78 only, these customers' dropout rates look alike to
    // Pareto/NBD, whose s and β then run off together (pareto-runoff.test.ts).
    const rows = drawnTriples(8_000, 11, [10, 519]);
    expect(rows.length).toBeGreaterThan(5_000);
    const [onRows, onColumns] = [fitParetoNbd(rows), fitParetoNbd(tripleColumns(rows))];
    expect(onColumns.params).toEqual(onRows.params);
    expect(onColumns.logLikelihood).toBe(onRows.logLikelihood);
  });

  it("Pareto/NBD on columns with no repeat purchase: refused as on objects", () => {
    const rows: Triple[] = [{ x: 0, tx: 0, T: 10, count: 4 }, { x: 0, tx: 0, T: 20, count: 2 }];
    expect(() => fitParetoNbd(tripleColumns(rows))).toThrow(/no customer made a repeat purchase/);
    expect(() => fitParetoNbd(rows)).toThrow(/no customer made a repeat purchase/);
  });
});
