/**
 * Gamma-Gamma spend: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer
 * base analysis", Journal of Marketing Research 42(4), and Fader & Hardie's note "The Gamma-Gamma
 * model of monetary value" (2013). A customer's transactions are Gamma(p, ν) around their own
 * mean; ν ~ Gamma(q, γ) across customers. Fitted on the mean spend m_x of the x repeat purchases
 * of customers with x ≥ 1 and m_x > 0.
 */
import { lnGamma } from "../numeric.js";
import { FitError, maximize } from "./fit.js";

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

/** p, q, γ by maximum likelihood over (x, m_x) of customers with x ≥ 1 and m_x > 0. */
export function fitGammaGamma(data: readonly { x: number; mean: number }[]): GammaGamma {
  if (data.length === 0) throw new FitError("no customer made a repeat purchase with a positive total in the calibration period: the spend model (Gamma-Gamma) has nothing to be fitted on");
  // The sum of gammaGammaLogLikelihood over the data, with ln Γ once per distinct x.
  const xs = [...new Set(data.map((d) => d.x))];
  const xAt = Int32Array.from(data, (d) => xs.indexOf(d.x));
  const lnMean = Float64Array.from(data, (d) => Math.log(d.mean));
  const lnX = Float64Array.from(data, (d) => Math.log(d.x));
  const perX = new Float64Array(xs.length);
  const negLL = ([p, q, gamma]: number[]) => {
    const [P, Q, G] = [p!, q!, gamma!];
    for (let k = 0; k < xs.length; k++) perX[k] = lnGamma(P * xs[k]! + Q) - lnGamma(P * xs[k]!);
    const base = -lnGamma(Q) + Q * Math.log(G);
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      const { x, mean } = data[i]!;
      const px = P * x;
      sum += base + perX[xAt[i]!]! + (px - 1) * lnMean[i]! + px * lnX[i]! - (px + Q) * Math.log(G + x * mean);
    }
    return -sum;
  };
  const mean = data.reduce((s, d) => s + d.mean, 0) / data.length;
  const { params, logLikelihood } = maximize("Gamma-Gamma", negLL, [1, 2, mean]);
  const [p, q, gamma] = params as [number, number, number];
  if (!(q > 1)) throw new FitError(`the Gamma-Gamma fit gives q = ${q.toFixed(4)}, at most 1: the spend of a customer has no finite expected value under it, so no CLV can be computed`);
  return { p, q, gamma, logLikelihood };
}
