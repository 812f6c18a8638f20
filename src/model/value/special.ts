/**
 * The Gauss hypergeometric function in general, ₂F₁(a, b; c; z), as its logarithm: BG/NBD's
 * conditional expectation (Fader, Hardie & Lee 2005, eq. 10) and the Pareto/NBD likelihood (Fader
 * & Hardie 2005, "A note on deriving the Pareto/NBD model", eq. 22-23) need it with a, b in the
 * hundreds for frequent buyers, where the series' terms pass 1e300 before they fall.
 */

/** A sum that does not converge: the caller turns it into an error, never into a number. */
export class SeriesError extends Error {}

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, by its power series Σ (a)_k (b)_k / ((c)_k k!) z^k.
 * Every term is positive, so the sum has no cancellation; it is kept scaled (a running power of
 * e set aside) so that no term overflows. It stops when the terms fall and the rest, bounded by a
 * geometric series of the current ratio, cannot change the sum.
 */
export function lnHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1)) throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) is outside a, b, c > 0 and 0 <= z < 1`);
  let sum = 1;
  let term = 1;
  let scale = 0;
  for (let k = 0; k < 10_000_000; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    if (ratio < 1 && term / (1 - ratio) <= 1e-17 * sum) return Math.log(sum) + scale;
    if (sum > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      scale += 250 * Math.LN10;
    }
  }
  throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge in ten million terms`);
}

/** ln(e^x + e^y) without overflow. */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}
