/**
 * The one fitting routine of the purchase and spend models, as lifetimes' BaseFitter is theirs:
 * maximum likelihood by Nelder–Mead on the parameters' logarithms (so that every parameter stays
 * positive), restarted from its own result until a restart no longer improves it, then checked:
 * a fit whose numerical gradient is not flat, or whose likelihood is not a number, is an error
 * (FitError), never a figure.
 */
import { nelderMead } from "../numeric.js";
import { FitError } from "../sbg.js";

export { FitError };

export interface Fitted {
  /** The parameters, in the order of the start. */
  params: number[];
  logLikelihood: number;
}

/** −ln L of log-parameters, +∞ where the likelihood is not a number (so the simplex moves away). */
const guarded = (negLogLikelihood: (params: number[]) => number) => (logs: number[]): number => {
  if (logs.some((v) => Math.abs(v) > 30)) return Infinity;
  const value = negLogLikelihood(logs.map(Math.exp));
  return Number.isFinite(value) ? value : Infinity;
};

/**
 * A start for newtonMaximize: the simplex (Nelder–Mead, restarted until it stops improving) over
 * the logarithms of positive parameters from `start`. `what` names the model in the error. It
 * judges no convergence itself: newtonMaximize does, by the Hessian and the Newton decrement.
 */
export function simplexStart(what: string, negLogLikelihood: (params: number[]) => number, start: readonly number[]): Fitted {
  const f = guarded(negLogLikelihood);
  let x = start.map(Math.log);
  let best = f(x);
  for (let restart = 0; restart < 20; restart++) {
    const m = nelderMead(f, x, { step: restart === 0 ? 0.5 : 0.05, tolerance: 1e-12, maxIterations: 20_000 });
    // Not a number at any point the simplex went (it ran its 20,000 steps): a restart, with a
    // smaller step from the same place, would only repeat that 19 times more before the refusal.
    if (!Number.isFinite(m.value)) break;
    const improved = best - m.value;
    x = m.x;
    best = m.value;
    if (m.converged && improved <= 1e-9 * (1 + Math.abs(best))) break;
  }
  if (!Number.isFinite(best)) throw new FitError(`the ${what} fit did not converge: the likelihood is not a number anywhere the optimizer went`);
  return { params: x.map(Math.exp), logLikelihood: -best };
}

/** ln L and its gradient at a point of the parameters' coordinates (and its Hessian, when the caller has it). */
export interface Smooth {
  value: number;
  gradient: number[];
  hessian?: number[][];
}

/**
 * ln L's gradient and Hessian by central differences of its value: the tests' reference for the
 * fits' analytic derivatives (Pareto/NBD's fit used it until paretoSmooth). With step h in
 * the coordinates (logarithms of the parameters): ∂ᵢ = (f(u+heᵢ) − f(u−heᵢ))/2h, ∂ᵢᵢ = (f(u+heᵢ) −
 * 2f(u) + f(u−heᵢ))/h², ∂ᵢⱼ = (f(++) − f(+−) − f(−+) + f(−−))/4h²: 1 + 2n + 2n(n−1) values. The
 * gradient's error is h²/6 of the third derivative (for h = 1e-4, about 2e-9 standard errors of
 * where the maximum is found) plus the rounding of ln L's sum, ε|ln L|/h; the Hessian only steers
 * Newton's steps, and the decrement it gives is scale-free, so its error of ε|ln L|/h² does not move
 * the maximum. +∞ anywhere (a value that is not a number) makes the point one Newton does not take.
 */
export function numericalSmooth(f: (u: number[]) => number, u: readonly number[], h = 1e-4): Smooth {
  const n = u.length;
  const at = (moves: [number, number][]) => f(u.map((v, k) => v + moves.reduce((s, [j, d]) => (j === k ? s + d : s), 0)));
  const value = f(u.slice());
  const up = u.map((_, i) => at([[i, h]]));
  const down = u.map((_, i) => at([[i, -h]]));
  const gradient = u.map((_, i) => (up[i]! - down[i]!) / (2 * h));
  const hessian = u.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    hessian[i]![i] = (up[i]! - 2 * value + down[i]!) / (h * h);
    for (let j = 0; j < i; j++) {
      const mixed = (at([[i, h], [j, h]]) - at([[i, h], [j, -h]]) - at([[i, -h], [j, h]]) + at([[i, -h], [j, -h]])) / (4 * h * h);
      hessian[i]![j] = hessian[j]![i] = mixed;
    }
  }
  return { value, gradient, hessian };
}

export interface NewtonFit {
  /** The coordinates at the maximum. */
  u: number[];
  logLikelihood: number;
  /** gᵀ(−H)⁻¹g at the last point: twice the rise in ln L still available, by the quadratic model. */
  decrement: number;
  iterations: number;
}

/**
 * The Newton decrement's bound for convergence. λ² = gᵀ(−H)⁻¹g is scale-free: λ²/2 is what ln L
 * could still rise, and λ is the distance left to the maximum in standard errors (−H is the
 * observed information). So 1e-9 means "within 3e-5 standard errors", whatever the number of
 * customers, where a bound on the absolute gradient of a sum over millions of customers mostly
 * tests the rounding of that sum.
 */
export const DECREMENT = 1e-9;

/** Cholesky factor of a symmetric matrix, or null if it is not positive definite. */
function cholesky(m: number[][]): number[][] | null {
  const n = m.length;
  const l = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

/** x with L Lᵀ x = b. */
function cholSolve(l: number[][], b: readonly number[]): number[] {
  const n = b.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/**
 * Maximizes a smooth ln L by Newton's method with Levenberg–Marquardt damping, from a start near
 * the maximum (a Nelder–Mead fit on a sample of the data). The Hessian is `f`'s own when it gives
 * one (bgnbdSmooth's analytic one, numericalSmooth's), else the central difference of the analytic gradient. Converged when −H is positive definite (a maximum, not a saddle or a
 * ridge) and the Newton decrement is at most DECREMENT. `edge` names a coordinate that has run
 * off (the likelihood rising towards a limit the model's parameters cannot reach), or null; with
 * `stalled`, where Newton could go no further, it may judge on a looser bound.
 * Anything else is a FitError: never a figure.
 */
export function newtonMaximize(what: string, f: (u: number[]) => Smooth, start: readonly number[], edge: (u: number[], stalled?: boolean) => string | null): NewtonFit {
  let u = start.slice();
  let at = f(u);
  const notNumber = (s: Smooth) => !Number.isFinite(s.value) || s.gradient.some((g) => !Number.isFinite(g)) || (s.hessian?.some((row) => row.some((v) => !Number.isFinite(v))) ?? false);
  if (notNumber(at)) throw new FitError(`the ${what} fit did not converge: the likelihood is not a number at the optimizer's start`);
  const offAtStart = edge(u);
  if (offAtStart) throw new FitError(`the ${what} fit did not converge: ${offAtStart}`);
  const h = 1e-5;
  for (let iteration = 0; iteration < 100; iteration++) {
    const columns =
      at.hessian ??
      u.map((_, j) => {
        const up = f(u.map((v, k) => (k === j ? v + h : v))).gradient;
        const down = f(u.map((v, k) => (k === j ? v - h : v))).gradient;
        return up.map((g, i) => (g - down[i]!) / (2 * h));
      });
    // −H, symmetrized.
    const info = u.map((_, i) => u.map((_, j) => -(columns[j]![i]! + columns[i]![j]!) / 2));
    const l = cholesky(info);
    if (l) {
      const direction = cholSolve(l, at.gradient);
      const decrement = at.gradient.reduce((s, g, i) => s + g * direction[i]!, 0);
      if (decrement <= DECREMENT) return { u, logLikelihood: at.value, decrement, iterations: iteration };
    }
    const scale = Math.max(...info.map((row, i) => Math.abs(row[i]!)), 1e-12);
    let mu = l ? 0 : 1e-6 * scale;
    let moved = false;
    for (let tries = 0; tries < 40 && !moved; tries++) {
      const damped = cholesky(info.map((row, i) => row.map((v, j) => (i === j ? v + mu : v))));
      if (damped) {
        let step = cholSolve(damped, at.gradient);
        const longest = Math.max(...step.map(Math.abs));
        if (longest > 2) step = step.map((s) => (s * 2) / longest);
        const next = u.map((v, i) => v + step[i]!);
        const there = f(next);
        // A step that does not lower ln L beyond its rounding is taken: near the maximum the
        // rises are below the sum's last digits, and the decrement, not the value, decides.
        if (!notNumber(there) && there.value >= at.value - 1e-13 * Math.abs(at.value)) {
          u = next;
          at = there;
          moved = true;
          break;
        }
      }
      mu = Math.max(mu * 10, 1e-6 * scale);
    }
    if (!moved) break;
    const off = edge(u);
    if (off) throw new FitError(`the ${what} fit did not converge: ${off}`);
  }
  // Stalled far along a ridge: `edge` may tell where it was heading.
  throw new FitError(`the ${what} fit did not converge: ${edge(u, true) ?? "Newton's method found no point where the likelihood is flat and curved down (a maximum)"}`);
}

/** thin()'s k for n items: the smallest that leaves at most `size`. */
export const thinStep = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));

/**
 * Every k-th item with its weight times k, k such that about `size` are left: the start of a
 * Newton fit (a Nelder–Mead on the whole of a 10M-row log's customers would cost more than the
 * reading). Deterministic.
 */
export function thin<T>(items: readonly T[], size: number): { items: T[]; every: number } {
  const every = thinStep(items.length, size);
  return { items: every === 1 ? items.slice() : items.filter((_, k) => k % every === 0), every };
}

/** The maximum of a sample's likelihood as a start for the whole's, or `start` where the sample has none. */
export function sampleMaximum(what: string, f: (u: number[]) => Smooth, start: readonly number[], edge: (u: number[], stalled?: boolean) => string | null): number[] {
  try {
    return newtonMaximize(what, f, start, edge).u;
  } catch (error) {
    if (error instanceof FitError) return start.slice();
    throw error;
  }
}
