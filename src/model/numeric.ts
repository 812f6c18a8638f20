/**
 * The few special functions the value models need, written out: log Γ (Lanczos), log B, the Gauss
 * hypergeometric series ₂F₁(1, b; c; z) for 0 ≤ z < 1, and a Nelder–Mead minimizer. Real-valued,
 * in log space where products of many terms would overflow.
 */

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes' coefficients): 15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, not ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (y + k);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ψ(x) = d ln Γ(x)/dx for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the
 * asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x^2k) (Abramowitz & Stegun 6.3.18): about 1e-11 absolute below 6 (ψ(1) is off by 9e-12), finer above.
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, not ${x}`);
  let shift = 0;
  while (x < 6) {
    shift -= 1 / x;
    x += 1;
  }
  const i2 = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - i2 * (1 / 12 - i2 * (1 / 120 - i2 * (1 / 252 - i2 * (1 / 240 - i2 * (1 / 132)))));
}

/**
 * ψ'(x) = d²ln Γ(x)/dx² for x > 0: the recurrence ψ'(x) = ψ'(x + 1) + 1/x² up to x ≥ 10, then the
 * asymptotic series 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1) (Abramowitz & Stegun 6.4.12), 15 digits.
 */
export function trigamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`trigamma needs x > 0, not ${x}`);
  let shift = 0;
  while (x < 10) {
    shift += 1 / (x * x);
    x += 1;
  }
  const i2 = 1 / (x * x);
  return shift + 1 / x + i2 / 2 + (i2 / x) * (1 / 6 - i2 * (1 / 30 - i2 * (1 / 42 - i2 * (1 / 30 - i2 * (5 / 66 - i2 * (691 / 2730 - i2 * (7 / 6)))))));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export const lnBeta = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/**
 * ₂F₁(1, b; c; z) = Σ_k (b)_k / (c)_k · z^k, for 0 ≤ z < 1 and b, c > 0. The series' terms fall
 * like k^(b − c) · z^k, so near z = 1 with c − b < 1 (an sBG α below 1 at a tiny discount rate)
 * it needs millions of terms (issue 26: i = 0.00001 never converged). Gauss's continued fraction
 * for ₂F₁(a + 1, b; c + 1; z) / ₂F₁(a, b; c; z) at a = 0 is ₂F₁(1, b; c + 1; z) itself
 * (DLMF 15.7.5; Cuyt et al., Handbook of Continued Fractions for Special Functions, §15.3.1):
 *   1 / (1 − k₁z / (1 − k₂z / (1 − …))),
 *   k₂ₙ₊₁ = (c' + n)(b + n) / ((c' + 2n)(c' + 2n + 1)),  k₂ₙ = (c' − b + n) n / ((c' + 2n − 1)(c' + 2n)),
 * with c' = c − 1. Its k tend to ¼, and it converges in about 20 / √(1 − z) steps even where the
 * series crawls; evaluated by the modified Lentz method (Numerical Recipes §5.2).
 * `w` is 1 − z when the caller knows it more exactly than 1 − z in floating point.
 */
export function hyp2f1(b: number, c: number, z: number, w = 1 - z): number {
  if (!(z >= 0 && z < 1 && w > 0)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, not ${z}`);
  const cp = c - 1;
  const TINY = 1e-300;
  const steps = Math.ceil(200 / Math.sqrt(w)) + 1000;
  // g = 1 + a₁/(1 + a₂/(1 + …)) with a_j = −k_j z; the value is 1 / g.
  let f = 1;
  let C = 1;
  let D = 0;
  for (let j = 1; j <= steps; j++) {
    const n = Math.floor(j / 2);
    const k = j % 2 === 1 ? ((cp + n) * (b + n)) / ((cp + 2 * n) * (cp + 2 * n + 1)) : ((cp - b + n) * n) / ((cp + 2 * n - 1) * (cp + 2 * n));
    const a = -k * z;
    D = 1 + a * D;
    if (Math.abs(D) < TINY) D = TINY;
    C = 1 + a / C;
    if (Math.abs(C) < TINY) C = TINY;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) return 1 / f;
  }
  throw new RangeError(`hyp2f1(1, ${b}; ${c}; ${z}) did not converge in ${steps} steps`);
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Nelder–Mead on f from x0 (standard coefficients: reflection 1, expansion 2, contraction ½,
 * shrink ½). Converged when the simplex's values and points agree within `tolerance`.
 */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], options: { step?: number; tolerance?: number; maxIterations?: number } = {}): Minimum {
  const { step = 0.5, tolerance = 1e-10, maxIterations = 5000 } = options;
  const n = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, value: f(x) }));
  const along = (a: number[], b: number[], t: number) => a.map((v, j) => v + t * (b[j]! - v));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const spread = Math.max(...simplex.map((p) => Math.max(...p.x.map((v, j) => Math.abs(v - best.x[j]!)))));
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value)) && spread <= Math.sqrt(tolerance)) {
      return { x: best.x, value: best.value, iterations: iteration, converged: true };
    }
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j]!, 0) / n);
    const point = (t: number) => {
      const x = along(centroid, worst.x, -t);
      return { x, value: f(x) };
    };
    const reflected = point(1);
    if (reflected.value < best.value) {
      const expanded = point(2);
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[n - 1]!.value) {
      simplex[n] = reflected;
    } else {
      const contracted = reflected.value < worst.value ? point(0.5) : point(-0.5);
      if (contracted.value < Math.min(worst.value, reflected.value)) simplex[n] = contracted;
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: along(best.x, p.x, 0.5), value: f(along(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return { x: simplex[0]!.x, value: simplex[0]!.value, iterations: maxIterations, converged: false };
}
