/**
 * Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
 * what will they do next?", Management Science 33(1). While alive, a customer buys at rate
 * λ ~ Gamma(r, α); their lifetime is exponential with rate μ ~ Gamma(s, β). The likelihood,
 * P(alive) and the conditional expectation are written as in Fader & Hardie (2005), "A note on
 * deriving the Pareto/NBD model and related expressions" (eq. 18-22), whose A₀ takes one
 * hypergeometric branch for α ≥ β and another for α < β, so that the series' argument is
 * always in [0, 1).
 */
import { lnGamma } from "../numeric.js";
import { maximize } from "./fit.js";
import type { PurchaseModel } from "./purchases.js";
import { lnHyp2f1, logAddExp } from "./special.js";
import type { Triple } from "./summary.js";

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** ln A₀ (Fader & Hardie 2005, eq. 19 and 20): −∞ when t_x = T (A₀ = 0). */
function lnA0({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  const n = r + s + x;
  // α ≥ β: ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)); α < β: ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)).
  const [big, second, gap] = alpha >= beta ? [alpha, s + 1, alpha - beta] : [beta, r + x, beta - alpha];
  const term = (t: number) => lnHyp2f1(n, second, n + 1, gap / (big + t)) - n * Math.log(big + t);
  const at = term(tx);
  const end = term(T);
  if (!(end < at)) return -Infinity;
  return at + Math.log(-Math.expm1(end - at));
}

/** ln L of one customer (eq. 18, in logs). */
export function paretoLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const front = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return front + logAddExp(alive, Math.log(s / (r + s + x)) + lnA0(p, x, tx, T));
}

/** P(alive | x, t_x, T) (eq. 21). */
export function paretoPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const ln = Math.log(s / (r + s + x)) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + lnA0(p, x, tx, T);
  return 1 / (1 + Math.exp(ln));
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)/(α+T) × (β+T)/(s−1) × [1 − ((β+T)/(β+T+t))^{s−1}] × P(alive) (eq. 22):
 * the rate of an alive customer times their expected time alive in the next t. At s = 1 the
 * bracket's limit is (β+T) ln((β+T+t)/(β+T)).
 */
export function paretoExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = p;
  const l = Math.log((beta + T) / (beta + T + t));
  const timeAlive = Math.abs(s - 1) < 1e-12 ? -(beta + T) * l : ((beta + T) / (s - 1)) * -Math.expm1((s - 1) * l);
  return ((r + x) / (alpha + T)) * timeAlive * paretoPAlive(p, x, tx, T);
}

export function paretoModel(p: ParetoNbdParams, logLikelihood: number): PurchaseModel {
  return {
    name: "pareto-nbd",
    params: { r: p.r, alpha: p.alpha, s: p.s, beta: p.beta },
    logLikelihood,
    pAlive: (x, tx, T) => paretoPAlive(p, x, tx, T),
    expected: (t, x, tx, T) => paretoExpected(p, t, x, tx, T),
    unconditional: (t) => paretoExpected(p, t, 0, 0, 0),
  };
}

/** r, α, s, β by maximum likelihood over the distinct (x, t_x, T), each weighted by its customers. */
export function fitParetoNbd(data: readonly Triple[]): PurchaseModel {
  const negLL = ([r, alpha, s, beta]: number[]) => {
    const p = { r: r!, alpha: alpha!, s: s!, beta: beta! };
    let sum = 0;
    for (const d of data) sum += d.count * paretoLogLikelihood(p, d.x, d.tx, d.T);
    return -sum;
  };
  const { params, logLikelihood } = maximize("Pareto/NBD", negLL, [1, 1, 1, 1]);
  const [r, alpha, s, beta] = params as [number, number, number, number];
  return paretoModel({ r, alpha, s, beta }, logLikelihood);
}
