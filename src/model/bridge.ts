/**
 * The bridge: the change of customer equity from one period to the next, split into drivers
 * that add up to it exactly. Pure: no I/O, no formatting.
 *
 * For each phase with n customers, revenue R = n × a (a the average) and cost C:
 *
 *   count effect = (n₁ − n₀) × a₀          (more or fewer customers at last period's average)
 *   rate effect  = (a₁ − a₀) × n₁          (a higher or lower average over this period's customers)
 *   cost effect  = −(C₁ − C₀)              (acquisition and retention; churn carries no cost)
 *
 * count + rate = n₁a₁ − n₀a₀ = R₁ − R₀, so the drivers of all phases add up to
 * Σ ±(R₁ − R₀) − ΔC = ΔCE, the change (churned revenue counts with a minus). The average a₀ is a
 * quotient that may not end (100 ÷ 3), so the count effect is rounded half-to-even to the money's
 * decimals and the rate effect is the exact rest of the revenue change: Δa × n₁ to within half a
 * minor unit, and count + rate = R₁ − R₀ exactly. A phase with no customers last period has no
 * average: all of its revenue then comes with its customers (count = R₁, rate = 0).
 *
 * Amounts with more decimals than are printed (four-decimal exports) are printed by cumulative
 * rounding: step i prints round(S_i) − round(S_{i−1}), S_i the exact sum of steps 1..i, so the
 * printed steps sum to round(change), the printed change, with no residual.
 */
import { add, decimal, fromInteger, multiplyInteger, negate, roundedCoef, subtract, ZERO, type Decimal } from "../money.js";
import type { Phase } from "../schema/row.js";
import type { PhaseSummary } from "./equity.js";

export type BridgeDriver = "count" | "rate" | "cost";

export interface BridgeStep {
  phase: Phase;
  driver: BridgeDriver;
  /** The step's effect on customer equity, at the money's decimals. */
  amount: Decimal;
}

/** The phases of one period, as the bridge reads them. */
export type PhaseSet = Record<Phase, Pick<PhaseSummary, "customers" | "revenue" | "cost">>;

/** (n₁ − n₀) × R₀ ÷ n₀ rounded half-to-even to `decimals`; R₁ when there was nobody last period. */
export function countEffect(n0: number, r0: Decimal, n1: number, r1: Decimal, decimals: number): Decimal {
  if (n0 === 0) return r1;
  const product = multiplyInteger(r0, n1 - n0);
  return decimal(roundedCoef({ num: product, den: fromInteger(n0) }, decimals), decimals);
}

/** The exact drivers of one phase, signed as they move customer equity. */
function phaseSteps(phase: Phase, before: PhaseSet[Phase], after: PhaseSet[Phase], decimals: number): BridgeStep[] {
  const sign = (d: Decimal) => (phase === "churn" ? negate(d) : d);
  const count = countEffect(before.customers, before.revenue, after.customers, after.revenue, decimals);
  const rate = subtract(subtract(after.revenue, before.revenue), count);
  const steps: BridgeStep[] = [
    { phase, driver: "count", amount: sign(count) },
    { phase, driver: "rate", amount: sign(rate) },
  ];
  if (phase !== "churn") steps.push({ phase, driver: "cost", amount: negate(subtract(after.cost, before.cost)) });
  return steps;
}

/** Rounds steps so that the printed ones sum to the printed total (see the module's comment). */
export function cumulativeRound(steps: readonly BridgeStep[], decimals: number): BridgeStep[] {
  let exact = ZERO;
  let printed = 0n;
  return steps.map((step) => {
    exact = add(exact, step.amount);
    const upTo = roundedCoef(exact, decimals);
    const amount = decimal(upTo - printed, decimals);
    printed = upTo;
    return { ...step, amount };
  });
}

/**
 * The bridge from `before` to `after`: acquisition, retention and churn, each count then rate
 * then cost; the amounts, at `decimals`, sum to the change of customer equity rounded to them.
 */
export function bridge(before: PhaseSet, after: PhaseSet, decimals: number): BridgeStep[] {
  const steps = (["acquisition", "retention", "churn"] as const).flatMap((phase) => phaseSteps(phase, before[phase], after[phase], decimals));
  return cumulativeRound(steps, decimals);
}

/** The exact sum of a bridge's steps. */
export const bridgeSum = (steps: readonly BridgeStep[]): Decimal => steps.reduce((sum, s) => add(sum, s.amount), ZERO);
