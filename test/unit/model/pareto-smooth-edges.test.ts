/**
 * The edges of Pareto/NBD's exact derivatives (issue 32), beside pareto-smooth.test.ts:
 * - lnA0Series against the same sums taken here term by term in logarithms, far past where it
 *   stops (each term's e^{ln t_k}, its derivatives' weights written out from their definitions), to
 *   1e-12 (absolutely below 1: the second derivatives are differences of sums that size): where it
 *   stops, and each sum it keeps;
 * - a direct series whose sum passes the largest double, which lnA0Series (as lnHyp2f1) rescales on
 *   the way;
 * - a purchase count that is not a whole number, whose ψ(r + x) − ψ(r) comes from digamma rather
 *   than the sum of 1/(r + j);
 * - the series' refusals outside its domain, and the pairs' numbering when the first pair recurs.
 */
import { describe, expect, it } from "vitest";
import { lnGamma } from "../../../src/model/numeric.js";
import { byEuler, lnA0Series, SERIES_OUT } from "../../../src/model/value/a0-series.js";
import { lnA0Hyp2f1, paretoSum } from "../../../src/model/value/pareto-nbd.js";
import { pairsOf } from "../../../src/model/value/pareto-pairs.js";
import { paretoSmooth } from "../../../src/model/value/pareto-smooth.js";
import { SeriesError } from "../../../src/model/value/special.js";
import { indexTriples } from "../../../src/model/value/summary.js";

const seriesOf = (n: number, b: number, z: number) => {
  const out = new Float64Array(SERIES_OUT);
  lnA0Series(n, b, z, out, 0);
  return Array.from(out);
};

/**
 * ln ₂F₁(n, b; n + 1; z) and its derivatives in (n, b, z) by the direct series, each term from its
 * logarithm ln n − ln(n+k) + ln Γ(b+k) − ln Γ(b) − ln k! + k ln z, summed until the terms are below
 * 1e-30 of the sum: F, F_n, F_b, F_z, F_nn, F_nb, F_nz, F_bb, F_bz, F_zz.
 */
function reference(n: number, b: number, z: number): number[] {
  const terms: { t: number; g: [number, number, number]; h: [number, number, number] }[] = [];
  let [sum, psi, psi1] = [0, 0, 0];
  for (let k = 0; k < 100_000; k++) {
    const lnT = Math.log(n) - Math.log(n + k) + lnGamma(b + k) - lnGamma(b) - lnGamma(k + 1) + (k === 0 ? 0 : k * Math.log(z));
    const t = Math.exp(lnT);
    // ∂ ln t: 1/n − 1/(n+k), Σ_{j<k} 1/(b+j), k/z; ∂² ln t (no mixed ones): −1/n² + 1/(n+k)², −Σ 1/(b+j)², −k/z².
    terms.push({ t, g: [1 / n - 1 / (n + k), psi, k / z], h: [-1 / (n * n) + 1 / ((n + k) * (n + k)), -psi1, -k / (z * z)] });
    sum += t;
    psi += 1 / (b + k);
    psi1 += 1 / ((b + k) * (b + k));
    if (k > 10 && t < 1e-30 * sum) break;
  }
  const first = [0, 1, 2].map((i) => terms.reduce((s, { t, g }) => s + t * g[i]!, 0) / sum);
  const second = (i: number, j: number) => terms.reduce((s, { t, g, h }) => s + t * (g[i]! * g[j]! + (i === j ? h[i]! : 0)), 0) / sum - first[i]! * first[j]!;
  return [Math.log(sum), ...first, second(0, 0), second(0, 1), second(0, 2), second(1, 1), second(1, 2), second(2, 2)];
}

describe("lnA0Series against the series summed here, term by term", () => {
  for (const [n, b, z] of [
    [2.5, 1.7, 0.4],
    [3.1, 0.3, 0.85],
    [12.6, 11.2, 0.62],
    [40.3, 39.6, 0.8],
  ] as const) {
    it(`(n, b, z) = (${n}, ${b}, ${z}): every number to 1e-12`, () => {
      expect(byEuler(b, z)).toBe(false);
      const want = reference(n, b, z);
      const got = seriesOf(n, b, z);
      for (let i = 0; i < SERIES_OUT; i++) expect(Math.abs(got[i]! - want[i]!), `number ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(want[i]!), 1));
    });
  }
});

describe("a direct series past the largest double (n = 1451.5, b = 1450, z = 0.4: its sum near 0.6^−1450 = e^741)", () => {
  it("is rescaled on the way: lnA0Hyp2f1's value to the bit, derivatives as the differences of it", () => {
    const [n, b, z] = [1451.5, 1450, 0.4];
    expect(byEuler(b, z)).toBe(false);
    const [f, fn, fb, fz] = seriesOf(n, b, z);
    expect(f).toBe(lnA0Hyp2f1(n, b, z));
    // Past ln of the largest double (709.8): summed unscaled, it would overflow.
    expect(f).toBeGreaterThan(Math.log(Number.MAX_VALUE));
    const d = (g: (v: number) => number, v: number, h: number) => (g(v + h) - g(v - h)) / (2 * h);
    expect(Math.abs(fn! - d((v) => lnA0Hyp2f1(v, b, z), n, 1e-3))).toBeLessThan(1e-6 * Math.abs(fn!) + 1e-9);
    expect(Math.abs(fb! - d((v) => lnA0Hyp2f1(n, v, z), b, 1e-3))).toBeLessThan(1e-6 * Math.abs(fb!));
    expect(Math.abs(fz! - d((v) => lnA0Hyp2f1(n, b, v), z, 1e-5))).toBeLessThan(1e-6 * Math.abs(fz!));
    // Each second derivative as the difference of a first one (every sum it keeps was rescaled alike).
    const at = [n, b, z];
    const steps = [1e-3, 1e-3, 1e-5];
    const place = [[4, 5, 6], [5, 7, 8], [6, 8, 9]];
    const out = seriesOf(n, b, z);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const moved = (v: number) => seriesOf(...(at.map((w, k) => (k === j ? v : w)) as [number, number, number]))[1 + i]!;
        const want = d(moved, at[j]!, steps[j]!);
        expect(Math.abs(out[place[i]![j]!]! - want), `F_${i}${j}`).toBeLessThan(1e-5 * Math.max(Math.abs(want), 1e-6));
      }
  });
});

describe("paretoSmooth where a purchase count is not a whole number", () => {
  it("the gradient in ln r by digamma: the differences of paretoSum, to 1e-7", () => {
    const triples = [
      { x: 0, tx: 0, T: 30, count: 4 },
      { x: 2.5, tx: 5, T: 30, count: 2 },
      { x: 1, tx: 3, T: 30, count: 3 },
    ];
    const u = [0.553, 10.578, 0.606, 11.669].map(Math.log);
    const s = paretoSmooth(triples)(u);
    const sum = paretoSum(triples);
    expect(s.value).toBe(sum(u));
    const at = (v: number) => sum([v, u[1]!, u[2]!, u[3]!]);
    const h = 1e-4;
    const numeric = (at(u[0]! + h) - at(u[0]! - h)) / (2 * h);
    expect(Math.abs(s.gradient[0]! - numeric)).toBeLessThan(1e-7 * Math.abs(numeric));
    const second = (at(u[0]! + 1e-3) - 2 * at(u[0]!) + at(u[0]! - 1e-3)) / 1e-6;
    expect(Math.abs(s.hessian![0]![0]! - second)).toBeLessThan(1e-4 * Math.abs(second));
  });
});

describe("lnA0Series outside its domain, and the pairs when the first recurs", () => {
  it("refuses before summing (not after ten million terms) n, b or n + 1 − b not above 0, z outside [0, 1)", () => {
    for (const [n, b, z] of [
      [0, 1, 0.3],
      [2, 0, 0.3],
      [2, -0.5, 0.3],
      [2, 1, -0.1],
      [2, 1, 1],
      [2, 1, Number.NaN],
    ] as const) {
      expect(() => seriesOf(n, b, z), `(${n}, ${b}, ${z})`).toThrow(/is outside a, b, c > 0 and 0 <= z < 1/);
      expect(() => lnA0Hyp2f1(n, b, z)).toThrow(/is outside a, b, c > 0 and 0 <= z < 1/);
    }
    // By Euler's transformation (b·z above 1000(1 − z)), its second parameter n + 1 − b must be above 0.
    expect(byEuler(3, 0.9999)).toBe(true);
    expect(() => seriesOf(1.5, 3, 0.9999)).toThrow(SeriesError);
  });

  it("the first pair met again, by the table and by the Map, keeps its number 0", () => {
    const small = indexTriples([
      { x: 1, tx: 2, T: 9, count: 1 },
      { x: 3, tx: 4, T: 9, count: 1 },
      { x: 1, tx: 2, T: 8, count: 1 },
      { x: 1, tx: 2, T: 7, count: 1 },
    ]);
    expect(Array.from(pairsOf(small, small.tx, small.txs.length).index)).toEqual([0, 1, 0, 0]);
    // 3,000 distinct x by 2,000 distinct T, so that a Map numbers them; (0, 1) met three times.
    const many = [];
    for (let k = 0; k < 3000; k++) many.push({ x: k, tx: 0, T: 1 + (k % 2000), count: 1 }, { x: k, tx: 0, T: 1 + ((k + 1) % 2000), count: 1 });
    many.push({ x: 0, tx: 0, T: 1, count: 1 }, { x: 7, tx: 0, T: 9, count: 1 }, { x: 0, tx: 0, T: 1, count: 1 });
    const d = indexTriples(many);
    expect(d.xs.length * d.Ts.length).toBeGreaterThan(1 << 22);
    const pairs = pairsOf(d, d.T, d.Ts.length);
    const index = Array.from(pairs.index);
    expect(index.slice(-3)).toEqual([0, 15, 0]);
    expect(pairs.x.length).toBe(6000);
  });
});
