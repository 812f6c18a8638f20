/**
 * The shifted-beta-geometric model of customer retention (Fader & Hardie 2007, "How to project
 * customer retention"): each customer renews each period with their own probability 1 − θ, and θ
 * varies across customers as Beta(α, β). Survival S(t) = B(α, β + t) / B(α, β); the retention
 * rate of period t, S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), rises as the customers
 * most likely to leave have left. Fitted by maximum likelihood to cohorts' survivor counts.
 */
import { hyp2f1, lnBeta, nelderMead } from "./numeric.js";

/** A cohort's survivors: customers[0] is the cohort's size, customers[t] those still there t periods on. */
export type Survivors = readonly number[];

export interface SbgFit {
  alpha: number;
  beta: number;
  logLikelihood: number;
  iterations: number;
}

/** S(t): the share of a cohort still there after t periods. */
export function survival(alpha: number, beta: number, t: number): number {
  return Math.exp(lnBeta(alpha, beta + t) - lnBeta(alpha, beta));
}

/** The retention rate of period t ≥ 1: S(t) / S(t − 1). */
export const retentionAt = (alpha: number, beta: number, t: number): number => (beta + (t - 1)) / (alpha + beta + (t - 1));

/**
 * The log-likelihood of cohorts' survivors: those who left in period t (customers[t − 1] −
 * customers[t]) with P(T = t) = B(α + 1, β + t − 1) / B(α, β), those still there at the end with S(T).
 */
export function logLikelihood(alpha: number, beta: number, cohorts: readonly Survivors[]): number {
  const base = lnBeta(alpha, beta);
  let ll = 0;
  for (const cohort of cohorts) {
    for (let t = 1; t < cohort.length; t++) {
      const left = cohort[t - 1]! - cohort[t]!;
      // β + (t − 1), not (β + t) − 1: a β below 2⁻⁵³ would round away to 0, where B(α + 1, β) is undefined.
      if (left > 0) ll += left * (lnBeta(alpha + 1, beta + (t - 1)) - base);
    }
    const last = cohort.length - 1;
    if (last > 0 && cohort[last]! > 0) ll += cohort[last]! * (lnBeta(alpha, beta + last) - base);
  }
  return ll;
}

/** Why a fit has no answer, as an error for the command to word. */
export class FitError extends Error {}

/**
 * α and β by maximum likelihood: Nelder–Mead on (ln α, ln β) from several starts, the best
 * converged result kept. No cohort followed past its first period, or no fit that converges, is an error.
 */
export function fitSbg(cohorts: readonly Survivors[]): SbgFit {
  const informative = cohorts.filter((c) => c.length > 1 && c[0]! > 0);
  if (informative.length === 0) throw new FitError("no cohort is followed past its first period: there is no churn to fit");
  // All staying (or all leaving at once) puts the maximum at the edge: θ = 0 (or 1) for everyone.
  const left = informative.reduce((s, c) => s + c[0]! - c[c.length - 1]!, 0);
  const stayed = informative.reduce((s, c) => s + c[1]!, 0);
  if (left === 0) throw new FitError("no customer of any cohort left: retention is 1, and the shifted-beta-geometric fit has no finite α and β");
  // One period after acquisition shows only P(T = 1) = α/(α + β): a ridge of equally likely fits.
  if (!informative.some((c) => c.length > 2)) throw new FitError("every cohort is followed for one period after it was won: that shows the share who leave at once, not how retention changes, so α and β cannot be told apart (follow a cohort two periods or more)");
  if (stayed === 0) throw new FitError("every customer left after their first period: retention is 0, and the shifted-beta-geometric fit has no finite α and β");
  const objective = ([a, b]: number[]) => {
    const value = -logLikelihood(Math.exp(a!), Math.exp(b!), informative);
    return Number.isFinite(value) ? value : Number.MAX_VALUE;
  };
  let best: SbgFit | undefined;
  for (const start of [[0, 0], [Math.log(0.5), Math.log(2)], [Math.log(2), Math.log(0.5)], [Math.log(0.2), Math.log(5)]]) {
    const found = nelderMead(objective, start, { tolerance: 1e-12, maxIterations: 10_000 });
    const [a, b] = found.x.map(Math.exp) as [number, number];
    // A fit that runs off to the edges of the space (α or β at 0 or without bound) has no answer.
    if (!found.converged || !(a > 1e-8 && a < 1e8 && b > 1e-8 && b < 1e8)) continue;
    if (!best || -found.value > best.logLikelihood) best = { alpha: a, beta: b, logLikelihood: -found.value, iterations: found.iterations };
  }
  if (!best) throw new FitError("the shifted-beta-geometric fit did not converge: its likelihood has no maximum at finite α and β for these cohorts");
  geometricCheck(best, informative);
  return best;
}

/**
 * Past this α + β the spread of θ (its variance is below r(1 − r)/(α + β)) is no heterogeneity at
 * all: the fit is running away toward a constant rate, where sBG's likelihood is highest in the limit.
 */
const RUNAWAY = 1e4;

/**
 * Survival that falls geometrically (1000, 500, 250, 125, 62) is best fitted by one retention rate
 * for everybody: sBG's likelihood then rises for ever as α and β grow with β/(α + β) fixed (issue
 * 26 saw α 433,952, β 433,504 reported as a fit). Such a fit, no better than the constant rate's
 * own maximum (the geometric MLE r = Σ survivors ÷ Σ customers at risk, t ≥ 1), is an error that
 * names the rate: it is the constant model's input.
 */
function geometricCheck(fit: SbgFit, cohorts: readonly Survivors[]): void {
  if (fit.alpha + fit.beta < RUNAWAY) return;
  let stayed = 0;
  let atRisk = 0;
  for (const c of cohorts) for (let t = 1; t < c.length; t++) (stayed += c[t]!), (atRisk += c[t - 1]!);
  const r = stayed / atRisk;
  let geometric = 0;
  for (const c of cohorts) {
    for (let t = 1; t < c.length; t++) geometric += (c[t - 1]! - c[t]!) * (Math.log(1 - r) + (t - 1) * Math.log(r));
    geometric += c[c.length - 1]! * (c.length - 1) * Math.log(r);
  }
  // Twice the gain in log-likelihood is the likelihood-ratio statistic: below 0.02 nothing is gained.
  if (fit.logLikelihood - geometric > 0.01) return;
  throw new FitError(
    `the survival falls at a constant rate: a constant retention rate r = ${r.toFixed(4)} (${stayed.toLocaleString("en")} of ${atRisk.toLocaleString("en")} customers at risk stayed) fits as well as any shifted-beta-geometric one, whose likelihood has no finite maximum (α and β grow without bound): use --model constant --retention ${r.toFixed(4)}`,
  );
}

/**
 * Discounted expected residual lifetime of a customer who has made n renewals (Fader & Hardie
 * 2010, "Customer-base valuation in a contractual setting", eq. 6): the renewals still to come,
 * each discounted at rate d, the next one undiscounted:
 *   DERL(d | α, β, n) = (β + n)/(α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1/(1 + d)).
 * With a horizon of N periods, the same sum over the next N renewals only.
 */
/**
 * The smallest discount rate a period DERL is computed at. As i goes to 0 DERL grows like
 * i^(α − 1) when α < 1 (the customers least likely to leave stay for ever), and ₂F₁'s continued
 * fraction needs about 20 / √i steps: below 1e-9 a period (3e-8 % a month) the figure is neither
 * meaningful nor quick, and the command refuses it with this bound named.
 */
export const MIN_SBG_DISCOUNT_RATE = 1e-9;

export function derl(alpha: number, beta: number, d: number, n: number, horizon: number | null = null): number {
  if (horizon === null) return ((beta + n) / (alpha + beta + n)) * hyp2f1(beta + n + 1, alpha + beta + n + 1, 1 / (1 + d), d / (1 + d));
  let sum = 0;
  let alive = 1;
  for (let k = 1; k <= horizon; k++) {
    alive *= retentionAt(alpha, beta, n + k);
    sum += alive / (1 + d) ** (k - 1);
  }
  return sum;
}
