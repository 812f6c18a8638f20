/**
 * `--format html`: one self-contained page (inline SVG and CSS, nothing fetched, no script that
 * runs) that opens from an email or a CI artifact: per period a waterfall of acquisition equity +
 * retention equity − churned revenue = customer equity, customers per phase, churn and retention
 * rates, acquisition cost per new customer; with --by, small multiples per segment. Every figure
 * is written from the same exact decimal as JSON's, and a table stands behind every chart.
 */
import { currencySymbol } from "../currency.js";
import type { Summary, YearSummary } from "../model/equity.js";
import { add, approximate, compare, ZERO, type Decimal, type Ratio } from "../money.js";
import { NO_VALUE } from "../model/segments.js";
import { renderJson } from "./json.js";
import { barChart, dataTable, escapeHtml, page, type Bar } from "./svg.js";
import type { RenderOptions } from "./types.js";
import { heatmapSection } from "./heatmap.js";
import { bridgeSection, movementsSection, ownersSection, trendSection } from "./html-owners.js";
import { displayCount, displayMoney, displayPercent } from "./values.js";

const real = approximate;

const name = (y: YearSummary): string => y.period ?? String(y.year);
const groupName = (g: Record<string, string>): string => Object.entries(g).map(([k, v]) => `${k} ${v === "" ? NO_VALUE : v}`).join(", ");

export function renderHtml(summary: Summary, options: RenderOptions): string {
  const symbol = currencySymbol(options.currency);
  const money = (v: Decimal | Ratio | null) => (v === null ? "—" : displayMoney(v, options.decimals, symbol));
  const company = summary.years.filter((y) => y.group === null);
  const latest = company.at(-1)!;
  const unit = summary.period;
  const log = summary.transactions;

  const kpis = [
    [`Customer equity ${name(latest)}`, money(latest.customerEquity)],
    ["Change", latest.change === null ? "—" : `${money(latest.change)}${latest.changePercent ? ` (${displayPercent(latest.changePercent)})` : ""}`],
    ["Churn rate", latest.churnRate ? displayPercent(latest.churnRate) : "—"],
    ["Retention rate", latest.retentionRate ? displayPercent(latest.retentionRate) : "—"],
    ["Acquisition cost per new customer", money(latest.acquisitionCostPerCustomer)],
    [`Customer equity, all ${unit}s`, money(summary.total.customerEquity)],
  ];
  const kpiHtml = `<section class="kpis" aria-label="Latest ${unit}">${kpis.map(([k, v]) => `<div class="kpi"><div class="name">${escapeHtml(k!)}</div><div class="value" title="${escapeHtml(v!)}">${escapeHtml(v!)}</div></div>`).join("")}</section>`;

  const waterfall = (y: YearSummary, id: string): string => {
    const a = y.acquisition.equity;
    const r = y.retention.equity;
    const afterA = real(a);
    const afterR = afterA + real(r);
    const bars: Bar[] = [
      { label: "Acquisition", from: 0, to: afterA, kind: "acquisition", figure: money(a), tooltip: `Acquisition equity ${name(y)}: ${money(y.acquisition.revenue)} revenue − ${money(y.acquisition.cost)} cost = ${money(a)} (${displayCount(y.acquisition.customers)} new)` },
      { label: "+ Retention", from: afterA, to: afterR, kind: "retention", figure: money(r), tooltip: `Retention equity ${name(y)}: ${money(y.retention.revenue)} revenue − ${money(y.retention.cost)} cost = ${money(r)} (${displayCount(y.retention.customers)} retained)` },
      { label: "− Churn", from: afterR, to: afterR + real(y.churn.equity), kind: "churn", figure: money(y.churn.equity), tooltip: `Churned revenue ${name(y)}: ${money(y.churn.revenue)} (${displayCount(y.churn.customers)} churned)` },
      { label: "= Equity", from: 0, to: real(y.customerEquity), kind: "total", figure: money(y.customerEquity), tooltip: `Customer equity ${name(y)}: ${money(y.customerEquity)}` },
    ];
    const text = `Acquisition equity ${money(a)} plus retention equity ${money(r)} minus churned revenue ${money(y.churn.revenue)} is customer equity ${money(y.customerEquity)}.`;
    return `<figure><figcaption>${escapeHtml(name(y))}</figcaption>${barChart(id, `Customer equity ${name(y)}`, text, bars, { width: 300 })}</figure>`;
  };

  const equityTable = dataTable(
    `Customer equity per ${unit} (${options.currency})`,
    [unit === "year" ? "Year" : "Period", "Acquisition equity", "Retention equity", "Churned revenue", "Customer equity", "Change", "Change %"],
    [...company, summary.total].map((y) => [y.year === null ? "Total" : name(y), money(y.acquisition.equity), money(y.retention.equity), money(y.churn.revenue), money(y.customerEquity), y.change === null ? "" : money(y.change), y.changePercent ? displayPercent(y.changePercent) : ""]),
  );

  const customerBars = (y: YearSummary): Bar[] => [
    // Won-back customers are part of the new (as the phases count them by default): drawn inside the bar
    { label: "New", from: 0, to: y.acquisition.customers, kind: "acquisition", figure: displayCount(y.acquisition.customers), tooltip: `New customers ${name(y)}: ${displayCount(y.acquisition.customers)}`, ...(wonBackInNew(y) ? { part: { to: y.reactivated!, kind: "other", tooltip: `Won back ${name(y)}: ${displayCount(y.reactivated!)}, part of the ${displayCount(y.acquisition.customers)} new` } } : {}) },
    { label: "Retained", from: 0, to: y.retention.customers, kind: "retention", figure: displayCount(y.retention.customers), tooltip: `Retained customers ${name(y)}: ${displayCount(y.retention.customers)}` },
    { label: "Churned", from: 0, to: -y.churn.customers, kind: "churn", figure: displayCount(y.churn.customers), tooltip: `Churned customers ${name(y)}: ${displayCount(y.churn.customers)}` },
  ];
  const wonBack = (y: YearSummary) => (log ? ` · ${displayCount(y.reactivated ?? 0)} won back${wonBackInNew(y) ? " (inside New)" : ""}` : "");
  const customers = company.map((y, i) => `<figure><figcaption>${escapeHtml(name(y) + wonBack(y))}</figcaption>${barChart(`customers-${i}`, `Customers ${name(y)}`, `${y.acquisition.customers} new, ${y.retention.customers} retained, ${y.churn.customers} churned`, customerBars(y), { width: 300, height: 180 })}</figure>`);
  const customerTable = dataTable(`Customers per ${unit}`, [unit === "year" ? "Year" : "Period", "New", ...(log ? ["Reactivated"] : []), "Retained", "Churned", "Net change"], company.map((y) => [name(y), displayCount(y.acquisition.customers), ...(log ? [displayCount(y.reactivated ?? 0)] : []), displayCount(y.retention.customers), displayCount(y.churn.customers), displayCount(y.netCustomerChange)]));

  const rateBars: Bar[] = company.flatMap((y) => (y.churnRate ? [{ label: name(y), from: 0, to: real(y.churnRate), kind: "churn", figure: displayPercent(y.churnRate), tooltip: `Churn rate ${name(y)}: ${displayPercent(y.churnRate)}; retention rate ${displayPercent(y.retentionRate)}` }] : []));
  const costBars: Bar[] = company.flatMap((y) => (y.acquisitionCostPerCustomer ? [{ label: name(y), from: 0, to: real(y.acquisitionCostPerCustomer), kind: "acquisition", figure: money(y.acquisitionCostPerCustomer), tooltip: `Acquisition cost per new customer ${name(y)}: ${money(y.acquisitionCostPerCustomer)}` }] : []));
  const rateTable = dataTable(`Rates and costs per ${unit}`, [unit === "year" ? "Year" : "Period", "Churn rate", "Retention rate", "Acquisition cost per new customer"], company.map((y) => [name(y), y.churnRate ? displayPercent(y.churnRate) : "", y.retentionRate ? displayPercent(y.retentionRate) : "", money(y.acquisitionCostPerCustomer)]));

  const sections = [
    kpiHtml,
    `<section><h2>Customer equity per ${unit}: acquisition + retention − churn</h2><div class="charts">${company.map((y, i) => waterfall(y, `equity-${i}`)).join("")}</div><div class="scroll">${equityTable}</div></section>`,
    `<section><h2>Customers per phase</h2><div class="charts">${customers.join("")}</div><div class="scroll">${customerTable}</div></section>`,
    `<section><h2>Churn rate and acquisition cost per new customer</h2><div class="charts">${unlessZero(rateBars, "Churn rate", `<figure><figcaption>Churn rate (retention rate is its complement)</figcaption>${barChart("churn-rate", "Churn rate per period", "churned ÷ (retained + churned)", rateBars)}</figure>`)}${unlessZero(costBars, "Acquisition cost per new customer", `<figure><figcaption>Acquisition cost per new customer</figcaption>${barChart("acquisition-cost", "Acquisition cost per new customer", "acquisition cost ÷ new customers", costBars)}</figure>`)}</div><div class="scroll">${rateTable}</div></section>`,
  ];
  sections.splice(1, 0, trendSection(company, money, unit), bridgeSection(company, money, options.decimals), ownersSection(company, money, unit), movementsSection(summary, company, money));
  if (summary.by.length > 0) sections.push(segmentSection(summary, money, options.top ?? DEFAULT_TOP));
  if (options.cohorts) sections.push(heatmapSection(options.cohorts));
  const subtitle = `${options.currency} · ${company.length} ${unit}${company.length === 1 ? "" : "s"}, ${name(company[0]!)} to ${name(latest)}${summary.by.length > 0 ? ` · by ${summary.by.join(", ")}` : ""}${summary.transactions ? " · classified from a transaction log" : ""}`;
  return page("Customer equity", subtitle, sections.join("\n"), renderJson(summary, options).trimEnd());
}

/**
 * Whether a period's won-back customers are inside its new ones (the default), not its retained
 * (--reactivated retention): then acquisition revenue = new + reactivated revenue. Where their
 * revenue is 0 the two read alike, and only the counts can tell.
 */
function wonBackInNew(y: YearSummary): boolean {
  const back = y.reactivated ?? 0;
  const m = y.movements;
  if (back === 0 || back > y.acquisition.customers || !m) return false;
  return m.reactivatedRevenue.coef === 0n || compare(y.acquisition.revenue, add(m.newRevenue, m.reactivatedRevenue)) === 0;
}

/** A chart of a figure that is zero (or none) in every period is left out, with a line that says so. */
function unlessZero(bars: readonly Bar[], what: string, chart: string): string {
  return bars.every((b) => b.to === 0) ? `<p class="note">${escapeHtml(what)}: zero in every period, not drawn.</p>` : chart;
}

/** How many segments the small multiples show before folding the rest into "other". */
const DEFAULT_TOP = 8;

/**
 * --by: one small chart of customer equity per period for each segment, ranked by customer equity
 * over all periods, all on one scale so that their bars compare; past `top` segments the rest are
 * summed into "other" (exactly: their customer equity added per period).
 */
function segmentSection(summary: Summary, money: (v: Decimal | Ratio | null) => string, top: number): string {
  const periods = summary.years.filter((y) => y.group === null);
  const ranked = [...summary.groupTotals].sort((a, b) => compare(b.customerEquity, a.customerEquity));
  const key = (g: Record<string, string> | null) => JSON.stringify(g);
  const byGroup = new Map<string, YearSummary[]>();
  for (const y of summary.years) if (y.group !== null) byGroup.set(key(y.group), [...(byGroup.get(key(y.group)) ?? []), y]);
  const shown = ranked.length > top + 1 ? ranked.slice(0, top) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map((t) => ({ name: groupName(t.group!), equity: byGroup.get(key(t.group))!.map((y) => y.customerEquity), total: t.customerEquity }));
  if (rest.length > 0) {
    const equity = periods.map((_, i) => rest.reduce((sum, t) => add(sum, byGroup.get(key(t.group))![i]!.customerEquity), ZERO));
    series.push({ name: `other (${rest.length} segments)`, equity, total: rest.reduce((sum, t) => add(sum, t.customerEquity), ZERO) });
  }
  const values = series.flatMap((s) => s.equity.map(real));
  const domain = [Math.min(0, ...values), Math.max(0, ...values)] as const;
  const figures = series.map((s, i) => {
    const bars: Bar[] = s.equity.map((e, k) => ({ label: name(periods[k]!), from: 0, to: real(e), kind: "total", figure: money(e), tooltip: `${s.name}, ${name(periods[k]!)}: customer equity ${money(e)}` }));
    return `<figure><figcaption>${escapeHtml(`${i + 1}. ${s.name}: ${money(s.total)}`)}</figcaption>${barChart(`segment-${i}`, `Customer equity of ${s.name}`, `per ${summary.period}, on the scale all segments share`, bars, { height: 160, domain })}</figure>`;
  });
  const table = dataTable(`Customer equity per segment and ${summary.period}, ranked`, ["Segment", ...periods.map(name), "Total"], series.map((s) => [s.name, ...s.equity.map(money), money(s.total)]));
  const note = rest.length > 0 ? `<p class="note">The ${shown.length} segments of most customer equity; the other ${rest.length} summed in "other" (--top N shows more).</p>` : "";
  return `<section><h2>By segment: ${escapeHtml(summary.by.join(", "))}</h2><p class="note">Ranked by customer equity over all ${summary.period}s, on one common scale.</p>${note}<div class="charts">${figures.join("")}</div><div class="scroll">${table}</div></section>`;
}
