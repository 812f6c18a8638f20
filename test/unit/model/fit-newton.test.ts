/**
 * The fit routines' guards (src/model/value/fit.ts) on functions made up in the test, whose
 * maxima are known by hand:
 * - simplexStart works in the logarithms of the parameters and never goes past e^±30 in any one
 *   of them (a likelihood there is taken as not a number), even when the function would rise on;
 * - newtonMaximize refuses a start where any part of the gradient or of the Hessian is not a
 *   number, or where `edge` already names a parameter that has run off, rather than stepping from
 *   there.
 * Issue 33: the mutation run of model-clv found these guards checked by no test.
 */
import { describe, expect, it } from "vitest";
import { newtonMaximize, simplexStart, type Smooth } from "../../../src/model/value/fit.js";
import { refusal } from "../../support/fit-refusal.js";

/** ln L = −(u₀ − 1)² − (u₁ + 2)²: its maximum 0 at (1, −2), with its gradient and Hessian. */
const bowl = (u: number[]): Smooth => ({
  value: -((u[0]! - 1) ** 2) - (u[1]! + 2) ** 2,
  gradient: [-2 * (u[0]! - 1), -2 * (u[1]! + 2)],
  hessian: [
    [-2, 0],
    [0, -2],
  ],
});
const nowhere = () => null;

describe("simplexStart", () => {
  it("finds the minimum of (ln p₀ − 2)² + (ln p₁ + 1)² at p = (e², e^−1)", () => {
    const { params, logLikelihood } = simplexStart("test", (p) => (Math.log(p[0]!) - 2) ** 2 + (Math.log(p[1]!) + 1) ** 2, [1, 1]);
    expect(Math.log(params[0]!)).toBeCloseTo(2, 5);
    expect(Math.log(params[1]!)).toBeCloseTo(-1, 5);
    expect(logLikelihood).toBeCloseTo(0, 9);
  });

  it("stops at e^30 in one parameter where the function would fall on to e^35, with the other at its own minimum", () => {
    const { params } = simplexStart("test", (p) => (Math.log(p[0]!) - 35) ** 2 + Math.log(p[1]!) ** 2, [1, 1]);
    const [lp0, lp1] = params.map(Math.log) as [number, number];
    expect(lp0).toBeLessThanOrEqual(30);
    expect(lp0).toBeGreaterThan(29.9);
    expect(Math.abs(lp1)).toBeLessThan(1e-3);
  });
});

describe("newtonMaximize", () => {
  it("finds the bowl's maximum from (4, 4), its steps capped at 2", () => {
    const fit = newtonMaximize("test", bowl, [4, 4], nowhere);
    expect(fit.u[0]).toBeCloseTo(1, 12);
    expect(fit.u[1]).toBeCloseTo(-2, 12);
    expect(fit.logLikelihood).toBeCloseTo(0, 12);
  });

  it("refuses a start where one part of the gradient is not a number", () => {
    const f = (u: number[]): Smooth => ({ ...bowl(u), gradient: [Number.NaN, bowl(u).gradient[1]!] });
    expect(refusal(() => newtonMaximize("Test", f, [4, 4], nowhere))).toBe("the Test fit did not converge: the likelihood is not a number at the optimizer's start");
  });

  it("refuses a start where one entry of the Hessian is not a number", () => {
    const f = (u: number[]): Smooth => ({ ...bowl(u), hessian: [[Number.NaN, 0], [0, -2]] });
    expect(refusal(() => newtonMaximize("Test", f, [4, 4], nowhere))).toBe("the Test fit did not converge: the likelihood is not a number at the optimizer's start");
  });

  it("refuses a start that edge already names as run off, though its first step (cut to 2) would be back within reach", () => {
    const edge = (u: number[]) => (Math.abs(u[0]!) > 20 ? "u₀ runs off" : null);
    // From (21, −2) the Newton step is (−20, 0), cut to (−2, 0): u₀ = 19, where edge says nothing.
    expect(refusal(() => newtonMaximize("Test", bowl, [21, -2], edge))).toBe("the Test fit did not converge: u₀ runs off");
    // From within reach, the same edge lets it through.
    expect(newtonMaximize("Test", bowl, [15, 4], edge).u[0]).toBeCloseTo(1, 12);
  });
});
