/**
 * BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2). While alive, a customer buys at rate
 * λ ~ Gamma(r, α); after each purchase they leave with probability p ~ Beta(a, b).
 * Equation numbers below are the paper's.
 */
import { lnBeta, lnGamma } from "../numeric.js";
import { simplexStart, newtonMaximize, sampleMaximum, thin, type Smooth } from "./fit.js";
import type { PurchaseModel } from "./purchases.js";
import { lnHyp2f1, logAddExp } from "./special.js";
import { indexTriples, type IndexedTriples, type Triple } from "./summary.js";

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
  const lnF = lnHyp2f1(r + x, b + x, a + b + x - 1, z);
  // 1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(…): via expm1 so that a short t keeps its digits.
  const bracket = -Math.expm1((r + x) * Math.log((alpha + T) / (alpha + T + t)) + lnF);
  return ((a + b + x - 1) / (a - 1)) * bracket;
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
 * Σ count · ln L (eq. 6) over the distinct (x, t_x, T), and its gradient in the fit's coordinates.
 * Γ(r + x)/Γ(r) and B(a, b + x)/B(a, b) are the products Π_{j<x} (r + j) and Π_{j<x} (b + j)/(a + b + j)
 * (x is a whole number): ln Γ's differences would lose digits when a and b are large, as many as
 * ln Γ(a + b) has, times the number of customers. Their derivatives are the sums of 1/(r + j), etc.
 */
export function bgnbdSmooth(d: IndexedTriples, u: readonly number[]): Smooth {
  const { r, alpha, a, b } = bgnbdFromCoordinates(u);
  const nx = d.xs.length;
  const perX = new Float64Array(nx);
  const dR = new Float64Array(nx);
  const dA = new Float64Array(nx);
  const dB = new Float64Array(nx);
  const drop = new Float64Array(nx);
  const dropB = new Float64Array(nx);
  let j = 0;
  let [s, sr, sa, sb] = [0, 0, 0, 0];
  for (let k = 0; k < nx; k++) {
    const x = d.xs[k]!;
    for (; j < x; j++) {
      s += Math.log(r + j) + Math.log((b + j) / (a + b + j));
      sr += 1 / (r + j);
      sa -= 1 / (a + b + j);
      sb += 1 / (b + j) - 1 / (a + b + j);
    }
    [perX[k], dR[k], dA[k], dB[k]] = [s, sr, sa, sb];
    drop[k] = x > 0 ? Math.log(a / (b + x - 1)) : -Infinity;
    dropB[k] = x > 0 ? -1 / (b + x - 1) : 0;
  }
  const lnT = new Float64Array(d.Ts.length);
  const invT = new Float64Array(d.Ts.length);
  for (let k = 0; k < d.Ts.length; k++) [lnT[k], invT[k]] = [Math.log(alpha + d.Ts[k]!), 1 / (alpha + d.Ts[k]!)];
  const lnTx = new Float64Array(d.txs.length);
  const invTx = new Float64Array(d.txs.length);
  for (let k = 0; k < d.txs.length; k++) [lnTx[k], invTx[k]] = [Math.log(alpha + d.txs[k]!), 1 / (alpha + d.txs[k]!)];
  const lnAlpha = Math.log(alpha);
  let [value, gr, gAlpha, ga, gb] = [0, 0, 0, 0, 0];
  for (let i = 0; i < d.count.length; i++) {
    const xi = d.x[i]!;
    const ti = d.T[i]!;
    const txi = d.tx[i]!;
    const c = d.count[i]!;
    const n = r + d.xs[xi]!;
    const a3 = -n * lnT[ti]!;
    const a4 = drop[xi]! - n * lnTx[txi]!;
    const m = a3 > a4 ? a3 : a4;
    const e3 = Math.exp(a3 - m);
    const e4 = Math.exp(a4 - m);
    // w: the share of the likelihood where the customer left at their last purchase.
    const w = e4 / (e3 + e4);
    value += c * (perX[xi]! + r * lnAlpha + m + Math.log(e3 + e4));
    gr += c * (dR[xi]! + lnAlpha - (1 - w) * lnT[ti]! - w * lnTx[txi]!);
    gAlpha += c * (r / alpha - n * ((1 - w) * invT[ti]! + w * invTx[txi]!));
    ga += c * (dA[xi]! + w / a);
    gb += c * (dB[xi]! + w * dropB[xi]!);
  }
  const mu = a / (a + b);
  const kappa = 1 / (a + b);
  return { value, gradient: [r * gr, alpha * gAlpha, ((mu * (1 - mu)) / kappa) * (ga - gb), -(a * ga + b * gb)] };
}

/**
 * r, α, a, b by maximum likelihood over the distinct (x, t_x, T), each weighted by its customers:
 * Nelder–Mead on at most 5,000 of the triples for a start, then Newton on all of them
 * (newtonMaximize), in ln r, ln α, logit a/(a+b), ln 1/(a+b). When the likelihood rises without
 * end as a and b grow together, every customer seems to have the same dropout probability
 * a/(a+b): the Beta mixing has no maximum, and the fit is refused as not converging.
 */
export function fitBgNbd(data: readonly Triple[]): PurchaseModel {
  const all = indexTriples(data);
  const sample = thin(data, 5_000);
  const sampled = indexTriples(sample.items.map((t) => ({ ...t, count: t.count * sample.every })));
  const { params } = simplexStart("BG/NBD", (p) => -bgnbdSmooth(sampled, toCoordinates({ r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]! })).value, [1, 1, 1, 1]);
  // a + b above e^8 (3,000): the customers' dropout probabilities vary by under 2% of their mean's.
  const edge = (u: number[], stalled = false): string | null => {
    const p = bgnbdFromCoordinates(u);
    if (u[3]! < (stalled ? -8 : -18)) return `a and b run off to infinity together, with a/(a+b) = ${(p.a / (p.a + p.b)).toPrecision(4)}: the likelihood is highest where every customer has the same dropout probability, which BG/NBD's Beta mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;
    const runaway = ["r", "α"].find((_, k) => Math.abs(u[k]!) > 20);
    return runaway ? `${runaway} runs off to ${u[runaway === "r" ? 0 : 1]! > 0 ? "infinity" : "0"} (the data have no maximum of the likelihood: too few repeat purchases)` : null;
  };
  const start = toCoordinates({ r: params[0]!, alpha: params[1]!, a: params[2]!, b: params[3]! });
  // Newton on the sample first, whose maximum is a few standard errors from the whole's: the
  // whole then takes two or three steps. Where the sample has none, from the simplex's point.
  const near = sample.every === 1 ? start : sampleMaximum("BG/NBD", (u) => bgnbdSmooth(sampled, u), start, edge);
  const fit = newtonMaximize("BG/NBD", (u) => bgnbdSmooth(all, u), near, edge);
  return bgnbdModel(bgnbdFromCoordinates(fit.u), fit.logLikelihood);
}
