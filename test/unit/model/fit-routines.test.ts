/**
 * The fitting routines of the purchase models (src/model/value/fit.ts) on functions whose maxima,
 * gradients and Hessians are known in closed form, worked out by hand in the comments (issue 33:
 * the mutation run of `model-clv`): the thinning of a large base, numericalSmooth's differences,
 * Newton's method with its damping and its refusals, the simplex start and sampleMaximum's fallback.
 */
import { describe, expect, it } from "vitest";
import { DECREMENT, FitError, newtonMaximize, numericalSmooth, sampleMaximum, simplexStart, thin, type Smooth } from "../../../src/model/value/fit.js";

const noEdge = () => null;

describe("thin", () => {
  it("keeps every k-th item, k = ⌈n / size⌉, and all of them (a copy) when there are no more than `size`", () => {
    const items = Array.from({ length: 10 }, (_, k) => k);
    // ⌈10 / 3⌉ = 4: items 0, 4, 8.
    expect(thin(items, 3)).toEqual({ items: [0, 4, 8], every: 4 });
    // ⌈10 / 5⌉ = 2: 0, 2, 4, 6, 8.
    expect(thin(items, 5)).toEqual({ items: [0, 2, 4, 6, 8], every: 2 });
    expect(thin(items, 10)).toEqual({ items, every: 1 });
    expect(thin(items, 50)).toEqual({ items, every: 1 });
  });
});

describe("numericalSmooth", () => {
  // f(u) = 3 + u0 − 2u1 − u0² − 1.5u1² + 0.5u0u1 + u0³/6: ∇f = (1 − 2u0 + 0.5u1 + u0²/2, −2 − 3u1 + 0.5u0),
  // ∇²f = [[−2 + u0, 0.5], [0.5, −3]]. Central differences are exact for a quadratic; the cubic term's
  // first-difference error is h²·f'''/6 = h²/6 (1.7e-9 for h = 1e-4), its second differences exact.
  const f = ([a, b]: number[]) => 3 + a! - 2 * b! - a! * a! - 1.5 * b! * b! + 0.5 * a! * b! + a! ** 3 / 6;
  it("gives the value, the gradient and the Hessian of a cubic at (0.4, −0.7)", () => {
    const s = numericalSmooth(f, [0.4, -0.7]);
    expect(s.value).toBe(f([0.4, -0.7]));
    const [g0, g1] = [1 - 0.8 - 0.35 + 0.08, -2 + 2.1 + 0.2];
    expect(Math.abs(s.gradient[0]! - g0)).toBeLessThan(1e-8);
    expect(Math.abs(s.gradient[1]! - g1)).toBeLessThan(1e-8);
    const want = [[-1.6, 0.5], [0.5, -3]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(s.hessian![i]![j]! - want[i]![j]!)).toBeLessThan(1e-5);
  });
  it("with its own step: h = 1e-2 gives the cubic's first-difference error h²/6", () => {
    const s = numericalSmooth(f, [0.4, -0.7], 1e-2);
    expect(s.gradient[0]! - (1 - 0.8 - 0.35 + 0.08)).toBeCloseTo(1e-4 / 6, 9);
  });
  it("each mixed entry of three coordinates: f = u0·u1 + 2·u0·u2 − 3·u1·u2 has Hessian [[0, 1, 2], [1, 0, −3], [2, −3, 0]]", () => {
    const s = numericalSmooth(([a, b, c]) => a! * b! + 2 * a! * c! - 3 * b! * c!, [0.3, -1.2, 2]);
    const want = [[0, 1, 2], [1, 0, -3], [2, -3, 0]];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(s.hessian![i]![j]! - want[i]![j]!)).toBeLessThan(1e-6);
    // ∇ = (u1 + 2u2, u0 − 3u2, 2u0 − 3u1) = (2.8, −5.7, 4.2).
    [2.8, -5.7, 4.2].forEach((g, i) => expect(s.gradient[i]!).toBeCloseTo(g, 8));
  });
});

describe("newtonMaximize", () => {
  // ln L = −(u0 − 1)² − 2(u1 + 2)² − (u0 − 1)⁴: a maximum at (1, −2) of value 0, gradient
  // (−2(u0 − 1) − 4(u0 − 1)³, −4(u1 + 2)), Hessian diag(−2 − 12(u0 − 1)², −4).
  const withHessian = (u: number[]): Smooth => {
    const [d0, d1] = [u[0]! - 1, u[1]! + 2];
    return { value: -d0 * d0 - 2 * d1 * d1 - d0 ** 4, gradient: [-2 * d0 - 4 * d0 ** 3, -4 * d1], hessian: [[-2 - 12 * d0 * d0, 0], [0, -4]] };
  };
  const gradientOnly = (u: number[]): Smooth => {
    const { value, gradient } = withHessian(u);
    return { value, gradient };
  };
  for (const [name, f] of [["with the function's Hessian", withHessian], ["with central differences of its gradient", gradientOnly]] as const) {
    it(`finds the maximum (1, −2) from (4, 3), ${name}, with the decrement at most ${DECREMENT}`, () => {
      const fit = newtonMaximize("test", f, [4, 3], noEdge);
      expect(Math.abs(fit.u[0]! - 1)).toBeLessThan(1e-5);
      expect(Math.abs(fit.u[1]! + 2)).toBeLessThan(1e-9);
      expect(fit.decrement).toBeLessThanOrEqual(DECREMENT);
      expect(fit.decrement).toBeGreaterThanOrEqual(0);
      expect(fit.logLikelihood).toBe(f(fit.u).value);
      expect(fit.iterations).toBeGreaterThan(1);
      expect(fit.iterations).toBeLessThan(40);
    });
  }
  it("at the maximum already: no step, the decrement 0", () => {
    const fit = newtonMaximize("test", withHessian, [1, -2], noEdge);
    expect(fit).toEqual({ u: [1, -2], logLikelihood: -0, decrement: 0, iterations: 0 });
  });
  it("from a point where −H is not positive definite (a saddle of ln L = u0² − u1² − u0⁴/4… ), the damped steps reach a maximum", () => {
    // ln L = −u0⁴/4 + u0²/2 − u1²: maxima at u0 = ±1 (ln L = 1/4), a saddle at u0 = 0 where ∂²/∂u0² = 1 > 0.
    const f = (u: number[]): Smooth => ({
      value: -(u[0]! ** 4) / 4 + u[0]! ** 2 / 2 - u[1]! ** 2,
      gradient: [-(u[0]! ** 3) + u[0]!, -2 * u[1]!],
      hessian: [[-3 * u[0]! ** 2 + 1, 0], [0, -2]],
    });
    const fit = newtonMaximize("test", f, [0.1, 0.5], noEdge);
    // Converged at λ² = g²/(−H) ≈ 2(u0 − 1)² ≤ 1e-9: u0 within 2.3e-5 of 1.
    expect(Math.abs(fit.u[0]! - 1)).toBeLessThan(3e-5);
    expect(Math.abs(fit.u[1]!)).toBeLessThan(1e-9);
    expect(fit.logLikelihood).toBeCloseTo(0.25, 8);
  });
  it("a step longer than 2 in a coordinate is cut to 2: ln L = −(u0 − 50)²/2 reached from 0 in 25 steps", () => {
    // One Newton step from 0 would be 50; cut to 2, the 24th ends at 48, the 25th (exactly 2, not cut) at 50,
    // where the decrement is 0 at iteration 25.
    const f = (u: number[]): Smooth => ({ value: -((u[0]! - 50) ** 2) / 2, gradient: [-(u[0]! - 50)], hessian: [[-1]] });
    const fit = newtonMaximize("test", f, [0], noEdge);
    expect(fit.u[0]!).toBe(50);
    expect(fit.iterations).toBe(25);
  });
  it("refuses, as FitError with the reason, a start that is not a number, a start at the edge, and a likelihood with no maximum", () => {
    const nan = (u: number[]): Smooth => ({ value: Number.NaN, gradient: u.map(() => 0) });
    expect(() => newtonMaximize("Test", nan, [0], noEdge)).toThrow(new FitError("the Test fit did not converge: the likelihood is not a number at the optimizer's start"));
    const badGradient = (u: number[]): Smooth => ({ value: 0, gradient: u.map(() => Number.POSITIVE_INFINITY) });
    expect(() => newtonMaximize("Test", badGradient, [0], noEdge)).toThrow("not a number at the optimizer's start");
    const badHessian = (u: number[]): Smooth => ({ value: 0, gradient: u.map(() => 0), hessian: [[Number.NaN]] });
    expect(() => newtonMaximize("Test", badHessian, [0], noEdge)).toThrow("not a number at the optimizer's start");
    expect(() => newtonMaximize("Test", withHessian, [0, 0], () => "off")).toThrow(new FitError("the Test fit did not converge: off"));
    // ln L = u0: rises without end; every step is taken, until `edge` says where it went.
    const line = (u: number[]): Smooth => ({ value: u[0]!, gradient: [1], hessian: [[0]] });
    expect(() => newtonMaximize("Test", line, [0], (u) => (u[0]! > 30 ? `u0 at ${u[0]}` : null))).toThrow(/^the Test fit did not converge: u0 at 3\d/);
    // ln L = −u0 beyond which no step is taken (a cliff of NaN past 0.5): stalled, `edge` asked with `stalled`.
    const cliff = (u: number[]): Smooth => (u[0]! > 0.5 ? { value: Number.NaN, gradient: [Number.NaN] } : { value: u[0]!, gradient: [1], hessian: [[0]] });
    const stalled: boolean[] = [];
    expect(() => newtonMaximize("Test", cliff, [0], (_, s) => (stalled.push(s ?? false), s ? "stalled here" : null))).toThrow(new FitError("the Test fit did not converge: stalled here"));
    expect(stalled.at(-1)).toBe(true);
    expect(() => newtonMaximize("Test", cliff, [0], noEdge)).toThrow(
      new FitError("the Test fit did not converge: Newton's method found no point where the likelihood is flat and curved down (a maximum)"),
    );
  });
});

describe("simplexStart and sampleMaximum", () => {
  it("the simplex minimizes −ln L over the parameters' logarithms: (p − 2)² + (q − 0.5)² has its minimum at (2, 0.5)", () => {
    const fit = simplexStart("Test", ([p, q]) => (p! - 2) ** 2 + (q! - 0.5) ** 2 - 7, [1, 1]);
    expect(fit.params[0]!).toBeCloseTo(2, 5);
    expect(fit.params[1]!).toBeCloseTo(0.5, 5);
    expect(fit.logLikelihood).toBeCloseTo(7, 9);
  });
  it("a likelihood that is a number nowhere is a FitError (after 20 restarts of 20,000 steps each)", () => {
    expect(() => simplexStart("Test", () => Number.NaN, [1])).toThrow(new FitError("the Test fit did not converge: the likelihood is not a number anywhere the optimizer went"));
  });
  it("beyond e^±30 the likelihood is not asked", () => {
    const asked: number[] = [];
    // Lowest at ln p = 35, past the bound: the simplex is held below e^30.
    const fit = simplexStart("Test", ([p]) => (asked.push(p!), (Math.log(p!) - 35) ** 2), [1]);
    expect(Math.max(...asked)).toBeLessThanOrEqual(Math.exp(30) * (1 + 1e-12));
    expect(fit.params[0]!).toBeGreaterThan(Math.exp(29));
  });
  it("sampleMaximum: the sample's maximum, or the start when the sample has none; other errors pass through", () => {
    const f = (u: number[]): Smooth => ({ value: -((u[0]! - 3) ** 2), gradient: [-2 * (u[0]! - 3)], hessian: [[-2]] });
    expect(sampleMaximum("Test", f, [0], noEdge)[0]!).toBeCloseTo(3, 12);
    expect(sampleMaximum("Test", f, [0], () => "off")).toEqual([0]);
    expect(() => sampleMaximum("Test", () => {
      throw new RangeError("boom");
    }, [0], noEdge)).toThrow(RangeError);
  });
});
