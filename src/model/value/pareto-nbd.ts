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
import { FitError, simplexStart, newtonMaximize, sampleMaximum, type NewtonFit } from "./fit.js";
import { byEuler } from "./a0-series.js";
import { keptTerms, pairsOf, type KnownTerms } from "./pareto-pairs.js";
import { paretoSmooth, teamSmooth, type ParetoTeam } from "./pareto-smooth.js";
import { fittedTerms, paretoState, type ParetoState } from "./pareto-state.js";
import type { PurchaseModel } from "./purchases.js";
import { lnHyp2f1, logAddExp } from "./special.js";
import { indexTriples, thinTriples, tripleColumns, type Triple, type TripleColumns } from "./summary.js";

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * ln ₂F₁(n, b; n + 1; z), A₀'s hypergeometric function. Where the direct series would first rise
 * for over a thousand terms (b·z/(1 − z) above 1,000: s, or r + x, in the thousands with z near 1,
 * as when the fit heads for s and β running off together), Euler's transformation, (1 − z)^(1−b)
 * ₂F₁(1, n + 1 − b; n + 1; z), whose terms fall from the first (A&S 15.3.3). b < n + 1 (b is s + 1
 * or r + x, n = r + s + x).
 */
export function lnA0Hyp2f1(n: number, b: number, z: number): number {
  return byEuler(b, z) ? (1 - b) * Math.log1p(-z) + lnHyp2f1(1, n + 1 - b, n + 1, z) : lnHyp2f1(n, b, n + 1, z);
}

/** A₀'s term of a purchase count x at a time t: ln ₂F₁(·) − (r+s+x) ln(big + t), eq. 19 or 20. */
type A0Term = (x: number, t: number) => number;

function a0Term({ r, alpha, s, beta }: ParetoNbdParams): A0Term {
  // α ≥ β: ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)); α < β: ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)).
  const [big, gap] = alpha >= beta ? [alpha, alpha - beta] : [beta, beta - alpha];
  return (x, t) => {
    const n = r + s + x;
    return lnA0Hyp2f1(n, alpha >= beta ? s + 1 : r + x, gap / (big + t)) - n * Math.log(big + t);
  };
}

/** ln A₀ (Fader & Hardie 2005, eq. 19 and 20): −∞ when t_x = T (A₀ = 0). */
function lnA0(p: ParetoNbdParams, x: number, tx: number, T: number, term = a0Term(p)): number {
  const at = term(x, tx);
  const end = term(x, T);
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
export function paretoPAlive(p: ParetoNbdParams, x: number, tx: number, T: number, term?: A0Term): number {
  const { r, alpha, s, beta } = p;
  const ln = Math.log(s / (r + s + x)) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + lnA0(p, x, tx, T, term);
  return 1 / (1 + Math.exp(ln));
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)/(α+T) × (β+T)/(s−1) × [1 − ((β+T)/(β+T+t))^{s−1}] × P(alive) (eq. 22):
 * the rate of an alive customer times their expected time alive in the next t. At s = 1 the
 * bracket's limit is (β+T) ln((β+T+t)/(β+T)).
 */
export function paretoExpected(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  return paretoExpectedIfAlive(p, t, x, T) * paretoPAlive(p, x, tx, T);
}

/** E[Y(t) | alive at T, x, T]: eq. 22 without its P(alive), where t_x alone enters. */
export function paretoExpectedIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = p;
  const l = Math.log((beta + T) / (beta + T + t));
  const timeAlive = Math.abs(s - 1) < 1e-12 ? -(beta + T) * l : ((beta + T) / (s - 1)) * -Math.expm1((s - 1) * l);
  return ((r + x) / (alpha + T)) * timeAlive;
}

/**
 * The fitted model. `known`, A₀'s terms the fit worked out at these very parameters (fittedTerms),
 * fill the table P(alive) looks A₀'s terms up in: the same bits as a0Term's, without its series.
 */
export function paretoModel(p: ParetoNbdParams, logLikelihood: number, known?: KnownTerms): PurchaseModel {
  const term = keptTerms(a0Term(p), known);
  return {
    name: "pareto-nbd",
    params: { r: p.r, alpha: p.alpha, s: p.s, beta: p.beta },
    logLikelihood,
    pAlive: (x, tx, T) => paretoPAlive(p, x, tx, T, term),
    expected: (t, x, tx, T) => paretoExpectedIfAlive(p, t, x, T) * paretoPAlive(p, x, tx, T, term),
    expectedIfAlive: (t, x, T) => paretoExpectedIfAlive(p, t, x, T),
    unconditional: (t) => paretoExpected(p, t, 0, 0, 0),
  };
}

/**
 * Σ count · ln L (eq. 18) over the distinct (x, t_x, T), as a function of the coordinates ln r,
 * ln α, ln s, ln β: ln Γ(r + x) once per distinct x and A₀'s two hypergeometric terms once per
 * distinct (x, t_x) and (x, T) pair (the same sum as paretoLogLikelihood's). −∞ where it is not a
 * number.
 */
export function paretoSum(data: readonly Triple[] | TripleColumns): (u: readonly number[]) => number {
  const d = indexTriples(data);
  const atTx = pairsOf(d, d.tx, d.txs.length);
  const atT = pairsOf(d, d.T, d.Ts.length);
  const termTx = new Float64Array(atTx.x.length);
  const termT = new Float64Array(atT.x.length);
  const perX = new Float64Array(d.xs.length);
  return (u) => {
    const [R, A, S, B] = u.map(Math.exp) as [number, number, number, number];
    // ln of ₂F₁(r+s+x, ·; r+s+x+1; gap/(big+t)) / (big+t)^{r+s+x}, eq. 19 (α ≥ β) or 20 (α < β).
    const term = a0Term({ r: R, alpha: A, s: S, beta: B });
    for (let k = 0; k < termTx.length; k++) termTx[k] = term(d.xs[atTx.x[k]!]!, d.txs[atTx.t[k]!]!);
    for (let k = 0; k < termT.length; k++) termT[k] = term(d.xs[atT.x[k]!]!, d.Ts[atT.t[k]!]!);
    for (let k = 0; k < d.xs.length; k++) perX[k] = lnGamma(R + d.xs[k]!);
    const base = -lnGamma(R) + R * Math.log(A) + S * Math.log(B);
    let sum = 0;
    for (let i = 0; i < d.count.length; i++) {
      const x = d.xs[d.x[i]!]!;
      const T = d.Ts[d.T[i]!]!;
      const at = termTx[atTx.index[i]!]!;
      const end = termT[atT.index[i]!]!;
      const lnA0 = end < at ? at + Math.log(-Math.expm1(end - at)) : -Infinity;
      const alive = -(R + x) * Math.log(A + T) - S * Math.log(B + T);
      sum += d.count[i]! * (base + perX[d.x[i]!]! + logAddExp(alive, Math.log(S / (R + S + x)) + lnA0));
    }
    return Number.isFinite(sum) ? sum : -Infinity;
  };
}

/**
 * Why the Pareto/NBD fit at u = (ln r, ln α, ln s, ln β) has left the data's reach, or null: s and
 * β (then r and α) both above e^8 (3,000: the customers' rates vary by under 2% of their mean) with
 * one above e^18, or above e^8 once Newton has stalled, "run off together"; otherwise a coordinate
 * beyond ±20 runs off alone.
 */
export function paretoEdge(u: readonly number[], stalled = false): string | null {
  for (const [i, j, names, ratio, rate] of [
    [2, 3, "s and β", "s/β", "dropout rate"],
    [0, 1, "r and α", "r/α", "purchase rate"],
  ] as const) {
    if (Math.max(u[i]!, u[j]!) > (stalled ? 8 : 18) && Math.min(u[i]!, u[j]!) > 8) return `${names} run off to infinity together, with ${ratio} = ${Math.exp(u[i]! - u[j]!).toPrecision(4)}: the likelihood is highest where every customer has the same ${rate}, which Pareto/NBD's Gamma mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;
  }
  const runaway = u.findIndex((v) => Math.abs(v) > 20);
  return runaway === -1 ? null : `${["r", "α", "s", "β"][runaway]} runs off to ${u[runaway]! > 0 ? "infinity" : "0"} (the data have no maximum of the likelihood: too few repeat purchases)`;
}

/**
 * r, α, s, β by maximum likelihood over the distinct (x, t_x, T), each weighted by its customers,
 * as BG/NBD's fit: Nelder–Mead on at most 5,000 of the triples for a start, Newton on them, then
 * Newton on all (newtonMaximize), in ln r, ln α, ln s, ln β. The parameters sit inside ₂F₁, whose
 * derivatives in them have no closed form; its series' terms do, and paretoSmooth sums them (the
 * gradient and Hessian exact, one pass a step, where central differences of the value took 33).
 * Where the likelihood rises without end as s and β (or r and α)
 * grow together, every customer seems to have the same dropout rate s/β (or purchase rate r/α):
 * the Gamma mixing has no maximum, and the fit is refused as not converging, as BG/NBD's.
 * With `team`, Newton's passes on all triples are shared with a second thread (the same numbers);
 * the team is ended here, whatever the fit's end. A₀'s terms of Newton's last call, which is at
 * the maximum, go to the model's table for P(alive).
 */
export function fitParetoNbd(data: readonly Triple[] | TripleColumns, team?: ParetoTeam): PurchaseModel {
  const columns = tripleColumns(data);
  // With x = 0 for all, ln L rises as r → 0 without end; the simplex, heading there, reaches ₂F₁
  // arguments near 1 with r + s + x in the thousands, where the series does not converge.
  if (!columns.x.some((x, k) => x > 0 && columns.count[k]! > 0)) throw new FitError("the Pareto/NBD fit did not converge: no customer made a repeat purchase in the calibration period (the data have no maximum of the likelihood)");
  const sample = thinTriples(columns, 5_000);
  // The simplex only gives Newton a start: on 1,000 triples, as it takes hundreds of values (₂F₁
  // per distinct (x, t_x) and (x, T) each) where Newton takes a few steps.
  const rough = paretoSum(thinTriples(columns, 1_000).triples);
  const { params } = simplexStart("Pareto/NBD", (p) => {
    const u = p.map(Math.log);
    // Heading where Newton refuses once stalled (s and β, or r and α, both past e^8): refused here,
    // while ₂F₁ is cheap; further on, its series takes millions of terms a customer (z near 1).
    const off = paretoEdge(u, true);
    if (off) throw new FitError(`the Pareto/NBD fit did not converge: ${off}`);
    return -rough(u);
  }, [1, 1, 1, 1]);
  const start = params.map(Math.log);
  const near = sample.every === 1 ? start : sampleMaximum("Pareto/NBD", paretoSmooth(sample.triples), start, paretoEdge);
  let fit: NewtonFit;
  let state: ParetoState;
  try {
    state = paretoState(columns, team !== undefined);
    fit = newtonMaximize("Pareto/NBD", team ? teamSmooth(state, team) : paretoSmooth(state), near, paretoEdge);
  } finally {
    team?.lead.end();
  }
  const [r, alpha, s, beta] = fit.u.map(Math.exp) as [number, number, number, number];
  return paretoModel({ r, alpha, s, beta }, fit.logLikelihood, fittedTerms(state, [r, alpha, s, beta]));
}
