/**
 * Gamma-Gamma spend: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer
 * base analysis", Journal of Marketing Research 42(4), and Fader & Hardie's note "The Gamma-Gamma
 * model of monetary value" (2013). A customer's transactions are Gamma(p, ν) around their own
 * mean; ν ~ Gamma(q, γ) across customers. Fitted on the mean spend m_x of the x repeat purchases
 * of customers with x ≥ 1 and m_x > 0.
 */
import { digamma, lnGamma, trigamma } from "../numeric.js";
import { FitError, simplexStart, newtonMaximize, sampleMaximum, thinStep, type Smooth } from "./fit.js";

export interface GammaGamma {
  p: number;
  q: number;
  gamma: number;
  logLikelihood: number;
}

/** ln f(m_x | p, q, γ; x): the density of a customer's mean spend over x transactions (note, eq. 1). */
export function gammaGammaLogLikelihood({ p, q, gamma }: Omit<GammaGamma, "logLikelihood">, x: number, mean: number): number {
  return lnGamma(p * x + q) - lnGamma(p * x) - lnGamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(mean) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + x * mean);
}

/**
 * E[M | p, q, γ, m_x, x] = p(γ + x·m_x)/(px + q − 1) (note, eq. 5): a weighted mean of the
 * population's mean spend pγ/(q − 1) and the customer's own; for x = 0 the population's.
 */
export function expectedSpend({ p, q, gamma }: GammaGamma, x: number, mean: number): number {
  return (p * (gamma + x * mean)) / (p * x + q - 1);
}

/** The data of the fit: each repeat customer's x, and ln x, ln m_x, x·m_x. */
export interface SpendData {
  /** Each customer's x: the input's own column, not a copy. */
  x: Float64Array;
  lnX: Float64Array;
  lnMean: Float64Array;
  total: Float64Array;
  /** The distinct x, ascending, and each customer's index into them. */
  xs: Float64Array;
  xAt: Int32Array;
  weight: number;
}

/** The fit's data: each repeat customer's x and mean spend, as columns (the summary's: no object a
 * customer, of which a million weighed more than the fit's own arrays) or as objects. */
export type SpendInput = readonly { x: number; mean: number }[] | SpendColumns;

export interface SpendColumns {
  x: Float64Array;
  mean: Float64Array;
}

const spendColumns = (data: SpendInput): SpendColumns => (Array.isArray(data) ? { x: Float64Array.from(data, (d) => d.x), mean: Float64Array.from(data, (d) => d.mean) } : (data as SpendColumns));

/** The largest repeat count spendData() places by its table: 2^24 purchase days are 46,000 years of them. */
export const MAX_REPEATS = 2 ** 24;

export function spendData(data: SpendInput, weight = 1): SpendData {
  const { x, mean } = spendColumns(data);
  const n = x.length;
  const [lnX, lnMean, total, xAt] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Int32Array(n)];
  let top = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (!(Number.isInteger(xi) && xi >= 1 && xi <= MAX_REPEATS)) throw new RangeError(`a repeat customer's x is ${xi}: Gamma-Gamma's x counts repeat purchases, a whole number from 1 to ${MAX_REPEATS}`);
    if (xi > top) top = xi;
    [lnX[i], lnMean[i], total[i]] = [Math.log(xi), Math.log(mean[i]!), xi * mean[i]!];
  }
  // Each customer's place among the distinct x, by a table as long as the largest x (not a hash of
  // a double a customer): the distinct x are marked, then numbered in ascending order from 1.
  const place = new Int32Array(top + 1);
  for (let i = 0; i < n; i++) place[x[i]!] = 1;
  let distinct = 0;
  for (let v = 1; v <= top; v++) if (place[v] === 1) place[v] = ++distinct;
  const xs = new Float64Array(distinct);
  for (let v = 1; v <= top; v++) if (place[v]! > 0) xs[place[v]! - 1] = v;
  for (let i = 0; i < n; i++) xAt[i] = place[x[i]!]! - 1;
  return { x, lnX, lnMean, total, xs, xAt, weight };
}

/**
 * Σ gammaGammaLogLikelihood over the data and its gradient in ln p, ln q, ln γ (ln Γ and ψ once
 * per distinct x): ∂/∂p = x(ψ(px + q) − ψ(px) + ln m + ln x − ln(γ + x m)),
 * ∂/∂q = ψ(px + q) − ψ(q) + ln γ − ln(γ + x m), ∂/∂γ = q/γ − (px + q)/(γ + x m); and its
 * Hessian from ψ' (one pass a Newton step, where differences of the gradient took seven), but
 * without `second` (the simplex, which reads the value only).
 */
export function gammaGammaSmooth(d: SpendData, [lp, lq, lg]: readonly number[], second = true): Smooth {
  const [p, q, g] = [Math.exp(lp!), Math.exp(lq!), Math.exp(lg!)];
  const nx = d.xs.length;
  const perX = new Float64Array(nx);
  const psiSum = new Float64Array(nx);
  const psiDiff = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const px = p * d.xs[k]!;
    perX[k] = lnGamma(px + q) - lnGamma(px);
    psiSum[k] = digamma(px + q);
    psiDiff[k] = psiSum[k]! - digamma(px);
  }
  const lnG = Math.log(g);
  const base = -lnGamma(q) + q * lnG;
  const psiQ = digamma(q);
  let [value, gp, gq, gg] = [0, 0, 0, 0];
  for (let i = 0; i < d.x.length; i++) {
    const k = d.xAt[i]!;
    const x = d.x[i]!;
    const px = p * x;
    const lnRest = Math.log(g + d.total[i]!);
    value += base + perX[k]! + (px - 1) * d.lnMean[i]! + px * d.lnX[i]! - (px + q) * lnRest;
    gp += x * (psiDiff[k]! + d.lnMean[i]! + d.lnX[i]! - lnRest);
    gq += psiSum[k]! - psiQ + lnG - lnRest;
    gg += q / g - (px + q) / (g + d.total[i]!);
  }
  const w = d.weight;
  const gradient = [w * p * gp, w * q * gq, w * g * gg];
  if (!second) return { value: w * value, gradient };
  // The Hessian in (p, q, γ), in a pass of its own (the loop above, which the simplex calls hundreds
  // of times, stays as V8 optimized it): ∂p² = x²(ψ'(px+q) − ψ'(px)), ∂p∂q = xψ'(px+q), ∂p∂γ =
  // −x/(γ+xm), ∂q² = ψ'(px+q) − ψ'(q), ∂q∂γ = 1/γ − 1/(γ+xm), ∂γ² = −q/γ² + (px+q)/(γ+xm)².
  const triSum = new Float64Array(nx);
  const triDiff = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const px = p * d.xs[k]!;
    triSum[k] = trigamma(px + q);
    triDiff[k] = triSum[k]! - trigamma(px);
  }
  const triQ = trigamma(q);
  let [hpp, hpq, hpg, hqq, hqg, hgg] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < d.x.length; i++) {
    const k = d.xAt[i]!;
    const x = d.x[i]!;
    const px = p * x;
    const rest = g + d.total[i]!;
    hpp += x * x * triDiff[k]!;
    hpq += x * triSum[k]!;
    hpg -= x / rest;
    hqq += triSum[k]! - triQ;
    hqg += 1 / g - 1 / rest;
    hgg += -q / (g * g) + (px + q) / (rest * rest);
  }
  // In ln p, ln q, ln γ: ∂²/∂uᵢ∂uⱼ = θᵢθⱼ Hᵢⱼ, plus θᵢ gᵢ on the diagonal.
  const hessian = [
    [w * (p * p * hpp + p * gp), w * p * q * hpq, w * p * g * hpg],
    [w * p * q * hpq, w * (q * q * hqq + q * gq), w * q * g * hqg],
    [w * p * g * hpg, w * q * g * hqg, w * (g * g * hgg + g * gg)],
  ];
  return { value: w * value, gradient, hessian };
}

/**
 * Why the Gamma-Gamma fit at u = (ln p, ln q, ln γ) has left the data's reach, or null: q and γ
 * both above e^8 (3,000: the customers' ν vary by under 2%) with one above e^18, or above e^8 once
 * Newton has stalled, is "run off together"; otherwise a coordinate beyond ±20 runs off alone.
 */
export function gammaGammaEdge(u: readonly number[], stalled = false): string | null {
  if (Math.max(u[1]!, u[2]!) > (stalled ? 8 : 18) && Math.min(u[1]!, u[2]!) > 8) return `q and γ run off to infinity together, with pγ/q = ${Math.exp(u[0]! + u[2]! - u[1]!).toPrecision(4)}: the likelihood is highest where every customer has the same expected spend per purchase, which Gamma-Gamma's mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;
  const runaway = u.findIndex((v) => Math.abs(v) > 20);
  return runaway === -1 ? null : `${["p", "q", "γ"][runaway]} runs off to ${u[runaway]! > 0 ? "infinity" : "0"} (the data have no maximum of the likelihood)`;
}

/**
 * p, q, γ by maximum likelihood over (x, m_x) of customers with x ≥ 1 and m_x > 0: Nelder–Mead on
 * at most 5,000 of them for a start, then Newton on all (newtonMaximize), in ln p, ln q, ln γ.
 * When q and γ run off together, every customer seems to spend alike on average (ν has no spread):
 * the Gamma mixing has no maximum, and the fit is refused as not converging.
 */
export function fitGammaGamma(data: SpendInput): GammaGamma {
  const columns = spendColumns(data);
  const n = columns.x.length;
  if (n === 0) throw new FitError("no customer made a repeat purchase with a positive total in the calibration period: the spend model (Gamma-Gamma) has nothing to be fitted on");
  // Every k-th customer, as thin() takes them.
  const every = thinStep(n, 5_000);
  const taken = (column: Float64Array) => (every === 1 ? column : column.filter((_, k) => k % every === 0));
  const sampled = spendData({ x: taken(columns.x), mean: taken(columns.mean) }, every);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += columns.mean[k]!;
  const start = simplexStart("Gamma-Gamma", (p) => -gammaGammaSmooth(sampled, p.map(Math.log), false).value, [1, 2, sum / n]);
  const all = spendData(columns);
  const from = start.params.map(Math.log);
  const near = every === 1 ? from : sampleMaximum("Gamma-Gamma", (u) => gammaGammaSmooth(sampled, u), from, gammaGammaEdge);
  const fit = newtonMaximize("Gamma-Gamma", (u) => gammaGammaSmooth(all, u), near, gammaGammaEdge);
  const [p, q, gamma] = fit.u.map(Math.exp) as [number, number, number];
  if (!(q > 1)) throw new FitError(`the Gamma-Gamma fit gives q = ${q.toFixed(4)}, at most 1: the spend of a customer has no finite expected value under it, so no CLV can be computed`);
  return { p, q, gamma, logLikelihood: fit.logLikelihood };
}
