/**
 * Pareto/NBD's P(alive) and likelihood (src/model/value/pareto-nbd.ts, which goes through A₀ and
 * Gauss's ₂F₁: Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 18-21) against an independent route with no ₂F₁: Schmittlein, Morrison &
 * Colombo's (1987) individual likelihood, λˣe^{−(λ+μ)T} + λˣμ∫_{t_x}^T e^{−(λ+μ)τ}dτ, averaged over
 * λ ~ Gamma(r, α) and μ ~ Gamma(s, β) inside the integral, where each average has a closed form:
 *
 *   L = Γ(r+x)αʳβˢ/Γ(r) × [ (α+T)^{−(r+x)}(β+T)^{−s} + s ∫_{t_x}^T (α+τ)^{−(r+x)}(β+τ)^{−(s+1)} dτ ]
 *
 * so that, with J = ∫_{t_x}^T ((α+T)/(α+τ))^{r+x} ((β+T)/(β+τ))^s dτ/(β+τ),
 * P(alive) = 1/(1 + sJ) and ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β − (r+x) ln(α+T) − s ln(β+T) + ln(1 + sJ).
 * J by Simpson's rule on 4,000 intervals. Also E[Y(t) | alive] at s = 1, where eq. 22's bracket is
 * 0/0 and its limit (β+T) ln((β+T+t)/(β+T)) is taken. Issue 33: the mutation run of model-clv
 * found P(alive)'s s/(r+s+x) and the s = 1 branch checked by no test.
 */
import { describe, expect, it } from "vitest";
import { lnGamma } from "../../../src/model/numeric.js";
import { paretoExpectedIfAlive, paretoLogLikelihood, paretoPAlive, type ParetoNbdParams } from "../../../src/model/value/pareto-nbd.js";

/** The CDNOW sample's published Pareto/NBD fit, in weeks (Fader, Hardie & Lee 2005, "Counting your customers the easy way", table 1): α < β. */
const CDNOW: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
/** α > β, to take A₀'s other branch; and α = β, where both branches' argument is 0. */
const WIDER: ParetoNbdParams = { r: 1.2, alpha: 15, s: 2.5, beta: 8 };
const EVEN: ParetoNbdParams = { r: 0.8, alpha: 9, s: 0.4, beta: 9 };

function simpson(f: (v: number) => number, from: number, to: number, n = 4_000): number {
  if (from === to) return 0;
  const h = (to - from) / n;
  let sum = f(from) + f(to);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(from + k * h);
  return (sum * h) / 3;
}

function byIntegral({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number) {
  const J = simpson((tau) => ((alpha + T) / (alpha + tau)) ** (r + x) * ((beta + T) / (beta + tau)) ** s / (beta + tau), tx, T);
  return {
    pAlive: 1 / (1 + s * J),
    logLikelihood: lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta) - (r + x) * Math.log(alpha + T) - s * Math.log(beta + T) + Math.log1p(s * J),
  };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const CUSTOMERS = [
  [0, 0, 38.86],
  [2, 30.43, 38.86],
  [7, 35, 38],
  [1, 2, 30],
  [20, 37, 39],
  [5, 1, 60],
] as const;

describe("Pareto/NBD's P(alive) and ln L against the integral over the time of death (no ₂F₁)", () => {
  for (const [name, p] of [["CDNOW's published fit (α < β)", CDNOW], ["α > β", WIDER], ["α = β", EVEN]] as const) {
    it(`${name}: six customers agree to 9 significant digits`, () => {
      for (const [x, tx, T] of CUSTOMERS) {
        const want = byIntegral(p, x, tx, T);
        expect(relative(paretoPAlive(p, x, tx, T), want.pAlive)).toBeLessThan(1e-9);
        expect(relative(paretoLogLikelihood(p, x, tx, T), want.logLikelihood)).toBeLessThan(1e-9);
      }
    });
  }

  it("a customer whose last purchase is at T is alive with probability 1, and the integral is empty", () => {
    for (const p of [CDNOW, WIDER, EVEN]) {
      expect(paretoPAlive(p, 3, 38.86, 38.86)).toBe(1);
      expect(relative(paretoLogLikelihood(p, 3, 38.86, 38.86), byIntegral(p, 3, 38.86, 38.86).logLikelihood)).toBeLessThan(1e-12);
    }
  });
});

describe("Pareto/NBD's E[Y(t) | alive at T] at s = 1, where eq. 22's bracket is 0/0", () => {
  const { r, alpha, beta } = CDNOW;
  const limit = (t: number, x: number, T: number) => ((r + x) / (alpha + T)) * (beta + T) * Math.log((beta + T + t) / (beta + T));

  it("s = 1 exactly: (r+x)/(α+T) × (β+T) ln((β+T+t)/(β+T)), and the time alive by Simpson's rule agrees", () => {
    for (const [x, T, t] of [[0, 38.86, 39], [4, 30, 52], [1, 10, 1]] as const) {
      const got = paretoExpectedIfAlive({ ...CDNOW, s: 1 }, t, x, T);
      expect(relative(got, limit(t, x, T))).toBeLessThan(1e-14);
      // ∫₀ᵗ P(alive at T+u | alive at T) du with s = 1: (β+T)/(β+T+u).
      expect(relative(got, ((r + x) / (alpha + T)) * simpson((u) => (beta + T) / (beta + T + u), 0, t))).toBeLessThan(1e-10);
    }
  });

  it("s within 1e-12 of 1 takes the limit too, and s a little further the general form: the two agree", () => {
    const at = (s: number) => paretoExpectedIfAlive({ ...CDNOW, s }, 39, 2, 38.86);
    expect(relative(at(1 + 1e-13), limit(39, 2, 38.86))).toBeLessThan(1e-14);
    expect(relative(at(1 + 1e-7), limit(39, 2, 38.86))).toBeLessThan(1e-6);
    expect(relative(at(1 - 1e-7), limit(39, 2, 38.86))).toBeLessThan(1e-6);
  });
});
