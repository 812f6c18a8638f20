/**
 * A₀'s hypergeometric function ₂F₁(n, b; n + 1; z) (Pareto/NBD: Fader & Hardie 2005, "A note on
 * deriving the Pareto/NBD model and related expressions", eq. 19-20) summed with its first and
 * second derivatives in (n, b, z), one pass over its series: the derivatives paretoSmooth carries
 * to the model's parameters.
 */
import { SeriesError } from "./special.js";

/** Whether A₀'s ₂F₁(n, b; n + 1; z) is taken by Euler's transformation (pareto-nbd.ts lnA0Hyp2f1). */
export const byEuler = (b: number, z: number): boolean => b * z > 1000 * (1 - z);

/** How many numbers lnA0Series writes: F, F_n, F_b, F_z, F_nn, F_nb, F_nz, F_bb, F_bz, F_zz. */
export const SERIES_OUT = 10;

/**
 * F = ln ₂F₁(n, b; n + 1; z) as pareto-nbd.ts lnA0Hyp2f1 computes it (the same bits), and its first
 * and second derivatives in (n, b, z), written to out[at … at + 9].
 *
 * Directly, the k-th term is n/(n+k) · (b)_k/k! · z^k: its logarithm's derivative in n is 1/n −
 * 1/(n+k), in b Σ_{j<k} 1/(b+j), in z k/z, and its second derivatives −1/n² + 1/(n+k)², −Σ 1/(b+j)²
 * and −k/z², none mixed. By Euler's transformation, F = (1 − b) ln(1 − z) + ln ₂F₁(1, m; n + 1; z),
 * m = n + 1 − b, whose k-th term (m)_k/(n+1)_k z^k has Σ_{j<k} 1/(m+j) − 1/(n+1+j) in n, −Σ 1/(m+j)
 * in b, and Σ 1/(m+j)² mixed. ∂t = t·g and ∂²t = t(ggᵀ + G) are summed beside the terms; F's are
 * then S_i/S and S_ij/S − F_iF_j. The z-derivatives are summed as t_k/z and t_k/z² carried from the
 * terms before (no division by z, which is 0 where α = β). The sum keeps going past lnHyp2f1's end
 * until the rest of every derivative's sum, whose weights grow like k², is below 1e-14 of it.
 */
export function lnA0Series(n: number, b: number, z: number, out: Float64Array, at: number): void {
  const euler = byEuler(b, z);
  const [sa, sb, sc] = euler ? [1, n + 1 - b, n + 1] : [n, b, n + 1];
  if (!(sa > 0 && sb > 0 && sc > 0 && z >= 0 && z < 1)) throw new SeriesError(`2F1(${sa}, ${sb}; ${sc}; ${z}) is outside a, b, c > 0 and 0 <= z < 1`);
  const invN = 1 / n;
  let sum = 1;
  let term = 1;
  let scale = 0;
  let value = Number.NaN;
  // The current term over z (e); the first derivatives of its logarithm (gn, gb) and the second (hnn, hbb, hnb).
  let e = 0;
  let gn = 0;
  let gb = 0;
  let hnn = 0;
  let hbb = 0;
  let hnb = 0;
  // Σ t·∂ln t and Σ t·(∂∂ln t + ∂ln t ∂ln t): S_n, S_b, S_z, S_nn, S_nb, S_nz, S_bb, S_bz, S_zz.
  let sn = 0;
  let sbb1 = 0;
  let sz = 0;
  let snn = 0;
  let snb = 0;
  let snz = 0;
  let sbb = 0;
  let sbz = 0;
  let szz = 0;
  for (let k = 0; ; k++) {
    if (k === 10_000_000) throw new SeriesError(`2F1(${sa}, ${sb}; ${sc}; ${z}) did not converge in ten million terms`);
    const rho = ((sa + k) * (sb + k)) / ((sc + k) * (k + 1));
    const ratio = rho * z;
    const j = k + 1;
    // t_j/z² = (t_{j−1}/z)·ρ, t_j/z = t_{j−1}·ρ: taken before the term moves on.
    const f = e * rho;
    e = term * rho;
    term *= ratio;
    sum += term;
    if (euler) {
      const im = 1 / (sb + k);
      const ic = 1 / (sc + k);
      gn += im - ic;
      gb -= im;
      hnn += ic * ic - im * im;
      hbb -= im * im;
      hnb += im * im;
    } else {
      const inv = 1 / (n + j);
      const ib = 1 / (b + k);
      gn = invN - inv;
      hnn = inv * inv - invN * invN;
      gb += ib;
      hbb -= ib * ib;
    }
    sn += term * gn;
    sbb1 += term * gb;
    sz += j * e;
    snn += term * (gn * gn + hnn);
    snb += term * (gn * gb + hnb);
    sbb += term * (gb * gb + hbb);
    snz += j * e * gn;
    sbz += j * e * gb;
    szz += j * (j - 1) * f;
    if (!Number.isFinite(sum)) throw new SeriesError(`2F1(${sa}, ${sb}; ${sc}; ${z}) overflows: a term passed the largest double`);
    if (Number.isNaN(value) && ratio < 1 && term / (1 - ratio) <= 1e-17 * sum) value = Math.log(sum) + scale;
    if (!Number.isNaN(value) && j >= 3) {
      const q = Math.max(ratio, z);
      if (q < 1 && (term * (j + 2) * (j + 2)) / ((1 - q) * (1 - q) * (1 - q)) <= 1e-14 * sum) break;
    }
    if (sum > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      e *= 1e-250;
      sn *= 1e-250;
      sbb1 *= 1e-250;
      sz *= 1e-250;
      snn *= 1e-250;
      snb *= 1e-250;
      snz *= 1e-250;
      sbb *= 1e-250;
      sbz *= 1e-250;
      szz *= 1e-250;
      scale += 250 * Math.LN10;
    }
  }
  const fn = sn / sum;
  const fb = sbb1 / sum;
  const fz = sz / sum;
  out[at] = euler ? (1 - b) * Math.log1p(-z) + value : value;
  out[at + 1] = fn;
  out[at + 2] = euler ? fb - Math.log1p(-z) : fb;
  out[at + 3] = euler ? fz - (1 - b) / (1 - z) : fz;
  out[at + 4] = snn / sum - fn * fn;
  out[at + 5] = snb / sum - fn * fb;
  out[at + 6] = snz / sum - fn * fz;
  out[at + 7] = sbb / sum - fb * fb;
  out[at + 8] = sbz / sum - fb * fz + (euler ? 1 / (1 - z) : 0);
  out[at + 9] = szz / sum - fz * fz - (euler ? (1 - b) / ((1 - z) * (1 - z)) : 0);
}
