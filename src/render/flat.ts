/** The flat columns of CSV and TSV: one row per year, names stable for pipelines. */
import type { Summary, YearSummary } from "../model/equity.js";
import { plainMoney, plainRate } from "./values.js";
import { NO_VALUE } from "../model/segments.js";

type Cell = (y: YearSummary, decimals: number) => string;

const money = (pick: (y: YearSummary) => Parameters<typeof plainMoney>[0]): Cell => (y, d) => plainMoney(pick(y), d);
const rate = (pick: (y: YearSummary) => Parameters<typeof plainRate>[0]): Cell => (y) => plainRate(pick(y));
const int = (pick: (y: YearSummary) => number): Cell => (y) => String(pick(y));

export const FLAT_COLUMNS: readonly (readonly [string, Cell])[] = [
  ["year", (y) => (y.year === null ? "" : String(y.year))],
  ["new_customers", int((y) => y.acquisition.customers)],
  ["new_revenue", money((y) => y.acquisition.revenue)],
  ["new_average_revenue", money((y) => y.acquisition.averageRevenue)],
  ["acquisition_cost", money((y) => y.acquisition.cost)],
  ["acquisition_equity", money((y) => y.acquisition.equity)],
  ["retained_customers", int((y) => y.retention.customers)],
  ["retained_revenue", money((y) => y.retention.revenue)],
  ["retained_average_revenue", money((y) => y.retention.averageRevenue)],
  ["servicing_cost", money((y) => y.retention.cost)],
  ["retention_equity", money((y) => y.retention.equity)],
  ["churned_customers", int((y) => y.churn.customers)],
  ["churned_revenue", money((y) => y.churn.revenue)],
  ["churned_average_revenue", money((y) => y.churn.averageRevenue)],
  ["churn_equity", money((y) => y.churn.equity)],
  ["customer_equity", money((y) => y.customerEquity)],
  ["change", money((y) => y.change)],
  ["change_percent", rate((y) => y.changePercent)],
  ["churn_rate", rate((y) => y.churnRate)],
  ["retention_rate", rate((y) => y.retentionRate)],
  ["acquisition_cost_per_customer", money((y) => y.acquisitionCostPerCustomer)],
  ["net_customer_change", int((y) => y.netCustomerChange)],
];

/** A transaction log's additions, after the stable columns: reactivated customers and inactive sums. */
const LOG_COLUMNS: readonly (readonly [string, Cell])[] = [
  ["reactivated_customers", int((y) => y.reactivated ?? 0)],
  ["inactive_customers", int((y) => y.inactive?.customers ?? 0)],
  ["inactive_revenue", money((y) => y.inactive?.revenue ?? null)],
  ["inactive_cost", money((y) => y.inactive?.cost ?? null)],
];

/** A transaction log's segments: customers who moved in from another segment, and out to another. */
const MOVE_COLUMNS: readonly (readonly [string, Cell])[] = [
  ["moved_in_customers", int((y) => y.movedIn ?? 0)],
  ["moved_out_customers", int((y) => y.movedOut ?? 0)],
];

/**
 * The columns of a summary: quarters and months are named first (`period`, then their fiscal
 * `year`); with --by, a column per --by column follows, its value as written ("(none)" when
 * empty) and empty on the company's rows.
 */
export function flatColumns(summary: Summary): readonly (readonly [string, Cell])[] {
  const named: (readonly [string, Cell])[] = summary.period === "year" ? [] : [["period", (y) => y.period ?? ""]];
  const [year, ...rest] = FLAT_COLUMNS;
  const groups = summary.by.map((column): readonly [string, Cell] => [column, (y) => (y.group === null ? "" : y.group[column] || NO_VALUE)]);
  const log = summary.transactions ? [...LOG_COLUMNS, ...(summary.by.length > 0 ? MOVE_COLUMNS : [])] : [];
  return [...named, year!, ...groups, ...rest, ...log];
}
