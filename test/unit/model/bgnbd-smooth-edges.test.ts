/**
 * bgnbdSmooth (src/model/value/bgnbd.ts) where its shortcuts matter, against Python's mpmath 1.3.0
 * at 40 digits (ln L of eq. 6 written out with `loggamma`, summed with counts; the gradient in the
 * fit's coordinates by `mp.diff`, as in bgnbd-values.test.ts):
 * - a frequent buyer long gone (x = 500, t_x = 1, T = 100): the two terms of e^{A3} + e^{A4} are
 *   e^{-2325} and e^{-851}, so the sum must be shifted by the larger (a shift by A3 overflows);
 * - b = 1 exactly beside customers with no repeat purchase: a/(b + x − 1) is a/0 at x = 0, a term
 *   the code must not compute (its weight is 0, and 0 × ∞ is NaN).
 * Issue 33: the mutation run of model-clv found both reached by no test.
 */
import { describe, expect, it } from "vitest";
import { bgnbdFromCoordinates, bgnbdSmooth } from "../../../src/model/value/bgnbd.js";
import { indexTriples } from "../../../src/model/value/summary.js";

const close = (got: number, want: number, relative: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(relative * Math.abs(want));

describe("bgnbdSmooth at its edges, against mpmath", () => {
  it("a buyer of 500 in the first of 100 weeks: the value, gradient and Hessian are numbers and right", () => {
    const base = indexTriples([
      { x: 500, tx: 1, T: 100, count: 1 },
      { x: 0, tx: 0, T: 100, count: 2 },
    ]);
    const u = [Math.log(0.243), Math.log(4.414), Math.log(0.793 / 2.426), -Math.log(0.793 + 2.426)];
    const got = bgnbdSmooth(base, u);
    // mpmath: 1748.5157469142317179; ∂ = 0.98021733604157766, -407.136503062894, -2.5634271759338351, 2.3197833031788612.
    close(got.value, 1748.5157469142317179, 1e-12);
    [0.98021733604157766, -407.136503062894, -2.5634271759338351, 2.3197833031788612].forEach((want, i) => close(got.gradient[i]!, want, 1e-9));
    expect(got.hessian!.flat().every(Number.isFinite)).toBe(true);
  });

  it("b = 1 exactly with customers of no repeat purchase: the gradient is a number and right", () => {
    const u = [Math.log(0.5), Math.log(3), 0, Math.log(0.5)];
    const p = bgnbdFromCoordinates(u);
    expect([p.r, p.a, p.b]).toEqual([0.5, 1, 1]); // exactly: μ = 1/2, κ = 1/2 (α is 3 to the last bit or two)
    const base = indexTriples([
      { x: 0, tx: 0, T: 30, count: 3 },
      { x: 2, tx: 10, T: 30, count: 1 },
    ]);
    const got = bgnbdSmooth(base, u);
    // mpmath: -11.361367421417213444; ∂ = -3.0726207931670898, 1.3437218247034291, -0.12228331398885549, -0.25181112400742968.
    close(got.value, -11.361367421417213444, 1e-13);
    [-3.0726207931670898, 1.3437218247034291, -0.12228331398885549, -0.25181112400742968].forEach((want, i) => close(got.gradient[i]!, want, 1e-10));
    expect(got.hessian!.flat().every(Number.isFinite)).toBe(true);
  });
});
