/**
 * The terminal's table with --by: a pivot of customer equity, one row per segment ranked by its
 * customer equity over all periods, the company last; the latest periods as columns, as many as
 * fit the width, then the total. `--detail` prints the full tables instead (model.ts), which for
 * many segments and periods run to thousands of lines.
 */
import { currencySymbol } from "../currency.js";
import type { Summary, YearSummary } from "../model/equity.js";
import { groupCell } from "../model/segments.js";
import { compare } from "../money.js";
import type { Cell, Section } from "./model.js";
import { explanation, tableOf } from "./table.js";
import type { RenderOptions } from "./types.js";
import { displayMoney, printsNegative } from "./values.js";

const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });
const periodName = (y: YearSummary): string => y.period ?? String(y.year);
const sameGroup = (a: Record<string, string> | null, b: Record<string, string> | null) => JSON.stringify(a) === JSON.stringify(b);

/** The pivot's section: which periods fit is decided from the cells' widths (3 columns of border and padding each). */
export function pivotSection(summary: Summary, options: RenderOptions): Section {
  const symbol = currencySymbol(options.currency);
  const money = (v: YearSummary["customerEquity"]): Cell => ({ text: displayMoney(v, options.decimals, symbol), negative: printsNegative(v, options.decimals), numeric: true });
  const periods = summary.years.filter((y) => y.group === null);
  // Segments ranked by their customer equity over all periods, largest first; ties by name
  const ranked = [...summary.groupTotals].sort((a, b) => compare(b.customerEquity, a.customerEquity));
  const rows = [...ranked.map((t) => t.group), null];
  const entry = (group: Record<string, string> | null, period: YearSummary) => summary.years.find((y) => sameGroup(y.group, group) && y.year === period.year && y.period === period.period)!;
  const keys = (group: Record<string, string> | null) => summary.by.map((c) => text(groupCell(group, c)));
  const totalOf = (group: Record<string, string> | null) => (group === null ? summary.total : ranked.find((t) => sameGroup(t.group, group))!);
  const column = (period: YearSummary) => rows.map((g) => money(entry(g, period).customerEquity));
  const widthOf = (header: string, cells: readonly Cell[]) => Math.max(header.length, ...cells.map((c) => c.text.length)) + 3;
  const keyWidth = summary.by.reduce((sum, c, i) => sum + widthOf(c, rows.map((g) => keys(g)[i]!)), 1);
  const totalCells = rows.map((g) => money(totalOf(g).customerEquity));
  let room = (options.width ?? Infinity) - keyWidth - widthOf("Total", totalCells);
  const shown: YearSummary[] = [];
  // The latest periods first, as many as fit; always at least the latest
  for (let i = periods.length - 1; i >= 0; i--) {
    const need = widthOf(periodName(periods[i]!), column(periods[i]!));
    if (shown.length > 0 && need > room) break;
    room -= need;
    shown.unshift(periods[i]!);
  }
  const columns = shown.map(column);
  const left = periods.length - shown.length;
  const span = summary.period === "year" ? "years" : `${summary.period}s`;
  const title = `Customer equity by ${summary.by.join(", ")}, segments ranked by their total${left > 0 ? `; the latest ${shown.length} of ${periods.length} ${span} (--wide for all, --detail for every figure)` : " (--detail for every figure)"}`;
  return {
    title,
    keys: summary.by.length,
    headers: [...summary.by, ...shown.map(periodName), "Total"],
    rows: rows.map((g, r) => [...keys(g), ...columns.map((c) => c[r]!), totalCells[r]!]),
  };
}

/** The pivot as the terminal shows it, with the chart and --explain's lines after it. */
export function renderPivot(summary: Summary, options: RenderOptions): string {
  return tableOf([pivotSection(summary, options)], { ...options, width: undefined }) + (options.chart ?? "") + explanation(options.explain, "  ");
}
