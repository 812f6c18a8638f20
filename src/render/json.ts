/**
 * JSON in the spec's shape and key order. Money is written as exact decimal literals, never
 * through a binary double: totals in won or rupiah exceed 2^53 cents.
 */
import type { PhaseSummary, Summary, YearSummary } from "../model/equity.js";
import { describe, type Issue } from "../issues.js";
import { fromDouble, toExactString, toLiteral, type Decimal, type Ratio } from "../money.js";
import type { RenderOptions } from "./types.js";
import { RATE_DECIMALS } from "./values.js";
import { ownersJson } from "./owners-json.js";

/** A number already written as its JSON literal. */
export class Literal {
  constructor(readonly text: string) {}
}

export type Json = Literal | string | number | boolean | null | Json[] | { [key: string]: Json };

function write(value: Json, indent: string): string {
  if (value instanceof Literal) return value.text;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + write(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** The warnings as every JSON document lists them: file (null for the run), line, message. */
export const warningsJson = (warnings: readonly Issue[]): Json => warnings.map((w) => ({ file: w.file === "" ? null : w.file, line: w.line ?? null, ...(w.sheet !== undefined ? { sheet: w.sheet, cell: w.cell ?? null } : {}), message: describe(w) }));

/** A document as ceq writes JSON: two-space indents, literals as they are, a final newline. */
export const jsonText = (document: Json): string => `${write(document, "")}\n`;

/** A real-valued model output (a fit, a value) as a literal rounded once, at `decimals`: 266.67, 0.8. */
export function realLiteral(x: number | null, decimals: number): Literal | null {
  if (x === null || !Number.isFinite(x)) return null;
  // Through the double's own decimal digits, never its exponent form: 1.1e30 is 31 digits.
  return new Literal(toLiteral(fromDouble(x), decimals));
}

function yearJson(y: YearSummary, decimals: number, named: boolean): Json {
  const money = (v: Decimal | Ratio | null): Json => (v === null ? null : new Literal(toLiteral(v, decimals)));
  const rate = (v: Ratio | null): Json => (v === null ? null : new Literal(toLiteral(v, RATE_DECIMALS)));
  const phase = (p: PhaseSummary, withCost: boolean): Json => ({
    customers: p.customers,
    revenue: money(p.revenue),
    averageRevenue: money(p.averageRevenue),
    ...(withCost ? { cost: money(p.cost) } : {}),
    equity: money(p.equity),
  });
  const inactive = y.inactive;
  return {
    // Quarters and months are named ("2025-Q1"), with the fiscal year they belong to
    ...(named ? { period: y.period } : {}),
    year: y.year,
    group: y.group,
    acquisition: y.reactivated === undefined ? phase(y.acquisition, true) : { ...(phase(y.acquisition, true) as { [key: string]: Json }), reactivated: y.reactivated },
    retention: phase(y.retention, true),
    churn: phase(y.churn, false),
    customerEquity: money(y.customerEquity),
    change: money(y.change),
    changePercent: rate(y.changePercent),
    churnRate: rate(y.churnRate),
    retentionRate: rate(y.retentionRate),
    acquisitionCostPerCustomer: money(y.acquisitionCostPerCustomer),
    netCustomerChange: y.netCustomerChange,
    ...(inactive ? { inactive: { customers: inactive.customers, revenue: money(inactive.revenue), cost: money(inactive.cost) } } : {}),
    ...(y.movedIn !== undefined ? { movedIn: y.movedIn, movedOut: y.movedOut ?? 0 } : {}),
    ...ownersJson(y, decimals),
  };
}

export function renderJson(summary: Summary, options: RenderOptions): string {
  const document: Json = {
    schemaVersion: 1,
    currency: options.currency,
    period: summary.period,
    ...(summary.by.length > 0 ? { by: [...summary.by] } : {}),
    ...(options.fxRates && options.fxRates.length > 0
      ? { fxRates: options.fxRates.map((r) => ({ currency: r.currency, year: r.year, rate: new Literal(toExactString(r.rate)) })) }
      : {}),
    [summary.period === "year" ? "years" : "periods"]: summary.years.map((y) => yearJson(y, options.decimals, summary.period !== "year")),
    total: yearJson(summary.total, options.decimals, summary.period !== "year"),
    // Each segment's totals over the periods, after the company's
    ...(summary.by.length > 0 ? { groupTotals: summary.groupTotals.map((y) => yearJson(y, options.decimals, summary.period !== "year")) } : {}),
    ...(options.explain ? { explain: [...options.explain] } : {}),
    warnings: warningsJson(options.warnings),
  };
  return `${write(document, "")}\n`;
}
