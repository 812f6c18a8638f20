/**
 * Customer equity per period as horizontal bars in the terminal, with its three parts:
 * acquisition equity and retention equity add, churned revenue takes away. Bars grow right of the
 * axis for amounts above zero and left of it for amounts below, in a different character, and each
 * bar carries its signed figure: the meaning never rests on colour (there is none).
 */
import type { Summary, YearSummary } from "../model/equity.js";
import { approximate, compare, ZERO, type Decimal } from "../money.js";
import { currencySymbol } from "../currency.js";
import { displayMoney } from "./values.js";

export interface ChartOptions {
  currency: string;
  decimals: number;
  /** Columns to fit in. */
  width: number;
  /** ASCII only: `#` above zero, `=` below, `|` for the axis. */
  ascii: boolean;
}

/** The narrowest chart drawn: fewer columns leave no room for bars. */
export const MIN_CHART_WIDTH = 40;

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar of `cells` (fractional) cells: whole blocks and, in Unicode, the eighth that remains. */
function bar(cells: number, ascii: boolean, below: boolean): string {
  if (below || ascii) {
    const whole = Math.round(cells);
    return (below ? (ascii ? "=" : "▒") : "#").repeat(whole > 0 ? whole : cells > 0 ? 1 : 0);
  }
  const eighths = Math.round(cells * 8);
  const text = "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
  return text === "" && cells > 0 ? "▏" : text;
}

const magnitude = (d: Decimal): number => Math.abs(approximate(d));

export function renderChart(summary: Summary, options: ChartOptions): string {
  const entries = summary.years.filter((y) => y.group === null);
  const parts = (y: YearSummary): [string, Decimal][] => [
    ["acquisition", y.acquisition.equity],
    ["retention", y.retention.equity],
    ["churn", y.churn.equity],
    ["= equity", y.customerEquity],
  ];
  const rows = entries.flatMap((y) => parts(y).map(([name, value], k) => ({ period: k === 0 ? (y.period ?? String(y.year)) : "", name, value })));
  const symbol = currencySymbol(options.currency);
  const figure = (v: Decimal) => displayMoney(v, options.decimals, symbol);
  const periodWidth = Math.max(...rows.map((r) => r.period.length), 4);
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const figureWidth = Math.max(...rows.map((r) => figure(r.value).length));
  const maxAbove = Math.max(0, ...rows.filter((r) => compare(r.value, ZERO) > 0).map((r) => magnitude(r.value)));
  const maxBelow = Math.max(0, ...rows.filter((r) => compare(r.value, ZERO) < 0).map((r) => magnitude(r.value)));
  // period, name, space, [left bars], axis, [right bars], space, figure
  const room = Math.max(4, options.width - periodWidth - 1 - nameWidth - 1 - 1 - 1 - figureWidth);
  const scale = maxAbove + maxBelow === 0 ? 0 : room / (maxAbove + maxBelow);
  const left = maxBelow === 0 ? 0 : Math.max(1, Math.round(maxBelow * scale));
  const right = room - left;
  const axis = options.ascii ? "|" : "│";
  const lines = rows.map((r) => {
    const sign = compare(r.value, ZERO);
    const cells = Math.min(sign < 0 ? left : right, magnitude(r.value) * scale);
    const leftBar = sign < 0 ? bar(cells, options.ascii, true).padStart(left) : " ".repeat(left);
    const rightBar = sign > 0 ? bar(cells, options.ascii, false).padEnd(right) : " ".repeat(right);
    return `${r.period.padEnd(periodWidth)} ${r.name.padEnd(nameWidth)} ${leftBar}${axis}${rightBar} ${figure(r.value).padStart(figureWidth)}`.trimEnd();
  });
  const key = options.ascii ? "# adds, = takes away" : "█ adds, ▒ takes away";
  return `Customer equity by ${summary.period}: ${key}\n${lines.join("\n")}\n`;
}
