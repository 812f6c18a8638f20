/**
 * The phase owners' views in the text formats: `--owners` (the metrics chain of each owner, per
 * period), `--bridge` (the drivers of each change) and `--movements` (revenue movements).
 * Tables and Markdown for people; long CSV rows for machines. JSON carries all three always.
 */
import { currencySymbol } from "../currency.js";
import type { Summary, YearSummary } from "../model/equity.js";
import { bridge, type BridgeStep } from "../model/bridge.js";
import { ownersOf, type OwnerPanel } from "../model/owners.js";
import { groupCell } from "../model/segments.js";
import { subtract, toFixed, type Decimal, type Ratio } from "../money.js";
import { defuse } from "./csv.js";
import { markdownOf } from "./markdown.js";
import type { Cell, Section } from "./model.js";
import { explanation, tableOf } from "./table.js";
import type { Format, RenderOptions, Renderer } from "./types.js";
import { displayCount, displayMoney, displayPercent, plainMoney, plainRate, printsNegative, withSeparators } from "./values.js";

export const VIEWS = ["owners", "bridge", "movements"] as const;
export type View = (typeof VIEWS)[number];

const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });
const periodName = (y: YearSummary): string => (y.year === null ? "Total" : (y.period ?? String(y.year)));

/** The bridge of an entry with a period before; null for the first period and the totals. */
export const bridgeOf = (y: YearSummary, decimals: number): BridgeStep[] | null => (y.previous && y.change !== null ? bridge(y.previous, y, decimals) : null);

interface Figure {
  plain: string;
  display: string;
  negative: boolean;
  kind: "money" | "rate" | "count";
}

/** One row per owner and period (or per movement and period): the cells both layouts share. */
interface Rows {
  headers: string[];
  /** The CSV's names of the figures' columns. */
  names: string[];
  /** Each row's key cells (period, group, then the row's own keys) and its figures. */
  rows: { keys: string[]; figures: Figure[] }[];
  /** How many key columns. */
  keys: number;
}

function figures(options: RenderOptions) {
  const symbol = currencySymbol(options.currency);
  const d = options.decimals;
  return {
    money: (v: Decimal | Ratio | null) => ({ plain: plainMoney(v, d), display: displayMoney(v, d, symbol), negative: printsNegative(v, d), kind: "money" as const }),
    rate: (v: Ratio | null) => ({ plain: plainRate(v), display: displayPercent(v), negative: false, kind: "rate" as const }),
    count: (n: number) => ({ plain: String(n), display: displayCount(n), negative: n < 0, kind: "count" as const }),
  };
}

function viewRows(view: View, summary: Summary, options: RenderOptions, machine: boolean): Rows {
  const { money, rate, count } = figures(options);
  const groupKeys = (y: YearSummary) => summary.by.map((c) => (machine ? (y.group === null ? "" : (y.group[c] ?? "")) : groupCell(y.group, c)));
  const key = summary.period === "year" ? "Year" : "Period";
  const entries = view === "bridge" ? summary.years : [...summary.years, ...summary.groupTotals, summary.total];
  if (view === "owners") {
    const row = (y: YearSummary, o: OwnerPanel) => ({
      keys: [periodName(y), ...groupKeys(y), o.owner],
      figures: [money(o.outcome), count(o.customers), money(o.revenue), money(o.averageRevenue), money(o.costPerCustomer)],
    });
    return { headers: [key, ...summary.by, "Owner", "Outcome", "Customers", "Revenue", "Avg revenue", "Cost per customer"], names: ["owner", "outcome", "customers", "revenue", "average_revenue", "cost_per_customer"], keys: 2 + summary.by.length, rows: entries.flatMap((y) => ownersOf(y).map((o) => row(y, o))) };
  }
  if (view === "movements") {
    const rows = entries.flatMap((y) => {
      const m = y.movements;
      if (!m) return [];
      return [{ keys: [periodName(y), ...groupKeys(y)], figures: [money(m.newRevenue), money(m.reactivatedRevenue), money(m.expansion), money(m.contraction), money(m.churnedRevenue), rate(m.netRevenueRetention), rate(m.grossRevenueRetention)] }];
    });
    const names = ["new_revenue", "reactivated_revenue", "expansion", "contraction", "churned_revenue", "net_revenue_retention", "gross_revenue_retention"];
    return { headers: [key, ...summary.by, "New", "Reactivated", "Expansion", "Contraction", "Churned", "NRR", "GRR"], names, keys: 1 + summary.by.length, rows };
  }
  const rows = entries.flatMap((y) => {
    const steps = bridgeOf(y, options.decimals);
    if (!steps) return [];
    const keys = (phase: string, driver: string) => [periodName(y), ...groupKeys(y), phase, driver];
    const before = subtract(y.customerEquity, y.change!);
    const own = steps.map((s) => ({ keys: keys(s.phase, s.driver), figures: [money(s.amount)] }));
    // For people, the bridge runs from one figure to the other; a machine's rows sum to the change
    if (machine) return own;
    return [{ keys: keys("", "previous customer equity"), figures: [money(before)] }, ...own, { keys: keys("", "customer equity"), figures: [money(y.customerEquity)] }];
  });
  return { headers: [key, ...summary.by, "Phase", "Driver", "Amount"], names: ["phase", "driver", "amount"], keys: 3 + summary.by.length, rows };
}

const TITLES: Record<View, string> = {
  owners: "Phase owners: outcome (part of customer equity), outputs and activities",
  bridge: "Bridge: from the previous period's customer equity to this one's",
  movements: "Revenue movements (NRR, GRR: net and gross revenue retention)",
};

function section(view: View, summary: Summary, options: RenderOptions): Section {
  const { headers, rows, keys } = viewRows(view, summary, options, false);
  return { title: TITLES[view], keys, headers, rows: rows.map((r) => [...r.keys.map(text), ...r.figures.map((f) => ({ text: f.display, negative: f.negative, numeric: true }))]) };
}

function delimited(view: View, summary: Summary, options: RenderOptions, delimiter: string): string {
  const { headers, names: own, rows } = viewRows(view, summary, options, true);
  // The key columns as the main CSV names them (period or year, the --by columns), then the view's
  const names = [headers[0]!.toLowerCase(), ...summary.by, ...own];
  const cell = (t: string) => {
    const safe = defuse(t);
    if (delimiter === "\t") return safe.replace(/[\t\r\n]/g, " ");
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [names.map(cell), ...rows.map((r) => [...r.keys, ...r.figures.map((f) => f.plain)].map(cell))].map((l) => l.join(delimiter));
  return `${lines.join("\n")}\n`;
}

/** A view as a workbook's sheet: the CSV's rows, figures as numbers (null for none) with their kind. */
export function viewSheet(view: View, summary: Summary, options: RenderOptions): { name: string; headers: string[]; rows: { keys: string[]; figures: { value: number | null; kind: Figure["kind"] }[] }[] } {
  const { headers, rows } = viewRows(view, summary, options, true);
  const name = { owners: "Owners", bridge: "Bridge", movements: "Movements" }[view];
  return { name, headers, rows: rows.map((r) => ({ keys: r.keys, figures: r.figures.map((f) => ({ value: f.plain === "" ? null : Number(f.plain), kind: f.kind })) })) };
}

/** The bridge of one period as arithmetic, for --explain. */
export function explainBridge(y: YearSummary, decimals: number): string[] {
  const steps = bridgeOf(y, decimals);
  const p = periodName(y);
  if (!steps || !y.previous) return [`bridge ${p}: none (no period before)`];
  const m = (v: Decimal | Ratio | null) => (v === null ? "none" : withSeparators(toFixed(v, decimals)));
  const lines = [
    `bridge ${p}, from ${m(subtract(y.customerEquity, y.change!))} to ${m(y.customerEquity)}: per phase, count effect = Δcustomers × last period's average; rate effect = Δaverage × this period's customers, to the cent the rest of the revenue change; cost effect = −Δcost; churned revenue counts with a minus`,
  ];
  for (const phase of ["acquisition", "retention", "churn"] as const) {
    const [b, a] = [y.previous[phase], y[phase]];
    const minus = (t: string) => (phase === "churn" ? `−(${t})` : t);
    const avg = (r: Decimal, n: number) => m({ num: r, den: { coef: BigInt(n), scale: 0 } });
    const [count, rate, cost] = steps.filter((s) => s.phase === phase);
    lines.push(
      b.customers === 0
        ? `${phase} count ${p} = ${minus(`revenue ${m(a.revenue)}`)}, no customers the period before to average = ${m(count!.amount)}`
        : `${phase} count ${p} = ${minus(`(${displayCount(a.customers)} − ${displayCount(b.customers)}) × ${avg(b.revenue, b.customers)}`)} = ${m(count!.amount)}`,
      b.customers === 0 || a.customers === 0
        ? `${phase} rate ${p} = 0 (${b.customers === 0 ? "nobody the period before" : "nobody this period"})${isZeroAmount(rate!.amount) ? "" : `, with the rounding: ${m(rate!.amount)}`}`
        : `${phase} rate ${p} = ${minus(`(${avg(a.revenue, a.customers)} − ${avg(b.revenue, b.customers)}) × ${displayCount(a.customers)}`)}; to the cent ${minus(`${m(a.revenue)} − ${m(b.revenue)}`)} less the count effect = ${m(rate!.amount)}`,
      ...(cost ? [`${phase} cost ${p} = −(${m(a.cost)} − ${m(b.cost)}) = ${m(cost.amount)}`] : []),
    );
  }
  lines.push(`bridge ${p}: ${steps.map((s) => m(s.amount)).join(" + ")} = ${m(y.change)} = the change`);
  return lines.map((l) => l.replace(/\+ -/g, "− ").replace(/− -/g, "+ "));
}

const isZeroAmount = (d: Decimal): boolean => d.coef === 0n;

/** The renderers of a view, per text format (`null` for JSON, which has every view already). */
export function viewRenderer(view: View, format: Format): Renderer | null {
  switch (format) {
    case "table":
      return (s, o) => tableOf([section(view, s, o)], o) + explanation(o.explain, "  ");
    case "markdown":
      return (s, o) => markdownOf([section(view, s, o)]) + explanation(o.explain, "- ");
    case "csv":
      return (s, o) => delimited(view, s, o, ",");
    case "tsv":
      return (s, o) => delimited(view, s, o, "\t");
    case "json":
      return null;
  }
}
