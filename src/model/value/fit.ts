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
 * Maximizes a log-likelihood over positive parameters from `start`. `what` names the model in
 * the error. The gradient is checked by central differences in log space, scaled by the size of
 * the likelihood: at a true maximum it is ~0.
 */
export function maximize(what: string, negLogLikelihood: (params: number[]) => number, start: readonly number[]): Fitted {
  const f = guarded(negLogLikelihood);
  let x = start.map(Math.log);
  let best = f(x);
  let converged = false;
  for (let restart = 0; restart < 20; restart++) {
    const m = nelderMead(f, x, { step: restart === 0 ? 0.5 : 0.05, tolerance: 1e-12, maxIterations: 20_000 });
    const improved = best - m.value;
    x = m.x;
    best = m.value;
    if (m.converged && improved <= 1e-9 * (1 + Math.abs(best))) {
      converged = true;
      break;
    }
  }
  if (!converged || !Number.isFinite(best)) throw new FitError(`the ${what} fit did not converge: the likelihood has no maximum the optimizer can find (too few customers, or customers whose purchases the model cannot describe)`);
  // The likelihood can rise forever towards an edge (nobody bought again: r → 0): the simplex
  // then stops against the guard, flat but at no maximum.
  const edge = x.findIndex((v) => Math.abs(v) > 20);
  if (edge !== -1) throw new FitError(`the ${what} fit did not converge: parameter ${edge + 1} runs off to ${x[edge]! > 0 ? "infinity" : "0"} (the data have no maximum of the likelihood: too few repeat purchases, or none)`);
  const h = 1e-5;
  const gradient = x.map((_, j) => (f(x.map((v, k) => (k === j ? v + h : v))) - f(x.map((v, k) => (k === j ? v - h : v)))) / (2 * h));
  const flat = gradient.every((g) => Number.isFinite(g) && Math.abs(g) <= 1e-3 * Math.max(1, Math.sqrt(Math.abs(best))));
  if (!flat) throw new FitError(`the ${what} fit did not converge: the likelihood is still rising at the optimizer's last point (gradient ${gradient.map((g) => g.toPrecision(3)).join(", ")} in log-parameters), so a parameter runs off towards 0 or infinity`);
  return { params: x.map(Math.exp), logLikelihood: -best };
}
