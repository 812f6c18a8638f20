/**
 * Pareto/NBD's ln L over the distinct (x, t_x, T) with its exact gradient and Hessian, in one pass
 * (issue 32): Newton's steps on a 10M-row log's 1.3 million triples took 33 values of the sum each
 * by central differences (fit.ts numericalSmooth), 23 s of a 31 s run.
 *
 * The parameters sit inside ₂F₁(n, b; n + 1; z) (A₀, Fader & Hardie 2005, "A note on deriving the
 * Pareto/NBD model and related expressions", eq. 19-20), which has no closed-form derivatives in n
 * and b; its series does, term by term. Each term's logarithm is a sum of simple pieces (with c = n
 * + 1, (n)_k/(n+1)_k = n/(n+k)), so one pass over the series sums the terms, their first
 * derivatives in (n, b, z) and their second ones (lnA0Series). Each distinct (x, t) then gives A₀'s
 * term and its derivatives in (r, α, s, β) by the chain rule, once per Newton step (pairTerms), and
 * each triple combines its two terms with e^{alive} as ln(e^P + e^Q) does: with w the share of
 * e^Q, ∇ = (1 − w)∇P + w∇Q and ∇² = (1 − w)∇²P + w∇²Q + w(1 − w)ddᵀ, d = ∇Q − ∇P; and ln A₀ =
 * ln(e^{at} − e^{end}) gives ∇ = (1 + ω)∇at − ω∇end, ∇² = (1 + ω)∇²at − ω∇²end − ω(1 + ω)δδᵀ, ω =
 * e^{end}/(e^{at} − e^{end}), δ = ∇end − ∇at. The pairs' Hessians enter linearly: each pair's
 * weight is summed over its triples and the pair's Hessian added once.
 *
 * A call's two passes, the pairs' terms and the triples, are cut into items (chunks of pairs; parts
 * of the triples, cut where x changes, each with its own sums) that either thread of a team can
 * work out (team.ts): the parts' sums are added in their order, so the numbers are the same bits
 * whoever works out an item, on one thread or two. Below PARTS_FROM triples there is one part and
 * the value is paretoSum's to the bit (the same operations in the same order); past it, the parts'
 * sums differ from paretoSum's running sum in the last bits. The derivatives are checked against
 * central differences (test/unit/model/pareto-smooth.test.ts).
 */
import { digamma, lnGamma, trigamma } from "../numeric.js";
import { lnA0Series, SERIES_OUT } from "./a0-series.js";
import type { Smooth } from "./fit.js";
import type { TeamLead } from "./team.js";
import type { Pairs } from "./pareto-pairs.js";
import { PAIR_CHUNK, PAIR_OUT, pairChunks, PAIRS_KIND, PARTIAL, paretoState, TRIPLES_KIND, type PairTerms, type ParetoState } from "./pareto-state.js";
import type { Triple, TripleColumns } from "./summary.js";

/** Where (i, j) of a symmetric 4 × 4 matrix sits among its upper half's ten numbers, row by row. */
const UP = [
  [0, 1, 2, 3],
  [1, 4, 5, 6],
  [2, 5, 7, 8],
  [3, 6, 8, 9],
] as const;

/**
 * A₀'s term ln ₂F₁(n, b; n + 1; z) − n ln(big + t) of each pair (paretoSum's `term`, the same
 * bits), with its gradient and Hessian in (r, α, s, β): n = r + s + x, and for α ≥ β b = s + 1, z =
 * (α − β)/(α + t), big = α; for α < β b = r + x, z = (β − α)/(β + t), big = β (eq. 19 and 20).
 * ∂z/∂big = (small + t)/D², ∂z/∂small = −1/D, ∂²z/∂big² = −2(small + t)/D³, ∂²z/∂big∂small = 1/D²,
 * D = big + t; n and b are linear in the parameters.
 */
function pairTerms(xs: Float64Array, times: Float64Array, pairs: Pairs, R: number, A: number, S: number, B: number, { terms: out, hessians: hess }: PairTerms, from: number, to: number): void {
  const f = new Float64Array(SERIES_OUT);
  const alphaBig = A >= B;
  const [big, small, bigAt, smallAt] = alphaBig ? ([A, B, 1, 3] as const) : ([B, A, 3, 1] as const);
  const gap = big - small;
  const dn = [1, 0, 1, 0];
  const db = alphaBig ? [0, 0, 1, 0] : [1, 0, 0, 0];
  const dz = [0, 0, 0, 0];
  const [rBig, sBig, bigBig] = [UP[0][bigAt], UP[2][bigAt], UP[bigAt][bigAt]];
  for (let k = from; k < to; k++) {
    const x = xs[pairs.x[k]!]!;
    const t = times[pairs.t[k]!]!;
    const n = R + S + x;
    const D = big + t;
    lnA0Series(n, alphaBig ? S + 1 : R + x, gap / D, f, 0);
    const fn = f[1]!;
    const fb = f[2]!;
    const fz = f[3]!;
    const fnn = f[4]!;
    const fnb = f[5]!;
    const fnz = f[6]!;
    const fbb = f[7]!;
    const fbz = f[8]!;
    const fzz = f[9]!;
    const lnD = Math.log(D);
    const iD = 1 / D;
    dz[bigAt] = (small + t) * iD * iD;
    dz[smallAt] = -iD;
    const o = PAIR_OUT * k;
    const oh = 10 * k;
    out[o] = f[0]! - n * lnD;
    for (let i = 0; i < 4; i++) {
      const ni = dn[i]!;
      const bi = db[i]!;
      const zi = dz[i]!;
      out[o + 1 + i] = fn * ni + fb * bi + fz * zi;
      for (let j = i; j < 4; j++) {
        const nj = dn[j]!;
        const bj = db[j]!;
        const zj = dz[j]!;
        hess[oh + UP[i]![j]!] = fnn * ni * nj + fbb * bi * bj + fzz * zi * zj + fnb * (ni * bj + bi * nj) + fnz * (ni * zj + zi * nj) + fbz * (bi * zj + zi * bj);
      }
    }
    // −n ln D: ∂r = ∂s = −ln D, ∂big = −n/D; ∂r∂big = ∂s∂big = −1/D, ∂big² = n/D². Then F_z ∂²z.
    out[o + 1] = out[o + 1]! - lnD;
    out[o + 3] = out[o + 3]! - lnD;
    out[o + 1 + bigAt] = out[o + 1 + bigAt]! - n * iD;
    hess[oh + rBig] = hess[oh + rBig]! - iD;
    hess[oh + sBig] = hess[oh + sBig]! - iD;
    hess[oh + bigBig] = hess[oh + bigBig]! + n * iD * iD - 2 * fz * (small + t) * iD * iD * iD;
    hess[oh + UP[1][3]] = hess[oh + UP[1][3]]! + fz * iD * iD;
  }
}

/**
 * ψ(r + x) − ψ(r) and ψ'(r + x) − ψ'(r) for each distinct x (ascending): Σ_{j<x} 1/(r + j) and
 * −Σ_{j<x} 1/(r + j)² for whole x (a count of purchases), digamma's and trigamma's difference else.
 */
function gammaRatioDerivatives(r: number, xs: Float64Array): [Float64Array, Float64Array] {
  const [d1, d2] = [new Float64Array(xs.length), new Float64Array(xs.length)];
  let [j, s1, s2] = [0, 0, 0];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (!Number.isInteger(x) || x < j) {
      [d1[k], d2[k]] = [digamma(r + x) - digamma(r), trigamma(r + x) - trigamma(r)];
      continue;
    }
    for (; j < x; j++) {
      s1 += 1 / (r + j);
      s2 -= 1 / ((r + j) * (r + j));
    }
    [d1[k], d2[k]] = [s1, s2];
  }
  return [d1, d2];
}

/** Chunk `item` of the pairs' pass at the call's parameters. */
function pairChunk(s: ParetoState, item: number): void {
  const [R, A, S, B] = s.params as unknown as [number, number, number, number];
  const [ofTx] = pairChunks(s);
  const [pairs, times, terms, k] = item < ofTx ? [s.atTx, s.d.txs, s.termsTx, item] : [s.atT, s.d.Ts, s.termsT, item - ofTx];
  pairTerms(s.d.xs, times, pairs, R, A, S, B, terms, k * PAIR_CHUNK, Math.min(pairs.x.length, (k + 1) * PAIR_CHUNK));
}

/** The work of a call's passes, by kind and item, as team.ts gives it to either thread. */
export const paretoWork = (s: ParetoState) => (kind: number, item: number): void => (kind === PAIRS_KIND ? pairChunk(s, item) : triplesPart(s, item));

/**
 * Part `part` of the pass over the triples: its sums to s.partials, each of its triples' weight
 * to its pairs and x (no other part has them).
 */
function triplesPart(s: ParetoState, part: number): void {
  const { d, atTx, atT, weightTx, weightT, parts } = s;
  const [R, A, S, B] = s.params as unknown as [number, number, number, number];
  const [cx, wx, perX, lnShare, invN] = s.perX as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [lnAT, lnBT, iAT, iBT] = s.perT as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [tx, tT] = [s.termsTx.terms, s.termsT.terms];
  const base = -lnGamma(R) + R * Math.log(A) + S * Math.log(B);
  let [sum, g0, g1, g2, g3] = [0, 0, 0, 0, 0];
  let [h0, h1, h2, h3, h4, h5, h6, h7, h8, h9] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const invS = 1 / S;
  // cx[x] and wx[x] summed here while x stays the same, and written when it changes: the parts'
  // x are each their own, but neighbours in memory (the same cache line, written by both threads).
  let [runX, runC, runW] = [-1, 0, 0];
  for (let i = parts[part]!; i < parts[part + 1]!; i++) {
    const xi = d.x[i]!;
    if (xi !== runX) {
      if (runX >= 0) [cx[runX], wx[runX]] = [runC, runW];
      [runX, runC, runW] = [xi, cx[xi]!, wx[xi]!];
    }
    const ti = d.T[i]!;
    const c = d.count[i]!;
    const x = d.xs[xi]!;
    const pt = atTx.index[i]!;
    const pe = atT.index[i]!;
    const kt = PAIR_OUT * pt;
    const ke = PAIR_OUT * pe;
    const at = tx[kt]!;
    const end = tT[ke]!;
    const rest = end < at ? -Math.expm1(end - at) : 0;
    const lnA0 = end < at ? at + Math.log(rest) : -Infinity;
    const lat = lnAT[ti]!;
    const lbt = lnBT[ti]!;
    const alive = -(R + x) * lat - S * lbt;
    const q = lnShare[xi]! + lnA0;
    let l = alive;
    let w = 0;
    if (q !== -Infinity) {
      // logAddExp(alive, q) as special.ts computes it, with w = e^q/(e^alive + e^q) beside.
      const m = Math.max(alive, q);
      const ep = Math.exp(alive - m);
      const eq = Math.exp(q - m);
      l = m + Math.log(ep + eq);
      w = eq / (ep + eq);
    }
    sum += c * (base + perX[xi]! + l);
    runC += c;
    const ia = iAT[ti]!;
    const ib = iBT[ti]!;
    const p0 = -lat;
    const p1 = -(R + x) * ia;
    const p2 = -lbt;
    const p3 = -S * ib;
    // (1 − w)∇²P: ∂r∂α = −1/(α+T), ∂α² = (r+x)/(α+T)², ∂s∂β = −1/(β+T), ∂β² = s/(β+T)².
    const cp = c * (1 - w);
    h1 -= cp * ia;
    h4 += cp * (R + x) * ia * ia;
    h8 -= cp * ib;
    h9 += cp * S * ib * ib;
    if (w === 0) {
      g0 += c * p0;
      g1 += c * p1;
      g2 += c * p2;
      g3 += c * p3;
      continue;
    }
    const omega = (1 - rest) / rest;
    // δ = ∇end − ∇at; ∇ ln A₀ = ∇at − ωδ; d = ∇Q − ∇P, Q = ln s − ln(r + s + x) + ln A₀.
    const a0 = tx[kt + 1]!;
    const a1 = tx[kt + 2]!;
    const a2 = tx[kt + 3]!;
    const a3 = tx[kt + 4]!;
    const e0 = tT[ke + 1]! - a0;
    const e1 = tT[ke + 2]! - a1;
    const e2 = tT[ke + 3]! - a2;
    const e3 = tT[ke + 4]! - a3;
    const n1 = invN[xi]!;
    const d0 = a0 - omega * e0 - n1 - p0;
    const d1 = a1 - omega * e1 - p1;
    const d2 = a2 - omega * e2 + invS - n1 - p2;
    const d3 = a3 - omega * e3 - p3;
    g0 += c * (p0 + w * d0);
    g1 += c * (p1 + w * d1);
    g2 += c * (p2 + w * d2);
    g3 += c * (p3 + w * d3);
    const o = c * w * (1 - w);
    const v = c * w * omega * (1 + omega);
    h0 += o * d0 * d0 - v * e0 * e0;
    h1 += o * d0 * d1 - v * e0 * e1;
    h2 += o * d0 * d2 - v * e0 * e2;
    h3 += o * d0 * d3 - v * e0 * e3;
    h4 += o * d1 * d1 - v * e1 * e1;
    h5 += o * d1 * d2 - v * e1 * e2;
    h6 += o * d1 * d3 - v * e1 * e3;
    h7 += o * d2 * d2 - v * e2 * e2;
    h8 += o * d2 * d3 - v * e2 * e3;
    h9 += o * d3 * d3 - v * e3 * e3;
    weightTx[pt] = weightTx[pt]! + c * w * (1 + omega);
    weightT[pe] = weightT[pe]! - c * w * omega;
    runW += c * w;
  }
  if (runX >= 0) [cx[runX], wx[runX]] = [runC, runW];
  s.partials.set([sum, g0, g1, g2, g3, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9], PARTIAL * part);
}

/** Runs a call's work: on the team's threads, or here alone, item by item in order. */
export type Passes = (kind: number, count: number) => void;

/** A second thread to share the fit's passes with: `join` gives it the state (on shared memory) to follow. */
export interface ParetoTeam {
  lead: TeamLead;
  join(state: ParetoState): void;
}

/** paretoSmooth on `state` (made on shared memory), its passes shared with `team`'s second thread. */
export function teamSmooth(state: ParetoState, team: ParetoTeam): (u: readonly number[]) => Smooth {
  const work = paretoWork(state);
  team.join(state);
  return paretoSmooth(state, (kind, count) => team.lead.run(kind, count, work));
}

/**
 * Σ count · ln L (eq. 18) over the distinct (x, t_x, T), with its exact gradient and Hessian in
 * the fit's coordinates (ln r, ln α, ln s, ln β); paretoSum's value to the bit below PARTS_FROM
 * triples, and past it the sum of the parts' sums, in their order. A call works A₀'s terms out once
 * per pair (by chunks), then goes through the triples once (by parts); `passes` runs each pass's
 * items, here alone by default, or with a second thread (team.ts): the same bits either way.
 */
export function paretoSmooth(data: readonly Triple[] | TripleColumns | ParetoState, passes?: Passes): (u: readonly number[]) => Smooth {
  const s = "atTx" in data ? data : paretoState(data);
  const work = paretoWork(s);
  const run = passes ?? ((kind: number, count: number) => {
    for (let item = 0; item < count; item++) work(kind, item);
  });
  const { d } = s;
  const [nx, nT] = [d.xs.length, d.Ts.length];
  const [cx, wx, perX, lnShare, invN] = s.perX as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [lnAT, lnBT, iAT, iBT] = s.perT as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [ofTx, ofT] = pairChunks(s);
  return (u) => {
    const [R, A, S, B] = u.map(Math.exp) as [number, number, number, number];
    s.params.set([R, A, S, B]);
    run(PAIRS_KIND, ofTx + ofT);
    for (let k = 0; k < nx; k++) {
      const x = d.xs[k]!;
      perX[k] = lnGamma(R + x);
      lnShare[k] = Math.log(S / (R + S + x));
      invN[k] = 1 / (R + S + x);
    }
    for (let k = 0; k < nT; k++) {
      const T = d.Ts[k]!;
      [lnAT[k], lnBT[k], iAT[k], iBT[k]] = [Math.log(A + T), Math.log(B + T), 1 / (A + T), 1 / (B + T)];
    }
    cx.fill(0);
    wx.fill(0);
    s.weightTx.fill(0);
    s.weightT.fill(0);
    run(TRIPLES_KIND, s.parts.length - 1);
    // The parts' sums, in their order.
    let [sum, g0, g1, g2, g3] = [0, 0, 0, 0, 0];
    const h = new Float64Array(10);
    for (let o = 0; o < s.partials.length; o += PARTIAL) {
      sum += s.partials[o]!;
      g0 += s.partials[o + 1]!;
      g1 += s.partials[o + 2]!;
      g2 += s.partials[o + 3]!;
      g3 += s.partials[o + 4]!;
      for (let m = 0; m < 10; m++) h[m] = h[m]! + s.partials[o + 5 + m]!;
    }
    const value = Number.isFinite(sum) ? sum : -Infinity;
    // ln Γ(r + x) − ln Γ(r) + r ln α + s ln β, and ln s − ln(r + s + x)'s Hessian weighed by w.
    const [d1, d2] = gammaRatioDerivatives(R, d.xs);
    let customers = 0;
    for (let k = 0; k < nx; k++) {
      customers += cx[k]!;
      g0 += cx[k]! * d1[k]!;
      const in2 = invN[k]! * invN[k]!;
      h[0] = h[0]! + cx[k]! * d2[k]! + wx[k]! * in2;
      h[2] = h[2]! + wx[k]! * in2;
      h[7] = h[7]! + wx[k]! * (in2 - 1 / (S * S));
    }
    g0 += customers * Math.log(A);
    g1 += (customers * R) / A;
    g2 += customers * Math.log(B);
    g3 += (customers * S) / B;
    h[1] = h[1]! + customers / A;
    h[4] = h[4]! - (customers * R) / (A * A);
    h[8] = h[8]! + customers / B;
    h[9] = h[9]! - (customers * S) / (B * B);
    for (const [{ hessians }, weights] of [[s.termsTx, s.weightTx], [s.termsT, s.weightT]] as const) {
      for (let k = 0; k < weights.length; k++) {
        const weight = weights[k]!;
        if (weight !== 0) for (let m = 0; m < 10; m++) h[m] = h[m]! + weight * hessians[10 * k + m]!;
      }
    }
    // To the coordinates u = ln p: ∂u = p ∂p, ∂u_i∂u_j = p_i p_j ∂p_i∂p_j + δ_ij p_i ∂p_i.
    const p = [R, A, S, B];
    const gp = [g0, g1, g2, g3];
    const gradient = p.map((v, i) => v * gp[i]!);
    const hessian = p.map((vi, i) => p.map((vj, j) => vi * vj * h[UP[i]![j]!]! + (i === j ? gradient[i]! : 0)));
    return { value, gradient, hessian };
  };
}
