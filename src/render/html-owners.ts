/**
 * The phase owners' part of the dashboard: the trend of customer equity and of each phase's
 * outcome, one panel per owner (outcome over the periods, then its outputs and activities), the
 * bridge of the latest period as a waterfall from the previous customer equity to this one, and
 * the revenue movements. Every figure is the text of the same exact decimal JSON writes.
 */
import type { Summary, YearSummary } from "../model/equity.js";
import { ownersOf, type Owner } from "../model/owners.js";
import { approximate, subtract, type Decimal, type Ratio } from "../money.js";
import { bridgeOf } from "./owners.js";
import { barChart, dataTable, escapeHtml, type Bar } from "./svg.js";
import { trendChart, type TrendSeries } from "./trend.js";
import { displayCount, displayPercent } from "./values.js";

type Money = (v: Decimal | Ratio | null) => string;

const name = (y: YearSummary): string => y.period ?? String(y.year);
const OWNER_KIND: Record<Owner, string> = { acquisition: "acquisition", retention: "retention", churn: "churn", reactivation: "other" };
const OWNER_TITLE: Record<Owner, string> = {
  acquisition: "Acquisition: customers won",
  retention: "Retention: customers kept",
  churn: "Churn: customers lost",
  reactivation: "Reactivation: customers won back (counted in acquisition, or retention under --reactivated retention)",
};

/** Customer equity and each phase's outcome over the periods, on one scale. */
export function trendSection(company: readonly YearSummary[], money: Money, unit: string): string {
  const labels = company.map(name);
  const series = (label: string, kind: string, pick: (y: YearSummary) => Decimal): TrendSeries => ({ name: label, kind, points: company.map((y) => ({ y: approximate(pick(y)), figure: money(pick(y)) })) });
  const chart = trendChart("trend", `Customer equity and each phase's outcome per ${unit}`, "lines over the periods, on one scale; churn is below zero", labels, [
    series("Customer equity", "total", (y) => y.customerEquity),
    series("Acquisition", "acquisition", (y) => y.acquisition.equity),
    series("Retention", "retention", (y) => y.retention.equity),
    series("Churn", "churn", (y) => y.churn.equity),
  ]);
  return `<section><h2>Trend: customer equity and each phase's outcome</h2><figure>${chart}</figure></section>`;
}

/** One panel per phase owner: the outcome's trend, then outputs and activities per period. */
export function ownersSection(company: readonly YearSummary[], money: Money, unit: string): string {
  const panels = company.map((y) => ownersOf(y));
  const owners = panels[0]!.map((o) => o.owner);
  const figures = owners.map((owner, k) => {
    const rows = panels.map((list) => list[k]!);
    const chart = trendChart(`owner-${owner}`, `${OWNER_TITLE[owner]}: outcome per ${unit}`, "its part of customer equity", company.map(name), [{ name: "Outcome", kind: OWNER_KIND[owner], points: rows.map((o) => ({ y: approximate(o.outcome), figure: money(o.outcome) })) }], { width: 360, height: 170 });
    const cost = owner === "churn" ? [] : [owner === "retention" ? "Servicing cost per customer" : "Cost per customer"];
    const table = dataTable(`${OWNER_TITLE[owner]}, per ${unit}`, [unit === "year" ? "Year" : "Period", "Outcome", "Customers", "Avg revenue", ...cost], rows.map((o, i) => [name(company[i]!), money(o.outcome), displayCount(o.customers), money(o.averageRevenue), ...(owner === "churn" ? [] : [money(o.costPerCustomer)])]));
    return `<figure class="owner"><figcaption>${escapeHtml(OWNER_TITLE[owner])}</figcaption>${chart}<div class="scroll">${table}</div></figure>`;
  });
  return `<section><h2>Phase owners: outcome, outputs and activities</h2><p class="note">Each phase's outcome is its part of customer equity; its outputs are its customers and their average revenue; its activities are what it spends per customer.</p><div class="charts owners">${figures.join("")}</div></section>`;
}

const DRIVER_LABEL = { count: "count", rate: "rate", cost: "cost" } as const;
const PHASE_SHORT = { acquisition: "Acq.", retention: "Ret.", churn: "Churn" } as const;

/** The latest period's bridge as a waterfall, and every period's bridge in a table. */
export function bridgeSection(company: readonly YearSummary[], money: Money, decimals: number): string {
  const bridged = company.filter((y) => bridgeOf(y, decimals) !== null);
  const latest = bridged.at(-1);
  if (!latest) return "";
  const steps = bridgeOf(latest, decimals)!;
  const before = subtract(latest.customerEquity, latest.change!);
  // The steps start from zero, not from last period's equity: drawn on top of it they would be
  // slivers beside two tall bars. The caption names both ends.
  let level = 0;
  const bars: Bar[] = [];
  for (const s of steps) {
    if (s.amount.coef === 0n) continue;
    const to = level + approximate(s.amount);
    bars.push({ label: `${PHASE_SHORT[s.phase]} ${DRIVER_LABEL[s.driver]}`, from: level, to, kind: s.phase, figure: money(s.amount), tooltip: `${s.phase} ${s.driver} effect ${name(latest)}: ${money(s.amount)}` });
    level = to;
  }
  bars.push({ label: "= Change", from: 0, to: approximate(latest.change!), kind: "total", figure: money(latest.change), tooltip: `Change of customer equity ${name(latest)}: ${money(before)} to ${money(latest.customerEquity)} = ${money(latest.change)}` });
  const text = `From ${money(before)} to ${money(latest.customerEquity)}: ${steps.map((s) => `${s.phase} ${s.driver} ${money(s.amount)}`).join(", ")}.`;
  const chart = barChart("bridge", `Bridge to ${name(latest)}`, text, bars, { width: Math.max(360, 92 * bars.length + 20) });
  const headers = ["Period", ...["acquisition", "retention", "churn"].flatMap((p) => (p === "churn" ? ["count", "rate"] : ["count", "rate", "cost"]).map((d) => `${p} ${d}`)), "Change"];
  const table = dataTable("The bridge per period: the drivers sum to the change exactly", headers, bridged.map((y) => [name(y), ...bridgeOf(y, decimals)!.map((s) => money(s.amount)), money(y.change)]));
  return `<section><h2>Bridge: what moved customer equity</h2><p class="note">Count effect: the change in customers × last period's average revenue; rate effect: the change in average × this period's customers; cost: the change in cost. They add up to the change exactly.</p><figure><figcaption>${escapeHtml(`${name(latest)}: from ${money(before)} to ${money(latest.customerEquity)}`)}</figcaption>${chart}</figure><div class="scroll">${table}</div></section>`;
}

/** A log's revenue movements per period, with net and gross revenue retention. */
export function movementsSection(summary: Summary, company: readonly YearSummary[], money: Money): string {
  const rows = [...company, summary.total].filter((y) => y.movements);
  if (rows.length === 0) return "";
  const rate = (r: Ratio | null) => (r ? displayPercent(r) : "—");
  const table = dataTable("Revenue movements per period", ["Period", "New", "Reactivated", "Expansion", "Contraction", "Churned", "Net revenue retention", "Gross revenue retention"], rows.map((y) => {
    const m = y.movements!;
    return [y.year === null ? "Total" : name(y), money(m.newRevenue), money(m.reactivatedRevenue), money(m.expansion), money(m.contraction), money(m.churnedRevenue), rate(m.netRevenueRetention), rate(m.grossRevenueRetention)];
  }));
  return `<section><h2>Revenue movements</h2><p class="note">Expansion and contraction: what customers retained from the period before paid more or less than then. Net revenue retention: what last period's customers paid this period ÷ what they paid then; gross: the same with each capped at what they paid then.</p><div class="scroll">${table}</div></section>`;
}
