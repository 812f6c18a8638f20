/**
 * `ceq value` in every format. Model outputs are real numbers, rounded once here: money at the
 * currency's decimals, rates and DERL at 4, α and β at 4 decimals.
 */
import { currencySymbol } from "../currency.js";
import type { ValueResult } from "../model/valuation.js";
import type { Periods } from "../schema/period.js";
import { defuse } from "./csv.js";
import { jsonText, Literal, realLiteral, warningsJson } from "./json.js";
import { markdownOf } from "./markdown.js";
import type { Cell, Section } from "./model.js";
import { tableOf } from "./table.js";
import type { Format, RenderOptions } from "./types.js";
import { withSeparators } from "./values.js";
import { barChart, dataTable, lineChart, page, type Bar, type Series } from "./svg.js";

export interface ValueRenderOptions extends Omit<RenderOptions, "explain"> {
  explain: boolean;
  periods: Periods;
}

const DRIVERS = { retention: "Retention", margin: "Margin", acquisitionCost: "Acquisition cost", discountRate: "Discount rate" } as const;

/** A real number as plain text, rounded once: "266.67", "-0.5", "" for none. */
function plain(x: number | null, decimals: number): string {
  const literal = realLiteral(x, decimals);
  if (literal === null) return "";
  const [int, frac = ""] = literal.text.split(".");
  return decimals === 0 ? int! : `${int}.${frac.padEnd(decimals, "0")}`;
}

function sections(r: ValueResult, o: ValueRenderOptions): Section[] {
  const symbol = currencySymbol(o.currency);
  const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });
  const num = (t: string): Cell => ({ text: t, negative: t.startsWith("-"), numeric: true });
  const money = (x: number | null) => {
    const t = withSeparators(plain(x, o.decimals));
    return num(t === "" ? "" : t.startsWith("-") ? `-${symbol}${t.slice(1)}` : `${symbol}${t}`);
  };
  const rate = (x: number | null) => num(plain(x, 4));
  const percent = (x: number | null) => num(x === null ? "" : `${withSeparators(plain(x * 100, 2))}%`);
  const horizon = r.horizon === null ? "forever" : `${r.horizon} periods`;
  const timing = r.timing === "renewal" ? "at each renewal (DERL)" : `at the ${r.timing} of each period`;
  const figures: Cell[][] = figureRows(r).map(([name, kind, x]) => [text(name), kind === "money" ? money(x) : kind === "rate" ? rate(x) : num(kind === "count" ? withSeparators(String(x)) : plain(x, 2))]);
  const list: Section[] = r.moneyless
    ? [{ title: `Shifted-beta-geometric fit without money (i = ${r.discountRate}, ${horizon}; no --margin: CLV and customer equity left out)`, keys: 1, headers: ["Figure", "Value"], rows: figures }]
    : [
    { title: `Lifetime customer equity (${r.model === "sbg" ? "shifted-beta-geometric" : "constant retention"}, i = ${r.discountRate}, margin ${timing}, ${horizon})`, keys: 1, headers: ["Figure", "Value"], rows: figures },
    {
      title: "Sensitivity: one driver moved, the rest held",
      keys: 2,
      headers: ["Driver", "Change", "Customer equity", "Difference", "Difference %"],
      // The change is a signed figure ("-1%"), not text: numeric, so Markdown does not defuse it.
      rows: r.sensitivity.map((s) => [text(DRIVERS[s.driver]), { text: s.change, negative: false, numeric: true }, money(s.customerEquity), money(s.delta), percent(s.deltaPercent)]),
    },
  ];
  if (r.sbg) {
    const { fit, retention, survival, derl } = r.sbg;
    list.push(
      { title: "Shifted-beta-geometric fit", keys: 1, headers: ["α", "β", "Log-likelihood"], rows: [[num(plain(fit.alpha, 4)), num(plain(fit.beta, 4)), num(plain(fit.logLikelihood, 4))]] },
      { title: "Projection: retention and survival, periods after acquisition", keys: 1, headers: ["Period", "Retention", "Survival"], rows: survival.map((s, t) => [num(String(t)), rate(t === 0 ? null : retention[t - 1]!), rate(s)]) },
      { title: "DERL by renewals made (customers now)", keys: 1, headers: ["Renewals", "DERL", "Customers now"], rows: derl.map((d) => [num(String(d.renewals)), rate(d.value), num(withSeparators(String(d.customers)))]) },
    );
  }
  return list;
}

type Kind = "money" | "rate" | "count" | "number";

/** The figures of the first table, in order: name, kind, value. */
function figureRows(r: ValueResult): [string, Kind, number][] {
  const v = r.valuation;
  if (r.moneyless) return [["New customers per period n", "number", r.inputs.newCustomers.value], ["Customers now", "count", v.currentCustomers]];
  return [
    ...(r.inputs.retention ? [["Retention rate r", "rate", r.inputs.retention.value] as [string, Kind, number]] : []),
    ["Margin per retained customer m", "money", r.inputs.margin.value],
    ["Acquisition cost per new customer c", "money", r.inputs.acquisitionCost.value],
    ["New customers per period n", "number", r.inputs.newCustomers.value],
    ["CLV of a customer", "money", v.clv],
    ["Customers now", "count", v.currentCustomers],
    ["Value of current customers", "money", v.currentValue],
    ["Value of future customers", "money", v.futureValue],
    ["Lifetime customer equity", "money", v.customerEquity],
  ];
}

/** What each figure came from: the data's sums, a flag, or a formula over the figures above. */
function sources(r: ValueResult): [string, string][] {
  const { inputs } = r;
  if (r.moneyless) return [["n", inputs.newCustomers.source], ["customers now", r.current.source], ["money", "not computed: --margin gives CLV = m × DERL(0), the value of current and future customers and lifetime customer equity"]];
  return [
    ...(inputs.retention ? [["r", inputs.retention.source] as [string, string]] : []),
    ["m", inputs.margin.source],
    ["c", inputs.acquisitionCost.source],
    ["n", inputs.newCustomers.source],
    ["CLV", r.model === "sbg" ? "m × DERL(0)" : r.horizon !== null ? `m × Σ r^t/(1+i)^t over ${r.horizon} periods` : r.timing === "end" ? "m·r/(1+i−r)" : "m·(1+i)/(1+i−r)"],
    ["customers now", r.current.source],
    ["current value", r.model === "sbg" ? "Σ customers × m × DERL(renewals)" : "customers now × CLV"],
    ["future value", r.horizon === null ? "n·(CLV − c)/i" : `n·(CLV − c) for each of ${r.horizon} periods, discounted`],
    ["customer equity", "current value + future value"],
  ];
}

const sourceLines = (r: ValueResult, bullet: string): string => `\nWhere each figure comes from:\n${sources(r).map(([k, v]) => `${bullet}${k}: ${v}`).join("\n")}\n`;

const explained = (r: ValueResult, o: ValueRenderOptions): string => (o.explain ? `\nHow each figure was found:\n${r.explain.map((l) => `  ${l}`).join("\n")}\n` : "");

function json(r: ValueResult, o: ValueRenderOptions): string {
  const moneyOf = (x: number | null) => realLiteral(x, o.decimals);
  const rate = (x: number | null) => realLiteral(x, 4);
  // Without a margin the money figures are null: left out, never 0.
  const money = (x: number | null) => (r.moneyless ? null : moneyOf(x));
  const v = r.valuation;
  return jsonText({
    schemaVersion: 1,
    model: r.model,
    currency: o.currency,
    period: o.periods.kind,
    discountRate: new Literal(String(r.discountRate)),
    timing: r.timing,
    horizon: r.horizon,
    inputs: { retention: rate(r.inputs.retention?.value ?? null), margin: money(r.inputs.margin.value), acquisitionCost: money(r.inputs.acquisitionCost.value), newCustomers: rate(r.inputs.newCustomers.value) },
    sources: { retention: r.inputs.retention?.source ?? null, margin: r.inputs.margin.source, acquisitionCost: r.inputs.acquisitionCost.source, newCustomers: r.inputs.newCustomers.source, currentCustomers: r.current.source },
    clv: money(v.clv),
    currentCustomers: v.currentCustomers,
    currentValue: money(v.currentValue),
    futureValue: money(v.futureValue),
    customerEquity: money(v.customerEquity),
    sensitivity: r.sensitivity.map((s) => ({ driver: s.driver, change: s.change, customerEquity: money(s.customerEquity), delta: money(s.delta), deltaPercent: rate(s.deltaPercent) })),
    sbg: r.sbg && {
      alpha: rate(r.sbg.fit.alpha),
      beta: rate(r.sbg.fit.beta),
      logLikelihood: rate(r.sbg.fit.logLikelihood),
      retention: r.sbg.retention.map(rate),
      survival: r.sbg.survival.map(rate),
      derl: r.sbg.derl.map((d) => ({ renewals: d.renewals, value: rate(d.value), customers: d.customers })),
    },
    ...(o.explain ? { explain: r.explain } : {}),
    warnings: warningsJson(o.warnings),
  });
}

/** CSV and TSV: one row per figure (`figure,value`), the sensitivity and the fit as figures too. */
function delimited(r: ValueResult, o: ValueRenderOptions, delimiter: string): string {
  const v = r.valuation;
  const m = (x: number | null) => plain(x, o.decimals);
  const sbg = r.sbg;
  if (r.moneyless && sbg) {
    const rows: [string, string][] = [
      ["model", r.model],
      ["discount_rate", String(r.discountRate)],
      ["timing", r.timing],
      ["horizon", r.horizon === null ? "" : String(r.horizon)],
      ["new_customers", plain(r.inputs.newCustomers.value, 4)],
      ["current_customers", String(v.currentCustomers)],
      ["alpha", plain(sbg.fit.alpha, 4)],
      ["beta", plain(sbg.fit.beta, 4)],
      ["log_likelihood", plain(sbg.fit.logLikelihood, 4)],
      ...sbg.retention.map((x, t): [string, string] => [`retention_${t + 1}`, plain(x, 4)]),
      ...sbg.survival.map((x, t): [string, string] => [`survival_${t}`, plain(x, 4)]),
      ...sbg.derl.map((d): [string, string] => [`derl_${d.renewals}`, plain(d.value, 4)]),
    ];
    return `figure${delimiter}value\n${rows.map(([k, x]) => `${k}${delimiter}${defuse(x)}`).join("\n")}\n`;
  }
  const rows: [string, string][] = [
    ["model", r.model],
    ["discount_rate", String(r.discountRate)],
    ["timing", r.timing],
    ["horizon", r.horizon === null ? "" : String(r.horizon)],
    ["retention", plain(r.inputs.retention?.value ?? null, 4)],
    ["margin", m(r.inputs.margin.value)],
    ["acquisition_cost", m(r.inputs.acquisitionCost.value)],
    ["new_customers", plain(r.inputs.newCustomers.value, 4)],
    ["clv", m(v.clv)],
    ["current_customers", String(v.currentCustomers)],
    ["current_value", m(v.currentValue)],
    ["future_value", m(v.futureValue)],
    ["customer_equity", m(v.customerEquity)],
    ...r.sensitivity.map((s): [string, string] => [`customer_equity_${s.driver === "acquisitionCost" ? "acquisition_cost" : s.driver === "discountRate" ? "discount_rate" : s.driver}_${s.driver === "acquisitionCost" ? "minus_1pct" : s.driver === "discountRate" ? "plus_1pt" : "plus_1pct"}`, m(s.customerEquity)]),
    ...(r.sbg ? ([["alpha", plain(r.sbg.fit.alpha, 4)], ["beta", plain(r.sbg.fit.beta, 4)], ["log_likelihood", plain(r.sbg.fit.logLikelihood, 4)]] as [string, string][]) : []),
  ];
  return `figure${delimiter}value\n${rows.map(([k, x]) => `${k}${delimiter}${defuse(x)}`).join("\n")}\n`;
}

/** The dashboard of a valuation: the figures, the survival curve (observed and fitted) and the sensitivity bars. */
function html(r: ValueResult, o: ValueRenderOptions): string {
  const symbol = currencySymbol(o.currency);
  const money = (x: number | null) => {
    const t = withSeparators(plain(x, o.decimals));
    return t === "" ? "—" : t.startsWith("-") ? `-${symbol}${t.slice(1)}` : `${symbol}${t}`;
  };
  const figures = dataTable("The figures and what they come from", ["Figure", "Value", "From"], figureRows(r).map(([name, kind, x], i) => [name, kind === "money" ? money(x) : kind === "rate" ? plain(x, 4) : kind === "count" ? withSeparators(String(x)) : plain(x, 2), sources(r)[i]?.[1] ?? ""]), 1);
  const bars: Bar[] = r.sensitivity.map((s) => ({ label: `${DRIVERS[s.driver]} ${s.change}`, from: 0, to: s.delta ?? 0, kind: (s.delta ?? 0) >= 0 ? "acquisition" : "churn", figure: money(s.delta), tooltip: `${DRIVERS[s.driver]} ${s.change}: customer equity ${money(s.customerEquity)}, ${money(s.delta)} (${plain(s.deltaPercent === null ? null : s.deltaPercent * 100, 2)}%)` }));
  const sensitivityChart = barChart("sensitivity", "Sensitivity of lifetime customer equity", "The change in lifetime customer equity when one driver moves and the rest are held", bars, { width: 520 });
  const sensitivityTable = dataTable("Sensitivity", ["Driver", "Change", "Customer equity", "Difference", "Difference %"], r.sensitivity.map((s) => [DRIVERS[s.driver], s.change, money(s.customerEquity), money(s.delta), s.deltaPercent === null ? "" : `${plain(s.deltaPercent * 100, 2)}%`]), 2);
  const fitted = r.sbg ? r.sbg.survival : Array.from({ length: 13 }, (_, t) => r.inputs.retention!.value ** t);
  const series: Series[] = [{ name: r.sbg ? "fitted (sBG)" : `r^t, r = ${plain(r.inputs.retention!.value, 4)}`, kind: "fitted", points: fitted }];
  if (r.sbg) series.push({ name: "observed (cohorts)", kind: "actual", points: r.sbg.observed, dots: true });
  const survivalChart = lineChart("survival", "Survival: the share of a cohort still there, periods after it was won", r.sbg ? "Observed survival of the cohorts, pooled, against the fitted shifted-beta-geometric curve" : "The constant model's survival r to the power t", series, { min: 0, max: 1 });
  const survivalTable = dataTable("Survival by periods after acquisition", ["Period", "Fitted", ...(r.sbg ? ["Observed"] : [])], fitted.map((f, t) => [String(t), plain(f, 4), ...(r.sbg ? [t < r.sbg.observed.length ? plain(r.sbg.observed[t]!, 4) : ""] : [])]), 1);
  const derlTable = r.sbg ? dataTable("DERL by renewals made: the expected discounted renewals still to come, in margins", ["Renewals", "DERL", "Customers now"], r.sbg.derl.map((d) => [String(d.renewals), plain(d.value, 4), withSeparators(String(d.customers))]), 1) : "";
  const body = (
    r.moneyless && r.sbg
      ? [
          `<section><h2>Shifted-beta-geometric fit: α ${plain(r.sbg.fit.alpha, 4)}, β ${plain(r.sbg.fit.beta, 4)}</h2><p>No --margin: CLV and customer equity are left out.</p><div class="scroll">${figures}</div></section>`,
          `<section><h2>Survival</h2><div class="charts"><figure>${survivalChart}</figure></div><div class="scroll">${survivalTable}</div></section>`,
          `<section><h2>DERL</h2><div class="scroll">${derlTable}</div></section>`,
        ]
      : [
          `<section><h2>Lifetime customer equity: ${money(r.valuation.customerEquity)}</h2><div class="scroll">${figures}</div></section>`,
          `<section><h2>Survival</h2><div class="charts"><figure>${survivalChart}</figure></div><div class="scroll">${survivalTable}</div></section>`,
          `<section><h2>Sensitivity</h2><div class="charts"><figure>${sensitivityChart}</figure></div><div class="scroll">${sensitivityTable}</div></section>`,
        ]
  ).join("\n");
  const subtitle = `${r.model === "sbg" ? "Shifted-beta-geometric model" : "Constant retention"} · discount rate ${r.discountRate} a ${o.periods.kind} · ${r.horizon === null ? "forever" : `${r.horizon} periods`} · ${o.currency}`;
  return page("Customer equity as lifetime value", subtitle, body, json(r, o).trimEnd());
}

export const valueRenderers = {
  table: (r, o) => tableOf(sections(r, o), o) + sourceLines(r, "  ") + explained(r, o),
  markdown: (r, o) => markdownOf(sections(r, o)) + sourceLines(r, "- ") + explained(r, o),
  csv: (r, o) => delimited(r, o, ","),
  tsv: (r, o) => delimited(r, o, "\t"),
  json,
  html,
} satisfies Record<Format | "html", (result: ValueResult, options: ValueRenderOptions) => string>;
