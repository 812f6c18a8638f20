/**
 * Pareto/NBD's ln L with its exact gradient and Hessian (src/model/value/pareto-smooth.ts, issue
 * 32; a0-series.ts and pareto-pairs.ts beside it), each checked by an independent method:
 * - lnA0Series, ₂F₁(n, b; n + 1; z)'s logarithm with its derivatives in (n, b, z) from one pass over
 *   the series: the value is lnA0Hyp2f1's to the bit, on both of its branches (the direct series and
 *   Euler's transformation); the derivatives agree with Richardson-extrapolated central differences
 *   of lnA0Hyp2f1, and at z = 0 with the series' first terms worked out by hand;
 * - paretoSmooth: the value is paretoSum's to the bit (α > β, α < β, α = β, and pairs on Euler's
 *   branch); the gradient agrees with differences of paretoSum, the Hessian with second differences
 *   of it (neither uses the derivatives' code);
 * - pairsOf: the pairs by hand, and the Map it takes past its table's size giving the same;
 * - keptTerms, the table of A₀'s terms by (x, t) that P(alive) reads: the function's own values,
 *   each worked out once.
 */
import { describe, expect, it } from "vitest";
import { lnA0Hyp2f1, paretoExpected, paretoModel, paretoPAlive, paretoSum } from "../../../src/model/value/pareto-nbd.js";
import { byEuler, lnA0Series, SERIES_OUT } from "../../../src/model/value/a0-series.js";
import { keptTerms, pairsOf } from "../../../src/model/value/pareto-pairs.js";
import { paretoSmooth } from "../../../src/model/value/pareto-smooth.js";
import { indexTriples, type Triple } from "../../../src/model/value/summary.js";

/** f'(x) by central differences at h and h/2, Richardson-extrapolated: error O(h⁴). */
const richardson = (f: (x: number) => number, x: number, h: number): number => {
  const d = (s: number) => (f(x + s) - f(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
};

/** f''(x) by second differences at h and h/2, Richardson-extrapolated. */
const richardson2 = (f: (x: number) => number, x: number, h: number): number => {
  const d = (s: number) => (f(x + s) - 2 * f(x) + f(x - s)) / (s * s);
  return (4 * d(h / 2) - d(h)) / 3;
};

const close = (actual: number, expected: number, relative: number, floor = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), floor));

const seriesOf = (n: number, b: number, z: number) => {
  const out = new Float64Array(SERIES_OUT + 2);
  lnA0Series(n, b, z, out, 2);
  return Array.from(out.subarray(2));
};

describe("lnA0Series: ln ₂F₁(n, b; n + 1; z) and its derivatives in (n, b, z)", () => {
  // Direct (b·z ≤ 1000(1 − z)) and by Euler's transformation (b·z above it), b above and below 1.
  const points = [
    [2.5, 1.7, 0.4],
    [3.1, 0.3, 0.85],
    [12.6, 11.2, 0.62],
    [0.9, 0.05, 0.2],
    [205.3, 201.1, 0.9],
    [2001.2, 2000, 0.9],
  ] as const;

  it("writes lnA0Hyp2f1's value to the bit, on both branches, where it is told to", () => {
    expect(points.filter(([, b, z]) => byEuler(b, z)).length).toBe(2);
    for (const [n, b, z] of points) {
      const out = seriesOf(n, b, z);
      expect(out[0]).toBe(lnA0Hyp2f1(n, b, z));
    }
  });

  it("its first and second derivatives: those of lnA0Hyp2f1 by differences, to 1e-6", () => {
    for (const [n, b, z] of points) {
      const [, fn, fb, fz, fnn, fnb, fnz, fbb, fbz, fzz] = seriesOf(n, b, z) as [number, number, number, number, number, number, number, number, number, number];
      const hz = 1e-3 * Math.min(z, 1 - z);
      close(fn, richardson((v) => lnA0Hyp2f1(v, b, z), n, 1e-3), 1e-6);
      close(fb, richardson((v) => lnA0Hyp2f1(n, v, z), b, 1e-3), 1e-6);
      close(fz, richardson((v) => lnA0Hyp2f1(n, b, v), z, hz), 1e-6);
      // Second differences of the value where it is small enough for them (ε·|F|/h² well below F's curvature) ...
      if (n < 20) {
        close(fnn, richardson2((v) => lnA0Hyp2f1(v, b, z), n, 1e-2), 1e-5);
        close(fbb, richardson2((v) => lnA0Hyp2f1(n, v, z), b, 1e-2), 1e-5);
        close(fzz, richardson2((v) => lnA0Hyp2f1(n, b, v), z, 10 * hz), 1e-5);
      }
      // ... and everywhere, differences of the first derivatives (checked against the value's just above).
      close(fnn, richardson((v) => seriesOf(v, b, z)[1]!, n, 1e-3), 1e-6);
      close(fbb, richardson((v) => seriesOf(n, v, z)[2]!, b, 1e-3), 1e-6);
      close(fzz, richardson((v) => seriesOf(n, b, v)[3]!, z, hz), 1e-6);
      close(fnb, richardson((v) => seriesOf(n, v, z)[1]!, b, 1e-3), 1e-6);
      close(fnz, richardson((v) => seriesOf(n, b, v)[1]!, z, hz), 1e-6);
      close(fbz, richardson((v) => seriesOf(n, b, v)[2]!, z, hz), 1e-6);
    }
  });

  it("at z = 0 (α = β): ln ₂F₁ = c₁z + (c₂ − c₁²/2)z² + …, c₁ = nb/(n+1), c₂ = nb(b+1)/(2(n+2)), by hand", () => {
    const [n, b] = [2.5, 1.7];
    const c1 = (n * b) / (n + 1);
    const c2 = (n * b * (b + 1)) / (2 * (n + 2));
    const [f, fn, fb, fz, fnn, fnb, fnz, fbb, fbz, fzz] = seriesOf(n, b, 0);
    expect([f, fn, fb, fnn, fnb, fbb]).toEqual([0, 0, 0, 0, 0, 0]);
    close(fz!, c1, 1e-15);
    close(fzz!, 2 * c2 - c1 * c1, 1e-14);
    // ∂c₁/∂n = b/(n+1)², ∂c₁/∂b = n/(n+1).
    close(fnz!, b / ((n + 1) * (n + 1)), 1e-15);
    close(fbz!, n / (n + 1), 1e-15);
  });
});

// Two customers share (x, t_x) = (2, 5) with different T, two share (x, T) = (1, 30), as in
// pareto-sum.test.ts; a customer with 250 purchases puts α < β pairs on Euler's branch.
const BASE: Triple[] = [
  { x: 0, tx: 0, T: 30, count: 4 },
  { x: 2, tx: 5, T: 30, count: 1 },
  { x: 2, tx: 5, T: 12, count: 2 },
  { x: 1, tx: 3, T: 30, count: 3 },
  { x: 1, tx: 29, T: 30, count: 1 },
  { x: 6, tx: 12, T: 12, count: 2 },
  { x: 250, tx: 40, T: 41, count: 1 },
];

describe("paretoSmooth: Σ count · ln L with its gradient and Hessian in (ln r, ln α, ln s, ln β)", () => {
  const cases = [
    ["α > β", [1.2, 15, 2.5, 8]],
    ["α < β", [0.553, 10.578, 0.606, 11.669]],
    ["α = β", [0.8, 9, 0.4, 9]],
    ["α ≪ β, the 250-purchase customer's pairs on Euler's branch", [0.8, 1, 0.7, 2000]],
  ] as const;

  it("the Euler case does take that branch for the 250-purchase customer's pairs", () => {
    const [r, alpha, , beta] = cases[3][1];
    expect(byEuler(r + 250, (beta - alpha) / (beta + 40))).toBe(true);
  });

  for (const [name, p] of cases) {
    it(`${name}: paretoSum's value to the bit; its differences' gradient to 1e-7, second differences' Hessian to 1e-5`, () => {
      const u = p.map(Math.log);
      const sum = paretoSum(BASE);
      const s = paretoSmooth(BASE)(u);
      expect(s.value).toBe(sum(u));
      const along = (i: number) => (v: number) => sum(u.map((w, k) => (k === i ? v : w)));
      for (let i = 0; i < 4; i++) {
        close(s.gradient[i]!, richardson(along(i), u[i]!, 1e-3), 1e-7, 1e-6);
        close(s.hessian![i]![i]!, richardson2(along(i), u[i]!, 2e-2), 1e-5, 1e-4);
        for (let j = 0; j < i; j++) {
          // ∂ᵢ∂ⱼ by differences in i of paretoSum's differences in j.
          const dj = (vi: number) => richardson((vj) => sum(u.map((w, k) => (k === i ? vi : k === j ? vj : w))), u[j]!, 1e-3);
          close(s.hessian![i]![j]!, richardson(dj, u[i]!, 1e-3), 1e-5, 1e-4);
          expect(s.hessian![j]![i]).toBe(s.hessian![i]![j]);
        }
      }
    });
  }

  it("gives the same numbers however often it is called (its buffers are filled afresh)", () => {
    const smooth = paretoSmooth(BASE);
    const first = smooth([0.1, 2, -0.5, 2.4]);
    smooth([1, 1, 1, 1]);
    expect(smooth([0.1, 2, -0.5, 2.4])).toEqual(first);
  });

  it("a count that is not a number: the value −∞, as paretoSum's (a point Newton does not take)", () => {
    const s = paretoSmooth([...BASE, { x: 1, tx: 2, T: 9, count: Number.NaN }])([0, 1, 0, 2]);
    expect(s.value).toBe(-Infinity);
  });
});

describe("pairsOf: the distinct (x, t) pairs, numbered as they first appear", () => {
  it("by hand", () => {
    const d = indexTriples(BASE.slice(0, 6));
    const pairs = pairsOf(d, d.tx, d.txs.length);
    const named = Array.from(pairs.x, (xi, k) => [d.xs[xi], d.txs[pairs.t[k]!]]);
    // The triples in their order: (0,0,30) (2,5,30) (2,5,12) (1,3,30) (1,29,30) (6,12,12).
    expect(named).toEqual([[0, 0], [2, 5], [1, 3], [1, 29], [6, 12]]);
    expect(Array.from(pairs.index)).toEqual([0, 1, 1, 2, 3, 4]);
    const byT = pairsOf(d, d.T, d.Ts.length);
    expect(Array.from(byT.x, (xi, k) => [d.xs[xi], d.Ts[byT.t[k]!]])).toEqual([[0, 30], [2, 30], [2, 12], [1, 30], [6, 12]]);
    expect(Array.from(byT.index)).toEqual([0, 1, 2, 3, 3, 4]);
  });

  it("past 2^22 places (3,000 distinct x by 2,000 distinct T), a Map numbers them the same way", () => {
    const many: Triple[] = [];
    for (let k = 0; k < 3000; k++) many.push({ x: k, tx: 0, T: 1 + (k % 2000), count: 1 }, { x: k, tx: 0, T: 1 + ((k + 1) % 2000), count: 1 });
    many.push({ x: 5, tx: 0, T: 6, count: 1 });
    const d = indexTriples(many);
    expect(d.xs.length * d.Ts.length).toBeGreaterThan(1 << 22);
    const pairs = pairsOf(d, d.T, d.Ts.length);
    const keys = Array.from(d.T, (t, i) => `${d.xs[d.x[i]!]}:${d.Ts[t]}`);
    const first = [...new Set(keys)];
    expect(pairs.x.length).toBe(first.length);
    expect(Array.from(pairs.index, (k) => first[k])).toEqual(keys);
  });
});

describe("keptTerms: a function's values kept by (x, t) for P(alive) over a base's customers", () => {
  it("works each distinct (x, t) out once, gives back the function's own values through the table's growths", () => {
    const calls = new Map<string, number>();
    const f = (x: number, t: number) => {
      calls.set(`${x}:${t}`, (calls.get(`${x}:${t}`) ?? 0) + 1);
      return Math.sin(x * 1.7 + t) * 1e3 + x / (t + 1);
    };
    const kept = keptTerms(f);
    // 5,000 distinct pairs (past 1,024 slots: grown three times), asked for twice each, in two orders.
    const pairs: [number, number][] = [];
    for (let x = 0; x < 50; x++) for (let day = 0; day < 100; day++) pairs.push([x, day / 7]);
    for (const [x, t] of pairs) expect(kept(x, t)).toBe(f(x, t));
    for (const [x, t] of [...pairs].reverse()) expect(kept(x, t)).toBe(f(x, t));
    // Each pair: once by kept() the first time, and twice by the expectations' own calls.
    expect([...calls.values()].every((n) => n === 3)).toBe(true);
    expect(calls.size).toBe(5000);
  });

  it("P(alive) of paretoModel (kept terms) is paretoPAlive's to the bit", () => {
    const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const model = paretoModel(p, 0);
    for (const [x, tx, T] of [[0, 0, 30], [2, 5, 30], [2, 5, 12], [1, 29, 30], [6, 12, 12], [2, 5, 30]] as const) {
      expect(model.pAlive(x, tx, T)).toBe(paretoPAlive(p, x, tx, T));
      expect(model.expected(39, x, tx, T)).toBe(paretoExpected(p, 39, x, tx, T));
    }
  });
});
