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
    if (!Number.isFinite(sum)) throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) overflows: a term passed the largest double`);
    if (ratio < 1 && term / (1 - ratio) <= 1e-17 * sum) return Math.log(sum) + scale;
    if (sum > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      scale += 250 * Math.LN10;
    }
  }
  throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge in ten million terms`);
}

/**
 * ₂F₁(a, b; c; z) − 1 = Σ_{k≥1} (a)_k (b)_k / ((c)_k k!) z^k for any real a, b, c > 0 and 0 ≤ z < 1,
 * as the tail beside the 1, so that ln ₂F₁ = log1p(tail) keeps the digits of a sum near 1. The terms
 * may change sign (a or b negative) where a or b + k is negative, at most ⌈−a⌉ + ⌈−b⌉ times. It stops
 * when the rest is below 1e-17 of the sum by a geometric bound: past k > −a, −b, every later ratio
 * of terms is at most z·max(1, ((k + m)/(k + min(c, 1)))²), m = max(a, b, 0), as (a + j)(b + j) ≤
 * (j + m)² and (c + j)(j + 1) ≥ (j + min(c, 1))², and that bound falls with j.
 */
export function hyp2f1Tail(a: number, b: number, c: number, z: number): number {
  if (!(c > 0 && z >= 0 && z < 1)) throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) is outside c > 0 and 0 <= z < 1`);
  const m = Math.max(a, b, 0);
  const low = Math.min(c, 1);
  let tail = 0;
  let term = 1;
  for (let k = 0; k < 10_000_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    tail += term;
    if (term === 0) return tail;
    // Before the bound: an overflowed tail would pass it (Infinity <= 1e-17 × Infinity) and come out as a number.
    if (!Number.isFinite(tail)) break;
    const next = k + 1;
    if (next > -a && next > -b) {
      const grow = (next + m) / (next + low);
      const bound = z * (grow > 1 ? grow * grow : 1);
      if (bound < 1 && (Math.abs(term) * bound) / (1 - bound) <= 1e-17 * Math.abs(1 + tail)) return tail;
    }
  }
  throw new SeriesError(`2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/** ln(e^x + e^y) without overflow. */
export function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  if (x === Infinity || y === Infinity) return Infinity; // the shift below would make it ∞ − ∞
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}
