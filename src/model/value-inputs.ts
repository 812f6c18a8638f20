/**
 * Where a value model's inputs come from: the last `window` periods of the summary, pooled (sums
 * over the periods, divided once), or a cohort table's survivors; each input names its source, so
 * that every figure printed can say what it came from.
 */
import type { Summary, YearSummary } from "./equity.js";
import { add, approximate, subtract, toFixed, ZERO, type Decimal } from "../money.js";
import type { CohortTable } from "./cohorts.js";

export interface Derived {
  value: number;
  /** How it was found: "--margin", or the sums it divides. */
  source: string;
}

/** Why an input cannot be derived, with the flag that would give it. */
export class InputGap extends Error {
  constructor(
    message: string,
    readonly flag: string,
  ) {
    super(message);
  }
}

const num = approximate;
const sum = (entries: readonly YearSummary[], pick: (y: YearSummary) => Decimal): Decimal => entries.reduce((s, y) => add(s, pick(y)), ZERO);
const count = (entries: readonly YearSummary[], pick: (y: YearSummary) => number): number => entries.reduce((s, y) => s + pick(y), 0);
const fmt = (n: number): string => n.toLocaleString("en");

/** The company's entries of the last `window` periods, and how they are named ("2022–2024"). */
export function windowOf(summary: Summary, window: number): { entries: YearSummary[]; name: string } {
  const all = summary.years.filter((y) => y.group === null);
  const entries = all.slice(-window);
  const label = (y: YearSummary) => y.period ?? String(y.year);
  const name = entries.length === 1 ? label(entries[0]!) : `${label(entries[0]!)}–${label(entries[entries.length - 1]!)}`;
  return { entries, name };
}

/** r = retained ÷ (retained + churned), pooled over the window. */
export function retentionOf(entries: readonly YearSummary[], name: string): Derived {
  const retained = count(entries, (y) => y.retention.customers);
  const base = retained + count(entries, (y) => y.churn.customers);
  if (base === 0) throw new InputGap(`no customer was retained or churned in ${name}: there is no retention rate to take`, "--retention");
  return { value: retained / base, source: `${name}: ${fmt(retained)} retained ÷ ${fmt(base)} retained or churned` };
}

/** m = (retention revenue − servicing cost) ÷ retained customers, pooled over the window. */
export function marginOf(entries: readonly YearSummary[], name: string): Derived {
  const retained = count(entries, (y) => y.retention.customers);
  if (retained === 0) throw new InputGap(`no customer was retained in ${name}: there is no margin per retained customer to take`, "--margin");
  const margin = subtract(sum(entries, (y) => y.retention.revenue), sum(entries, (y) => y.retention.cost));
  return { value: num(margin) / retained, source: `${name}: (retention revenue − servicing cost) ${toFixed(margin, 2)} ÷ ${fmt(retained)} retained` };
}

/** c = acquisition cost ÷ new customers, pooled over the window (0 when none was won). */
export function acquisitionCostOf(entries: readonly YearSummary[], name: string): Derived {
  const won = count(entries, (y) => y.acquisition.customers);
  const exact = sum(entries, (y) => y.acquisition.cost);
  const cost = num(exact);
  if (won === 0) return { value: 0, source: `${name}: no new customer` };
  return { value: cost / won, source: `${name}: acquisition cost ${toFixed(exact, 2)} ÷ ${fmt(won)} new` };
}

/** n = new customers ÷ periods of the window. */
export function newCustomersOf(entries: readonly YearSummary[], name: string): Derived {
  const won = count(entries, (y) => y.acquisition.customers);
  return { value: won / entries.length, source: `${name}: ${fmt(won)} new ÷ ${entries.length} period${entries.length === 1 ? "" : "s"}` };
}

/** The customers active in the summary's last period: its new (won back included) and retained. */
export function currentOf(summary: Summary): Derived {
  const last = windowOf(summary, 1);
  const y = last.entries[0]!;
  return { value: y.acquisition.customers + y.retention.customers, source: `active in ${last.name}: ${fmt(y.acquisition.customers)} new + ${fmt(y.retention.customers)} retained` };
}

/** The cohort table's last `window` periods: r from its survivors, n from the cohorts won then. */
export function cohortWindow(table: CohortTable, window: number, label: (period: number) => string): { retention: Derived | undefined; newCustomers: Derived; current: Derived } {
  const first = Math.max(table.last - window + 1, Math.min(...table.cohorts.map((c) => c.period)));
  const name = first === table.last ? label(first) : `${label(first)}–${label(table.last)}`;
  let stayed = 0;
  let before = 0;
  let won = 0;
  let current = 0;
  for (const c of table.cohorts) {
    for (const cell of c.cells) {
      if (cell.period >= first && cell.period > c.period) stayed += cell.customers;
      if (cell.period >= first - 1 && cell.period < table.last) before += cell.customers;
      if (cell.period === table.last) current += cell.customers;
    }
    if (c.period >= first) won += c.cells[0]?.customers ?? 0;
  }
  const periods = table.last - first + 1;
  return {
    retention: before === 0 ? undefined : { value: stayed / before, source: `${name}: ${fmt(stayed)} still active ÷ ${fmt(before)} active the period before` },
    newCustomers: { value: won / periods, source: `${name}: ${fmt(won)} won ÷ ${periods} period${periods === 1 ? "" : "s"}` },
    current: { value: current, source: `active in ${label(table.last)}` },
  };
}
