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

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export const lnBeta = (a: number, b: number): number => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/**
 * ₂F₁(1, b; c; z) = Σ_k (b)_k / (c)_k · z^k, for 0 ≤ z < 1 and b, c > 0: each term is the one
 * before times (b + k)/(c + k) · z, which falls below 1 for large k, so the series converges.
 * Summed until a term no longer changes the sum; an error past a million terms.
 */
export function hyp2f1(b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, not ${z}`);
  let sum = 1;
  let term = 1;
  for (let k = 0; k < 1_000_000; k++) {
    term *= ((b + k) / (c + k)) * z;
    const next = sum + term;
    if (next === sum) return sum;
    sum = next;
  }
  throw new RangeError(`hyp2f1(1, ${b}; ${c}; ${z}) did not converge`);
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
