/** The readable layout shared by the table and Markdown: titled sections of aligned cells. */
import type { PhaseSummary, Summary, YearSummary } from "../model/equity.js";
import type { Decimal, Ratio } from "../money.js";
import { currencySymbol } from "../currency.js";
import { groupCell } from "../model/segments.js";
import type { RenderOptions } from "./types.js";
import { displayCount, displayMoney, displayPercent, printsNegative } from "./values.js";

export interface Cell {
  text: string;
  /** Printed in red on a color terminal. */
  negative: boolean;
  numeric: boolean;
}

export interface Section {
  title: string;
  headers: string[];
  rows: Cell[][];
  /** How many leading columns name a row (year, phase): repeated when a table is split. */
  keys: number;
}

const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });

function cells(options: RenderOptions) {
  const symbol = currencySymbol(options.currency);
  return {
    money: (v: Decimal | Ratio | null): Cell => ({
      text: displayMoney(v, options.decimals, symbol),
      negative: printsNegative(v, options.decimals),
      numeric: true,
    }),
    percent: (v: Ratio | null): Cell => ({ text: displayPercent(v), negative: printsNegative(v, 4), numeric: true }),
    count: (n: number): Cell => ({ text: displayCount(n), negative: n < 0, numeric: true }),
  };
}


/** A row's key cells: its period (or "Total"), then with --by its group's values. */
function keyCells(y: YearSummary, by: readonly string[]): Cell[] {
  const period = text(y.year === null ? "Total" : (y.period ?? String(y.year)));
  return [period, ...by.map((column) => text(groupCell(y.group, column)))];
}

export function sections(summary: Summary, options: RenderOptions): Section[] {
  const { money, percent, count } = cells(options);
  const { by } = summary;
  const all = [...summary.years, ...summary.groupTotals, summary.total];
  const key = summary.period === "year" ? "Year" : "Period";
  const keys = [key, ...by];
  const log = summary.transactions;
  const moves = log && by.length > 0;
  const label = (y: YearSummary): Cell[] => keyCells(y, by);
  const phaseRow = (y: YearSummary, name: string, p: PhaseSummary, cost: boolean): Cell[] => [
    ...label(y),
    text(name),
    count(p.customers),
    money(p.revenue),
    money(p.averageRevenue),
    cost ? money(p.cost) : text(""),
    money(p.equity),
  ];
  return [
    {
      title: "Customer equity",
      keys: keys.length,
      headers: [...keys, "Acquisition", "Retention", "Churn", "Customer equity", "Change", "Change %"],
      rows: all.map((y) => [
        ...label(y),
        money(y.acquisition.equity),
        money(y.retention.equity),
        money(y.churn.equity),
        money(y.customerEquity),
        money(y.change),
        percent(y.changePercent),
      ]),
    },
    {
      title: "Customers",
      keys: keys.length,
      headers: [...keys, "New", ...(log ? ["Reactivated"] : []), "Retained", ...(moves ? ["Moved in", "Moved out"] : []), "Churned", "Net change", "Churn rate", "Retention rate", "Cost per new customer"],
      rows: all.map((y) => [
        ...label(y),
        count(y.acquisition.customers),
        ...(log ? [count(y.reactivated ?? 0)] : []),
        count(y.retention.customers),
        ...(moves ? [count(y.movedIn ?? 0), count(y.movedOut ?? 0)] : []),
        count(y.churn.customers),
        count(y.netCustomerChange),
        percent(y.churnRate),
        percent(y.retentionRate),
        money(y.acquisitionCostPerCustomer),
      ]),
    },
    {
      title: "Phase breakdown",
      keys: keys.length + 1,
      headers: [...keys, "Phase", "Customers", "Revenue", "Avg revenue", "Cost", "Equity"],
      rows: all.flatMap((y) => [
        phaseRow(y, "acquisition", y.acquisition, true),
        phaseRow(y, "retention", y.retention, true),
        phaseRow(y, "churn", y.churn, false),
        // A log's refunds-only customers: their rows' sums, in no phase
        ...(y.inactive ? [[...label(y), text("inactive"), count(y.inactive.customers), money(y.inactive.revenue), text(""), money(y.inactive.cost), text("")]] : []),
      ]),
    },
  ];
}
