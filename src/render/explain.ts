/**
 * `ceq --explain`: one period's summary as its formulas with the figures filled in, each figure as
 * the table prints it (exact sums; averages and rates rounded once):
 *   customer equity 2024 = 16,016.57 + 130,776.90 − 13,401.41 = 133,392.06
 */
import type { Summary, YearSummary } from "../model/equity.js";
import { subtract, toFixed, type Decimal, type Ratio } from "../money.js";
import { displayCount, plainRate, withSeparators } from "./values.js";

/** The company's latest entry within the range: the period --explain explains. */
export function explainedEntry(summary: Summary): YearSummary | undefined {
  return summary.years.filter((y) => y.group === null).at(-1);
}

/** Each formula of the period's summary, with its figures. */
export function explainLines(y: YearSummary, decimals: number): string[] {
  const m = (v: Decimal | Ratio | null) => (v === null ? "none" : withSeparators(toFixed(v, decimals)));
  const n = displayCount;
  const p = y.period ?? String(y.year);
  const a = y.acquisition;
  const r = y.retention;
  const c = y.churn;
  const lines = [
    `acquisition equity ${p} = revenue − acquisition cost = ${m(a.revenue)} − ${m(a.cost)} = ${m(a.equity)} (${n(a.customers)} new, ${m(a.averageRevenue)} each on average)`,
    `retention equity ${p} = revenue − servicing cost = ${m(r.revenue)} − ${m(r.cost)} = ${m(r.equity)} (${n(r.customers)} retained, ${m(r.averageRevenue)} each on average)`,
    `churned revenue ${p} = ${m(c.revenue)} (${n(c.customers)} churned, ${m(c.averageRevenue)} each on average)`,
    `customer equity ${p} = ${m(a.equity)} + ${m(r.equity)} − ${m(c.revenue)} = ${m(y.customerEquity)}`,
  ];
  if (y.change !== null) {
    // The period before may lie outside --from/--to: its figure is this one's less the change.
    const base = subtract(y.customerEquity, y.change);
    const relative = y.changePercent === null ? "none (the base is 0)" : `${m(y.change)} ÷ |${m(base)}| = ${plainRate(y.changePercent)}`;
    lines.push(`change ${p} = ${m(y.customerEquity)} − ${m(base)} = ${m(y.change)}; relative: ${relative}`);
  } else lines.push(`change ${p}: none (no period before)`);
  const base = r.customers + c.customers;
  lines.push(
    base === 0 ? `churn rate ${p}: none (no customer retained or churned)` : `churn rate ${p} = churned ÷ (retained + churned) = ${n(c.customers)} ÷ (${n(r.customers)} + ${n(c.customers)}) = ${plainRate(y.churnRate)}; retention rate = ${n(r.customers)} ÷ ${n(base)} = ${plainRate(y.retentionRate)}`,
    a.customers === 0 ? `acquisition cost per new customer ${p}: none (no new customer)` : `acquisition cost per new customer ${p} = ${m(a.cost)} ÷ ${n(a.customers)} = ${m(y.acquisitionCostPerCustomer)}`,
    `net customer change ${p} = new − churned = ${n(a.customers)} − ${n(c.customers)} = ${n(y.netCustomerChange)}`,
  );
  return lines.map((l) => l.replace(/− -/g, "+ ").replace(/\+ -/g, "− "));
}

