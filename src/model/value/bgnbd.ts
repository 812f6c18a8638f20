/**
 * BG/NBD: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative to
 * the Pareto/NBD model", Marketing Science 24(2). While alive, a customer buys at rate
 * λ ~ Gamma(r, α); after each purchase they leave with probability p ~ Beta(a, b).
 * Equation numbers below are the paper's.
 */
import { lnBeta, lnGamma } from "../numeric.js";
import { maximize } from "./fit.js";
import type { PurchaseModel } from "./purchases.js";
import { lnHyp2f1, logAddExp } from "./special.js";
import { indexTriples, type Triple } from "./summary.js";

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

/** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] (eq. 10). With x = t_x = T = 0, E[X(t)] (eq. 9). */
export function bgnbdExpected({ r, alpha, a, b }: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const z = t / (alpha + T + t);
  const lnF = lnHyp2f1(r + x, b + x, a + b + x - 1, z);
  // 1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(…): via expm1 so that a short t keeps its digits.
  const bracket = -Math.expm1((r + x) * Math.log((alpha + T) / (alpha + T + t)) + lnF);
  const front = (a + b + x - 1) / (a - 1);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 0);
  return (front * bracket) / denominator;
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
    unconditional: (t) => bgnbdExpected(p, t, 0, 0, 0),
  };
}

/**
 * r, α, a, b by maximum likelihood over the distinct (x, t_x, T), each weighted by its customers:
 * eq. 6 summed with its ln Γ terms computed once per distinct x and its logarithms once per
 * distinct t_x and T (the same sum as bgnbdLogLikelihood's, in far fewer operations).
 */
export function fitBgNbd(data: readonly Triple[]): PurchaseModel {
  const d = indexTriples(data);
  const perX = new Float64Array(d.xs.length);
  const dropX = new Float64Array(d.xs.length);
  const lnT = new Float64Array(d.Ts.length);
  const lnTx = new Float64Array(d.txs.length);
  const negLL = ([r, alpha, a, b]: number[]) => {
    const [R, A, Ah, B] = [r!, alpha!, a!, b!];
    const base = -lnGamma(R) + R * Math.log(A) + lnGamma(Ah + B) - lnGamma(B);
    for (let k = 0; k < d.xs.length; k++) {
      const x = d.xs[k]!;
      perX[k] = lnGamma(R + x) + lnGamma(B + x) - lnGamma(Ah + B + x);
      dropX[k] = x > 0 ? Math.log(Ah) - Math.log(B + x - 1) : -Infinity;
    }
    for (let k = 0; k < d.Ts.length; k++) lnT[k] = Math.log(A + d.Ts[k]!);
    for (let k = 0; k < d.txs.length; k++) lnTx[k] = Math.log(A + d.txs[k]!);
    let sum = 0;
    for (let i = 0; i < d.count.length; i++) {
      const xi = d.x[i]!;
      const n = R + d.xs[xi]!;
      const a3 = -n * lnT[d.T[i]!]!;
      const a4 = dropX[xi]! - n * lnTx[d.tx[i]!]!;
      const m = a3 > a4 ? a3 : a4;
      sum += d.count[i]! * (base + perX[xi]! + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m)));
    }
    return -sum;
  };
  const { params, logLikelihood } = maximize("BG/NBD", negLL, [1, 1, 1, 1]);
  const [r, alpha, a, b] = params as [number, number, number, number];
  return bgnbdModel({ r, alpha, a, b }, logLikelihood);
}
