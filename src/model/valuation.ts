/**
 * A whole valuation, from its inputs to the figures `ceq value` prints: the constant model or the
 * sBG fit, current and future customers, the sensitivity table and the formulas filled in.
 */
import { cohortSize, currentByRenewals, firstGrowth, survivors, type CohortTable } from "./cohorts.js";
import { fitSbg, retentionAt, survival, type SbgFit } from "./sbg.js";
import { constantRetention, sbgRetention, sensitivity, valuation, type RetentionModel, type Sensitivity, type Timing, type Valuation, type ValueSettings } from "./value.js";
import type { Derived } from "./value-inputs.js";

export interface SbgResult {
  fit: SbgFit;
  /** Projected retention rate of periods 1, 2, …, and survival of periods 0, 1, 2, …. */
  retention: number[];
  survival: number[];
  /** The cohorts' own survival by age, pooled: customers still there ÷ the sizes of the cohorts followed that long. */
  observed: number[];
  /** DERL for 0 renewals up to the most any current customer has made. */
  derl: { renewals: number; value: number; customers: number }[];
}

export interface ValueResult {
  model: "constant" | "sbg";
  discountRate: number;
  /** "renewal" for sBG: DERL counts each renewal's margin, the next one undiscounted. */
  timing: Timing | "renewal";
  horizon: number | null;
  inputs: { retention: Derived | null; margin: Derived; acquisitionCost: Derived; newCustomers: Derived };
  current: Derived;
  valuation: Valuation;
  sensitivity: Sensitivity[];
  sbg: SbgResult | null;
  /** Each formula with its numbers filled in. */
  explain: string[];
  /**
   * sBG from a cohorts file without --margin: the fit, the projection and DERL are the result, and
   * the money figures (computed at a margin of 0) are not, so renderers leave them out.
   */
  moneyless?: boolean;
}

export interface ValueRequest {
  discountRate: number;
  timing: Timing;
  horizon: number | null;
  margin: Derived;
  acquisitionCost: Derived;
  newCustomers: Derived;
}

const f = (x: number, d = 2): string => x.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d });

function explainFuture(v: Valuation, req: ValueRequest): string[] {
  const { discountRate: i, horizon } = req;
  const n = req.newCustomers.value;
  const c = req.acquisitionCost.value;
  const pv = horizon === null ? `/ ${i}` : `× (1 − (1 + ${i})^−${horizon}) / ${i}`;
  return [
    `future value = n × (CLV − c) ${horizon === null ? "/ i" : "× (1 − (1 + i)^−N) / i"} = ${f(n, 4)} × (${f(v.clv)} − ${f(c)}) ${pv} = ${f(v.futureValue)}`,
    `customer equity = current value + future value = ${f(v.currentValue)} + ${f(v.futureValue)} = ${f(v.customerEquity)}`,
  ];
}

/** The constant model: r, m, c and n as given or taken from the data. */
export function constantValue(req: ValueRequest, retention: Derived, current: Derived): ValueResult {
  const settings: ValueSettings = { discountRate: req.discountRate, timing: req.timing, horizon: req.horizon };
  const r = retention.value;
  const inputs = { margin: req.margin.value, acquisitionCost: req.acquisitionCost.value, newCustomers: req.newCustomers.value };
  const v = valuation(constantRetention(r), inputs, [[0, current.value]], settings);
  const rows = sensitivity(v, (x) => {
    const moved = r * x.retentionScale;
    if (moved > 1 || (moved >= 1 && req.horizon === null)) return null;
    return valuation(constantRetention(moved), { ...inputs, margin: inputs.margin * x.marginScale, acquisitionCost: inputs.acquisitionCost * x.costScale }, [[0, current.value]], { ...settings, discountRate: settings.discountRate + x.rateShift });
  });
  const { discountRate: i, horizon } = req;
  const m = req.margin.value;
  const clv =
    horizon === null
      ? req.timing === "end"
        ? `CLV = m × r / (1 + i − r) = ${f(m)} × ${f(r, 4)} / (1 + ${i} − ${f(r, 4)}) = ${f(v.clv)}`
        : `CLV = m × (1 + i) / (1 + i − r) = ${f(m)} × (1 + ${i}) / (1 + ${i} − ${f(r, 4)}) = ${f(v.clv)}`
      : `CLV = m × Σ_{t=${req.timing === "end" ? `1..${horizon}` : `0..${horizon - 1}`}} r^t / (1 + i)^t = ${f(m)} × Σ ${f(r, 4)}^t / ${1 + i}^t = ${f(v.clv)}`;
  const explain = [clv, `current value = customers active now × CLV = ${f(current.value, 0)} × ${f(v.clv)} = ${f(v.currentValue)}`, ...explainFuture(v, req)];
  return { model: "constant", discountRate: i, timing: req.timing, horizon, inputs: { retention, ...pick(req) }, current, valuation: v, sensitivity: rows, sbg: null, explain };
}

const pick = (req: ValueRequest) => ({ margin: req.margin, acquisitionCost: req.acquisitionCost, newCustomers: req.newCustomers });

/** Why cohorts cannot be fitted: they grow, which survival never does. */
export function growthProblem(table: CohortTable, label: (period: number) => string): string | undefined {
  const grows = firstGrowth(table);
  if (!grows) return undefined;
  return `cohort ${label(grows.cohort)} grows from ${grows.before.toLocaleString("en")} to ${grows.after.toLocaleString("en")} customers in ${label(grows.period)}: survivors never grow, so the shifted-beta-geometric model cannot be fitted (customers who come back are a non-contractual business's: see BG/NBD)`;
}

/** The sBG model: α and β fitted to the cohorts' survivors; current customers valued by their renewals. */
/** With `moneyless`, req's margin and acquisition cost are placeholders: see ValueResult.moneyless. */
export function sbgValue(req: ValueRequest, table: CohortTable, label: (period: number) => string, moneyless = false): ValueResult {
  const fit = fitSbg(survivors(table));
  const { alpha, beta } = fit;
  const settings: ValueSettings = { discountRate: req.discountRate, timing: "start", horizon: req.horizon };
  const current = currentByRenewals(table);
  const inputs = { margin: req.margin.value, acquisitionCost: req.acquisitionCost.value, newCustomers: req.newCustomers.value };
  const model: RetentionModel = sbgRetention(alpha, beta);
  const v = valuation(model, inputs, current, settings);
  const rows = sensitivity(v, (x) =>
    valuation(sbgRetention(alpha, beta, x.retentionScale), { ...inputs, margin: inputs.margin * x.marginScale, acquisitionCost: inputs.acquisitionCost * x.costScale }, current, { ...settings, discountRate: settings.discountRate + x.rateShift }),
  );
  const longest = Math.max(...table.cohorts.map((c) => c.cells.length));
  const span = Math.max(12, longest + 5);
  const most = Math.max(0, ...current.map(([n]) => n));
  const derl = Array.from({ length: most + 1 }, (_, n) => ({ renewals: n, value: model.multiple(n, settings), customers: current.find(([k]) => k === n)?.[1] ?? 0 }));
  const m = req.margin.value;
  const i = req.discountRate;
  const explain = [
    `α, β = argmax Σ cohorts [Σ_t left(t) × ln P(T = t) + still there × ln S(T)] over ${table.cohorts.length} cohort${table.cohorts.length === 1 ? "" : "s"} (${table.cohorts.map((c) => `${label(c.period)}: ${cohortSize(c).toLocaleString("en")}`).join(", ")}) = ${alpha.toFixed(4)}, ${beta.toFixed(4)}`,
    `retention(t) = (β + t − 1) / (α + β + t − 1): period 1 = ${retentionAt(alpha, beta, 1).toFixed(4)}, period ${longest - 1} = ${retentionAt(alpha, beta, longest - 1).toFixed(4)}`,
    `DERL(n) = (β + n) / (α + β + n) × ₂F₁(1, β + n + 1; α + β + n + 1; 1 / (1 + i))${req.horizon === null ? "" : `, summed over ${req.horizon} renewals`}`,
    `CLV = m × DERL(0) = ${f(m)} × ${derl[0]!.value.toFixed(4)} = ${f(v.clv)}`,
    `current value = Σ customers × m × DERL(renewals) = ${current.map(([n, k]) => `${k.toLocaleString("en")} × ${f(m)} × ${model.multiple(n, settings).toFixed(4)}`).join(" + ") || "0"} = ${f(v.currentValue)}`,
    ...explainFuture(v, req),
  ];
  const observed = Array.from({ length: longest }, (_, age) => {
    const followed = table.cohorts.filter((c) => c.cells.length > age);
    return followed.reduce((s, c) => s + c.cells[age]!.customers, 0) / followed.reduce((s, c) => s + cohortSize(c), 0);
  });
  const sbg: SbgResult = {
    fit,
    observed,
    retention: Array.from({ length: span }, (_, t) => retentionAt(alpha, beta, t + 1)),
    survival: Array.from({ length: span + 1 }, (_, t) => survival(alpha, beta, t)),
    derl,
  };
  const customers = current.reduce((s, [, k]) => s + k, 0);
  const currentDerived: Derived = { value: customers, source: `active in ${label(table.last)}, by cohort` };
  if (moneyless) return { model: "sbg", discountRate: i, timing: "renewal", horizon: req.horizon, inputs: { retention: null, ...pick(req) }, current: currentDerived, valuation: v, sensitivity: [], sbg, explain: explain.slice(0, 3), moneyless };
  return { model: "sbg", discountRate: i, timing: "renewal", horizon: req.horizon, inputs: { retention: null, ...pick(req) }, current: currentDerived, valuation: v, sensitivity: rows, sbg, explain };
}

