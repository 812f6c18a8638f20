/**
 * BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2). While alive, a customer buys at rate
 * λ ~ Gamma(r, α); after each purchase they leave with probability p ~ Beta(a, b).
 * Equation numbers below are the paper's.
 */
import { lnBeta, lnGamma } from "../numeric.js";
import { simplexStart, newtonMaximize, sampleMaximum, type Smooth } from "./fit.js";
import type { PurchaseModel } from "./purchases.js";
import { hyp2f1Tail, lnHyp2f1, logAddExp, SeriesError } from "./special.js";
import { indexTriples, thinTriples, tripleColumns, type IndexedTriples, type Triple, type TripleColumns } from "./summary.js";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** ln L of one customer (eq. 6, in logs as in section 5 of the paper's Excel note). */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** P(alive | x, t_x, T) (Fader, Hardie & Lee's note "Computing P(alive) using the BG/NBD model", 2008): 1 for x = 0. */
export function bgnbdPAlive({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))));
}

/**
 * E[Y(t) | alive at T, x, T]: expected purchases in (T, T + t] of a customer still alive at T,
 * eq. 10's numerator, (a+b+x−1)/(a−1) × [1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].
 * t_x does not enter: it only tells whether the customer is alive (eq. 10's denominator is 1/P(alive)).
 */
export function bgnbdExpectedIfAlive({ r, alpha, a, b }: BgNbdParams, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  const z = t / (alpha + T + t);
  const prefactor = (a + b + x - 1) / (a - 1);
  // Euler's transformation, ₂F₁(A, B; C; z) = (1 − z)^{C−A−B} ₂F₁(C − A, C − B; C; z), makes the
  // bracket 1 − (1 − z)^{a−1} ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z) (α + T over α + T + t is
  // 1 − z): whose terms fall from the first for a frequent buyer (C grows with x, the upper
  // parameters do not), where the direct series' rise to a peak near xz/(1 − z) first. For a ≤ r + x + 1
  // (every fit seen: a is below 1 on CDNOW); above it, the direct series is the shorter.
  // With a and b in the thousands and x near a or above, Euler's terms overflow before they fall
  // (a + b − 1 − r and a − 1 both large): the direct series below then gives the value.
  if (a - 1 <= r + x) {
    const tail = eulerTail(a + b - 1 - r, a - 1, a + b + x - 1, z);
    if (tail !== undefined && tail > -1) return prefactor * -Math.expm1((a - 1) * Math.log1p(-z) + Math.log1p(tail));
  }
  const lnF = lnHyp2f1(r + x, b + x, a + b + x - 1, z);
  // 1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(…): via expm1 so that a short t keeps its digits.
  const bracket = -Math.expm1((r + x) * Math.log((alpha + T) / (alpha + T + t)) + lnF);
  return prefactor * bracket;
}

/** hyp2f1Tail, or undefined where its series does not converge in doubles. */
function eulerTail(a: number, b: number, c: number, z: number): number | undefined {
  try {
    return hyp2f1Tail(a, b, c, z);
  } catch (error) {
    if (error instanceof SeriesError) return undefined;
    throw error;
  }
}

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] (eq. 10). With x = t_x = T = 0, E[X(t)] (eq. 9). */
export function bgnbdExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return bgnbdExpectedIfAlive(p, t, x, T) * bgnbdPAlive(p, x, tx, T);
}

/** P(X(t) = x): the probability of x purchases in (0, t] of a customer just acquired (eq. 8). */
export function bgnbdProbability({ r, alpha, a, b }: BgNbdParams, x: number, t: number): number {
  const lnGammaRatio = (j: number) => lnGamma(r + j) - lnGamma(r) - lnGamma(j + 1);
  const first = Math.exp(lnBeta(a, b + x) - lnBeta(a, b) + lnGammaRatio(x) + r * Math.log(alpha / (alpha + t)) + x * Math.log(t / (alpha + t)));
  if (x === 0) return first;
  let partial = 0;
  for (let j = 0; j < x; j++) partial += Math.exp(lnGammaRatio(j) + r * Math.log(alpha / (alpha + t)) + j * Math.log(t / (alpha + t)));
  return first + Math.exp(lnBeta(a + 1, b + x - 1) - lnBeta(a, b)) * (1 - partial);
}

/** The model with its parameters: predictions for any customer. */
export function bgnbdModel(p: BgNbdParams, logLikelihood: number): PurchaseModel {
  return {
    name: "bgnbd",
    params: { r: p.r, alpha: p.alpha, a: p.a, b: p.b },
    logLikelihood,
    pAlive: (x, tx, T) => bgnbdPAlive(p, x, tx, T),
    expected: (t, x, tx, T) => bgnbdExpected(p, t, x, tx, T),
    expectedIfAlive: (t, x, T) => bgnbdExpectedIfAlive(p, t, x, T),
    unconditional: (t) => bgnbdExpected(p, t, 0, 0, 0),
  };
}

/** The fit's coordinates: ln r, ln α, logit μ, ln κ, with μ = a/(a + b) and κ = 1/(a + b). */
export function bgnbdFromCoordinates([lr, la, lm, lk]: readonly number[]): BgNbdParams {
  const mu = 1 / (1 + Math.exp(-lm!));
  const kappa = Math.exp(lk!);
  return { r: Math.exp(lr!), alpha: Math.exp(la!), a: mu / kappa, b: (1 - mu) / kappa };
}

const toCoordinates = ({ r, alpha, a, b }: BgNbdParams): number[] => [Math.log(r), Math.log(alpha), Math.log(a / b), -Math.log(a + b)];

/**
 * What a likelihood term needs of x alone, per distinct x (ascending): ln Π_{j<x} (r + j)(b + j)/(a + b + j)
 * and its derivatives in r, a, b (dR, dA, dB, and the second ones hR, hA, hB: −Σ 1/(r+j)²,
 * Σ 1/(a+b+j)² for ∂a² and ∂a∂b, −Σ 1/(b+j)² + Σ 1/(a+b+j)² for ∂b²), ln a/(b + x − 1) (drop) and
 * its derivative in b.
 */
function perDistinctX(xs: Float64Array, { r, a, b }: BgNbdParams) {
  const nx = xs.length;
  const [perX, dR, dA, dB, drop, dropB, hR, hA, hB] = Array.from({ length: 9 }, () => new Float64Array(nx)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  let j = 0;
  let [s, sr, sa, sb, srr, saa, sbb] = [0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < nx; k++) {
    const x = xs[k]!;
    for (; j < x; j++) {
      s += Math.log(r + j) + Math.log((b + j) / (a + b + j));
      sr += 1 / (r + j);
      sa -= 1 / (a + b + j);
      sb += 1 / (b + j) - 1 / (a + b + j);
      srr -= 1 / ((r + j) * (r + j));
      saa += 1 / ((a + b + j) * (a + b + j));
      sbb -= 1 / ((b + j) * (b + j));
    }
    [perX[k], dR[k], dA[k], dB[k], hR[k], hA[k], hB[k]] = [s, sr, sa, sb, srr, saa, sbb + saa];
    drop[k] = x > 0 ? Math.log(a / (b + x - 1)) : -Infinity;
    dropB[k] = x > 0 ? -1 / (b + x - 1) : 0;
  }
  return { perX, dR, dA, dB, drop, dropB, hR, hA, hB };
}

/** ln(α + t) of each distinct time. */
function lnOf(times: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(times.length);
  for (let k = 0; k < out.length; k++) out[k] = Math.log(alpha + times[k]!);
  return out;
}

/** 1/(α + t) of each distinct time. */
function inverseOf(times: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(times.length);
  for (let k = 0; k < out.length; k++) out[k] = 1 / (alpha + times[k]!);
  return out;
}

/**
 * Σ count · ln L alone, the same number to the bit as bgnbdSmooth()'s value, summed in the same
 * order: the simplex's, about a thousand calls a fit, a quarter cheaper without the gradient.
 */
export function bgnbdValue(d: IndexedTriples, u: readonly number[]): number {
  const { r, alpha, a, b } = bgnbdFromCoordinates(u);
  const { perX, drop } = perDistinctX(d.xs, { r, alpha, a, b });
  const [lnT, lnTx] = [lnOf(d.Ts, alpha), lnOf(d.txs, alpha)];
  const cx = new Float64Array(d.xs.length);
  let v = 0;
  for (let i = 0; i < d.count.length; i++) {
    const xi = d.x[i]!;
    const c = d.count[i]!;
    const n = r + d.xs[xi]!;
    const a3 = -n * lnT[d.T[i]!]!;
    const a4 = drop[xi]! - n * lnTx[d.tx[i]!]!;
    const diff = a4 - a3;
    cx[xi] = cx[xi]! + c;
    v += c * ((diff > 0 ? a4 : a3) + Math.log1p(Math.exp(-Math.abs(diff))));
  }
  let [customers, value] = [0, v];
  for (let k = 0; k < cx.length; k++) {
    customers += cx[k]!;
    value += cx[k]! * perX[k]!;
  }
  value += customers * r * Math.log(alpha);
  return value;
}

/**
 * Σ count · ln L (eq. 6) over the distinct (x, t_x, T), and its gradient in the fit's coordinates.
 * Γ(r + x)/Γ(r) and B(a, b + x)/B(a, b) are the products Π_{j<x} (r + j) and Π_{j<x} (b + j)/(a + b + j)
 * (x is a whole number): ln Γ's differences would lose digits when a and b are large, as many as
 * ln Γ(a + b) has, times the number of customers. Their derivatives are the sums of 1/(r + j), etc.
 * The Hessian is analytic too (one pass, where central differences of the gradient took eight):
 * with w the share of A4 in e^{A3} + e^{A4}, ∇² ln(e^{A3} + e^{A4}) = (1−w)∇²A3 + w∇²A4 + w(1−w)ddᵀ,
 * d = ∇A4 − ∇A3, in (r, α, a, b), then carried to the fit's coordinates by the chain rule.
 * Without `second`, no Hessian (the value alone: bgnbdValue()).
 */
export function bgnbdSmooth(d: IndexedTriples, u: readonly number[], second = true): Smooth {
  const { r, alpha, a, b } = bgnbdFromCoordinates(u);
  const nx = d.xs.length;
  const { perX, dR, dA, dB, drop, dropB, hR, hA, hB } = perDistinctX(d.xs, { r, alpha, a, b });
  const [lnT, invT] = [lnOf(d.Ts, alpha), inverseOf(d.Ts, alpha)];
  const [lnTx, invTx] = [lnOf(d.txs, alpha), inverseOf(d.txs, alpha)];
  // What depends on x alone is summed per distinct x and weighed once after the loop: the
  // customers (cx), Σ c·w (wx), and for the Hessian Σ q, Σ q·d₀, Σ q·d₁ with q = c·w(1−w).
  const [cx, wx, qx, q0x, q1x] = [new Float64Array(nx), new Float64Array(nx), new Float64Array(nx), new Float64Array(nx), new Float64Array(nx)];
  // v: Σ c ln(e^{A3} + e^{A4}); g1, g2: Σ c((1−w) ln(α+T) + w ln(α+t_x)), Σ c(r+x)((1−w)/(α+T) + w/(α+t_x));
  // h1, h2: the same without (r+x), and Σ c(r+x)((1−w)/(α+T)² + w/(α+t_x)²); o00, o01, o11: Σ q dᵢdⱼ.
  let [v, g1, g2, h1, h2, o00, o01, o11] = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < d.count.length; i++) {
    const xi = d.x[i]!;
    const ti = d.T[i]!;
    const txi = d.tx[i]!;
    const c = d.count[i]!;
    const n = r + d.xs[xi]!;
    const lt = lnT[ti]!;
    const ltx = lnTx[txi]!;
    const a3 = -n * lt;
    const a4 = drop[xi]! - n * ltx;
    // ln(e^{A3} + e^{A4}) = max + ln(1 + e^{−|A4 − A3|}); w, the share of the likelihood where the
    // customer left at their last purchase, e^{A4}/(e^{A3} + e^{A4}). One exponential.
    const diff = a4 - a3;
    const e = Math.exp(-Math.abs(diff));
    const w = diff > 0 ? 1 / (1 + e) : e / (1 + e);
    const iT = invT[ti]!;
    const dl = lt - ltx;
    const di = iT - invTx[txi]!;
    cx[xi] = cx[xi]! + c;
    wx[xi] = wx[xi]! + c * w;
    v += c * ((diff > 0 ? a4 : a3) + Math.log1p(e));
    g1 += c * (lt - w * dl);
    g2 += c * n * (iT - w * di);
    if (!second) continue;
    h1 += c * (iT - w * di);
    h2 += c * n * (iT * iT - w * di * (iT + invTx[txi]!));
    const q = c * w * (1 - w);
    const d1 = n * di;
    qx[xi] = qx[xi]! + q;
    q0x[xi] = q0x[xi]! + q * dl;
    q1x[xi] = q1x[xi]! + q * d1;
    o00 += q * dl * dl;
    o01 += q * dl * d1;
    o11 += q * d1 * d1;
  }
  const lnAlpha = Math.log(alpha);
  let [customers, value, gr, ga, gb, weighed] = [0, v, -g1, 0, 0, 0];
  for (let k = 0; k < nx; k++) {
    customers += cx[k]!;
    value += cx[k]! * perX[k]!;
    gr += cx[k]! * dR[k]!;
    ga += cx[k]! * dA[k]!;
    gb += cx[k]! * dB[k]! + wx[k]! * dropB[k]!;
    weighed += wx[k]!;
  }
  value += customers * r * lnAlpha;
  gr += customers * lnAlpha;
  const gAlpha = (customers * r) / alpha - g2;
  ga += weighed / a;
  const mu = a / (a + b);
  const kappa = 1 / (a + b);
  const sk = (mu * (1 - mu)) / kappa;
  const gradient = [r * gr, alpha * gAlpha, sk * (ga - gb), -(a * ga + b * gb)];
  if (!second) return { value, gradient };
  // The Hessian in (r, α, a, b): the terms that are not w(1−w)ddᵀ's, d = (ln(α+T) − ln(α+t_x),
  // (r+x)(1/(α+T) − 1/(α+t_x)), 1/a, ∂ drop/∂b), and Σ q dᵢdⱼ over the ten pairs.
  let [hrr, hab, hbb, q2, q02, q12, q03, q13, q23, q33] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < nx; k++) {
    const db = dropB[k]!;
    hrr += cx[k]! * hR[k]!;
    hab += cx[k]! * hA[k]!;
    hbb += cx[k]! * hB[k]! + wx[k]! * db * db;
    q2 += qx[k]!;
    q02 += q0x[k]!;
    q12 += q1x[k]!;
    q03 += q0x[k]! * db;
    q13 += q1x[k]! * db;
    q23 += qx[k]! * db;
    q33 += qx[k]! * db * db;
  }
  // r ln α's share: ∂r∂α = 1/α, ∂α² = −r/α² a customer.
  const hp = [
    [hrr + o00, -h1 + customers / alpha + o01, q02 / a, q03],
    [0, h2 - (customers * r) / (alpha * alpha) + o11, q12 / a, q13],
    [0, 0, hab - weighed / (a * a) + q2 / (a * a), hab + q23 / a],
    [0, 0, 0, hbb + q33],
  ];
  for (let i = 1; i < 4; i++) for (let k = 0; k < i; k++) hp[i]![k] = hp[k]![i]!;
  return { value, gradient, hessian: toCoordinateHessian(hp, [gr, gAlpha, ga, gb], { r, alpha, a, b }) };
}

/**
 * The Hessian in the fit's coordinates u = (ln r, ln α, logit μ, ln κ) from the one in (r, α, a, b)
 * and the gradient there: Σ_km ∂p_k/∂u_i ∂p_m/∂u_j H_km + Σ_k g_k ∂²p_k/∂u_i∂u_j. With s = μ(1−μ)/κ:
 * ∂a/∂u = (0, 0, s, −a), ∂b/∂u = (0, 0, −s, −b); ∂²a = s(1−2μ), −s, a and ∂²b = −s(1−2μ), s, b at
 * (u₂u₂, u₂u₃, u₃u₃); ∂²r/∂u₀² = r, ∂²α/∂u₁² = α.
 */
function toCoordinateHessian(hp: number[][], gp: readonly number[], { r, alpha, a, b }: BgNbdParams): number[][] {
  const mu = a / (a + b);
  const sk = mu * (1 - mu) * (a + b);
  const jac = [
    [r, 0, 0, 0],
    [0, alpha, 0, 0],
    [0, 0, sk, -a],
    [0, 0, -sk, -b],
  ];
  const curve = (1 - 2 * mu) * sk;
  const second = (k: number, i: number, l: number): number => {
    if (k < 2) return i === k && l === k ? jac[k]![k]! : 0;
    const sign = k === 2 ? 1 : -1;
    if (i === 2 && l === 2) return sign * curve;
    if (i === 3 && l === 3) return k === 2 ? a : b;
    if (i + l === 5 && i >= 2 && l >= 2) return -sign * sk;
    return 0;
  };
  return [0, 1, 2, 3].map((i) =>
    [0, 1, 2, 3].map((l) => {
      let h = 0;
      for (let k = 0; k < 4; k++) {
        h += gp[k]! * second(k, i, l);
        for (let m = 0; m < 4; m++) h += jac[k]![i]! * jac[m]![l]! * hp[k]![m]!;
      }
      return h;
    }),
  );
}

/**
 * Why the BG/NBD fit at u = (ln r, ln α, logit a/(a+b), ln 1/(a+b)) has left the data's reach, or
 * null: a + b above e^18 (e^8 once Newton has stalled: the customers' dropout probabilities then
 * vary by under 2% of their mean's) is a and b "running off together"; otherwise r or α beyond
 * e^±20 runs off alone.
 */
export function bgnbdEdge(u: readonly number[], stalled = false): string | null {
  const p = bgnbdFromCoordinates(u);
  if (u[3]! < (stalled ? -8 : -18)) return `a and b run off to infinity together, with a/(a+b) = ${(p.a / (p.a + p.b)).toPrecision(4)}: the likelihood is highest where every customer has the same dropout probability, which BG/NBD's Beta mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;
  const runaway = ["r", "α"].find((_, k) => Math.abs(u[k]!) > 20);
  return runaway ? `${runaway} runs off to ${u[runaway === "r" ? 0 : 1]! > 0 ? "infinity" : "0"} (the data have no maximum of the likelihood: too few repeat purchases)` : null;
}

/**
 * r, α, a, b by maximum likelihood over the distinct (x, t_x, T), each weighted by its customers:
 * Nelder–Mead on at most 5,000 of the triples for a start, then Newton on all of them
 * (newtonMaximize), in ln r, ln α, logit a/(a+b), ln 1/(a+b). When the likelihood rises without
 * end as a and b grow together, every customer seems to have the same dropout probability
 * a/(a+b): the Beta mixing has no maximum, and the fit is refused as not converging.
 */
export function fitBgNbd(data: readonly Triple[] | TripleColumns): PurchaseModel {
  const columns = tripleColumns(data);
  const all = indexTriples(columns);
  const sample = thinTriples(columns, 5_000);
  const sampled = indexTriples(sample.triples);
  const { params } = simplexStart("BG/NBD", (p) => -bgnbdValue(sampled, toCoordinates({ r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]! })), [1, 1, 1, 1]);
  const start = toCoordinates({ r: params[0]!, alpha: params[1]!, a: params[2]!, b: params[3]! });
  // Newton on the sample first, whose maximum is a few standard errors from the whole's: the
  // whole then takes two or three steps. Where the sample has none, from the simplex's point.
  const near = sample.every === 1 ? start : sampleMaximum("BG/NBD", (u) => bgnbdSmooth(sampled, u), start, bgnbdEdge);
  const fit = newtonMaximize("BG/NBD", (u) => bgnbdSmooth(all, u), near, bgnbdEdge);
  return bgnbdModel(bgnbdFromCoordinates(fit.u), fit.logLikelihood);
}
