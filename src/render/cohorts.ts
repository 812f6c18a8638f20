/**
 * The acquisition cohort × period table in every format: a triangle of retention percentages (and
 * of customers and revenue) for people; long rows (`cohort,period,customers,revenue`) for
 * machines, the shape `ceq value --cohorts` reads back.
 */
import { currencySymbol } from "../currency.js";
import { cohortSize, type Cohort, type CohortTable } from "../model/cohorts.js";
import { ratio, toLiteral, fromInteger, type Ratio } from "../money.js";
import { periodLabel, type Periods } from "../schema/period.js";
import { defuse } from "./csv.js";
import { jsonText, Literal, warningsJson } from "./json.js";
import { markdownOf } from "./markdown.js";
import type { Cell, Section } from "./model.js";
import { tableOf } from "./table.js";
import type { Format, RenderOptions } from "./types.js";
import { displayCount, displayMoney, displayPercent, plainMoney, RATE_DECIMALS } from "./values.js";

export interface CohortView {
  table: CohortTable;
  periods: Periods;
}

/** A cell's customers against its cohort's size; null for an empty cohort. */
const retention = (customers: number, size: number): Ratio | null => ratio(fromInteger(customers), fromInteger(size));

function sections(view: CohortView, options: RenderOptions): Section[] {
  const { table, periods } = view;
  const width = Math.max(0, ...table.cohorts.map((c) => c.cells.length));
  const label = (c: Cohort) => periodLabel(c.period, periods);
  const text = (t: string): Cell => ({ text: t, negative: false, numeric: false });
  const number = (t: string): Cell => ({ text: t, negative: false, numeric: true });
  const headers = ["Cohort", "Size", ...Array.from({ length: width }, (_, k) => `+${k}`)];
  const triangle = (title: string, cell: (c: Cohort, k: number) => string): Section => ({
    title,
    keys: 1,
    headers,
    rows: table.cohorts.map((c) => [text(label(c)), number(displayCount(cohortSize(c))), ...Array.from({ length: width }, (_, k) => number(k < c.cells.length ? cell(c, k) : ""))]),
  });
  const symbol = currencySymbol(options.currency);
  const span = periods.kind === "year" ? "years" : `${periods.kind}s`;
  return [
    triangle(`Retention by cohort: share of each cohort active, ${span} after it was won`, (c, k) => displayPercent(retention(c.cells[k]!.customers, cohortSize(c)))),
    triangle("Customers active", (c, k) => displayCount(c.cells[k]!.customers)),
    triangle("Revenue of the customers active", (c, k) => displayMoney(c.cells[k]!.revenue, options.decimals, symbol)),
  ];
}

function delimited(view: CohortView, options: RenderOptions, delimiter: string): string {
  const lines = [["cohort", "period", "customers", "revenue"].join(delimiter)];
  for (const c of view.table.cohorts) {
    for (const cell of c.cells) {
      lines.push([periodLabel(c.period, view.periods), periodLabel(cell.period, view.periods), String(cell.customers), plainMoney(cell.revenue, options.decimals)].map(defuse).join(delimiter));
    }
  }
  return `${lines.join("\n")}\n`;
}

function json(view: CohortView, options: RenderOptions): string {
  const money = (v: Parameters<typeof toLiteral>[0] | null) => (v === null ? null : new Literal(toLiteral(v, options.decimals)));
  return jsonText({
    schemaVersion: 1,
    currency: options.currency,
    period: view.periods.kind,
    cohorts: view.table.cohorts.map((c) => ({
      cohort: periodLabel(c.period, view.periods),
      size: cohortSize(c),
      periods: c.cells.map((cell, age) => {
        const r = retention(cell.customers, cohortSize(c));
        return { period: periodLabel(cell.period, view.periods), age, customers: cell.customers, revenue: money(cell.revenue), retention: r === null ? null : new Literal(toLiteral(r, RATE_DECIMALS)) };
      }),
    })),
    warnings: warningsJson(options.warnings),
  });
}

/** The cohorts' JSON, also the data block of their HTML page. */
export const renderJsonCohorts = (view: CohortView, options: RenderOptions): string => json(view, options);

export const cohortRenderers = {
  table: (view, options) => tableOf(sections(view, options), options),
  markdown: (view, options) => markdownOf(sections(view, options)),
  csv: (view, options) => delimited(view, options, ","),
  tsv: (view, options) => delimited(view, options, "\t"),
  json,
} satisfies Record<Format, (view: CohortView, options: RenderOptions) => string>;
