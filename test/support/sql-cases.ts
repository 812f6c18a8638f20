/**
 * Random transaction logs and option sets for the SQL differential tests, and the comparison of
 * a query's rows with ceq's JSON: every figure of every period (and segment), as exact decimals.
 */
import fc from "fast-check";
import { expect } from "vitest";

export const money = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

const REGIONS = ["EMEA", "AMER", "", "APAC"];

export const logRow = fc.record({
  id: fc.constantFrom("A", "B", "C", "D", "E", "F", "c,7", 'q"8'),
  y: fc.integer({ min: 2019, max: 2022 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  cents: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 500_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -90_000, max: -1 }) }),
  cost: fc.integer({ min: 0, max: 9_999 }),
});
export type LogRow = typeof logRow extends fc.Arbitrary<infer T> ? T : never;

export const settings = fc.record({
  period: fc.constantFrom("year", "quarter", "month"),
  fiscalYearStart: fc.integer({ min: 1, max: 12 }),
  reactivated: fc.constantFrom("acquisition", "retention"),
  by: fc.boolean(),
  withCost: fc.boolean(),
  range: fc.option(fc.tuple(fc.integer({ min: 2019, max: 2023 }), fc.integer({ min: 0, max: 2 })), { freq: 4 }),
});
export type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const iso = (r: LogRow) => `${r.y}-${String(r.m).padStart(2, "0")}-${String(r.d).padStart(2, "0")}`;
/** A row's region: the same for a customer's rows of one day, so that "their latest row" has one answer in SQL too. */
const regionOf = (r: LogRow) => REGIONS[[...`${r.id}${iso(r)}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1009, 7) % REGIONS.length]!;

/** The log as CSV text, and as rows of cells (for a database table); a cost column only `withCost`. */
export function logFile(rows: readonly LogRow[], withCost: boolean): { csv: string; cells: string[][]; columns: string[] } {
  const columns = ["customer_id", "date", "amount", ...(withCost ? ["cost"] : []), "region"];
  const cells = rows.map((r) => [r.id, iso(r), money(r.cents), ...(withCost ? [money(r.cost)] : []), regionOf(r)]);
  return { csv: `${columns.join(",")}\n${cells.map((c) => c.map(quote).join(",")).join("\n")}\n`, cells, columns };
}

/** The flags both ceq and ceq sql take for these settings. */
export function flagsOf(s: Settings): string[] {
  return [
    "--period", s.period, "--fiscal-year-start", String(s.fiscalYearStart), "--reactivated", s.reactivated,
    ...(s.by ? ["--by", "region"] : []),
    ...(s.withCost ? ["--cost-column", "cost"] : []),
    ...(s.range ? ["--from", String(s.range[0]), "--to", String(s.range[0] + s.range[1])] : []),
  ];
}

/** A decimal as its shortest text: "150.000000" and 150 are "150", "-0.50" is "-0.5". */
export function exact(value: unknown): string {
  const text = String(value);
  if (!text.includes(".")) return text === "-0" ? "0" : text;
  const trimmed = text.replace(/0+$/, "").replace(/\.$/, "");
  return trimmed === "-0" ? "0" : trimmed;
}

type Phase = { customers: number; revenue: number; cost?: number; equity: number; reactivated?: number };
type Entry = { period?: string; year: number; group: Record<string, string> | null; acquisition: Phase; retention: Phase; churn: Phase; inactive?: { customers: number; revenue: number; cost: number }; customerEquity: number; movedIn?: number; movedOut?: number };

/** ceq's entries as the query's columns: one record per period and segment, every value as exact text. */
export function fromJson(json: string, log = true): Record<string, string>[] {
  const doc = JSON.parse(json) as { years?: Entry[]; periods?: Entry[] };
  return (doc.years ?? doc.periods ?? []).map((y) => {
    const all = fromEntry(y);
    if (log) return all;
    // Phase exports have no reactivated, inactive or moves.
    const { reactivated_customers: _, inactive_customers: __, inactive_revenue: ___, inactive_cost: ____, moved_in_customers: _m, moved_out_customers: _o, ...phases } = all;
    return phases;
  });
}

/** The region of a record keeps the segment's value joined: "Pro|Web" for --by plan,channel. */
function fromEntry(y: Entry): Record<string, string> {
  return {
    period: y.period ?? String(y.year),
    region: y.group === null ? "(all)" : Object.values(y.group).join("|"),
    new_customers: exact(y.acquisition.customers),
    reactivated_customers: exact(y.acquisition.reactivated),
    new_revenue: exact(y.acquisition.revenue),
    acquisition_cost: exact(y.acquisition.cost),
    acquisition_equity: exact(y.acquisition.equity),
    retained_customers: exact(y.retention.customers),
    retained_revenue: exact(y.retention.revenue),
    servicing_cost: exact(y.retention.cost),
    retention_equity: exact(y.retention.equity),
    churned_customers: exact(y.churn.customers),
    churned_revenue: exact(y.churn.revenue),
    churn_equity: exact(y.churn.equity),
    inactive_customers: exact(y.inactive?.customers),
    inactive_revenue: exact(y.inactive?.revenue),
    inactive_cost: exact(y.inactive?.cost),
    customer_equity: exact(y.customerEquity),
    ...(y.group !== null || y.movedIn !== undefined ? { moved_in_customers: exact(y.movedIn ?? 0), moved_out_customers: exact(y.movedOut ?? 0) } : {}),
  };
}

/** A query's rows as the same records. */
export function fromRows(columns: readonly string[], rows: readonly (readonly unknown[])[], by: boolean | readonly string[]): Record<string, string>[] {
  const segments = by === true ? ["region"] : by === false ? [] : by;
  return rows.map((row) => {
    const record = Object.fromEntries(columns.map((c, i) => [c, row[i] === null || row[i] === undefined ? null : exact(row[i])]));
    const { period_number: _, fiscal_year: __, ...rest } = record;
    const values = segments.map((c) => rest[c]);
    for (const c of segments) delete rest[c];
    return { ...(rest as Record<string, string>), region: segments.length === 0 || values[0] === null ? "(all)" : values.join("|") };
  });
}

/** Both in one order: by period as written, then region. */
export function expectSame(sql: Record<string, string>[], ceq: Record<string, string>[]): void {
  const order = (a: Record<string, string>, b: Record<string, string>) => (a.period! < b.period! ? -1 : a.period! > b.period! ? 1 : a.region! < b.region! ? -1 : a.region! > b.region! ? 1 : 0);
  expect([...sql].sort(order)).toEqual([...ceq].sort(order));
}

/** Phase exports: per-customer rows with ids, or aggregated rows (a count and an average revenue). */
export const phaseRow = fc.record({ y: fc.integer({ min: 2019, max: 2023 }), cents: fc.integer({ min: 0, max: 500_000 }), cost: fc.integer({ min: 0, max: 9_999 }), count: fc.integer({ min: 1, max: 9 }), region: fc.constantFrom("EMEA", "AMER", "", " AMER "), plan: fc.constantFrom("Pro", "Basic") });
export type PhaseRow = typeof phaseRow extends fc.Arbitrary<infer T> ? T : never;
export const phaseSettings = fc.record({ aggregated: fc.boolean(), by: fc.constantFrom<string[]>([], ["region"], ["plan", "region"]), range: fc.option(fc.tuple(fc.integer({ min: 2019, max: 2023 }), fc.integer({ min: 0, max: 2 })), { freq: 4 }) });
export type PhaseSettings = typeof phaseSettings extends fc.Arbitrary<infer T> ? T : never;

/** A phase's file as CSV and as table cells: distinct ids, so that no row is a duplicate. */
export function phaseFile(rows: readonly PhaseRow[], prefix: string, cost: boolean, aggregated: boolean): { csv: string; cells: string[][]; columns: string[] } {
  const columns = [...(aggregated ? ["year", "customers", "avg revenue"] : ["customer_id", "year", "revenue"]), ...(cost ? ["cost"] : []), "region", "plan"];
  const cells = rows.map((r, i) => [...(aggregated ? [String(r.y), String(r.count), money(r.cents)] : [`${prefix}${i}`, String(r.y), money(r.cents)]), ...(cost ? [money(r.cost)] : []), r.region, r.plan]);
  return { csv: `${columns.join(",")}\n${cells.map((c) => c.map(quote).join(",")).join("\n")}\n`, cells, columns };
}
