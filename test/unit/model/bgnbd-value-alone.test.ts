/**
 * bgnbdValue(), the BG/NBD likelihood alone that the simplex calls about a thousand times a fit:
 * the same number to the bit as bgnbdSmooth()'s value, which bgnbd-values.test.ts checks against
 * mpmath, and that number itself.
 */
import { describe, expect, it } from "vitest";
import { bgnbdSmooth, bgnbdValue } from "../../../src/model/value/bgnbd.js";
import { indexTriples, thinTriples, type TripleColumns } from "../../../src/model/value/summary.js";

const at = (r: number, alpha: number, a: number, b: number) => [Math.log(r), Math.log(alpha), Math.log(a / b), -Math.log(a + b)];

describe("bgnbdValue: the likelihood alone, as bgnbdSmooth sums it", () => {
  // bgnbd-values.test.ts's six triples; ln L at the CDNOW estimates by mpmath at 40 digits.
  const base = indexTriples([
    { x: 0, tx: 0, T: 30, count: 4 },
    { x: 1, tx: 10, T: 30, count: 3 },
    { x: 2, tx: 25.5, T: 39, count: 2 },
    { x: 3, tx: 39, T: 39, count: 1 },
    { x: 6, tx: 35, T: 52, count: 2 },
    { x: 12, tx: 50.25, T: 52, count: 1 },
  ]);

  it("−124.712218681741 at the CDNOW estimates (mpmath), the smooth's value to the bit", () => {
    const u = at(0.243, 4.414, 0.793, 2.426);
    const value = bgnbdValue(base, u);
    expect(Math.abs(value - -124.71221868174119873)).toBeLessThanOrEqual(1e-13 * 124.7122);
    expect(value).toBe(bgnbdSmooth(base, u).value);
    expect(value).toBe(bgnbdSmooth(base, u, false).value);
  });

  it("the smooth's value to the bit with a > b, and far from any maximum", () => {
    for (const u of [at(0.6, 12, 2.5, 1.2), at(3, 0.5, 40, 900), at(0.01, 200, 0.05, 0.02)]) expect(bgnbdValue(base, u)).toBe(bgnbdSmooth(base, u).value);
  });

  it("on a thinned sample of 20,000 made-up triples (thousands of distinct T and t_x, weights of 4)", () => {
    const n = 20_000;
    const columns: TripleColumns = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), count: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      const T = ((k * 7919) % 3650) / 7;
      const x = (k * 31) % 23;
      columns.x[k] = x;
      columns.T[k] = T;
      columns.tx[k] = x === 0 ? 0 : (T * ((k * 13) % 97)) / 97;
      columns.count[k] = 1 + (k % 3);
    }
    const sample = thinTriples(columns, 5_000);
    expect(sample.every).toBe(4);
    const d = indexTriples(sample.triples);
    expect(d.Ts.length).toBeGreaterThan(1_000);
    for (const u of [at(0.8, 8, 1.5, 6), at(0.243, 4.414, 0.793, 2.426)]) {
      const value = bgnbdValue(d, u);
      expect(value).toBe(bgnbdSmooth(d, u).value);
      expect(Number.isFinite(value) && value < 0).toBe(true);
    }
  });
});
