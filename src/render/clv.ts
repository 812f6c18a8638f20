/**
 * `ceq value --model bgnbd | pareto-nbd` in every format, and the per-customer file. Model outputs
 * are real numbers rounded once here: money at the currency's decimals, parameters, P(alive) and
 * expected purchases at 4; a customer's mean spend is exact (the repeat days' total ÷ x).
 */
import { currencySymbol } from "../currency.js";
import type { Issue } from "../issues.js";
import { toLiteral, type Ratio } from "../money.js";
import type { ClvModel, ClvValuation, CustomerValue } from "../model/value/clv.js";
import type { HoldoutTables } from "../model/value/holdout.js";
import { UNIT_DAYS, type CustomerSummary } from "../model/value/summary.js";
import type { Sensitivity } from "../model/value.js";
import { defuse } from "./csv.js";
import { jsonText, Literal, realLiteral, warningsJson, type Json } from "./json.js";
import { markdownOf } from "./markdown.js";
import type { Cell, Section } from "./model.js";
import { dataTable, lineChart, page } from "./svg.js";
import { tableOf } from "./table.js";
import { withSeparators } from "./values.js";

export interface ClvResult {
  clv: ClvModel;
  valuation: ClvValuation;
  sensitivity: Sensitivity[];
  /** Repeat customers left out of the Gamma-Gamma fit (mean spend ≤ 0). */
  excluded: number;
  calibrationEnd: string;
  holdout: HoldoutTables | null;
  holdoutEnd: string | null;
  sources: { acquisitionCost: string; newCustomers: string };
}

export interface ClvRenderOptions {
  currency: string;
  decimals: number;
  color: boolean;
  width: number | undefined;
  warnings: readonly Issue[];
  top: number;
  meanSpend: (c: CustomerSummary) => Ratio | null;
}

const MODEL_NAMES = { bgnbd: "BG/NBD", "pareto-nbd": "Pareto/NBD" } as const;
const DRIVERS = { retention: "Retention", margin: "Margin", acquisitionCost: "Acquisition cost", discountRate: "Discount rate" } as const;

/** A real number as plain text, rounded once: "266.67", "" for none. */
function plain(x: number | null, decimals: number): string {
  const literal = realLiteral(x, decimals);
  if (literal === null) return "";
  const [int, frac = ""] = literal.text.split(".");
  return decimals === 0 ? int! : `${int}.${frac.padEnd(decimals, "0")}`;
}

/**
 * Customers by CLV, most valuable first; ties by id, so that the order never depends on the log's.
 * With `first`, only the first that many, kept in one pass (the table's --top, not a sort of millions).
 * Customers are compared by their index into the model's arrays; their figures are made for the ones returned.
 */
export function ranked(r: ClvResult, first?: number): CustomerValue[] {
  if (first === 0) return [];
  const { clvs, customers } = r.clv;
  // A customer's id is made when first compared (customers may be a list that makes them when asked).
  const names = new Map<number, string>();
  const id = (k: number): string => {
    let name = names.get(k);
    if (name === undefined) names.set(k, (name = customers.at(k)!.id));
    return name;
  };
  const byValue = (a: number, b: number) => clvs[b]! - clvs[a]! || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  const n = r.clv.size;
  if (first === undefined || first * 8 >= n) return Array.from({ length: n }, (_, k) => k).sort(byValue).slice(0, first).map((k) => r.clv.value(k));
  const best: number[] = [];
  for (let v = 0; v < n; v++) {
    if (best.length === first && byValue(v, best[first - 1]!) >= 0) continue;
    let k = best.length === first ? first - 1 : best.length;
    while (k > 0 && byValue(v, best[k - 1]!) < 0) k--;
    best.splice(k, 0, v);
    if (best.length > first) best.pop();
  }
  return best.map((k) => r.clv.value(k));
}

const paramLabels = (r: ClvResult): [string, string, number][] => {
  const p = r.clv.purchases.params;
  return r.clv.purchases.name === "bgnbd"
    ? [["r", "r", p.r!], ["α", "alpha", p.alpha!], ["a", "a", p.a!], ["b", "b", p.b!]]
    : [["r", "r", p.r!], ["α", "alpha", p.alpha!], ["s", "s", p.s!], ["β", "beta", p.beta!]];
};

/** The first table's figures: name, kind, value. */
function figures(r: ClvResult): [string, "money" | "count" | "number" | "text", number | string][] {
  const v = r.valuation;
  const s = r.clv.settings;
  return [
    ["Customers (first purchase by the calibration end)", "count", r.clv.customers.length],
    ["Repeat customers", "count", r.clv.repeatCustomers],
    ["Calibration end", "text", r.calibrationEnd],
    ["Margin rate", "number", s.marginRate],
    [`Acquisition cost per new customer c`, "money", s.acquisitionCost],
    [`New customers per ${s.unit} n`, "number", s.newCustomers],
    ["CLV of a customer just acquired", "money", v.clv],
    ["Value of current customers (Σ CLV)", "money", v.currentValue],
    ["Value of future customers", "money", v.futureValue],
    ["Lifetime customer equity", "money", v.customerEquity],
  ];
}

function sections(r: ClvResult, o: ClvRenderOptions): Section[] {
  const symbol = currencySymbol(o.currency);
  const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });
  const num = (t: string): Cell => ({ text: t, negative: t.startsWith("-"), numeric: true });
  const moneyText = (x: number | null) => {
    const t = withSeparators(plain(x, o.decimals));
    return t === "" ? "" : t.startsWith("-") ? `-${symbol}${t.slice(1)}` : `${symbol}${t}`;
  };
  const money = (x: number | null) => num(moneyText(x));
  const four = (x: number | null) => num(plain(x, 4));
  const s = r.clv.settings;
  const name = MODEL_NAMES[r.clv.purchases.name];
  const list: Section[] = [
    {
      title: `Lifetime customer equity (${name} and Gamma-Gamma, i = ${s.discountRate} a year, ${s.horizon} ${s.unit}s)`,
      keys: 1,
      headers: ["Figure", "Value"],
      rows: figures(r).map(([label, kind, x]) => [text(label), kind === "money" ? money(x as number) : kind === "count" ? num(withSeparators(String(x))) : kind === "text" ? text(String(x)) : num(plain(x as number, 4))]),
    },
    { title: `${name} purchase model (time in ${s.unit}s)`, keys: 0, headers: [...paramLabels(r).map(([l]) => l), "Log-likelihood"], rows: [[...paramLabels(r).map(([, , v]) => four(v)), four(r.clv.purchases.logLikelihood)]] },
    { title: "Gamma-Gamma spend model", keys: 0, headers: ["p", "q", "γ", "Log-likelihood", "Left out (mean ≤ 0)"], rows: [[four(r.clv.spend.p), four(r.clv.spend.q), four(r.clv.spend.gamma), four(r.clv.spend.logLikelihood), num(String(r.excluded))]] },
    {
      title: "Sensitivity: one driver moved, the rest held",
      keys: 2,
      headers: ["Driver", "Change", "Customer equity", "Difference", "Difference %"],
      // The change is a signed figure ("-1%"), not text: numeric, so it aligns right and Markdown does not defuse it.
      rows: r.sensitivity.map((x) => [text(DRIVERS[x.driver]), { text: x.change, negative: false, numeric: true }, money(x.customerEquity), money(x.delta), num(x.deltaPercent === null ? "" : `${plain(x.deltaPercent * 100, 2)}%`)]),
    },
  ];
  if (o.top > 0) {
    list.push({
      title: `The ${Math.min(o.top, r.clv.size)} most valuable customers over ${s.horizon} ${s.unit}s`,
      keys: 1,
      headers: ["Customer", "x", "t_x", "T", "Mean spend", "P(alive)", "Expected purchases", "Expected spend", "CLV"],
      rows: ranked(r, o.top).map((v) => customerCells(v, r, o).map((c, k) => (k === 0 ? text(c) : num(k === 4 || k >= 7 ? withSeparators(c) : c)))),
    });
  }
  if (r.holdout) {
    const h = r.holdout;
    list.push(
      { title: `Holdout to ${r.holdoutEnd} (${plain(h.length, 2)} ${s.unit}s): repeat purchases by number of calibration purchases, per customer`, keys: 1, headers: ["Calibration purchases", "Customers", "Predicted", "Actual"], rows: h.conditional.map((g) => [text(g.x === 7 ? "7+" : String(g.x)), num(withSeparators(String(g.customers))), four(g.predicted), four(g.actual)]) },
      { title: `Tracking: repeat purchases per ${s.unit}, predicted and actual (mean absolute error per customer over the holdout ${plain(h.meanAbsoluteError, 4)})`, keys: 1, headers: [s.unit[0]!.toUpperCase() + s.unit.slice(1), "Period", "Predicted", "Actual"], rows: h.tracking.map((t) => [num(String(t.unit + 1)), text(t.holdout ? "holdout" : "calibration"), four(t.predicted), num(String(t.actual))]) },
    );
  }
  return list;
}

/** A customer's row as text: id, x, t_x, T, mean spend, P(alive), expected purchases, expected spend, CLV. */
function customerCells(v: CustomerValue, r: ClvResult, o: Pick<ClvRenderOptions, "decimals" | "meanSpend">): string[] {
  const u = UNIT_DAYS[r.clv.settings.unit];
  const c = v.customer;
  const mean = o.meanSpend(c);
  return [c.id, String(c.x), plain(c.txDays / u, 4), plain(c.tDays / u, 4), mean === null ? "" : toLiteral(mean, o.decimals), plain(v.pAlive, 4), plain(v.expectedPurchases, 4), plain(v.expectedSpend, o.decimals), plain(v.clv, o.decimals)];
}

const PER_CUSTOMER = ["customer_id", "x", "t_x", "T", "mean_spend", "p_alive", "expected_purchases", "expected_spend", "clv"];

function json(r: ClvResult, o: ClvRenderOptions): string {
  const money = (x: number | null) => realLiteral(x, o.decimals);
  const four = (x: number | null) => realLiteral(x, 4);
  const v = r.valuation;
  const s = r.clv.settings;
  const params: Record<string, Json> = Object.fromEntries(paramLabels(r).map(([, key, x]) => [key, four(x)]));
  const h = r.holdout;
  return jsonText({
    schemaVersion: 1,
    model: r.clv.purchases.name,
    currency: o.currency,
    timeUnit: s.unit,
    discountRate: new Literal(String(s.discountRate)),
    horizon: s.horizon,
    inputs: { marginRate: new Literal(String(s.marginRate)), acquisitionCost: money(s.acquisitionCost), newCustomers: four(s.newCustomers) },
    sources: r.sources,
    clv: money(v.clv),
    currentCustomers: v.currentCustomers,
    currentValue: money(v.currentValue),
    futureValue: money(v.futureValue),
    customerEquity: money(v.customerEquity),
    sensitivity: r.sensitivity.map((x) => ({ driver: x.driver, change: x.change, customerEquity: money(x.customerEquity), delta: money(x.delta), deltaPercent: four(x.deltaPercent) })),
    [r.clv.purchases.name === "bgnbd" ? "bgnbd" : "paretoNbd"]: { ...params, logLikelihood: four(r.clv.purchases.logLikelihood) },
    gammaGamma: { p: four(r.clv.spend.p), q: four(r.clv.spend.q), gamma: four(r.clv.spend.gamma), logLikelihood: four(r.clv.spend.logLikelihood), excluded: r.excluded },
    summary: { customers: r.clv.customers.length, repeatCustomers: r.clv.repeatCustomers, calibrationEnd: r.calibrationEnd, timeUnit: s.unit },
    top: ranked(r, o.top).map((c) => customerJson(c, r, o)),
    holdout: h && {
      end: r.holdoutEnd,
      length: four(h.length),
      meanAbsoluteError: four(h.meanAbsoluteError),
      conditional: h.conditional.map((g) => ({ x: g.x === 7 ? "7+" : String(g.x), customers: g.customers, predicted: four(g.predicted), actual: four(g.actual) })),
      tracking: h.tracking.map((t) => ({ unit: t.unit + 1, holdout: t.holdout, predicted: four(t.predicted), actual: t.actual })),
    },
    warnings: warningsJson(o.warnings),
  });
}

function customerJson(v: CustomerValue, r: ClvResult, o: Pick<ClvRenderOptions, "decimals" | "meanSpend">): Json {
  const cells = customerCells(v, r, o);
  return Object.fromEntries(PER_CUSTOMER.map((k, i) => [k === "customer_id" ? "id" : k, i === 0 ? cells[0]! : i === 1 ? Number(cells[1]) : cells[i] === "" ? null : new Literal(cells[i]!)]));
}

function delimited(r: ClvResult, o: ClvRenderOptions, d: string): string {
  const v = r.valuation;
  const s = r.clv.settings;
  const m = (x: number | null) => plain(x, o.decimals);
  const rows: [string, string][] = [
    ["model", r.clv.purchases.name],
    ["time_unit", s.unit],
    ["discount_rate", String(s.discountRate)],
    ["horizon", String(s.horizon)],
    ["margin_rate", String(s.marginRate)],
    ["acquisition_cost", m(s.acquisitionCost)],
    ["new_customers", plain(s.newCustomers, 4)],
    ["customers", String(r.clv.customers.length)],
    ["repeat_customers", String(r.clv.repeatCustomers)],
    ["calibration_end", r.calibrationEnd],
    ["clv", m(v.clv)],
    ["current_value", m(v.currentValue)],
    ["future_value", m(v.futureValue)],
    ["customer_equity", m(v.customerEquity)],
    ...paramLabels(r).map(([, key, x]): [string, string] => [key, plain(x, 4)]),
    ["log_likelihood", plain(r.clv.purchases.logLikelihood, 4)],
    ["p", plain(r.clv.spend.p, 4)],
    ["q", plain(r.clv.spend.q, 4)],
    ["gamma", plain(r.clv.spend.gamma, 4)],
    ["spend_excluded", String(r.excluded)],
  ];
  return `figure${d}value\n${rows.map(([k, x]) => `${k}${d}${defuse(x)}`).join("\n")}\n`;
}

/** The dashboard: the figures, and with a holdout the tracking and conditional-expectation plots. */
function html(r: ClvResult, o: ClvRenderOptions): string {
  const s = r.clv.settings;
  const name = MODEL_NAMES[r.clv.purchases.name];
  const figureTable = dataTable("The figures", ["Figure", "Value"], figures(r).map(([label, kind, x]) => [label, kind === "money" ? `${currencySymbol(o.currency)}${withSeparators(plain(x as number, o.decimals))}` : kind === "number" ? plain(x as number, 4) : String(x)]), 1);
  const parts = [`<section><h2>Lifetime customer equity</h2><div class="scroll">${figureTable}</div></section>`];
  if (r.holdout) {
    const h = r.holdout;
    const tracking = lineChart("tracking", `Repeat purchases per ${s.unit}`, `Predicted by ${name} against actual, calibration then holdout`, [
      { name: `predicted (${name})`, kind: "fitted", points: h.tracking.map((t) => t.predicted) },
      { name: "actual", kind: "actual", points: h.tracking.map((t) => t.actual), dots: true },
    ], { width: 640 });
    const conditional = lineChart("conditional", "Holdout purchases by calibration purchases", "Mean holdout repeat purchases per customer, by repeat purchases in the calibration period (0 to 7+)", [
      { name: `predicted (${name})`, kind: "fitted", points: h.conditional.map((g) => g.predicted) },
      { name: "actual", kind: "actual", points: h.conditional.map((g) => g.actual), dots: true },
    ]);
    const table = dataTable("Holdout purchases by calibration purchases", ["Calibration purchases", "Customers", "Predicted", "Actual"], h.conditional.map((g) => [g.x === 7 ? "7+" : String(g.x), String(g.customers), plain(g.predicted, 4), plain(g.actual, 4)]), 1);
    parts.push(`<section><h2>Holdout check to ${r.holdoutEnd}</h2><div class="charts"><figure>${tracking}</figure><figure>${conditional}</figure></div><div class="scroll">${table}</div></section>`);
  }
  return page("Customer equity where customers just stop buying", `${name} and Gamma-Gamma · ${s.horizon} ${s.unit}s · ${o.currency}`, parts.join("\n"), json(r, o).trimEnd());
}

export const clvRenderers = {
  table: (r, o) => tableOf(sections(r, o), o),
  markdown: (r, o) => markdownOf(sections(r, o)),
  csv: (r, o) => delimited(r, o, ","),
  tsv: (r, o) => delimited(r, o, "\t"),
  json,
  html,
} satisfies Record<"table" | "csv" | "tsv" | "json" | "markdown" | "html", (r: ClvResult, o: ClvRenderOptions) => string>;

/** `--per-customer FILE`: every customer, by CLV, in the format of the file's extension (csv, json, xlsx). */
export async function perCustomerFile(path: string, r: ClvResult, o: ClvRenderOptions): Promise<string | Uint8Array> {
  const rows = ranked(r).map((v) => customerCells(v, r, o));
  if (/\.json$/i.test(path)) return jsonText(ranked(r).map((v) => customerJson(v, r, o)));
  if (/\.xlsx$/i.test(path)) {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Customers", { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(PER_CUSTOMER);
    for (const row of rows) sheet.addRow(row.map((c, i) => (i === 0 || c === "" ? c : Number(c))));
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  const cell = (t: string) => (/[",\r\n]/.test(defuse(t)) ? `"${defuse(t).replace(/"/g, '""')}"` : defuse(t));
  return `${PER_CUSTOMER.join(",")}\n${rows.map((row) => row.map(cell).join(",")).join("\n")}\n`;
}
