/**
 * BG/NBD (Fader, Hardie & Lee 2005, "'Counting your customers' the easy way") against values
 * computed independently of src/: Python's mpmath 1.3.0 at 40 significant digits (`mp.dps = 40`),
 * each formula written out from the paper with mpmath's own hyp2f1, loggamma and beta, its
 * derivatives by mpmath's numerical differentiation (`mp.diff`) and P(X(t) = x) by a double
 * integral (`mp.quad`, with λ = v^{1/r} and p = w^{1/a} so that neither end is singular) of the purchase process over λ ~ Gamma(r, α) and p ~ Beta(a, b) (issue 33:
 * the mutation run of `model-clv`). The scripts are quoted in comments beside each table.
 */
import { describe, expect, it } from "vitest";
import { bgnbdExpectedIfAlive, bgnbdFromCoordinates, bgnbdLogLikelihood, bgnbdModel, bgnbdPAlive, bgnbdProbability, bgnbdSmooth, fitBgNbd } from "../../../src/model/value/bgnbd.js";
import { indexTriples, summarize, triples } from "../../../src/model/value/summary.js";
import { decimal } from "../../../src/money.js";
import { cdnowSampleDays, hasCdnowSample } from "../../support/cdnow.js";

// Fader, Hardie & Lee 2005, table 1 (CDNOW sample, 39 weeks).
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
// a above r + x + 1 for x ≤ 1: the direct series' branch of bgnbdExpectedIfAlive.
const STEEP = { r: 0.5, alpha: 2, a: 3.5, b: 1.5 };

/** Relative agreement to `tolerance`. */
const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));

describe("BG/NBD's closed forms against mpmath", () => {
  // (a+b+x−1)/(a−1) × (1 − ((α+T)/(α+T+t))^{r+x} hyp2f1(r+x, b+x, a+b+x−1, t/(α+T+t))), eq. 10's numerator.
  it("E[Y(t) | alive]: both branches (Euler's for a − 1 ≤ r + x, the direct series above it), short and long horizons", () => {
    for (const [t, x, T, want] of [
      [39, 2, 38.86, 1.6873993058053130407],
      [39, 0, 38.86, 0.1950980520112626375],
      [52, 7, 38, 6.6458712814211786312],
      [10, 1, 30, 0.34116828069798800637],
      [39, 50, 39, 34.713827486737036479],
      [1e-3, 3, 20, 0.00013283214822622785967],
    ] as const)
      close(bgnbdExpectedIfAlive(CDNOW, t, x, T), want, 1e-11);
    for (const [t, x, T, want] of [
      [10, 0, 5, 0.4241345731113764335],
      [20, 1, 12, 1.0559862646335244645],
      [5, 3, 8, 1.1612329534800240854],
    ] as const)
      close(bgnbdExpectedIfAlive(STEEP, t, x, T), want, 1e-11);
    expect(bgnbdExpectedIfAlive(CDNOW, 0, 2, 38.86)).toBe(0);
  });

  // 1 / (1 + a/(b+x−1) × ((α+T)/(α+t_x))^{r+x}), 1 for x = 0.
  it("P(alive), and ln L of one customer (eq. 6, with mpmath's loggamma)", () => {
    for (const [x, tx, T, want] of [
      [2, 30.43, 38.86, 0.72657857008067291192],
      [1, 5, 38, 0.32019237644572542649],
      [10, 38, 38, 0.93510107210082657946],
    ] as const)
      close(bgnbdPAlive(CDNOW, x, tx, T), want, 1e-13);
    expect(bgnbdPAlive(CDNOW, 0, 0, 38.86)).toBe(1);
    for (const [x, tx, T, want] of [
      [0, 0, 38.86, -0.55471327643815844845],
      [2, 30.43, 38.86, -9.4586063070662712312],
      [10, 35, 38, -27.174518173102219852],
    ] as const)
      close(bgnbdLogLikelihood(CDNOW, x, tx, T), want, 1e-12);
  });

  // mp.quad over v = λ^r in [0, 0.5, 1, 2, ∞) and w = p^a in [0, 0.5, 1] of eq. 3's P(X(t) = x | λ, p) (mp.dps = 30):
  // (1−p)^x (λt)^x e^{−λt}/x! + [x > 0] p(1−p)^{x−1} (1 − Σ_{j<x} (λt)^j e^{−λt}/j!).
  it("P(X(t) = x) (eq. 8) is the purchase process integrated over λ and p", () => {
    for (const [x, t, want] of [
      [0, 13, 0.716400550095554846],
      [1, 13, 0.167808437137298],
      [3, 39, 0.0458603538479997],
    ] as const)
      close(bgnbdProbability(CDNOW, x, t), want, 1e-9);
  });

  it("the model object answers each question with its own formula", () => {
    const model = bgnbdModel(CDNOW, -9.5);
    expect([model.name, model.params, model.logLikelihood]).toEqual(["bgnbd", CDNOW, -9.5]);
    close(model.pAlive(2, 30.43, 38.86), 0.72657857008067291192, 1e-13);
    close(model.expectedIfAlive(39, 2, 38.86), 1.6873993058053130407, 1e-11);
    close(model.expected(39, 2, 30.43, 38.86), 1.6873993058053130407 * 0.72657857008067291192, 1e-11);
    // E[X(39)] of a new customer: E[Y(39) | x = 0, T = 0] (eq. 9), mpmath's hyp2f1(r, b, a+b−1, 39/(α+39)).
    close(model.unconditional(39), bgnbdExpectedIfAlive(CDNOW, 39, 0, 0), 1e-15);
    expect(model.unconditional(39)).toBeGreaterThan(model.unconditional(13));
  });
});

describe("bgnbdSmooth: Σ count · ln L, its gradient and Hessian in (ln r, ln α, logit a/(a+b), ln 1/(a+b)) against mpmath", () => {
  // mpmath: f(u) = Σ c · ll(r, α, a, b) with r = e^u0, α = e^u1, μ = 1/(1+e^−u2), κ = e^u3, a = μ/κ,
  // b = (1−μ)/κ; the gradient and Hessian by mp.diff(f, u, orders) at 40 digits.
  const base = indexTriples([
    { x: 0, tx: 0, T: 30, count: 4 },
    { x: 1, tx: 10, T: 30, count: 3 },
    { x: 2, tx: 25.5, T: 39, count: 2 },
    { x: 3, tx: 39, T: 39, count: 1 },
    { x: 6, tx: 35, T: 52, count: 2 },
    { x: 12, tx: 50.25, T: 52, count: 1 },
  ]);
  const at = (r: number, alpha: number, a: number, b: number) => [Math.log(r), Math.log(alpha), Math.log(a / b), -Math.log(a + b)];
  for (const [name, u, value, gradient, hessian] of [
    [
      "at the CDNOW estimates",
      at(0.243, 4.414, 0.793, 2.426),
      -124.71221868174119873,
      [4.760541851518141, -0.77538641574676374, -1.8390842540669437, 0.52234437621573245],
      [
        [-4.5130258721258334, 2.6814663161582448, 0.23346208370441985, -0.041784940160128766],
        [2.6814663161582448, -3.3620987721650518, -0.29887016615698976, 0.08640816498371723],
        [0.23346208370441985, -0.29887016615698976, -2.0107008175599904, 0.72102400216352473],
        [-0.041784940160128766, 0.08640816498371723, 0.72102400216352473, -0.12459280653143568],
      ],
    ],
    [
      "with a > b",
      at(0.6, 12, 2.5, 1.2),
      -130.70756910372290796,
      [4.4594809771651364, -3.2374073886221929, -6.678120913220216, 3.5337624166407288],
      [
        [-5.7124897540912137, 5.1969922388000417, 0.22908032138195144, -0.091838370657651364],
        [5.1969922388000417, -7.5306952631490969, -0.2969299150735854, 0.18438802116180578],
        [0.22908032138195144, -0.2969299150735854, -1.5921653424698726, 2.281826298973654],
        [-0.091838370657651364, 0.18438802116180578, 2.281826298973654, -0.85866888879336871],
      ],
    ],
  ] as const) {
    it(`every entry to 1e-10 of itself, ${name}`, () => {
      const got = bgnbdSmooth(base, u.slice());
      close(got.value, value, 1e-13);
      for (let i = 0; i < 4; i++) close(got.gradient[i]!, gradient[i]!, 1e-10);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) close(got.hessian![i]![j]!, hessian[i]![j]!, 1e-10);
      // The simplex's call: the same value and gradient, no Hessian.
      const first = bgnbdSmooth(base, u.slice(), false);
      expect([first.value, first.gradient, first.hessian]).toEqual([got.value, got.gradient, undefined]);
    });
  }

  it("its coordinates give r, α, a, b back", () => {
    const p = bgnbdFromCoordinates(at(0.6, 12, 2.5, 1.2));
    for (const [k, want] of [["r", 0.6], ["alpha", 12], ["a", 2.5], ["b", 1.2]] as const) close(p[k], want, 1e-14);
  });
});

describe("the BG/NBD fit on the CDNOW sample gives the published estimates", () => {
  it.skipIf(!hasCdnowSample())("r 0.243, α 4.414, a 0.793, b 2.426, ln L −9582.4 (Fader, Hardie & Lee 2005; ../shared/data/CDNOW_sample.txt, skipped when absent)", () => {
    const customers = cdnowSampleDays().map(({ id, days }) => ({ id, days, totals: days.map(() => decimal(1n)) }));
    const data = triples(summarize(customers, Date.UTC(1997, 8, 30) / 86_400_000).customers, "week");
    const fit = fitBgNbd(data);
    for (const [k, want] of Object.entries(CDNOW)) expect(Math.abs(fit.params[k]! - want)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThanOrEqual(0.05);
  });
});

describe("E[Y(t) | alive] where only one of its two series is usable (mpmath's hyp2f1 of eq. 10, as above)", () => {
  it("a buyer of 10,000 over a century: the direct series would need past ten million terms (its peak near xz/(1 − z) ≈ 1.2e7), Euler's does not", () => {
    close(bgnbdExpectedIfAlive(CDNOW, 5200, 10_000, 0), 160569.76211241364692, 1e-9);
  });
  it("a and b in the thousands (a − 1 > r + x): Euler's series would pass 1e308, the direct one does not", () => {
    close(bgnbdExpectedIfAlive({ r: 0.243, alpha: 4.414, a: 2000, b: 8000 }, 39, 1, 39), 0.9283455317000543863, 1e-10);
  });
  it("a and b in the thousands with x near a or above (a − 1 ≤ r + x): Euler's terms overflow, so the direct series gives it", () => {
    // mpmath at 40 digits, as above; each threw SeriesError ("did not converge") before the fallback.
    const p = { r: 0.243, alpha: 4.414, a: 2000, b: 8000 };
    close(bgnbdExpectedIfAlive(p, 39, 1999, 39), 6.0020010005002501, 1e-10);
    close(bgnbdExpectedIfAlive(p, 39, 2000, 39), 6.0025012506253127, 1e-10);
    close(bgnbdExpectedIfAlive(p, 39, 5000, 39), 7.5032516258129065, 1e-10);
  });
});
