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
import { fitGammaGamma } from "../../../src/model/value/gamma-gamma.js";
import { random, simulateCustomer } from "../../../scripts/simulate-clv.mjs";
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

  it("Gamma-Gamma on columns, as ceq value gives the summary's (no object a customer): the fit of the same customers as objects, to the bit", () => {
    // 20,000 customers drawn with CDNOW's published fits (Fader, Hardie & Lee 2005, both papers),
    // observed 39 to 78 weeks: the repeat customers' x and mean spend, more than the 5,000 a sample takes.
    const u = random(2);
    const spent: { x: number; mean: number }[] = [];
    for (let i = 0; i < 20_000; i++) {
      const { times, amounts } = simulateCustomer(u, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39 + Math.floor(u() * 40), { p: 6.25, q: 3.74, gamma: 15.44 });
      if (amounts && times.length > 0) spent.push({ x: times.length, mean: amounts.slice(1).reduce((s: number, v: number) => s + v, 0) / times.length });
    }
    expect(spent.length).toBeGreaterThan(5_000);
    const columns = { x: Float64Array.from(spent, (s) => s.x), mean: Float64Array.from(spent, (s) => s.mean) };
    const [onColumns, onRows] = [fitGammaGamma(columns), fitGammaGamma(spent)];
    expect(onColumns).toEqual(onRows);
    expect(Math.abs(onRows.q / 3.74 - 1)).toBeLessThan(0.1);
  });
});
